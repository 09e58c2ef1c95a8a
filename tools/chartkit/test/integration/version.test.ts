import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveTool } from '../../src/adapters/toolchain.ts';
import { CHARTKIT_DIR, chartkit, edit, removeScratch, scratchCopy } from '../helpers.ts';

/**
 * `changeset version` (the real @changesets/cli, in a git repository made from the fixture) then
 * `chartkit version`: package.json versions flow into Chart.yaml, pins, Chart.lock and the
 * artifacthub.io/changes annotation, all at once.
 */
const REPO_ROOT = path.resolve(CHARTKIT_DIR, '../..');
const CHANGESET = path.join(REPO_ROOT, 'node_modules/.bin/changeset');

let dir: string;
afterEach(() => {
  if (dir) removeScratch(dir);
});

const chart = (name: string): Record<string, unknown> => parse(readFileSync(path.join(dir, 'packages/demo', name, 'Chart.yaml'), 'utf8')) as Record<string, unknown>;
const pkgVersion = (name: string): string => (JSON.parse(readFileSync(path.join(dir, 'packages/demo', name, 'package.json'), 'utf8')) as { version: string }).version;
const pins = (file: string): Record<string, string> =>
  Object.fromEntries(((parse(readFileSync(path.join(dir, 'packages/demo', file), 'utf8')) as { dependencies: { name: string; version: string }[] }).dependencies ?? []).map((d) => [d.name, d.version]));

const gitEnv = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
async function git(...args: string[]): Promise<string> {
  return String((await execa('git', args, { cwd: dir, env: { ...process.env, ...gitEnv } })).stdout);
}

async function helm(args: string[]): Promise<{ exitCode: number; all: string }> {
  const r = await execa((await resolveTool('helm')).path, args, { reject: false, all: true });
  return { exitCode: r.exitCode ?? 1, all: String(r.all) };
}

/** A scratch copy of the fixture as a git repository with this repository's changesets config. */
async function releaseRepo(): Promise<string> {
  dir = scratchCopy('release');
  cpSync(path.join(REPO_ROOT, '.changeset/config.json'), path.join(dir, '.changeset/config.json'));
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-qm', 'initial');
  return dir;
}

async function changeset(bumps: Record<string, 'patch' | 'minor' | 'major'>, summary: string): Promise<void> {
  const front = Object.entries(bumps).map(([n, b]) => `"${n}": ${b}`).join('\n');
  writeFileSync(path.join(dir, '.changeset', `change-${Object.keys(bumps).join('-')}.md`), `---\n${front}\n---\n\n${summary}\n`);
  await git('add', '-A');
  await git('commit', '-qm', summary);
  const r = await execa(CHANGESET, ['version'], { cwd: dir, reject: false, all: true, env: { ...process.env, ...gitEnv } });
  expect(r.exitCode, String(r.all)).toBe(0);
}

