import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterStateDir, readClusterState } from '../../src/adapters/cluster.ts';
import { resolveTool } from '../../src/adapters/toolchain.ts';
import { chartkit, CHARTKIT_DIR } from '../helpers.ts';

/**
 * chartkit's disposable control plane (real kube-apiserver, controller-manager, scheduler, etcd, kwok
 * nodes) and install-test on it, as a contributor uses them.
 */
const REPO = path.resolve(CHARTKIT_DIR, '../..');
let scratch: string;
let kubeconfig: string;
let kubectlBin: string;

const kubectl = async (args: string[]): Promise<string> => String((await execa(kubectlBin, ['--kubeconfig', kubeconfig, ...args])).stdout);

/** A workspace with the real training-operators (and its CRD subchart) and hyperpod-patching charts and the library they use. */
function trainingOperatorsWorkspace(): string {
  mkdirSync(path.join(CHARTKIT_DIR, '.scratch'), { recursive: true });
  const dir = mkdtempSync(path.join(CHARTKIT_DIR, '.scratch', 'cluster-'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module', workspaces: ['packages/*/*'] }));
  for (const chart of ['hyperpod-common', 'training-operators-crds', 'training-operators', 'hyperpod-patching']) {
    cpSync(path.join(REPO, 'packages/hyperpod', chart), path.join(dir, 'packages/hyperpod', chart), { recursive: true, filter: (src) => !/\/(charts|node_modules)$|Chart\.lock$/.test(src) });
  }
  return dir;
}

beforeAll(async () => {
  scratch = trainingOperatorsWorkspace();
  kubeconfig = path.join(mkdtempSync(path.join(os.tmpdir(), 'chartkit-cluster-')), 'kubeconfig');
  kubectlBin = (await resolveTool('kubectl')).path;
  const started = await chartkit(REPO, ['cluster', 'start', '--kubeconfig', kubeconfig]);
  expect(started.stderr).toBe('');
  expect(started.exitCode).toBe(0);
});

afterAll(async () => {
  await chartkit(REPO, ['cluster', 'stop', '--kubeconfig', kubeconfig]);
  rmSync(scratch, { recursive: true, force: true });
  rmSync(path.dirname(kubeconfig), { recursive: true, force: true });
});

describe('chartkit cluster', () => {
  it('serves Kubernetes v1.35.4 with one Ready fake node per HyperPod instance family', async () => {
    const version = JSON.parse(await kubectl(['version', '-o', 'json'])) as { serverVersion: { gitVersion: string } };
    expect(version.serverVersion.gitVersion).toBe('v1.35.4');
    const nodes = JSON.parse(await kubectl(['get', 'nodes', '-o', 'json'])) as { items: { metadata: { labels: Record<string, string> }; status: { conditions: { type: string; status: string }[] } }[] };
    const types = nodes.items.map((n) => n.metadata.labels['node.kubernetes.io/instance-type']);
    expect(types).toEqual(expect.arrayContaining(['ml.p5.4xlarge', 'ml.g5.xlarge', 'ml.trn1.2xlarge', 'ml.c5n.9xlarge']));
    expect(nodes.items.every((n) => n.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True'))).toBe(true);
  });

  it('refuses a second start on the same kubeconfig with one line saying what to do', async () => {
    const again = await chartkit(REPO, ['cluster', 'start', '--kubeconfig', kubeconfig]);
    expect(again.exitCode).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toContain(`run "chartkit cluster stop --kubeconfig ${kubeconfig}" first`);
  });
});

describe('chartkit install-test', () => {
  it('installs, upgrades (also --reuse-values), rolls back and uninstalls every scenario with Helm 4 and 3, leaving only kept CRDs', async () => {
    const r = await chartkit(scratch, ['install-test', 'training-operators', '--kubeconfig', kubeconfig]);
    expect(r.stdout).toMatch(/install-test: \d+ passed, 0 failed/);
    expect(r.stdout).toMatch(/training-operators\s+all\s+7 steps\s+Helm 4\s+passed/);
    expect(r.stdout).toMatch(/training-operators\s+all\s+7 steps\s+Helm 3\s+passed/);
    expect(r.exitCode).toBe(0);
    // Kept CRDs are checked, then removed, so the next run starts from a clean cluster.
    expect(await kubectl(['get', 'crd', '-o', 'name'])).not.toContain('pytorchjobs.kubeflow.org');
  }, 600_000);

  it('finds the seeded defect: rules: [] beside aggregationRule fails the Helm 4 upgrade on the aggregation controller\'s conflict', async () => {
    const file = path.join(scratch, 'packages/hyperpod/training-operators/templates/clusterroles.yaml');
    const original = readFileSync(file, 'utf8');
    expect(original).toContain('aggregationRule:');
    try {
      writeFileSync(file, original.replace(/(aggregationRule:\n(?: {2,}.*\n)+)/, '$1rules: []\n'));
      const r = await chartkit(scratch, ['install-test', 'training-operators', '--kubeconfig', kubeconfig, '--helm', '4']);
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toMatch(/✗ training-operators scenario \S+, step upgrade, Helm 4: .*conflict with "clusterrole-aggregation-controller"/);
      expect(r.stdout).toMatch(/install-test: 0 passed, \d+ failed/);
    } finally {
      writeFileSync(file, original);
    }
  }, 600_000);

  it('is not blocked by an interrupted run: SIGKILL during install-test, then the next run reclaims the cluster and passes', async () => {
    const cli = path.join(CHARTKIT_DIR, 'bin/chartkit.mjs');
    const { FORCE_COLOR: _force, ...base } = process.env;
    const env = { ...base, CHARTKIT_WORKSPACE: scratch, NO_COLOR: '1' };
    const first = execa(process.execPath, [cli, 'install-test', 'training-operators', '--helm', '4'], { cwd: scratch, env, extendEnv: false, reject: false });
    let seen = '';
    await new Promise<void>((resolve) => {
      first.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes(' install ')) resolve();
      });
      void first.finally(() => resolve());
    });
    first.kill('SIGKILL');
    await first;
    // The next run, of any chart, reclaims the killed run's cluster first.
    const second = await chartkit(scratch, ['install-test', 'hyperpod-patching', '--helm', '4']);
    expect(second.stdout).toContain('stopping the leftovers of an interrupted run');
    expect(second.stdout).toMatch(/install-test: \d+ passed, 0 failed/);
    expect(second.exitCode).toBe(0);
  }, 600_000);
});

describe('chartkit cluster stop', () => {
  it('ends every process, removes the state and the kubeconfig it wrote; a second stop has nothing to do', async () => {
    const state = readClusterState(kubeconfig)!;
    const pids = Object.values(state.pids);
    expect(pids.length).toBe(5);
    const stopped = await chartkit(REPO, ['cluster', 'stop', '--kubeconfig', kubeconfig]);
    expect(stopped.stdout).toContain('stopped the cluster');
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    expect(existsSync(clusterStateDir(kubeconfig))).toBe(false);
    expect(existsSync(kubeconfig)).toBe(false);
    expect((await chartkit(REPO, ['cluster', 'stop', '--kubeconfig', kubeconfig])).stdout).toContain('no cluster of');
  });
});
