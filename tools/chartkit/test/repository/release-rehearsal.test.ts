import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startLocalRegistry, type LocalRegistry } from '../../src/adapters/docker-registry.ts';
import { loadWorkspace } from '../../src/adapters/workspace-files.ts';
import { chartkit, CHARTKIT_DIR } from '../helpers.ts';

/**
 * A release as the changesets "Version Packages" pull request makes it, in a clone of this
 * repository: a patch of a leaf subchart and a major of the library every HyperPod chart uses,
 * `npm run version`, then lint, the charts' unit tests and a publish to a fresh Helm repository and
 * a real OCI registry. Everything must pass, and every consumer must pin the new versions.
 */
const REPO = path.resolve(CHARTKIT_DIR, '../..');
let clone: string;
let registry: LocalRegistry;
const before = new Map<string, string>();

const run = (cmd: string, args: string[]) => execa(cmd, args, { cwd: clone, reject: false, all: true, env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', CHARTKIT_BASE_REF: 'origin/main' } });
const version = (rel: string): string => (JSON.parse(readFileSync(path.join(clone, rel, 'package.json'), 'utf8')) as { version: string }).version;

beforeAll(async () => {
  clone = path.join(mkdtempSync(path.join(os.tmpdir(), 'chartkit-rehearsal-')), 'repo');
  await execa('git', ['clone', '-q', REPO, clone]);
  // The clone shares the installed dependencies (npm ci would download them again).
  symlinkSync(path.join(REPO, 'node_modules'), path.join(clone, 'node_modules'));
  for (const c of loadWorkspace(clone).charts) before.set(c.name, c.version);
  writeFileSync(path.join(clone, '.changeset/rehearsal-mlflow.md'), '---\n"mlflow": patch\n---\n\nRehearsal: a patch of a leaf subchart.\n');
  writeFileSync(path.join(clone, '.changeset/rehearsal-common.md'), '---\n"hyperpod-common": major\n---\n\nRehearsal: a major of the library every HyperPod chart uses.\n');
  registry = await startLocalRegistry();
}, 120_000);

afterAll(async () => {
  await registry?.stop();
  if (clone) rmSync(path.dirname(clone), { recursive: true, force: true });
});

describe('release rehearsal', () => {
  it('npm run version bumps the charts and moves every consumer pin', async () => {
    const r = await run('npm', ['run', 'version']);
    expect(r.exitCode, r.all).toBe(0);
    const common = before.get('hyperpod-common')!;
    expect(version('packages/hyperpod/hyperpod-common')).toBe(semver.inc(common, 'major'));
    expect(semver.gt(version('packages/hyperpod/mlflow'), before.get('mlflow')!)).toBe(true);
    const ws = loadWorkspace(clone);
    for (const chart of ws.charts) {
      const chartYaml = parseYaml(readFileSync(path.join(chart.dir, 'Chart.yaml'), 'utf8')) as { version: string; dependencies?: { name: string; version: string; repository?: string }[] };
      expect(chartYaml.version, `${chart.name} Chart.yaml follows package.json`).toBe(version(chart.relDir));
      for (const dep of chartYaml.dependencies ?? []) {
        if (!dep.repository?.startsWith('file://')) continue;
        expect(dep.version, `${chart.name} pins ${dep.name}`).toBe(ws.byName.get(dep.name)!.version);
      }
    }
  }, 300_000);

  it('lint and the charts\' unit tests pass at the new versions', async () => {
    const lint = await run('node', [path.join(CHARTKIT_DIR, 'bin/chartkit.mjs'), 'lint', '--helm', '4', '-j', '2']);
    expect(lint.exitCode, lint.all.split('\n').filter((l) => /✗|problem|\[/.test(l)).join('\n')).toBe(0);
    const test = await run('node', [path.join(CHARTKIT_DIR, 'bin/chartkit.mjs'), 'test', '-j', '2']);
    expect(test.exitCode, test.all.split('\n').filter((l) => /✗|failed|›/.test(l)).join('\n')).toBe(0);
  }, 900_000);

  it('publishes every chart to a fresh Helm repository and to an OCI registry', async () => {
    const r = await run('node', [path.join(CHARTKIT_DIR, 'bin/chartkit.mjs'), 'publish', '--skip-checks', '--registry', registry.ref(), '--plain-http', '--repo-dir', 'dist/repo']);
    expect(r.exitCode, r.all).toBe(0);
    const index = parseYaml(readFileSync(path.join(clone, 'dist/repo/index.yaml'), 'utf8')) as { entries: Record<string, { version: string }[]> };
    const ws = loadWorkspace(clone);
    for (const chart of ws.charts) {
      expect(index.entries[chart.name]?.map((e) => e.version), chart.name).toEqual([chart.version]);
      expect(existsSync(path.join(clone, 'dist/repo', `${chart.name}-${chart.version}.tgz`))).toBe(true);
    }
    expect(r.stdout).toMatch(new RegExp(`^${ws.charts.length * 2} pushed in `, 'm'));
  }, 600_000);
});