describe('chartkit version after changeset version', () => {
  it('a subchart changeset bumps the subchart, the umbrella and the umbrella pin together', async () => {
    await releaseRepo();
    await changeset({ worker: 'minor' }, 'Read the queue name from values.');
    // changesets bumped the dependent umbrella because its package.json lists worker
    expect(pkgVersion('worker')).toBe('0.3.0');
    expect(pkgVersion('stack')).toBe('1.0.1');
    expect(pkgVersion('base')).toBe('0.1.0');

    const check = await chartkit(dir, ['version', '--check']);
    expect(check.exitCode).toBe(1);
    expect(check.stdout.trim().split('\n')).toEqual([
      '✗ stack: package.json is 1.0.1 but Chart.yaml version is 1.0.0; run npm run version',
      '✗ stack: Chart.yaml annotation artifacthub.io/changes does not match the CHANGELOG.md section for 1.0.1; run npm run version',
      '✗ worker: package.json is 0.3.0 but Chart.yaml version is 0.2.0; run npm run version',
      '✗ worker: Chart.yaml annotation artifacthub.io/changes does not match the CHANGELOG.md section for 0.3.0; run npm run version',
      '✗ stack: pin for worker is 0.2.0 but worker is 0.3.0; run npm run version',
    ]);

    const r = await chartkit(dir, ['version']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('wrote packages/demo/worker/Chart.yaml');
    expect(r.stdout).toContain('wrote packages/demo/stack/Chart.yaml');
    expect(chart('worker').version).toBe('0.3.0');
    expect(chart('stack').version).toBe('1.0.1');
    expect(pins('stack/Chart.yaml')).toEqual({ worker: '0.3.0' });
    expect(chart('base').version).toBe('0.1.0');
    const changes = (chart('worker').annotations as Record<string, string>)['artifacthub.io/changes']!;
    expect(parse(changes)).toEqual([expect.stringMatching(/^Read the queue name from values\.$/)]);
    expect(parse((chart('stack').annotations as Record<string, string>)['artifacthub.io/changes']!)).toEqual(['Updated dependencies: worker@0.3.0']);

    // comments and key order survive
    const text = readFileSync(path.join(dir, 'packages/demo/stack/Chart.yaml'), 'utf8');
    expect(text).toContain('# Kept in step with package.json by `chartkit version`.\nversion: 1.0.1\n');
    expect(text).toContain('  - name: worker # pinned by chartkit version\n    version: 0.3.0\n');
    expect(Object.keys(chart('worker'))).toEqual(['apiVersion', 'name', 'description', 'type', 'version', 'appVersion', 'home', 'annotations', 'dependencies']);

    expect((await chartkit(dir, ['version', '--check'])).exitCode).toBe(0);
    const again = await chartkit(dir, ['version']);
    expect(again.stdout).toContain('version: 0 file(s) written; everything was in sync');
    // the result packages: every pin matches
    const pack = await chartkit(dir, ['package']);
    expect(pack.exitCode, pack.stderr).toBe(0);
    expect(pack.stdout).toContain('stack 1.0.1 → dist/charts/stack-1.0.1.tgz');
  });

  it('a library patch ripples through every consumer, its test chart and their Chart.lock files', async () => {
    await releaseRepo();
    // Chart.lock files as `helm dependency update` leaves them (they are not committed)
    for (const c of ['worker', 'stack', 'base/tests/chart']) {
      const lock = await helm(['dependency', 'update', '--skip-refresh', path.join(dir, 'packages/demo', c)]);
      expect(lock.exitCode, lock.all).toBe(0);
    }
    const stackLockBefore = readFileSync(path.join(dir, 'packages/demo/stack/Chart.lock'), 'utf8');
    await changeset({ base: 'patch' }, 'Quote the tier label.');
    expect([pkgVersion('base'), pkgVersion('worker'), pkgVersion('stack')]).toEqual(['0.1.1', '0.2.1', '1.0.1']);

    const r = await chartkit(dir, ['version']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(pins('worker/Chart.yaml')).toEqual({ base: '0.1.1' });
    expect(pins('stack/Chart.yaml')).toEqual({ worker: '0.2.1' });
    expect(pins('base/tests/chart/Chart.yaml')).toEqual({ base: '0.1.1' });
    expect(pins('worker/Chart.lock')).toEqual({ base: '0.1.1' });
    expect(pins('stack/Chart.lock')).toEqual({ worker: '0.2.1' });
    expect(pins('base/tests/chart/Chart.lock')).toEqual({ base: '0.1.1' });
    expect(readFileSync(path.join(dir, 'packages/demo/stack/Chart.lock'), 'utf8')).not.toBe(stackLockBefore);
    expect(r.stdout).toContain('wrote packages/demo/base/tests/chart/Chart.lock');

    // Helm accepts the refreshed locks (a stale one fails "out of sync"), and the library's own tests run
    for (const c of ['worker', 'stack', 'base/tests/chart']) {
      const build = await helm(['dependency', 'build', '--skip-refresh', path.join(dir, 'packages/demo', c)]);
      expect(build.exitCode, build.all).toBe(0);
    }
    expect((await chartkit(dir, ['test', 'base'])).exitCode).toBe(0);
    expect((await chartkit(dir, ['version', '--check'])).exitCode).toBe(0);
  });

  it('--check names every kind of drift and changes nothing', async () => {
    dir = scratchCopy('release');
    edit(path.join(dir, 'packages/demo/worker/package.json'), (t) => t.replace('"version": "0.2.0"', '"version": "0.2.5"'));
    edit(path.join(dir, 'packages/demo/stack/package.json'), (t) => t.replace(/,\s*"dependencies": \{[^}]*\}/, ''));
    writeFileSync(path.join(dir, 'packages/demo/worker/CHANGELOG.md'), '# worker\n\n## 0.2.5\n\n### Patch Changes\n\n- abcdef1: Fix the probe.\n');
    const before = readFileSync(path.join(dir, 'packages/demo/stack/Chart.yaml'), 'utf8');
    const r = await chartkit(dir, ['version', '--check']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      '✗ worker: package.json is 0.2.5 but Chart.yaml version is 0.2.0; run npm run version',
      '✗ worker: Chart.yaml annotation artifacthub.io/changes does not match the CHANGELOG.md section for 0.2.5; run npm run version',
      '✗ stack: pin for worker is 0.2.0 but worker is 0.2.5; run npm run version',
      '✗ stack: package.json does not list worker in "dependencies"; add "worker": "0.2.5" so changesets bumps stack when worker changes (npm run version does it)',
    ]);
    expect(readFileSync(path.join(dir, 'packages/demo/stack/Chart.yaml'), 'utf8')).toBe(before);

    // selecting one chart syncs it and the pins on it, nothing else
    const one = await chartkit(dir, ['version', 'worker']);
    expect(one.exitCode).toBe(0);
    expect(chart('worker').version).toBe('0.2.5');
    expect(pins('stack/Chart.yaml')).toEqual({ worker: '0.2.5' });
    expect(chart('stack').version).toBe('1.0.0');
    expect((JSON.parse(readFileSync(path.join(dir, 'packages/demo/stack/package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies).toEqual({ worker: '0.2.5' });
    expect(parse((chart('worker').annotations as Record<string, string>)['artifacthub.io/changes']!)).toEqual(['Fix the probe.']);
    expect((await chartkit(dir, ['version', '--check'])).exitCode).toBe(0);
  });

  it('a package.json without a semver version is an error naming the file', async () => {
    dir = scratchCopy('release');
    const file = path.join(dir, 'packages/demo/base/package.json');
    writeFileSync(file, '{"name": "base", "version": "one"}');
    const r = await chartkit(dir, ['version', '--check']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim()).toBe('chartkit: packages/demo/base/package.json: "version" must be a semver version (found "one"); set it, e.g. "0.1.0"');
    expect(existsSync(file)).toBe(true);
  });
});
