import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, BIN, REPO, RW_TOKEN, startCacheServer, startVersitygw, type CacheServer, type S3Server } from './helpers.ts';

/**
 * Across machines: three scratch clones of this repository, each with its own Nx cache and
 * workspace data (three machines), share one nx-cache-server backed by a real versitygw.
 */
const CHARTS = ['deep-health-check', 'mlflow', 'hyperpod-patching'];
const TASKS = CHARTS.flatMap((c) => [`${c}:lint`, `${c}:test`]);
const scratch: string[] = [];
let s3: S3Server;
let server: CacheServer;

interface Run {
  exitCode: number | null;
  all: string;
  ms: number;
}

function run(cwd: string, file: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let all = '';
    child.stdout.on('data', (d: Buffer) => (all += d.toString()));
    child.stderr.on('data', (d: Buffer) => (all += d.toString()));
    child.once('exit', (exitCode) => resolve({ exitCode, all, ms: Date.now() - started }));
  });
}

async function machine(name: string): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `nx-remote-${name}-`));
  const data = mkdtempSync(path.join(os.tmpdir(), `nx-remote-${name}-data-`));
  scratch.push(dir, data);
  rmSync(dir, { recursive: true });
  const cloned = await run(os.tmpdir(), 'git', ['clone', '-q', REPO, dir], baseEnv());
  expect(cloned.exitCode, cloned.all).toBe(0);
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
  const { NX_SKIP_REMOTE_CACHE: _s, ...env } = baseEnv();
  return { dir, env: { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_CACHE_DIRECTORY: data, NX_WORKSPACE_DATA_DIRECTORY: data, CHARTKIT_WORKSPACE: dir } };
}

const nxArgs = ['nx', 'run-many', '-t', 'lint', 'test', `--projects=${CHARTS.join(',')}`, '--output-style=static'];

beforeAll(async () => {
  s3 = await startVersitygw();
  server = await startCacheServer(s3, ['--sweep-interval', '0']);
});
afterAll(async () => {
  await server?.stop();
  await s3?.stop();
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

describe('one remote cache for every machine', () => {
  it('machine 2 is served every task from the cache machine 1 filled; with the service down, machine 3 runs them itself', async () => {
    const remote = { NX_SELF_HOSTED_REMOTE_CACHE_SERVER: server.url, NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: RW_TOKEN };
    const one = await machine('one');
    const first = await run(one.dir, 'npx', nxArgs, { ...one.env, ...remote });
    expect(first.exitCode, first.all).toBe(0);
    expect(first.all).not.toContain('[remote cache]');
    // chartkit ran each chart's lint (its batched Nx executor prints each chart's own result)
    for (const chart of CHARTS) expect(first.all).toContain(`✓ ${chart}: lint passed`);

    const two = await machine('two');
    const second = await run(two.dir, 'npx', nxArgs, { ...two.env, ...remote });
    expect(second.exitCode, second.all).toBe(0);
    for (const task of TASKS) expect(second.all).toMatch(new RegExp(`> nx run ${task}.*\\[remote cache\\]`));
    // every task of the run, chartkit:build (which the chart tasks depend on) included
    expect(second.all).toMatch(new RegExp(`Nx read the output from the cache instead of running the command for ${TASKS.length + 1} out of ${TASKS.length + 1} tasks`));
    expect(second.all).toMatch(/> nx run chartkit:build +\[remote cache\]/);
    // chartkit never ran on machine 2: it would have staged the charts in .chartkit/
    expect(existsSync(path.join(two.dir, '.chartkit'))).toBe(false);
    expect(existsSync(path.join(one.dir, '.chartkit'))).toBe(true);

    expect(await server.stop()).toBe(143);
    const three = await machine('three');
    const down = { ...three.env, ...remote };
    // What Nx 22 does when its self-hosted cache is unreachable: it fails the run.
    const failed = await run(three.dir, 'npx', nxArgs, down);
    expect(failed.exitCode).not.toBe(0);
    expect(failed.all).toContain('Failed to send request');
    // So a runner probes first and, when the probe fails, sets Nx's documented switch NX_SKIP_REMOTE_CACHE.
    const probe = await run(three.dir, process.execPath, [BIN, 'probe'], down);
    expect(probe.exitCode).toBe(1);
    const third = await run(three.dir, 'npx', nxArgs, { ...down, NX_SKIP_REMOTE_CACHE: 'true' });
    expect(third.exitCode, third.all).toBe(0);
    expect(third.all).not.toContain('[remote cache]');
    for (const chart of CHARTS) expect(third.all).toMatch(new RegExp(`✓ ${chart}: \\d+ passed`));
    console.log(`machine 1 (runs, fills the cache): ${first.ms} ms; machine 2 (remote cache): ${second.ms} ms; machine 3 (service down, NX_SKIP_REMOTE_CACHE): ${third.ms} ms`);
  }, 600_000);
});
