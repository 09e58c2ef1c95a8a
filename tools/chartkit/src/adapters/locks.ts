import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ChartkitError } from '../core/errors.ts';
import { cacheDir } from './cache.ts';
import { processAlive } from './exec.ts';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Who holds a lock: written into the lock directory by the process that took it. */
interface LockOwner {
  pid: number;
  command: string;
  since: string;
}

function readOwner(lockDir: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(path.join(lockDir, 'owner.json'), 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/**
 * Run `fn` while holding a lock directory, so parallel Nx tasks and test workers provision a tool
 * once. The lock records its holder (PID, command); a lock whose holder is gone (Ctrl-C, a CI
 * cancel, SIGKILL) is taken over at once. A waiter says who holds the lock within 2 seconds.
 */
export async function withLock<T>(name: string, fn: () => Promise<T>, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<T> {
  const lockDir = path.join(cacheDir(), 'locks', `${name}.lock`);
  mkdirSync(path.dirname(lockDir), { recursive: true });
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(path.join(lockDir, 'owner.json'), JSON.stringify({ pid: process.pid, command: process.argv.slice(1).join(' '), since: new Date().toISOString() } satisfies LockOwner));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new ChartkitError('TOOL_FAILED', `${lockDir}: cannot create the lock (${(error as Error).message}); check CHARTKIT_CACHE_DIR`);
      const owner = readOwner(lockDir);
      let age = 0;
      try {
        age = Date.now() - statSync(lockDir).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      // A holder that died, or a lock without an owner file for more than a few seconds (the holder died between mkdir and write).
      if ((owner && !processAlive(owner.pid)) || (!owner && age > 5_000)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!told && Date.now() - started > 1_500) {
        told = true;
        log(`chartkit: waiting for ${name}: held by process ${owner?.pid ?? '?'} (${owner?.command ?? 'unknown command'}) since ${owner?.since ?? '?'}`);
      }
      if (Date.now() - started > 20 * 60_000) throw new ChartkitError('TOOL_FAILED', `timed out after 20 minutes waiting for ${lockDir}, held by process ${owner?.pid ?? '?'}; stop that process or remove the directory`);
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
