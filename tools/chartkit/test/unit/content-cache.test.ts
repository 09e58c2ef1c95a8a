import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CACHE = mkdtempSync(path.join(os.tmpdir(), 'chartkit-content-cache-'));
process.env.CHARTKIT_CACHE_DIR = CACHE;
const { contentCache } = await import('../../src/adapters/content-cache.ts');
afterAll(() => rmSync(CACHE, { recursive: true, force: true }));

describe('contentCache', () => {
  it('returns what was written, and a miss for an unknown key', () => {
    const cache = contentCache<{ a: number[] }>('round-trip');
    cache.write('k1', { a: [1, 2] });
    expect(cache.read('k1')).toEqual({ a: [1, 2] });
    expect(cache.read('k2')).toBeUndefined();
    expect(readdirSync(path.join(CACHE, 'round-trip'))).toEqual(['k1.json']);
  });

  it('a torn entry (a crash mid-write elsewhere) is a miss, not an error', () => {
    const cache = contentCache<unknown>('torn');
    cache.write('k', { ok: true });
    writeFileSync(path.join(CACHE, 'torn', 'k.json'), '{"ok": tr');
    expect(cache.read('k')).toBeUndefined();
  });

  it('keeps the newest entries beyond its limit', () => {
    const cache = contentCache<number>('bounded', 3);
    for (let i = 0; i < 3; i++) {
      cache.write(`e${i}`, i);
      const t = new Date(Date.now() - (10 - i) * 60_000);
      utimesSync(path.join(CACHE, 'bounded', `e${i}.json`), t, t);
    }
    cache.write('e3', 3);
    expect(readdirSync(path.join(CACHE, 'bounded')).sort()).toEqual(['e1.json', 'e2.json', 'e3.json']);
  });

  it('a cache directory that cannot be written only costs time', () => {
    writeFileSync(path.join(CACHE, 'blocked'), 'a file where the directory would be');
    const cache = contentCache<number>('blocked');
    expect(() => cache.write('k', 1)).not.toThrow();
    expect(cache.read('k')).toBeUndefined();
  });
});
