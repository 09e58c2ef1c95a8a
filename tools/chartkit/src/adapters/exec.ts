import { execa } from 'execa';
import { ChartkitError } from '../core/errors.ts';

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved, as a person would have seen them. */
  all: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
  /** Give the child only `env`, not this process's environment (keeps secrets away from tools that do not need them). */
  isolatedEnv?: boolean;
}

/**
 * Run a process and collect its output. A non-zero exit is returned, not thrown: callers turn it
 * into a ChartkitError that names the chart. A missing executable is a TOOL_MISSING error.
 */
export async function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  try {
    const result = await execa(file, args, {
      cwd: options.cwd,
      env: options.env,
      extendEnv: !options.isolatedEnv,
      input: options.input,
      timeout: options.timeoutMs,
      reject: false,
      all: true,
      stripFinalNewline: true,
    });
    if (result.failed && result.exitCode === undefined) {
      const code = (result as { code?: string }).code;
      if (code === 'ENOENT') throw new ChartkitError('TOOL_MISSING', `${file}: executable not found; install it or point the matching CHARTKIT_* variable at it`);
      if (result.timedOut) throw new ChartkitError('TOOL_FAILED', `${file} ${args[0] ?? ''}: timed out after ${options.timeoutMs} ms`);
      throw new ChartkitError('TOOL_FAILED', `${file} ${args[0] ?? ''}: ${result.shortMessage}`);
    }
    return { exitCode: result.exitCode ?? 1, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), all: String(result.all ?? '') };
  } catch (error) {
    if (error instanceof ChartkitError) throw error;
    throw new ChartkitError('TOOL_FAILED', `${file}: could not run (${(error as Error).message.split('\n')[0]})`, { cause: error });
  }
}
