import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTool } from '../../src/adapters/toolchain.ts';
import { chartkit, edit, removeScratch, scratchCopy } from '../helpers.ts';

/** `chartkit publish` to a plain Helm repository directory (the default target, dist/repo). */
const VERSIONS: Record<string, string> = { base: '0.1.0', worker: '0.2.0', stack: '1.0.0' };

let ws: string;
let home: string;
const env = (): Record<string, string> => ({ HELM_CACHE_HOME: path.join(home, 'cache'), HELM_CONFIG_HOME: path.join(home, 'config'), HELM_REPOSITORY_CONFIG: path.join(home, 'repositories.yaml') });
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

async function helm(args: string[], cwd?: string): Promise<{ exitCode: number; stdout: string; all: string }> {
  const r = await execa((await resolveTool('helm')).path, args, { env: { ...process.env, ...env(), KUBECONFIG: path.join(home, 'no-kubeconfig') }, reject: false, all: true, ...(cwd ? { cwd } : {}) });
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), all: String(r.all) };
}

interface Index {
  entries: Record<string, { version: string; digest: string; urls: string[]; created: string; dependencies?: { name: string }[] }[]>;
}

beforeAll(() => {
  ws = scratchCopy('release');
  home = mkdtempSync(path.join(os.tmpdir(), 'chartkit-publish-repo-'));
});
afterAll(() => {
  removeScratch(ws);
  rmSync(home, { recursive: true, force: true });
});

describe('publish to dist/repo', () => {
  it('copies every package and lists each in index.yaml with its digest', async () => {
    const r = await chartkit(ws, ['publish', '--skip-checks'], env());
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^base\s+0\.1\.0\s+dist\/repo\s+pushed\s+sha256:[0-9a-f]{12}/m);
    const index = parse(readFileSync(path.join(ws, 'dist/repo/index.yaml'), 'utf8')) as Index;
    expect(Object.keys(index.entries)).toEqual(['base', 'stack', 'worker']);
    for (const [chart, version] of Object.entries(VERSIONS)) {
      const [entry] = index.entries[chart]!;
      const file = path.join(ws, 'dist/repo', `${chart}-${version}.tgz`);
      expect(entry).toMatchObject({ version, urls: [`${chart}-${version}.tgz`] });
      expect(entry!.digest).toBe(sha256(file));
      expect(sha256(file)).toBe(sha256(path.join(ws, 'dist/charts', `${chart}-${version}.tgz`)));
    }
    expect(index.entries.stack![0]!.dependencies?.map((d) => d.name)).toEqual(['worker']);
  });

  it('the published umbrella installs (helm install --dry-run=client, no cluster needed)', async () => {
    const r = await helm(['install', '--dry-run=client', 'x', path.join(ws, 'dist/repo/stack-1.0.0.tgz')]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toContain('STATUS: pending-install');
    expect(r.stdout).toContain('# Source: stack/charts/worker/templates/deployment.yaml');
    const off = await helm(['install', '--dry-run=client', 'x', path.join(ws, 'dist/repo/stack-1.0.0.tgz'), '--set', 'worker.enabled=false']);
    expect(off.stdout).not.toContain('stack/charts/worker');
  });

  it('Helm reads the index when the directory is served over HTTP', async () => {
    const root = path.join(ws, 'dist/repo');
    const server = http.createServer((req, res) => {
      const file = path.join(root, decodeURIComponent((req.url ?? '/').split('?')[0]!));
      if (!file.startsWith(root) || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200);
      createReadStream(file).pipe(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const dest = mkdtempSync(path.join(home, 'pull-'));
      for (const [chart, version] of Object.entries(VERSIONS)) {
        const r = await helm(['pull', chart, '--repo', url, '--version', version, '--destination', dest]);
        expect(r.exitCode, r.all).toBe(0);
        expect(sha256(path.join(dest, `${chart}-${version}.tgz`))).toBe(sha256(path.join(root, `${chart}-${version}.tgz`)));
      }
      const search = await helm(['show', 'chart', 'stack', '--repo', url]);
      expect(search.stdout).toContain('version: 1.0.0');
    } finally {
      server.close();
    }
  });

  it('a rerun skips everything and leaves index.yaml byte-identical', async () => {
    const before = readFileSync(path.join(ws, 'dist/repo/index.yaml'), 'utf8');
    const r = await chartkit(ws, ['publish', '--skip-checks'], env());
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^3 skipped in /m);
    expect(readFileSync(path.join(ws, 'dist/repo/index.yaml'), 'utf8')).toBe(before);
  });

  it('a changed package under a published version is refused; index.yaml and the package stay', async () => {
    const dir = scratchCopy('release');
    try {
      expect((await chartkit(dir, ['publish', '--skip-checks'], env())).exitCode).toBe(0);
      const index = readFileSync(path.join(dir, 'dist/repo/index.yaml'), 'utf8');
      const base = sha256(path.join(dir, 'dist/repo/base-0.1.0.tgz'));
      edit(path.join(dir, 'packages/demo/base/templates/_labels.tpl'), (t) => t.replace('backend', 'frontend'));
      const r = await chartkit(dir, ['publish', '--skip-checks'], env());
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/^chartkit: base 0\.1\.0 → dist\/repo: refused: base 0\.1\.0 is already in dist\/repo with digest sha256:[0-9a-f]{12} but the package is sha256:[0-9a-f]{12}; published versions are immutable; bump the version with a changeset$/m);
      // worker and stack bundle base, so all three changed: three refusals, one line each
      expect(r.stderr.trim().split('\n').filter((l) => l.includes(': refused: '))).toHaveLength(3);
      expect(readFileSync(path.join(dir, 'dist/repo/index.yaml'), 'utf8')).toBe(index);
      expect(sha256(path.join(dir, 'dist/repo/base-0.1.0.tgz'))).toBe(base);
    } finally {
      removeScratch(dir);
    }
  });

  it('--dry-run writes nothing to the repository', async () => {
    const dir = scratchCopy('release');
    try {
      const r = await chartkit(dir, ['publish', '--skip-checks', '--dry-run'], env());
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain('  stack 1.0.0 → dist/repo: push (stack 1.0.0 is not in dist/repo yet)');
      expect(r.stdout).toMatch(/^3 would push in /m);
      expect(existsSync(path.join(dir, 'dist/repo'))).toBe(false);
    } finally {
      removeScratch(dir);
    }
  });
});

