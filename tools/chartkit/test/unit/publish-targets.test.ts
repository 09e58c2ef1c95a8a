import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveTargets } from '../../src/publish/targets.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'chartkit-targets-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const config = (targets: unknown): void => writeFileSync(path.join(root, 'chartkit.publish.json'), JSON.stringify({ targets }));

describe('resolveTargets', () => {
  it('defaults to the Helm repository directory dist/repo', () => {
    expect(resolveTargets(root, {})).toEqual([{ kind: 'repo', name: 'dist/repo', dir: path.join(root, 'dist/repo') }]);
    expect(resolveTargets(root, { repoDir: 'public', repoUrl: 'https://charts.example.com' })).toEqual([
      { kind: 'repo', name: 'public', dir: path.join(root, 'public'), url: 'https://charts.example.com' },
    ]);
  });

  it('takes --registry with the TLS flags', () => {
    expect(resolveTargets(root, { registry: 'oci://127.0.0.1:5000/charts/', plainHttp: true })).toEqual([
      { kind: 'oci', name: 'oci://127.0.0.1:5000/charts', registry: 'oci://127.0.0.1:5000/charts', plainHttp: true, usernameEnv: 'CHARTKIT_REGISTRY_USERNAME', passwordEnv: 'CHARTKIT_REGISTRY_PASSWORD' },
    ]);
    expect(() => resolveTargets(root, { registry: 'ghcr.io/x' })).toThrow(/is not an OCI registry reference/);
  });

  it('reads named targets from chartkit.publish.json, expanding ${VARS}', () => {
    config({
      ghcr: { registry: 'oci://ghcr.io/${OWNER}/charts', usernameEnv: 'GH_USER', passwordEnv: 'GH_TOKEN' },
      chaimeleon: { registry: 'oci://harbor.chaimeleon-eu.i3m.upv.es/chaimeleon-library', charts: ['chaimeleon-*', 'desktop-*', 'jupyter-*'], caFile: 'certs/ca.pem' },
      pages: { repo: 'public/charts', url: 'https://example.github.io/charts' },
    });
    const targets = resolveTargets(root, { target: ['ghcr', 'chaimeleon', 'pages'] }, { OWNER: 'acme' });
    expect(targets).toEqual([
      { kind: 'oci', name: 'ghcr', registry: 'oci://ghcr.io/acme/charts', usernameEnv: 'GH_USER', passwordEnv: 'GH_TOKEN' },
      {
        kind: 'oci',
        name: 'chaimeleon',
        registry: 'oci://harbor.chaimeleon-eu.i3m.upv.es/chaimeleon-library',
        charts: ['chaimeleon-*', 'desktop-*', 'jupyter-*'],
        caFile: path.join(root, 'certs/ca.pem'),
        usernameEnv: 'CHARTKIT_REGISTRY_USERNAME',
        passwordEnv: 'CHARTKIT_REGISTRY_PASSWORD',
      },
      { kind: 'repo', name: 'pages', dir: path.join(root, 'public/charts'), url: 'https://example.github.io/charts' },
    ]);
  });

  it('names the file, key and next step when the config is wrong', () => {
    expect(() => resolveTargets(root, { target: ['ghcr'] })).toThrow(`--target ghcr: there is no chartkit.publish.json at ${root}; add one or use --registry oci://…`);
    config({ ghcr: { registry: 'oci://ghcr.io/${OWNER}/charts' } });
    expect(() => resolveTargets(root, { target: ['ghcr'] }, {})).toThrow('chartkit.publish.json: targets.ghcr.registry uses ${OWNER}, which is not set; export OWNER or edit chartkit.publish.json');
    expect(() => resolveTargets(root, { target: ['nope'] }, {})).toThrow('--target nope: chartkit.publish.json has no target "nope"; known targets: ghcr');
    config({ bad: { registry: 'oci://r/x', repo: 'dist/repo' } });
    expect(() => resolveTargets(root, { target: ['bad'] })).toThrow('chartkit.publish.json: targets.bad needs exactly one of "registry" (oci://…) or "repo" (a directory)');
    config({ bad: { registry: 'oci://r/x', chart: ['a'] } });
    expect(() => resolveTargets(root, { target: ['bad'] })).toThrow(/targets\.bad\.chart is not a known key/);
    writeFileSync(path.join(root, 'chartkit.publish.json'), '{');
    expect(() => resolveTargets(root, { target: ['x'] })).toThrow(/^chartkit.publish.json: invalid JSON/);
  });

  it('reports every problem of the config at once, in one line', () => {
    config({ a: { registry: 'oci://r/x', plainHttp: 'yes', charts: ['ok', ''] }, b: { repo: '', colour: 'red' } });
    let message = '';
    try {
      resolveTargets(root, { target: ['a'] });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toHaveLength(1);
    for (const problem of ['targets.a.plainHttp must be boolean', 'targets.a.charts.1 must be a non-empty string', 'targets.b.repo must be a non-empty string', 'targets.b.colour is not a known key']) {
      expect(message).toContain(problem);
    }
  });

  it('combines config targets with --registry, applying CLI TLS flags to every OCI target', () => {
    config({ a: { registry: 'oci://r1/x' } });
    const targets = resolveTargets(root, { target: ['a'], registry: 'oci://r2/y', insecure: true });
    expect(targets.map((t) => t.name)).toEqual(['a', 'oci://r2/y']);
    expect(targets.every((t) => t.kind === 'oci' && t.insecure)).toBe(true);
  });
});
