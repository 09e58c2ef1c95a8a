import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTool } from '../../src/adapters/toolchain.ts';
import { freePort, startLocalRegistry, type LocalRegistry } from '../../src/adapters/docker-registry.ts';
import { chartkit, edit, removeScratch, scratchCopy, isolatedHelmEnv } from '../helpers.ts';

/**
 * `chartkit publish` against a real OCI registry (Debian's docker-registry on 127.0.0.1), through
 * the real CLI and Helm 4: push, pull back, skip, refuse, and survive the registry dying mid-run.
 */
const CHARTS = ['base', 'worker', 'stack'] as const;
const VERSIONS: Record<string, string> = { base: '0.1.0', worker: '0.2.0', stack: '1.0.0' };

let ws: string;
let registry: LocalRegistry;
let home: string;
let env: Record<string, string>;

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const pkg = (dir: string, chart: string): string => path.join(dir, 'dist/charts', `${chart}-${VERSIONS[chart]}.tgz`);

async function helm(args: string[], extraEnv: Record<string, string> = {}): Promise<{ exitCode: number; stdout: string; all: string }> {
  const r = await execa((await resolveTool('helm')).path, args, { env: { ...process.env, ...env, ...extraEnv }, reject: false, all: true });
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), all: String(r.all) };
}

/** `helm pull` a chart version into a fresh directory; returns the .tgz path. */
async function pull(ref: string, chart: string, version = VERSIONS[chart]!): Promise<string> {
  const dir = mkdtempSync(path.join(home, 'pull-'));
  const r = await helm(['pull', `${ref}/${chart}`, '--version', version, '--plain-http', '--destination', dir]);
  expect(r.exitCode, r.all).toBe(0);
  return path.join(dir, `${chart}-${version}.tgz`);
}

beforeAll(async () => {
  ws = scratchCopy('release');
  registry = await startLocalRegistry();
  home = mkdtempSync(path.join(os.tmpdir(), 'chartkit-publish-oci-'));
  env = isolatedHelmEnv(home);
});

afterAll(async () => {
  await registry?.stop();
  removeScratch(ws);
  rmSync(home, { recursive: true, force: true });
});

describe('publish to an OCI registry', () => {
  it('pushes every chart in dependency order, and what is pulled back is byte-identical to dist/charts', async () => {
    const r = await chartkit(ws, ['publish', '--skip-checks', '--registry', registry.ref(), '--plain-http'], env);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const pushed = [...r.stdout.matchAll(/^✓ (\S+) \S+ → \S+: pushed sha256:[0-9a-f]{12} \d+(ms|\.\ds)$/gm)].map((m) => m[1]);
    expect(pushed).toEqual(['base', 'worker', 'stack']);
    expect(r.stdout).toMatch(/^CHART\s+VERSION\s+TARGET\s+RESULT\s+DIGEST\s+TIME$/m);
    for (const chart of CHARTS) {
      expect(r.stdout).toMatch(new RegExp(`^${chart}\\s+${VERSIONS[chart]!.replace(/\./g, '\\.')}\\s+oci://127\\.0\\.0\\.1:${registry.port}/charts\\s+pushed\\s+sha256:${sha256(pkg(ws, chart)).slice(0, 12)}`, 'm'));
      expect(sha256(await pull(registry.ref(), chart))).toBe(sha256(pkg(ws, chart)));
    }
    expect(r.stdout).toMatch(/^3 pushed in /m);
  });

  it('the pulled umbrella renders exactly like the local chart', async () => {
    const stackDir = path.join(ws, 'packages/demo/stack');
    const workerDir = path.join(ws, 'packages/demo/worker');
    expect((await helm(['dependency', 'build', workerDir, '--skip-refresh'])).exitCode).toBe(0);
    expect((await helm(['dependency', 'build', stackDir, '--skip-refresh'])).exitCode).toBe(0);
    const pulled = await pull(registry.ref(), 'stack');
    for (const set of [[], ['--set', 'worker.enabled=false'], ['--set', 'worker.replicas=3,environment=prod']]) {
      const local = await helm(['template', 'rel', stackDir, ...set]);
      const remote = await helm(['template', 'rel', pulled, ...set]);
      expect(local.exitCode, local.all).toBe(0);
      expect(remote.stdout).toBe(local.stdout);
    }
    expect((await helm(['template', 'rel', pulled])).stdout).toContain('name: rel-worker');
  });

  it('a second publish pushes nothing: every version is there with the same digest', async () => {
    const r = await chartkit(ws, ['publish', '--no-build', '--registry', registry.ref(), '--plain-http'], env);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toContain('pushing');
    expect(r.stdout).toMatch(/^base\s+0\.1\.0\s+\S+\s+skipped/m);
    expect(r.stdout).toMatch(/^3 skipped in /m);
  });

  it('--dry-run prints the plan and pushes nothing', async () => {
    const fresh = await startLocalRegistry();
    try {
      const r = await chartkit(ws, ['publish', '--no-build', '--dry-run', '--registry', fresh.ref(), '--plain-http'], env);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain('plan (dry run: nothing is pushed):');
      expect(r.stdout).toContain(`  worker 0.2.0 → ${fresh.ref()}: push (worker 0.2.0 is not in ${fresh.ref()} yet)`);
      expect(r.stdout).toMatch(/^3 would push in /m);
      const check = await helm(['pull', `${fresh.ref()}/base`, '--version', '0.1.0', '--plain-http', '--destination', home]);
      expect(check.all).toContain('not found');
    } finally {
      await fresh.stop();
    }
  });

  it('refuses a published version whose content changed, and what bundles it; pushes nothing of them', async () => {
    const dir = scratchCopy('release');
    try {
      edit(path.join(dir, 'packages/demo/worker/templates/configmap.yaml'), (t) => t.replace('data:', 'data:\n  changed: "yes"'));
      const r = await chartkit(dir, ['publish', '--skip-checks', '--registry', registry.ref(), '--plain-http'], env);
      expect(r.exitCode).toBe(1);
      const lines = r.stderr.trim().split('\n');
      // the worker changed, and so did the umbrella that bundles it; base is the same
      expect(lines).toEqual([
        expect.stringMatching(/^chartkit: worker 0\.2\.0 → oci:\/\/127\.0\.0\.1:\d+\/charts: refused: worker 0\.2\.0 is already in \S+ with digest sha256:[0-9a-f]{12} but the package is sha256:[0-9a-f]{12}; published versions are immutable; bump the version with a changeset$/),
        expect.stringMatching(/^chartkit: stack 1\.0\.0 → \S+: refused: .*published versions are immutable; bump the version with a changeset$/),
      ]);
      expect(r.stdout).toMatch(/^base\s+0\.1\.0\s+\S+\s+skipped/m);
      expect(r.stdout).toMatch(/^worker\s+0\.2\.0\s+\S+\s+refused/m);
      expect(r.stdout).not.toContain('pushing');
      // the registry still serves the original
      expect(sha256(await pull(registry.ref(), 'worker'))).toBe(sha256(pkg(ws, 'worker')));
    } finally {
      removeScratch(dir);
    }
  });
});