describe('versions out of sync', () => {
  it('a chart whose package.json was bumped but not carried into Chart.yaml is not published', async () => {
    const dir = scratchCopy('release');
    try {
      edit(path.join(dir, 'packages/demo/worker/package.json'), (t) => t.replace('"version": "0.2.0"', '"version": "0.3.0"'));
      const r = await chartkit(dir, ['publish', '--skip-checks'], env());
      expect(r.exitCode).toBe(1);
      expect(r.stderr.trim()).toBe('chartkit: worker: package.json is 0.3.0 but Chart.yaml version is 0.2.0; run npm run version (chartkit version) before publishing');
      expect(existsSync(path.join(dir, 'dist'))).toBe(false);
    } finally {
      removeScratch(dir);
    }
  });
});

describe('targets from chartkit.publish.json', () => {
  it('publishes to a named target only the charts its patterns select, with absolute URLs', async () => {
    const dir = scratchCopy('release');
    try {
      writeFileSync(
        path.join(dir, 'chartkit.publish.json'),
        JSON.stringify({ targets: { workers: { repo: 'dist/workers', url: 'https://charts.example.com/${CHANNEL}', charts: ['work*'] }, all: { repo: 'dist/all' } } }),
      );
      const r = await chartkit(dir, ['publish', '--skip-checks', '--target', 'workers,all'], { ...env(), CHANNEL: 'stable' });
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toMatch(/^worker\s+0\.2\.0\s+workers\s+pushed/m);
      expect(r.stdout).not.toMatch(/^(base|stack)\s+\S+\s+workers/m);
      expect(r.stdout).toMatch(/^4 pushed in /m);
      const index = parse(readFileSync(path.join(dir, 'dist/workers/index.yaml'), 'utf8')) as Index;
      expect(Object.keys(index.entries)).toEqual(['worker']);
      expect(index.entries.worker![0]!.urls).toEqual(['https://charts.example.com/stable/worker-0.2.0.tgz']);
      const missing = await chartkit(dir, ['publish', '--skip-checks', '--target', 'workers'], env());
      expect(missing.exitCode).toBe(1);
      expect(missing.stderr.trim()).toBe('chartkit: chartkit.publish.json: targets.workers.url uses ${CHANNEL}, which is not set; export CHANNEL or edit chartkit.publish.json');
    } finally {
      removeScratch(dir);
    }
  });
});

