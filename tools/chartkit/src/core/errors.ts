/**
 * The one error type chartkit raises for things a user can fix. The message is a single line that
 * names the file, key, chart or argument and says what to do next; `cause` carries detail that
 * `--verbose` prints.
 */
export type ErrorCode =
  | 'CHART_YAML'
  | 'CHART_CONTRACT'
  | 'DUPLICATE_CHART'
  | 'DEPENDENCY_CYCLE'
  | 'DEPENDENCY_VERSION'
  | 'DEPENDENCY_MISSING'
  | 'UNKNOWN_CHART'
  | 'TOOL_MISSING'
  | 'TOOL_FAILED'
  | 'LINT_FAILED'
  | 'TEST_FAILED'
  | 'SCHEMA'
  | 'DOCS_STALE'
  | 'GENERATOR'
  | 'VERSION_SYNC'
  | 'PUBLISH'
  | 'REGISTRY'
  | 'USAGE';

export class ChartkitError extends Error {
  readonly code: ErrorCode;
  readonly details: readonly string[];

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: readonly string[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ChartkitError';
    this.code = code;
    this.details = options.details ?? [];
  }
}

export function isChartkitError(error: unknown): error is ChartkitError {
  return error instanceof ChartkitError;
}
