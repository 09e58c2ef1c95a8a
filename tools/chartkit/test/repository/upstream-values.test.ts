import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, parseAllDocuments, stringify as stringifyYaml } from 'yaml';
import { resolveTool } from '../../src/adapters/toolchain.ts';
import { DEPRECATED_STRING, deprecation } from '../../src/schema/helpers.ts';
import { CHARTKIT_DIR } from '../helpers.ts';
import { upstreamArchiveFile } from '../../src/adapters/operator-crds.ts';

/**
 * Values of the upstream HyperPod chart through our umbrella, with the real Helm binaries: a cluster
 * admin's upstream values file, and what `helm upgrade --reuse-values` of an upstream release passes
 * to our chart (the release's coalesced values, as `helm get values --all` shows them), computed
 * offline from the upstream package. Both must validate and render, and the release notes must list
 * the deprecated keys they set, with their advice. Works on a copy of packages/hyperpod.
 */
const REPO = path.resolve(CHARTKIT_DIR, '../..');
/** The fixture directory (../shared/fixtures/upstream-hyperpod), found from a clean clone too. */
let FIXTURE: string;
let work: string;
let helm4: string;
let helm3: string;
const umbrella = (): string => path.join(work, 'hyperpod-helm-chart');

type Values = Record<string, unknown>;
const isMap = (v: unknown): v is Values => !!v && typeof v === 'object' && !Array.isArray(v);

/** Helm's coalescing of a chart's defaults under the values given to it: maps merge, anything else given wins, a given null removes a default. */
function coalesce(given: Values, defaults: Values): Values {
  const out: Values = { ...given };
  for (const [key, value] of Object.entries(defaults)) {
    if (!(key in given)) out[key] = structuredClone(value);
    else if (given[key] === null) delete out[key];
    else if (isMap(given[key]) && isMap(value)) out[key] = coalesce(given[key], value);
  }
  return out;
}

/** The value at a dotted path, or undefined. */
const at = (values: Values, dotted: string): unknown => dotted.split('.').reduce<unknown>((node, key) => (isMap(node) ? node[key] : undefined), values);

/**
 * What `helm get values --all` returns for a release of the chart unpacked at `dir` installed with
 * its defaults: its values.yaml with, under each subchart's name, that subchart's own coalesced
 * values when its condition holds (Helm drops disabled subcharts from the release), and the parent's
 * `global` copied into each of them.
 */
function releaseValues(dir: string, given: Values = {}): Values {
  const chart = parseYaml(readFileSync(path.join(dir, 'Chart.yaml'), 'utf8')) as { dependencies?: { name: string; alias?: string; condition?: string }[] };
  const values = coalesce(given, (parseYaml(readFileSync(path.join(dir, 'values.yaml'), 'utf8')) as Values | null) ?? {});
  for (const dep of chart.dependencies ?? []) {
    const key = dep.alias ?? dep.name;
    // The first condition path that holds a boolean decides; none means enabled.
    const flag = (dep.condition ?? '').split(',').map((c) => at(values, c.trim())).find((v) => typeof v === 'boolean');
    if (flag === false) continue;
    const sub = releaseValues(path.join(dir, 'charts', dep.name), isMap(values[key]) ? values[key] : {});
    sub.global = coalesce(isMap(values.global) ? values.global : {}, isMap(sub.global) ? sub.global : {});
    values[key] = sub;
  }
  return values;
}

/** `  - <key>: <advice>` for every deprecated key of the umbrella's schema that `values` sets, as the NOTES should list them. */
function expectedNotes(schema: Values, values: unknown, prefix = ''): string[] {
  if (!isMap(values) || !isMap(schema.properties)) return [];
  // Helm ranges over a map in key order.
  const entries = Object.entries(schema.properties).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.flatMap(([key, prop]) => {
    if (key === 'global' || !(key in values) || !isMap(prop)) return [];
    const dotted = `${prefix}${key}`;
    if (prop.deprecated === true) return values[key] === null || values[key] === '' ? [] : [`  - ${dotted}: ${deprecation(String(prop.description))!.advice}`];
    if (typeof values[key] === 'string' && typeof prop[DEPRECATED_STRING] === 'string') return [`  - ${dotted}: ${prop[DEPRECATED_STRING]}`];
    return expectedNotes(prop, values[key], `${dotted}.`);
  });
}

