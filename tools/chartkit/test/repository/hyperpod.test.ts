import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTool } from '../../src/adapters/toolchain.ts';
import { parseManifests } from '../../src/core/manifests.ts';
import { CHARTKIT_DIR } from '../helpers.ts';

/**
 * The HyperPod charts of this repository, through the seed's procedure with the real Helm binaries:
 * what helm-unittest cannot show (the whole umbrella, dependency builds, Helm 3 and 4 side by side).
 * Each test works on a copy of packages/hyperpod, as a user's checkout would be.
 */
const REPO = path.resolve(CHARTKIT_DIR, '../..');
let work: string;
let helm4: string;
let helm3: string;
const umbrella = (): string => path.join(work, 'hyperpod-helm-chart');

const SEED_DEFAULTS = [
  'aws-efa-k8s-device-plugin',
  'deep-health-check',
  'health-monitoring-agent',
  'hyperpod-patching',
  'job-auto-restart',
  'mpi-operator',
  'neuron-device-plugin',
  'nvidia-device-plugin',
  'training-operators',
];

async function helm(bin: string, args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const r = await execa(bin, args, { reject: false, cwd: work });
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** The manifests of `helm install --dry-run` or `helm template` output (without the release notes). */
function manifestsOf(text: string): ReturnType<typeof parseManifests> {
  const start = text.indexOf('MANIFEST:\n');
  const body = start === -1 ? text : text.slice(start + 'MANIFEST:\n'.length);
  const notes = body.indexOf('\nNOTES:\n');
  return parseManifests(notes === -1 ? body : body.slice(0, notes));
}

/** Components that rendered at least one object: subcharts, and the team roles the umbrella renders itself. */
function renderedSubcharts(text: string): string[] {
  const names = new Set<string>();
  for (const m of manifestsOf(text)) {
    const match = /^hyperpod-helm-chart\/(?:charts\/([^/]+)\/|templates\/(team-role-and-bindings)\.yaml)/.exec(m.source);
    if (match) names.add((match[1] ?? match[2])!);
  }
  return [...names].sort();
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'hyperpod-checkout-'));
  cpSync(path.join(REPO, 'packages/hyperpod'), work, { recursive: true, filter: (src) => !/\/(charts|node_modules)$|Chart\.lock$/.test(src) });
  helm4 = (await resolveTool('helm')).path;
  helm3 = (await resolveTool('helm3')).path;
  // The seed's steps 1 and 2 (umbrella README): lint, then build the subcharts into charts/,
  // training-operators' own (its CRD subchart) before the umbrella's.
  expect((await helm(helm4, ['dependency', 'update', path.join(work, 'training-operators')])).exitCode).toBe(0);
  expect((await helm(helm4, ['dependency', 'update', umbrella()])).exitCode).toBe(0);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the HyperPod umbrella, as the seed installs it', () => {
  it('passes helm lint', async () => {
    const r = await helm(helm4, ['lint', umbrella()]);
    expect(r.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
  });

  it('installs with defaults exactly the seed\'s enabled-by-default components', async () => {
    const r = await helm(helm4, ['install', 'dependencies', umbrella(), '--namespace', 'kube-system', '--dry-run=client']);
    expect(r.stderr).toBe('');
    expect(renderedSubcharts(r.stdout)).toEqual(SEED_DEFAULTS);
  });

  it('installs every component when everything is switched on', async () => {
    const r = await helm(helm4, ['template', 'dependencies', umbrella(), '--namespace', 'kube-system', '--include-crds', '-f', path.join(umbrella(), 'ci/all-values.yaml')]);
    expect(r.exitCode).toBe(0);
    expect(renderedSubcharts(r.stdout)).toEqual(
      [...SEED_DEFAULTS, 'cluster-role-and-bindings', 'hyperpod-inference-operator', 'mlflow', 'namespaced-role-and-bindings', 'storage', 'team-role-and-bindings'].sort(),
    );
  });

  it('renders the five Kubeflow CRDs from training-operators\' subchart, with training-operators.crds.* reaching it', async () => {
    const crdsOf = async (args: string[]): Promise<{ metadata: { name: string; annotations?: Record<string, string> } }[]> => {
      const r = await helm(helm4, ['template', 'dependencies', umbrella(), '--namespace', 'kube-system', '--include-crds', ...args]);
      expect(r.exitCode, r.stderr).toBe(0);
      return manifestsOf(r.stdout)
        .filter((m) => m.source.startsWith('hyperpod-helm-chart/charts/training-operators/charts/crds/'))
        .map((m) => m.object as { metadata: { name: string; annotations?: Record<string, string> } });
    };
    const kept = await crdsOf([]);
    expect(kept.map((c) => c.metadata.name).sort()).toEqual(['mxjobs.kubeflow.org', 'paddlejobs.kubeflow.org', 'pytorchjobs.kubeflow.org', 'tfjobs.kubeflow.org', 'xgboostjobs.kubeflow.org']);
    expect(kept.map((c) => c.metadata.annotations?.['helm.sh/resource-policy'])).toEqual(Array(5).fill('keep'));
    expect((await crdsOf(['--set', 'training-operators.crds.keep=false'])).map((c) => c.metadata.annotations?.['helm.sh/resource-policy'])).toEqual(Array(5).fill(undefined));
    expect(await crdsOf(['--set', 'training-operators.crds.install=false'])).toEqual([]);
  });

  it('stops with one line when training-operators was packaged without its CRD subchart', async () => {
    const bare = mkdtempSync(path.join(os.tmpdir(), 'hyperpod-bare-'));
    try {
      cpSync(path.join(REPO, 'packages/hyperpod'), bare, { recursive: true, filter: (src) => !/\/(charts|node_modules)$|Chart\.lock$/.test(src) });
      const dir = path.join(bare, 'hyperpod-helm-chart');
      expect((await helm(helm4, ['dependency', 'update', dir])).exitCode).toBe(0);
      const r = await helm(helm4, ['install', 'dependencies', dir, '--namespace', 'kube-system', '--dry-run=client']);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toContain('training-operators: crds.install is true but its CRD subchart training-operators-crds is not in charts/: run helm dependency update on the training-operators directory first');
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it('creates the team roles for hyperpod-ns-<id> from --set computeQuotaTarget.targetId at the umbrella', async () => {
    const r = await helm(helm4, ['install', 'dependencies', umbrella(), '--namespace', 'kube-system', '--dry-run=client', '--set', 'team-role-and-bindings.enabled=true', '--set', 'computeQuotaTarget.targetId=abc']);
    expect(r.exitCode).toBe(0);
    const objects = manifestsOf(r.stdout).map((m) => m.object as { kind: string; metadata: { name: string; namespace?: string } });
    expect(objects.filter((o) => o.metadata.name.startsWith('hyperpod-ns-abc')).map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ClusterRole/hyperpod-ns-abc-cluster-role',
      'ClusterRoleBinding/hyperpod-ns-abc-cluster-role-binding',
      'Role/hyperpod-ns-abc-namespace-role',
      'RoleBinding/hyperpod-ns-abc-namespace-role-binding',
    ]);
    expect(objects.find((o) => o.kind === 'Role' && o.metadata.name === 'hyperpod-ns-abc-namespace-role')!.metadata.namespace).toBe('hyperpod-ns-abc');
  });

  it('upgrades with --reuse-values as documented (rendered as an upgrade)', async () => {
    const r = await helm(helm4, ['template', 'dependencies', umbrella(), '--namespace', 'kube-system', '--is-upgrade', '--set', 'global.region=us-west-2']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('905418368575.dkr.ecr.us-west-2.amazonaws.com/hyperpod-health-monitoring-agent:');
  });

  for (const [label, bin] of [
    ['Helm 4', (): string => helm4],
    ['Helm 3', (): string => helm3],
  ] as const) {
    it(`${label}: rejects the misspelt namespaced-role-and-bindings.enable, naming the key`, async () => {
      const r = await helm(bin(), ['template', 'dependencies', umbrella(), '--set', 'namespaced-role-and-bindings.enable=true']);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toContain("additional properties 'enable' not allowed");
    });

    it(`${label}: rejects health-monitoring-agent.enabled=maybe, naming the type`, async () => {
      const r = await helm(bin(), ['template', 'dependencies', umbrella(), '--set', 'health-monitoring-agent.enabled=maybe']);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toMatch(/health-monitoring-agent:[\s\S]*'\/enabled': got string, want boolean/);
    });

    it(`${label}: accepts global.region`, async () => {
      expect((await helm(bin(), ['template', 'dependencies', umbrella(), '--set', 'global.region=us-west-2'])).exitCode).toBe(0);
    });
  }

  it('installs one subchart alone with its own --set', async () => {
    const dir = path.join(work, 'team-role-and-bindings');
    expect((await helm(helm4, ['dependency', 'update', dir])).exitCode).toBe(0);
    const r = await helm(helm4, ['install', 'team-roles', dir, '--namespace', 'kube-system', '--dry-run=client', '--set', 'computeQuotaTarget.targetId=abc']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('name: hyperpod-ns-abc-namespace-role');
    const missing = await helm(helm4, ['install', 'team-roles', dir, '--namespace', 'kube-system', '--dry-run=client']);
    expect(missing.exitCode).not.toBe(0);
    expect(missing.stderr).toContain('set computeQuotaTarget.targetId');
  });
});

describe('chartkit new subchart on the real umbrella', () => {
  it('creates demo-addon with the hyperpod-common helpers; it lints and tests clean and the umbrella renders it when enabled', async () => {
    const scratch = mkdtempSync(path.join(CHARTKIT_DIR, '.scratch', 'hyperpod-'));
    try {
      writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module', workspaces: ['packages/*/*'] }));
      cpSync(path.join(REPO, 'packages/hyperpod'), path.join(scratch, 'packages/hyperpod'), { recursive: true, filter: (src) => !/\/charts$|Chart\.lock$/.test(src) });
      const cli = (args: string[]) => execa(process.execPath, [path.join(CHARTKIT_DIR, 'bin/chartkit.mjs'), ...args], { cwd: scratch, reject: false, env: { ...process.env, CHARTKIT_WORKSPACE: scratch } });
      const created = await cli(['new', 'subchart', 'demo-addon']);
      expect(created.exitCode).toBe(0);
      expect(readFileSync(path.join(scratch, 'packages/hyperpod/demo-addon/Chart.yaml'), 'utf8')).toContain('repository: file://../hyperpod-common');
      const checks = await cli(['lint', 'demo-addon', 'hyperpod-helm-chart', '--helm', '4']);
      expect(checks.stdout).toContain('✓ demo-addon: lint passed');
      expect(checks.stdout).toContain('✓ hyperpod-helm-chart: lint passed');
      expect((await cli(['test', 'demo-addon', 'hyperpod-helm-chart'])).exitCode).toBe(0);
      // lint and test never write charts/ into chart directories: render the package
      expect((await cli(['package', 'hyperpod-helm-chart', '-d', path.join(scratch, 'out')])).exitCode).toBe(0);
      const umbrella = path.join(scratch, 'out', readdirSync(path.join(scratch, 'out')).find((f) => f.startsWith('hyperpod-helm-chart-'))!);
      const on = await execa(helm4, ['template', 'dependencies', umbrella, '--set', 'demo-addon.enabled=true']);
      expect(on.stdout).toContain('# Source: hyperpod-helm-chart/charts/demo-addon/templates/serviceaccount.yaml');
      expect(on.stdout).toContain('app.kubernetes.io/part-of: hyperpod');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('packaging', () => {
  it('packages the umbrella, its 16 subcharts and training-operators\' CRD subchart byte-for-byte reproducibly (Helm writes subcharts in random order)', async () => {
    const a = mkdtempSync(path.join(os.tmpdir(), 'pkg-a-'));
    const b = mkdtempSync(path.join(os.tmpdir(), 'pkg-b-'));
    try {
      const cli = path.join(CHARTKIT_DIR, 'bin/chartkit.mjs');
      for (const dest of [a, b]) await execa(process.execPath, [cli, 'package', 'hyperpod-helm-chart', '-d', dest], { cwd: REPO });
      // whatever the umbrella's version is: the test must survive a version bump
      const umbrella = (dir: string): string => path.join(dir, readdirSync(dir).find((f) => /^hyperpod-helm-chart-\d.*\.tgz$/.test(f))!);
      const digest = (dir: string): string => readFileSync(umbrella(dir)).toString('base64');
      expect(digest(a)).toBe(digest(b));
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });
});

describe('instance-type data', () => {
  it('adding an instance family is one edit in hyperpod-common, picked up by every chart that lists instance types', async () => {
    const data = path.join(work, 'hyperpod-common/templates/_data.tpl');
    const original = readFileSync(data, 'utf8');
    try {
      writeFileSync(data, original.replace('instanceFamilies:\n', 'instanceFamilies:\n  - {family: g9x, accelerator: nvidia, sizes: [12xlarge], efaSizes: [12xlarge]}\n'));
      for (const chart of ['health-monitoring-agent', 'nvidia-device-plugin', 'aws-efa-k8s-device-plugin']) {
        const dir = path.join(work, chart);
        expect((await helm(helm4, ['dependency', 'update', dir])).exitCode).toBe(0);
        const r = await helm(helm4, ['template', 'x', dir]);
        expect(r.exitCode).toBe(0);
        expect(r.stdout, chart).toContain('- ml.g9x.12xlarge');
      }
      const neuron = path.join(work, 'neuron-device-plugin');
      expect((await helm(helm4, ['dependency', 'update', neuron])).exitCode).toBe(0);
      expect((await helm(helm4, ['template', 'x', neuron])).stdout).not.toContain('ml.g9x');
    } finally {
      writeFileSync(data, original);
    }
  });
});
