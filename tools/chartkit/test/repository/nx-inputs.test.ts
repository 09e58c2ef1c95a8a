import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneRepository, REPOSITORY } from '../helpers.ts';

/**
 * Nx's view of the repository is precise: adding a subchart (and the npm install that records it
 * in package-lock.json) affects that subchart and the umbrella only, and a chart's cached tasks
 * survive changes to charts it does not depend on. Run on a git clone of this repository, with
 * its node_modules linked in.
 */
const REPO = REPOSITORY;
let clone: string;
let nxData: string;

async function run(file: string, args: string[]): Promise<{ exitCode: number; stdout: string; all: string }> {
  const { FORCE_COLOR: _force, ...base } = process.env;
  const r = await execa(file, args, {
    cwd: clone,
    env: { ...base, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_WORKSPACE_DATA_DIRECTORY: nxData, NX_CACHE_DIRECTORY: nxData, NO_COLOR: '1', CHARTKIT_WORKSPACE: clone },
    extendEnv: false,
    reject: false,
    all: true,
  });
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), all: String(r.all) };
}
const nx = (args: string[]) => run('npx', ['nx', ...args]);
const git = (args: string[]) => run('git', ['-c', 'user.email=ci@example.org', '-c', 'user.name=ci', ...args]);

let remove: () => void;

beforeAll(async () => {
  ({ clone, nxData, remove } = await cloneRepository('chartkit-nx-inputs'));
  // The working tree's own state (committed or not) is what is under test.
  for (const f of ['nx.json', 'tools/chartkit/src/nx/plugin.ts']) writeFileSync(path.join(clone, f), readFileSync(path.join(REPO, f)));
  await git(['commit', '-qam', 'working tree', '--allow-empty']);
}, 120_000);
afterAll(() => remove());

describe('Nx inputs and affected projects', () => {
  it('a lint/test result survives a version bump of a chart it does not depend on, not a change of its own', async () => {
    // whether Nx replayed the task itself (chartkit:build, which it depends on, may come from the cache either way)
    const fromCache = (all: string): boolean => /> nx run deep-health-check:test +\[(local cache|existing outputs match the cache[^\]]*)\]/.test(all);
    try {
      const first = await nx(['run', 'deep-health-check:test', '--output-style=static']);
      expect(first.exitCode, first.all).toBe(0);
      expect(fromCache(first.all), first.all).toBe(false);
      // an unrelated chart's version (it used to be an input of every chart through allChartManifests)
      const other = path.join(clone, 'packages/chaimeleon/desktop-tensorflow/Chart.yaml');
      writeFileSync(other, readFileSync(other, 'utf8').replace(/^version: .*$/m, 'version: 99.0.0'));
      const cached = await nx(['run', 'deep-health-check:test', '--output-style=static']);
      expect(fromCache(cached.all), cached.all).toBe(true);
      // its own files are inputs
      const own = path.join(clone, 'packages/hyperpod/deep-health-check/values.yaml');
      writeFileSync(own, `${readFileSync(own, 'utf8')}\n`);
      const rerun = await nx(['run', 'deep-health-check:test', '--output-style=static']);
      expect(rerun.exitCode, rerun.all).toBe(0);
      expect(fromCache(rerun.all), rerun.all).toBe(false);
      expect(rerun.all).toMatch(/✓ deep-health-check: \d+ passed/);
    } finally {
      await git(['checkout', '-q', '--', '.']);
    }
  }, 300_000);

  it('adding a subchart and its npm install affect the subchart and the umbrella only', async () => {
    const generated = await run(process.execPath, [path.join(clone, 'tools/chartkit/bin/chartkit.mjs'), 'new', 'subchart', 'my-addon', '--description', 'My add-on']);
    expect(generated.exitCode, generated.all).toBe(0);
    // what `npm install` records for the new workspace package (node_modules is the repository's)
    const installed = await run('npm', ['install', '--package-lock-only', '--offline', '--no-audit', '--no-fund']);
    expect(installed.exitCode, installed.all).toBe(0);
    expect(readFileSync(path.join(clone, 'package-lock.json'), 'utf8')).toContain('"packages/hyperpod/my-addon"');
    const affected = await nx(['show', 'projects', '--affected', '--base=HEAD', '--json']);
    expect(affected.exitCode, affected.all).toBe(0);
    expect((JSON.parse(affected.stdout) as string[]).sort()).toEqual(['hyperpod-helm-chart', 'my-addon']);
  }, 300_000);
});
