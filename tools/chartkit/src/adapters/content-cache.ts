import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheDir } from './cache.ts';

/**
 * A directory of JSON entries under chartkit's cache, named by a content hash the caller computes:
 * an entry is written whole (a private file renamed into place) or not at all, a torn or missing
 * one is a miss, and the oldest entries go beyond `maxEntries`. Failing to write only costs time.
 */
export function contentCache<T>(name: string, maxEntries = 1000): { read: (key: string) => T | undefined; write: (key: string, value: T) => void } {
  const dir = (): string => path.join(cacheDir(), name);
  return {
    read(key) {
      try {
        return JSON.parse(readFileSync(path.join(dir(), `${key}.json`), 'utf8')) as T;
      } catch {
        return undefined;
      }
    },
    write(key, value) {
      try {
        mkdirSync(dir(), { recursive: true });
        const file = path.join(dir(), `${key}.json`);
        const partial = `${file}.partial-${process.pid}`;
        writeFileSync(partial, JSON.stringify(value));
        renameSync(partial, file);
        prune(dir(), maxEntries);
      } catch {
        // a cache that cannot be written only costs time
      }
    },
  };
}

function prune(dir: string, maxEntries: number): void {
  const entries = readdirSync(dir).filter((f) => f.endsWith('.json'));
  if (entries.length <= maxEntries) return;
  const byAge = entries.map((f) => ({ f, t: statSync(path.join(dir, f)).mtimeMs })).sort((a, b) => a.t - b.t);
  for (const { f } of byAge.slice(0, entries.length - maxEntries)) rmSync(path.join(dir, f), { force: true });
}
