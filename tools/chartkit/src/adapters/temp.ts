import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Temporary directories that do not outlive the process: removed on exit, and on SIGINT, SIGTERM
 * and SIGHUP, after which the process exits with 128 + the signal number (130, 143, 129) unless a
 * part of chartkit that must clean up first has deferred the exit (install-test stops its cluster,
 * then raises the signal again). Cleanup hooks (`registerCleanup`) run on those signals before the
 * temporary directories are removed and the process exits: what a run started outside this process
 * (a detached control plane, say) is stopped even when the run is interrupted.
 * SIGKILL cannot be caught: what it leaves is only ever in the system temporary directory.
 */
const live = new Set<string>();
const EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
let installed = false;
let deferrals = 0;
const cleanups = new Set<() => unknown>();
let cleaning = false;
/** The longest the hooks may hold up the exit after a signal. */
export const CLEANUP_TIMEOUT_MS = 60_000;

/**
 * Run `fn` (sync or async) when SIGINT, SIGTERM or SIGHUP ends the process, before its temporary
 * directories are removed. Returns the function that unregisters it (call it once the thing is
 * cleaned up the normal way). Hooks run at once, each at most once; a second signal while they run
 * does not cut them short, and they get CLEANUP_TIMEOUT_MS in all.
 */
export function registerCleanup(fn: () => unknown): () => void {
  install();
  cleanups.add(fn);
  return () => {
    cleanups.delete(fn);
  };
}

/** Run every registered hook once (failures ignored), bounded by `timeoutMs`. */
export async function runCleanups(timeoutMs: number = CLEANUP_TIMEOUT_MS): Promise<void> {
  const hooks = [...cleanups];
  cleanups.clear();
  if (hooks.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([Promise.allSettled(hooks.map(async (fn) => fn())), timeout]);
  clearTimeout(timer);
}

/** Keep the process alive on a signal until the returned function is called (then the signal exits as usual). */
export function deferSignalExit(): () => void {
  deferrals++;
  let released = false;
  return () => {
    if (!released) deferrals--;
    released = true;
  };
}

export function removeTempDirs(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

/** Take over SIGINT/SIGTERM/SIGHUP for the whole run (the CLI calls this first): clean up, then exit 130/143/129. */
export function installSignalHandlers(): void {
  install();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', removeTempDirs);
  for (const signal of Object.keys(EXIT_CODES) as (keyof typeof EXIT_CODES)[]) {
    process.on(signal, () => {
      // a signal while the hooks run (a second Ctrl-C, or install-test raising its own again) waits for them
      if (cleaning) return;
      const exit = (): void => {
        removeTempDirs();
        if (deferrals === 0) process.exit(EXIT_CODES[signal]);
      };
      if (cleanups.size === 0) return exit();
      cleaning = true;
      void runCleanups().finally(() => {
        cleaning = false;
        exit();
      });
    });
  }
}

/**
 * A new private directory under the system temporary directory, e.g. `tempDir('chartkit-package-')`,
 * or under `parent` (created if needed) when it must sit somewhere in particular.
 */
export function tempDir(prefix: string, parent: string = os.tmpdir()): string {
  install();
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(path.join(parent, prefix));
  live.add(dir);
  return dir;
}