/**
 * An HTTP tap in front of a registry: forwards everything, and right after the first tag (the
 * manifest PUT by version) has been answered, kills the registry and stops listening — the registry "dies" exactly
 * between the first and second chart, every time.
 */
async function killAfterFirstManifest(listenPort: number, target: LocalRegistry): Promise<{ done: Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  let fired = false;
  const server = http.createServer((req, res) => {
    const upstream = http.request({ host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers, agent: false }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
      // Helm puts the manifest by digest, reads it back, then tags it: the tag is the last request of a push.
      const isManifest = req.method === 'PUT' && /\/manifests\/(?!sha256:)/.test(req.url ?? '') && (up.statusCode ?? 500) < 300;
      if (isManifest && !fired) {
        fired = true;
        res.on('finish', () => {
          void target.kill().then(() => {
            server.close();
            for (const s of sockets) s.destroy();
            resolveDone();
          });
        });
      }
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(listenPort, '127.0.0.1', r));
  return { done };
}

describe('a registry that dies mid-publish', () => {
  it('fails with one line naming the chart and target; a rerun against the restarted registry finishes the rest', async () => {
    const dying = await startLocalRegistry();
    const port = await freePort();
    const ref = `oci://127.0.0.1:${port}/charts`;
    const tap = await killAfterFirstManifest(port, dying);
    let restarted: LocalRegistry | undefined;
    try {
      const first = await chartkit(ws, ['publish', '--skip-checks', '--registry', ref, '--plain-http', '--retries', '3'], env);
      await Promise.race([tap.done, new Promise((r) => setTimeout(r, 5000))]);
      expect(first.exitCode).toBe(1);
      const errors = first.stderr.trim().split('\n');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        new RegExp(
          `^chartkit: worker 0\\.2\\.0 → oci://127\\.0\\.0\\.1:${port}/charts: push failed after 3 attempts: .*connection refused; the target is unreachable or failing — rerun chartkit publish when it is back \\(what is published already is skipped\\)$`,
        ),
      );
      expect(first.stdout).toMatch(/↻ worker 0\.2\.0 → \S+: push attempt 1 failed \(.*connection refused\); retrying in 50ms/);
      expect(first.stdout).toMatch(/↻ worker 0\.2\.0 → \S+: push attempt 2 failed \(.*\); retrying in 100ms/);
      expect(first.stdout).toMatch(/^base\s+0\.1\.0\s+\S+\s+pushed/m);
      expect(first.stdout).toMatch(/^worker\s+0\.2\.0\s+\S+\s+failed/m);
      expect(first.stdout).toMatch(/^stack\s+1\.0\.0\s+\S+\s+not attempted/m);

      // Same storage, same address.
      restarted = await startLocalRegistry({ storage: dying.storage, port });
      const rerun = await chartkit(ws, ['publish', '--no-build', '--registry', ref, '--plain-http'], env);
      expect(rerun.stderr).toBe('');
      expect(rerun.exitCode).toBe(0);
      expect(rerun.stdout).toMatch(/^base\s+0\.1\.0\s+\S+\s+skipped/m);
      expect(rerun.stdout).toMatch(/^worker\s+0\.2\.0\s+\S+\s+pushed/m);
      expect(rerun.stdout).toMatch(/^stack\s+1\.0\.0\s+\S+\s+pushed/m);
      for (const chart of CHARTS) expect(sha256(await pull(ref, chart))).toBe(sha256(pkg(ws, chart)));
    } finally {
      await restarted?.stop();
      await dying.stop();
    }
  });

  it('a registry that is down from the start fails at once, with one line, before anything is built', async () => {
    const port = await freePort();
    const r = await chartkit(ws, ['publish', '--registry', `oci://127.0.0.1:${port}/charts`, '--plain-http'], env);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      `chartkit: oci://127.0.0.1:${port}/charts: cannot reach the registry (connection refused); nothing was built or published — check the address and the TLS options (--plain-http, --ca-file, --insecure), or start the registry`,
    ]);
    expect(r.stdout).not.toContain('checks');
    // no lint, test or package ran
    expect(r.stdout).not.toContain('packaged');
  });
});
