import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartkit, CHARTKIT_DIR, removeScratch, scratchCopy } from '../helpers.ts';

/**
 * chartkit's Nx generators (generators.json): they plan their files in-process, the same plan as
 * `chartkit new`, and put them in Nx's tree, so `nx g … --dry-run` lists every file and writes
 * nothing, and a real run writes exactly what `chartkit new` writes.
 */
const NX = path.join(path.dirname(createRequire(import.meta.url).resolve('nx/package.json')), 'dist', 'bin', 'nx.js');
const dirs: string[] = [];
let nxData: string;

/** A scratch copy of the umbrella fixture that is an Nx workspace of its own. */
function workspace(): string {
  const ws = scratchCopy('umbrella');
  dirs.push(ws);
  writeFileSync(path.join(ws, 'nx.json'), '{}\n');
  return ws;
}

async function nx(ws: string, args: string[]): Promise<{ exitCode: number; stdout: string; all: string }> {
  const { FORCE_COLOR: _force, ...base } = process.env;
  const r = await execa(process.execPath, [NX, ...args], {
    cwd: ws,
    env: { ...base, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_WORKSPACE_DATA_DIRECTORY: nxData, NX_CACHE_DIRECTORY: nxData, NO_COLOR: '1', CHARTKIT_WORKSPACE: ws },
    extendEnv: false,
    reject: false,
    all: true,
  });
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), all: String(r.all) };
}

/** Every file under a directory with its content (Nx's own nx.json left out). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = path.join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (path.relative(dir, p) !== 'nx.json') out[path.relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

beforeAll(() => {
  nxData = mkdtempSync(path.join(os.tmpdir(), 'chartkit-nx-data-'));
});
afterAll(() => {
  for (const d of dirs) removeScratch(d);
  rmSync(nxData, { recursive: true, force: true });
});

describe('nx g chartkit:subchart', () => {
  it('--dry-run lists every file the generator writes, and writes nothing', async () => {
    const ws = workspace();
    const before = snapshot(ws);
    const r = await nx(ws, ['g', `${CHARTKIT_DIR}:subchart`, 'demo-addon', '--description', 'Demo add-on.', '--dry-run']);
    expect(r.exitCode, r.all).toBe(0);
    const listed = [...r.stdout.matchAll(/^(CREATE|UPDATE) (\S+)/gm)].map((m) => `${m[1]} ${m[2]}`);
    const created = ['Chart.yaml', 'package.json', '.helmignore', 'CHANGELOG.md', 'values.schema.ts', 'templates/_helpers.tpl', 'templates/serviceaccount.yaml', 'tests/serviceaccount_test.yaml', 'ci/minimal-values.yaml', 'ci/all-values.yaml', 'README.md', 'values.schema.json', 'values.yaml'];
    for (const f of created) expect(listed).toContain(`CREATE packages/stack/demo-addon/${f}`);
    for (const f of ['Chart.yaml', 'package.json', 'values.schema.json', 'values.yaml', 'README.md']) expect(listed).toContain(`UPDATE packages/stack/stack/${f}`);
    expect(listed.every((l) => l.includes(' packages/stack/demo-addon/') || l.includes(' packages/stack/stack/'))).toBe(true);
    expect(r.all).toContain('NOTE: The "dryRun" flag means no changes were made.');
    expect(snapshot(ws)).toEqual(before);
    // the schema and docs step ran on a private copy under .chartkit/, removed afterwards
    expect(existsSync(path.join(ws, '.chartkit'))).toBe(false);
  });

  it('without --dry-run writes exactly what chartkit new subchart writes', async () => {
    const viaNx = workspace();
    const viaCli = workspace();
    const r = await nx(viaNx, ['g', `${CHARTKIT_DIR}:subchart`, 'demo-addon', '--description', 'Demo add-on.']);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toContain('created demo-addon; run "npm install" to link the new package');
    const cli = await chartkit(viaCli, ['new', 'subchart', 'demo-addon', '--description', 'Demo add-on.']);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const files = snapshot(viaNx);
    expect(files).toEqual(snapshot(viaCli));
    expect(files['packages/stack/demo-addon/values.yaml']?.split('\n')[0]).toBe('# yaml-language-server: $schema=values.schema.json');
    // every file the CLI reports writing is in the tree Nx wrote
    for (const line of cli.stdout.split('\n').filter((l) => l.startsWith('wrote '))) expect(files).toHaveProperty([line.slice('wrote '.length)]);
  });

  it('an invalid name stops it with chartkit’s one-line message, and nothing is written', async () => {
    const ws = workspace();
    const before = snapshot(ws);
    const r = await nx(ws, ['g', `${CHARTKIT_DIR}:subchart`, 'Bad_Name', '--dry-run']);
    expect(r.all).toContain('chart name "Bad_Name" is invalid');
    expect(r.all).not.toMatch(/^CREATE /m);
    expect(snapshot(ws)).toEqual(before);
  });

  it('shows each generator’s description (generators.json and schema.json)', async () => {
    const ws = workspace();
    const list = await nx(ws, ['list', CHARTKIT_DIR]);
    expect(list.stdout).toMatch(/subchart : A subchart package registered in the umbrella chart/);
    expect(list.stdout).toMatch(/workstation : A CHAIMELEON workstation chart/);
    for (const generator of ['subchart', 'workstation']) {
      const help = await nx(ws, ['g', `${CHARTKIT_DIR}:${generator}`, '--help']);
      expect(help.exitCode, help.all).toBe(0);
      expect(help.stdout).not.toContain('undefined');
      expect(help.stdout).toMatch(generator === 'subchart' ? /A subchart package registered in the umbrella chart/ : /A CHAIMELEON workstation chart/);
    }
  });
});