async function helm(bin: string, args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const r = await execa(bin, args, { reject: false, cwd: work });
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

const HELMS = [
  ['Helm 4', (): string => helm4],
  ['Helm 3', (): string => helm3],
] as const;

const scenarios = {
  "the upstream umbrella's values.yaml": (): string => path.join(FIXTURE, 'values.yaml'),
  'the coalesced values of an upstream release (--reuse-values)': (): string => path.join(work, 'upstream-release-values.yaml'),
  'the coalesced values of an upstream release with mlflow on': (): string => path.join(work, 'upstream-release-mlflow-values.yaml'),
};

beforeAll(async () => {
  const archive = await upstreamArchiveFile('hyperpod-helm-chart', REPO);
  expect(archive, 'the upstream fixture ../shared/fixtures/upstream-hyperpod (or CHARTKIT_HYPERPOD_UPSTREAM_CHART)').toBeDefined();
  FIXTURE = path.dirname(archive!);
  work = mkdtempSync(path.join(os.tmpdir(), 'hyperpod-upstream-values-'));
  cpSync(path.join(REPO, 'packages/hyperpod'), work, { recursive: true, filter: (src) => !/\/(charts|node_modules)$|Chart\.lock$/.test(src) });
  helm4 = (await resolveTool('helm')).path;
  helm3 = (await resolveTool('helm3')).path;
  // As the umbrella README's install: training-operators' own subchart (the Kubeflow CRDs) first.
  expect((await helm(helm4, ['dependency', 'update', path.join(work, 'training-operators')])).exitCode).toBe(0);
  expect((await helm(helm4, ['dependency', 'update', umbrella()])).exitCode).toBe(0);
  const upstream = path.join(work, 'upstream');
  mkdirSync(upstream);
  await tar.x({ file: path.join(FIXTURE, 'hyperpod-helm-chart-0.1.0.tgz'), cwd: upstream });
  writeFileSync(scenarios['the coalesced values of an upstream release (--reuse-values)'](), stringifyYaml(releaseValues(path.join(upstream, 'hyperpod-helm-chart'))));
  writeFileSync(scenarios['the coalesced values of an upstream release with mlflow on'](), stringifyYaml(releaseValues(path.join(upstream, 'hyperpod-helm-chart'), { mlflow: { enabled: true } })));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('values of the upstream HyperPod chart through our umbrella', () => {
  it("computes an upstream release's coalesced values from its package, as helm get values --all shows them", () => {
    const values = parseYaml(readFileSync(scenarios['the coalesced values of an upstream release (--reuse-values)'](), 'utf8')) as Values;
    // The upstream umbrella's own keys, its subcharts' defaults under their names, global copied in.
    expect(at(values, 'replicaCount')).toBe(1);
    expect(at(values, 'mpi-operator.mpiOperator.image.tag')).toBe('0.5');
    expect(at(values, 'mpi-operator.global')).toEqual({ region: '' });
    expect(at(values, 'health-monitoring-agent.namespace')).toBe('aws-hyperpod');
    expect(at(values, 'training-operators.createNamespace')).toBe(true);
    // The umbrella's values win over a subchart's defaults; NVIDIA's nulls stay.
    expect(at(values, 'nvidia-device-plugin.namespaceOverride')).toBe('kube-system');
    expect(at(values, 'nvidia-device-plugin.failOnInitError')).toBeNull();
    expect(at(values, 'aws-efa-k8s-device-plugin.supportedInstanceLabels.values')).toContain('ml.p5.48xlarge');
    // A disabled subchart keeps only its switch; one disabled in a subchart (NVIDIA's node-feature-discovery) is left out too.
    expect(at(values, 'mlflow')).toEqual({ enabled: false });
    expect(at(values, 'gpu-operator')).toEqual({ enabled: false });
    expect(at(values, 'nvidia-device-plugin.node-feature-discovery')).toBeUndefined();
  });

  for (const [label, bin] of HELMS) {
    for (const [scenario, file] of Object.entries(scenarios)) {
      it(`${label}: validates and renders ${scenario}`, async () => {
        const r = await helm(bin(), ['template', 'dependencies', umbrella(), '--namespace', 'kube-system', '-f', file()]);
        expect(r.stderr).not.toMatch(/Error|schema/);
        expect(r.exitCode).toBe(0);
        expect(r.stdout).toContain('# Source: hyperpod-helm-chart/charts/mpi-operator/templates/deployment.yaml');
      });
    }
  }

  // `helm upgrade --reuse-values` does not pass the old values as user values: it replaces this
  // chart's own values.yaml with them (chart.Values = the old release's coalesced values, in Helm 4
  // and 3), so the umbrella's defaults, global.hyperpodUmbrella among them, are gone. A copy of the
  // umbrella with that values.yaml renders exactly what such an upgrade renders.
  for (const [label, bin] of HELMS) {
    it(`${label}: renders an upgrade of an upstream release with --reuse-values, each shared namespace created once`, async () => {
      const reused = path.join(work, `reuse-${label.replace(' ', '')}`, 'hyperpod-helm-chart');
      cpSync(umbrella(), reused, { recursive: true });
      cpSync(scenarios['the coalesced values of an upstream release (--reuse-values)'](), path.join(reused, 'values.yaml'));
      const r = await helm(bin(), ['template', 'dependencies', reused, '--namespace', 'kube-system', '--is-upgrade']);
      expect(r.stderr).not.toMatch(/Error/);
      expect(r.exitCode).toBe(0);
      const namespaces = parseAllDocuments(r.stdout).map((d) => d.toJS() as { kind?: string; metadata?: { name: string } }).filter((o) => o?.kind === 'Namespace');
      expect(namespaces.map((o) => o.metadata!.name).sort()).toEqual(['aws-hyperpod', 'kubeflow']);
    });
  }

  // Helm 4 renders the release notes of `install --dry-run=client` without a cluster; Helm 3 needs
  // a reachable API server even then (and `helm template` prints no notes in either).
  for (const [scenario, file] of Object.entries(scenarios)) {
    it(`Helm 4: the release notes of ${scenario} list every deprecated key it sets, with its advice`, async () => {
      const r = await helm(helm4, ['install', 'dependencies', umbrella(), '--namespace', 'kube-system', '--dry-run=client', '-f', file()]);
      expect(r.exitCode).toBe(0);
      const notes = r.stdout.slice(r.stdout.indexOf('\nNOTES:\n'));
      const listed = notes.slice(notes.indexOf('move them to the new keys:\n') + 'move them to the new keys:\n'.length).trimEnd().split('\n');
      const schema = JSON.parse(readFileSync(path.join(umbrella(), 'values.schema.json'), 'utf8')) as Values;
      const expected = expectedNotes(schema, parseYaml(readFileSync(file(), 'utf8')));
      expect(listed).toEqual(expected);
      expect(listed).toContain(`  - nvidia-device-plugin.namespaceOverride: use namespace.name; a non-empty namespaceOverride replaces it.`);
      expect(listed.some((l) => l.startsWith('  - gpu-operator: ') && l.includes('not part of this chart'))).toBe(true);
      // Deprecated switches are not offered as components to turn on.
      expect(notes).not.toMatch(/- (gpu-operator|cert-manager|ingress|autoscaling)\.enabled/);
    });
  }

  it("Helm 4: upstream's mlflow.serviceAccount names the ServiceAccount of an upstream release with mlflow on", async () => {
    const r = await helm(helm4, ['template', 'dependencies', umbrella(), '--namespace', 'kube-system', '-f', scenarios['the coalesced values of an upstream release with mlflow on'](), '--show-only', 'charts/mlflow/templates/serviceaccount.yaml']);
    expect(r.exitCode).toBe(0);
    const sa = parseYaml(r.stdout) as { metadata: { name: string; namespace: string; annotations: Record<string, string> } };
    expect(sa.metadata.name).toBe('mlflow-service-account1');
    expect(sa.metadata.namespace).toBe('kubeflow');
    expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::555555555555:role/hyperpod-mlflow-role');
  });

  it('Helm 4: the release notes of the --reuse-values case also list the subcharts\' upstream keys', async () => {
    const r = await helm(helm4, ['install', 'dependencies', umbrella(), '--namespace', 'kube-system', '--dry-run=client', '-f', scenarios['the coalesced values of an upstream release (--reuse-values)']()]);
    for (const key of ['mpi-operator.mpiOperator', 'health-monitoring-agent.namespace', 'training-operators.createNamespace', 'aws-efa-k8s-device-plugin.supportedInstanceLabels']) {
      expect(r.stdout).toContain(`\n  - ${key}: `);
    }
    // upstream's imageTag: "" does nothing, so it is not reported
    expect(r.stdout).not.toContain('\n  - health-monitoring-agent.imageTag: ');
  });
});
