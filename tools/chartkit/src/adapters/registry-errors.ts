import { ChartkitError } from '../core/errors.ts';

/** How a failed registry operation should be treated. */
export type FailureKind = 'transient' | 'auth' | 'not-found' | 'fatal';

export class RegistryError extends ChartkitError {
  readonly kind: FailureKind;
  /** The (redacted) reason Helm gave, without chartkit's framing. */
  readonly reason: string;
  constructor(kind: FailureKind, message: string, reason: string, details: string[] = []) {
    super('REGISTRY', message, { details });
    this.kind = kind;
    this.reason = reason;
  }
}

const AUTH = /\b401\b|\b403\b|unauthori[sz]ed|authentication required|basic credential not found|credentials? (?:not found|are invalid|invalid)|forbidden|\bdenied\b|incorrect username or password|invalid username|no basic auth credentials/i;
const NOT_FOUND = /: not found\b|\bmanifest unknown\b|\bname unknown\b|\b404\b|not found: .*manifest/i;
const TRANSIENT =
  /connection refused|connection reset|broken pipe|\bEOF\b|i\/o timeout|timed out|timeout|deadline exceeded|temporary failure|server misbehaving|no route to host|network is unreachable|status code 5\d\d|\b50[0-4]\b[: ]|internal server error|bad gateway|service unavailable|gateway time-?out|too many requests|\b429\b|connection closed|use of closed network connection/i;

/** Classify Helm's output for a failed registry operation. Authentication wins over everything else. */
export function classifyRegistryOutput(text: string): FailureKind {
  if (AUTH.test(text)) return 'auth';
  if (TRANSIENT.test(text)) return 'transient';
  if (NOT_FOUND.test(text)) return 'not-found';
  return 'fatal';
}
