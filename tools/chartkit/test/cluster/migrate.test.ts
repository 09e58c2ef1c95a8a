import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTool } from '../../src/adapters/toolchain.ts';
import { upstreamArchiveFile } from '../../src/adapters/operator-crds.ts';
import { chartkit, CHARTKIT_DIR } from '../helpers.ts';

/**
 * The README's migration, as a cluster admin runs it: the upstream HyperPod chart is installed as
 * release `dependencies` in kube-system (the fixture, packaged from upstream), then upgraded in
 * place to our umbrella, with --reuse-values and plain, rolled back, upgraded again. Helm 4 and 3.
 */
const REPO = path.resolve(CHARTKIT_DIR, '../..');
/** The upstream chart as packaged (../shared/fixtures/upstream-hyperpod, pinned by sha256 in versions.json upstreamArchives). */
let UPSTREAM: string;
const RELEASE = 'dependencies';
const NS = 'kube-system';
let scratch: string;
let kubeconfig: string;
let kubectlBin: string;
let umbrella: string;

const kubectl = async (args: string[]): Promise<string> => String((await execa(kubectlBin, ['--kubeconfig', kubeconfig, ...args])).stdout);

async function helm(major: 'helm' | 'helm3', args: string[]): Promise<{ exitCode: number; stdout: string; all: string }> {
  const bin = (await resolveTool(major)).path;
  const r = await execa(bin, [...args, '--kubeconfig', kubeconfig], { reject: false, all: true, env: { KUBECONFIG: kubeconfig } });
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), all: String(r.all) };
}

/** Run Helm, expect success, return its stdout. */
async function ok(major: 'helm' | 'helm3', args: string[]): Promise<string> {
  const r = await helm(major, args);
  expect(r.exitCode, `${major} ${args.join(' ')}\n${r.all}`).toBe(0);
  return r.stdout;
}

/** uid of every DaemonSet and Deployment: an object recreated by an upgrade gets a new one. */
async function workloadUids(): Promise<Record<string, string>> {
  const list = JSON.parse(await kubectl(['get', 'daemonsets,deployments', '--all-namespaces', '-o', 'json'])) as { items: { kind: string; metadata: { namespace: string; name: string; uid: string } }[] };
  return Object.fromEntries(list.items.map((o) => [`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`, o.metadata.uid]));
}

async function crd(name: string): Promise<{ metadata: { annotations?: Record<string, string> }; spec: { versions: { name: string; schema: { openAPIV3Schema: { properties: { spec: { properties: Record<string, unknown> } } } } }[] } }> {
  return JSON.parse(await kubectl(['get', 'crd', name, '-o', 'json']));
}

/** Back to a cluster without the release, its kept CRDs or its namespaces. */
async function cleanUp(major: 'helm' | 'helm3'): Promise<void> {
  await helm(major, ['uninstall', RELEASE, '--namespace', NS, '--wait', '--timeout', '3m']);
  await execa(kubectlBin, ['--kubeconfig', kubeconfig, 'delete', 'crd', '--all', '--wait=true'], { reject: false });
  for (const ns of ['aws-hyperpod', 'kubeflow', 'mpi-operator']) {
    await execa(kubectlBin, ['--kubeconfig', kubeconfig, 'delete', 'namespace', ns, '--ignore-not-found', '--wait=true'], { reject: false });
  }
}

beforeAll(async () => {
  const found = await upstreamArchiveFile('hyperpod-helm-chart', REPO);
  expect(found, 'the upstream fixture ../shared/fixtures/upstream-hyperpod/hyperpod-helm-chart-0.1.0.tgz (or CHARTKIT_HYPERPOD_UPSTREAM_CHART)').toBeDefined();
  UPSTREAM = found!;
  scratch = mkdtempSync(path.join(os.tmpdir(), 'chartkit-migrate-'));
  kubeconfig = path.join(scratch, 'kubeconfig');
  kubectlBin = (await resolveTool('kubectl')).path;
  const packaged = await chartkit(REPO, ['package', 'hyperpod-helm-chart', '--destination', path.join(scratch, 'charts')]);
  expect(packaged.exitCode, packaged.stderr).toBe(0);
  umbrella = path.join(scratch, 'charts', readdirSync(path.join(scratch, 'charts')).find((f) => f.startsWith('hyperpod-helm-chart-'))!);
  const started = await chartkit(REPO, ['cluster', 'start', '--kubeconfig', kubeconfig]);
  expect(started.exitCode, started.stderr).toBe(0);
}, 300_000);

