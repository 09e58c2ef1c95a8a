import { execa } from 'execa';
import { ChartkitError } from '../core/errors.ts';
import { SETTINGS } from '../core/settings.ts';
import { performance } from 'node:perf_hooks';
import { recordChild } from './timings.ts';

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
  /**
   * Also show the child's output live (still collected), for long runs whose progress matters;
   * 'stderr' shows its stdout on stderr too (a --json run keeps stdout for its document).
   */
  echo?: boolean | 'stderr';
}

/**
 * Environment variables that hold secrets: no child process gets them from chartkit's environment.
 * A child that needs a credential gets it another way (the registry password on Helm's stdin).
 * Targets that name their own password variable register it with `secretEnv`.
 */
const SECRET_ENV = new Set<string>([
  // every CHARTKIT_* setting of kind 'secret' (core/settings.ts), and the variables cosign reads them from
  ...SETTINGS.filter((s) => s.kind === 'secret').map((s) => s.name),
  'COSIGN_PASSWORD',
  'COSIGN_REGISTRY_PASSWORD',
  'COSIGN_REGISTRY_TOKEN',
]);

/** Never pass this variable on to a child process. */
export function secretEnv(name: string): void {
  SECRET_ENV.add(name);
}

/** This process's environment without the secrets, plus `extra` (which is passed as given). */
export function childEnv(extra: Record<string, string | undefined> = {}, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined && !SECRET_ENV.has(k)) env[k] = v;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/**
 * Run a process and collect its output. A non-zero exit is returned, not thrown: callers turn it
 * into a ChartkitError that names the chart. A missing executable is a TOOL_MISSING error.
 */
export async function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const started = performance.now();
  try {
    const result = await execa(file, args, {
      cwd: options.cwd,
      // Never extend the environment implicitly: the child gets this process's environment minus
      // the secrets (or, isolated, only what the caller gives it).
      env: options.isolatedEnv ? Object.fromEntries(Object.entries(options.env ?? {}).filter((e): e is [string, string] => e[1] !== undefined)) : childEnv(options.env),
      extendEnv: false,
      input: options.input,
      timeout: options.timeoutMs,
      ...(options.echo ? { stdout: options.echo === 'stderr' ? (['pipe', 2] as const) : (['pipe', 'inherit'] as const), stderr: ['pipe', 'inherit'] as const } : {}),
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
  } finally {
    recordChild(file, args, performance.now() - started);
  }
}

/**
 * Run a tool on this terminal (stdin, stdout and stderr inherited), as `chartkit helm …` does, and
 * return its exit code. The environment is this process's minus the secrets.
 */
export async function runAttached(file: string, args: readonly string[]): Promise<number> {
  const child = await execa(file, args, { stdio: 'inherit', reject: false, env: childEnv(), extendEnv: false });
  if (child.failed && child.exitCode === undefined && (child as { code?: string }).code === 'ENOENT') {
    throw new ChartkitError('TOOL_MISSING', `${file}: executable not found; install it or point the matching CHARTKIT_* variable at it`);
  }
  return child.exitCode ?? 1;
}

/** Is a process with this PID running (ours or another user's)? */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
