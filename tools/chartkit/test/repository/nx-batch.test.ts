import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneRepository } from '../helpers.ts';

/**
 * The lint and test targets run through chartkit's Nx executor, which Nx batches: the tasks of a
 * run share one chartkit process, yet each chart is its own task (its own output, result and cache
 * entry). On a git clone of this repository with its node_modules linked in, its own Nx cache and
 * workspace data.
 */
let clone: string;
let nxData: string;

async function nx(args: string[]): Promise<{ exitCode: number; all: string }> {
  const { FORCE_COLOR: _force, ...base } = process.env;
  const r = await execa('npx', ['nx', ...args, '--output-style=static'], {
    cwd: clone,
    env: { ...base, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_WORKSPACE_DATA_DIRECTORY: path.join(nxData, 'data'), NX_CACHE_DIRECTORY: path.join(nxData, 'cache'), NO_COLOR: '1', CHARTKIT_WORKSPACE: clone },
    extendEnv: false,
    reject: false,
    all: true,
  });
  return { exitCode: r.exitCode ?? 1, all: String(r.all) };
}

/** The lines Nx printed for one task: from its `> nx run <task>` header to the next header. */
function taskOutput(all: string, task: string): string {
  const start = all.indexOf(`> nx run ${task}`);
  if (start === -1) return '';
  const next = all.indexOf('> nx run ', start + 1);
  return all.slice(start, next === -1 ? undefined : next);
}

let remove: () => void;

beforeAll(async () => {
  ({ clone, nxData, remove } = await cloneRepository('chartkit-nx-batch'));
}, 120_000);
afterAll(() => remove());

describe('lint and test through the batched Nx executor', () => {
  it('runs every lint and test task of a run in one batch, each chart reported as its own task', async () => {
    const r = await nx(['run-many', '-t', 'lint', 'test', '--projects', 'mlflow,storage']);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toContain('Running 4 tasks with @chart-tools/chartkit:chart');
    for (const chart of ['mlflow', 'storage']) {
      expect(taskOutput(r.all, `${chart}:lint`)).toMatch(new RegExp(`✓ ${chart}: lint passed`));
      expect(taskOutput(r.all, `${chart}:test`)).toMatch(new RegExp(`✓ ${chart}: \\d+ passed`));
      // nothing of the other chart leaks into a task's output
      expect(taskOutput(r.all, `${chart}:lint`)).not.toContain(chart === 'mlflow' ? 'storage' : 'mlflow:');
    }
  }, 300_000);

  it('a failing chart fails its own task with the assertion; the others pass and are cached', async () => {
    const suite = path.join(clone, 'packages/hyperpod/storage/tests/chart_test.yaml');
    const original = readFileSync(suite, 'utf8');
    const broken = original.replace('errorPattern: "storage: set persistentVolume.csi.volumeHandle"', 'errorPattern: "not-what-it-renders"');
    expect(broken).not.toBe(original);
    writeFileSync(suite, broken);
    try {
      const r = await nx(['run-many', '-t', 'lint', 'test', '--projects', 'mlflow,storage']);
      expect(r.exitCode).not.toBe(0);
      expect(taskOutput(r.all, 'storage:test')).toMatch(/✗ storage: 1 failed, \d+ passed/);
      expect(taskOutput(r.all, 'storage:test')).toContain('not-what-it-renders');
      // mlflow's tasks and storage's lint were not touched by the change: cached from the first run
      expect(r.all).toMatch(/mlflow:lint +\[(local cache|existing outputs match the cache, left as is)\]/);
      expect(r.all).toMatch(/Failed tasks:\s+- storage:test/);
      expect(r.all).not.toMatch(/- mlflow:(lint|test)/);
    } finally {
      writeFileSync(suite, original);
    }
  }, 300_000);

  it('--batch=false runs one chartkit process per task, with the same results', async () => {
    const r = await nx(['run-many', '-t', 'lint', '--projects', 'mlflow', '--batch=false', '--skip-nx-cache']);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).not.toContain('@chart-tools/chartkit:chart');
    expect(taskOutput(r.all, 'mlflow:lint')).toMatch(/✓ mlflow: lint passed/);
  }, 300_000);
});