afterAll(async () => {
  await chartkit(REPO, ['cluster', 'stop', '--kubeconfig', kubeconfig]);
  rmSync(scratch, { recursive: true, force: true });
});

describe.each([
  ['Helm 4', 'helm' as const, '4'],
  ['Helm 3', 'helm3' as const, '3'],
])('migration from the upstream HyperPod release with %s', (_label, major, helmFlag) => {
  it('upgrades in place (--reuse-values, then plain after a rollback) after one chartkit migrate, keeping every DaemonSet', async () => {
    try {
      await ok(major, ['install', RELEASE, UPSTREAM, '--namespace', NS, '--wait', '--timeout', '5m']);
      const upstreamUids = await workloadUids();
      expect(Object.keys(upstreamUids)).toEqual(expect.arrayContaining(['DaemonSet/aws-hyperpod/health-monitoring-agent', 'DaemonSet/kube-system/neuron-device-plugin-daemonset', 'Deployment/kube-system/dependencies-mpi-operator']));
      // The Kubeflow CRDs came from the upstream chart's crds/: no release owns them.
      expect((await crd('pytorchjobs.kubeflow.org')).metadata.annotations?.['meta.helm.sh/release-name']).toBeUndefined();

      const migrated = await chartkit(REPO, ['migrate', umbrella, '--release', RELEASE, '--namespace', NS, '--kubeconfig', kubeconfig, '--helm', helmFlag]);
      expect(migrated.exitCode, migrated.stdout + migrated.stderr).toBe(0);
      expect(migrated.stdout).toContain('CRD pytorchjobs.kubeflow.org: adopt into release kube-system/dependencies');
      expect(migrated.stdout).toContain('no workload to recreate: every selector is kept, no node goes unmonitored');
      expect(migrated.stdout).toContain('5 CRD(s) adopted, 0 workload(s) deleted');

      const upgraded = await ok(major, ['upgrade', RELEASE, umbrella, '--namespace', NS, '--reuse-values', '--wait', '--timeout', '5m']);
      expect(upgraded).toContain('Deprecated values');
      expect(upgraded).toMatch(/job-auto-restart\.namespace: /);
      const afterUpgrade = await workloadUids();
      for (const id of ['DaemonSet/aws-hyperpod/health-monitoring-agent', 'DaemonSet/aws-hyperpod/health-monitoring-agent-non-nvidia', 'DaemonSet/kube-system/neuron-device-plugin-daemonset', 'Deployment/kube-system/dependencies-mpi-operator']) {
        expect(afterUpgrade[id], `${id} kept (not recreated)`).toBe(upstreamUids[id]);
      }
      const pytorch = await crd('pytorchjobs.kubeflow.org');
      expect(pytorch.metadata.annotations?.['meta.helm.sh/release-name']).toBe(RELEASE);
      expect(Object.keys(pytorch.spec.versions[0]!.schema.openAPIV3Schema.properties.spec.properties)).toContain('nprocPerNode');

      // Back to the upstream revision. Helm 4 applies server-side: upstream's aggregated ClusterRoles
      // declare `rules: []`, a field the aggregation controller owns, so the rollback forces it back.
      await ok(major, ['rollback', RELEASE, '1', '--namespace', NS, '--wait', '--timeout', '5m', ...(major === 'helm' ? ['--force-conflicts'] : [])]);
      expect((await workloadUids())['DaemonSet/aws-hyperpod/health-monitoring-agent']).toBe(upstreamUids['DaemonSet/aws-hyperpod/health-monitoring-agent']);

      // A second upgrade needs no second migrate: the adopted CRDs stay with the release.
      await ok(major, ['upgrade', RELEASE, umbrella, '--namespace', NS, '--wait', '--timeout', '5m']);
      const history = JSON.parse(await ok(major, ['history', RELEASE, '--namespace', NS, '--output', 'json'])) as { status: string }[];
      expect(history.map((h) => h.status)).toEqual(['superseded', 'superseded', 'superseded', 'deployed']);
    } finally {
      await cleanUp(major);
    }
  }, 900_000);
});