describe('git tags', () => {
  it('--tag creates <chart>@<version> for every published chart, and keeps existing tags on a rerun', async () => {
    const dir = scratchCopy('release');
    const git = (...args: string[]) => execa('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
    try {
      await git('init', '-q', '-b', 'main');
      await git('add', '-A');
      await git('commit', '-qm', 'release');
      await git('tag', 'base@0.1.0');
      const r = await chartkit(dir, ['publish', '--skip-checks', '--tag'], env());
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain('New tag: worker@0.2.0\nNew tag: stack@1.0.0\n  tag base@0.1.0 exists');
      expect((await git('tag', '-l')).stdout.split('\n').sort()).toEqual(['base@0.1.0', 'stack@1.0.0', 'worker@0.2.0']);
      const again = await chartkit(dir, ['publish', '--skip-checks', '--tag'], env());
      expect(again.exitCode).toBe(0);
      expect(again.stdout).not.toContain('New tag:');
      const dry = await chartkit(dir, ['publish', '--skip-checks', '--tag', '--dry-run'], env());
      expect(dry.stdout).not.toContain('tag ');
    } finally {
      removeScratch(dir);
    }
  });

  it('--tag outside a git repository is refused before anything is built or published', async () => {
    const dir = scratchCopy('release');
    const outside = mkdtempSync(path.join(os.tmpdir(), 'chartkit-notgit-'));
    try {
      // a scratch copy lives inside this repository, so move one out of it
      await execa('cp', ['-r', `${dir}/.`, outside]);
      const r = await chartkit(outside, ['publish', '--skip-checks', '--tag'], env());
      expect(r.exitCode).toBe(1);
      expect(r.stderr.trim()).toBe(`chartkit: --tag: ${outside} is not a git repository; run publish from a clone or drop --tag`);
      expect(existsSync(path.join(outside, 'dist'))).toBe(false);
    } finally {
      removeScratch(dir);
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('checks before publishing', () => {
  it('without --skip-checks, lint and unit tests run first (chartkit lint + test outside Nx)', async () => {
    const dir = scratchCopy('release');
    try {
      const r = await chartkit(dir, ['publish', 'worker'], env());
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain('▸ checks: lint + test worker');
      expect(r.stdout).toContain('✓ worker: lint passed');
      expect(r.stdout).toMatch(/✓ checks passed \(chartkit lint \+ test\)/);
      expect(r.stdout).toMatch(/^worker\s+0\.2\.0\s+dist\/repo\s+pushed/m);
      expect(r.stdout).toMatch(/^1 pushed in /m);
    } finally {
      removeScratch(dir);
    }
  });

  it('a failing unit test stops the publish before anything is packaged or pushed', async () => {
    const dir = scratchCopy('release');
    try {
      edit(path.join(dir, 'packages/demo/worker/tests/worker_test.yaml'), (t) => t.replace('value: example.com/worker:3.1.0', 'value: example.com/worker:9.9.9'));
      const r = await chartkit(dir, ['publish', 'worker'], env());
      expect(r.exitCode).toBe(1);
      expect(r.stderr.trim()).toBe('chartkit: unit tests failed for the charts above; nothing was published — fix them, or publish with --skip-checks');
      expect(existsSync(path.join(dir, 'dist/repo'))).toBe(false);
    } finally {
      removeScratch(dir);
    }
  });
});
