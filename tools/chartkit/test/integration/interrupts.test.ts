import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withLock } from '../../src/adapters/toolchain.ts';
import { chartkit, CHARTKIT_DIR, removeScratch, scratchCopy } from '../helpers.ts';

/**
 * Interrupted runs never block the next one: chart directories are staged, not locked; the
 * remaining (toolchain) locks name their holder and are taken over when it is gone.
 */
const CLI = path.join(CHARTKIT_DIR, 'bin/chartkit.mjs');
let a: string;
let b: string;

beforeAll(() => {
  a = scratchCopy('release');
  b = scratchCopy('release');
});
afterAll(() => {
  removeScratch(a);
  removeScratch(b);
});

describe('interrupting chartkit lint', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGKILL', undefined],
  ] as const)('%s mid-run, then an immediate rerun finishes normally', async (signal, exitCode) => {
    // interrupt it once it is busy: it has staged the charts and runs Helm on them
    rmSync(path.join(a, '.chartkit'), { recursive: true, force: true });
    const child = execa(process.execPath, [CLI, 'lint', 'stack', '--helm', '4'], { cwd: a, reject: false, all: true });
    for (let i = 0; i < 400 && !existsSync(path.join(a, '.chartkit/stage')); i++) await new Promise((r) => setTimeout(r, 50));
    child.kill(signal);
    const killed = await child;
    if (exitCode !== undefined) expect(killed.exitCode).toBe(exitCode);
    else expect(killed.signal).toBe('SIGKILL');
    const again = await chartkit(a, ['lint', 'stack', '--helm', '4']);
    expect(again.stderr).not.toContain('waiting for');
    expect(again.stdout).toContain('✓ stack: lint passed');
    expect(again.exitCode).toBe(0);
  });

  it('two clones lint the same charts at the same time without waiting on each other', async () => {
    const [ra, rb] = await Promise.all([chartkit(a, ['lint', '--helm', '4']), chartkit(b, ['lint', '--helm', '4'])]);
    for (const r of [ra, rb]) {
      expect(r.exitCode).toBe(0);
      expect(`${r.stdout}${r.stderr}`).not.toContain('waiting for');
    }
  });
});

describe('toolchain locks', () => {
  it('a lock left by a dead process is taken over at once; a live holder is named while waiting', async () => {
    const cache = path.join(a, '.cache');
    const previous = process.env.CHARTKIT_CACHE_DIR;
    process.env.CHARTKIT_CACHE_DIR = cache;
    try {
      const lock = path.join(cache, 'locks', 'demo.lock');
      const deadChild = execa(process.execPath, ['-e', 'process.exit(0)']);
      const dead = { pid: deadChild.pid };
      await deadChild;
      mkdirSync(lock, { recursive: true });
      writeFileSync(path.join(lock, 'owner.json'), JSON.stringify({ pid: dead.pid, command: 'chartkit lint (killed)', since: new Date().toISOString() }));
      expect(await withLock('demo', async () => 'ran')).toBe('ran');

      const holder = execa('sleep', ['30']);
      mkdirSync(lock, { recursive: true });
      writeFileSync(path.join(lock, 'owner.json'), JSON.stringify({ pid: holder.pid, command: 'chartkit doctor', since: '2026-12-03T10:00:00.000Z' }));
      const lines: string[] = [];
      const waiting = withLock('demo', async () => 'ran after the holder', (l) => lines.push(l));
      await new Promise((r) => setTimeout(r, 2_500));
      expect(lines).toEqual([`chartkit: waiting for demo: held by process ${holder.pid} (chartkit doctor) since 2026-12-03T10:00:00.000Z`]);
      holder.kill('SIGKILL');
      await holder.catch(() => undefined);
      expect(await waiting).toBe('ran after the holder');
    } finally {
      if (previous === undefined) delete process.env.CHARTKIT_CACHE_DIR;
      else process.env.CHARTKIT_CACHE_DIR = previous;
    }
  });
});
