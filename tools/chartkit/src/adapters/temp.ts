import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Temporary directories that do not outlive the process: removed on exit, and on SIGINT, SIGTERM
 * and SIGHUP, after which the process exits with 128 + the signal number (130, 143, 129) unless a
 * part of chartkit that must clean up first has deferred the exit (install-test stops its cluster,
 * then raises the signal again).
 * SIGKILL cannot be caught: what it leaves is only ever in the system temporary directory.
 */
const live = new Set<string>();
const EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
let installed = false;
let deferrals = 0;

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
      removeTempDirs();
      if (deferrals === 0) process.exit(EXIT_CODES[signal]);
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
