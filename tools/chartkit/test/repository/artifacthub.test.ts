import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotationProblems } from '../../src/artifacthub/schema.ts';
import { packageMetadata } from '../../src/publish/helm-repo.ts';
import { chartkit, CHARTKIT_DIR } from '../helpers.ts';

/**
 * Every chart of this repository, packaged as `chartkit package -d <tmp>` does: the Artifact Hub
 * annotations in each package's Chart.yaml match Artifact Hub's documented format and say what the
 * charts really run and ship.
 */
const REPO = path.resolve(CHARTKIT_DIR, '../..');
let out: string;
const charts = new Map<string, { file: string; metadata: Record<string, unknown>; annotations: Record<string, string> }>();
const list = (chart: string, key: string): Record<string, unknown>[] => parse(charts.get(chart)!.annotations[key] ?? '[]') as Record<string, unknown>[];
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Every chart's own Chart.yaml, as it is before packaging. */
const sources = (): Map<string, string> =>
  new Map(['hyperpod', 'chaimeleon'].flatMap((dir) => readdirSync(path.join(REPO, 'packages', dir)).map((c) => [c, readFileSync(path.join(REPO, 'packages', dir, c, 'Chart.yaml'), 'utf8')] as const)));
let before: Map<string, string>;

beforeAll(async () => {
  before = sources();
  out = mkdtempSync(path.join(os.tmpdir(), 'chartkit-artifacthub-repo-'));
  const r = await chartkit(REPO, ['package', '-d', out]);
  expect(r.exitCode, r.stderr).toBe(0);
  for (const file of readdirSync(out).filter((f) => f.endsWith('.tgz'))) {
    const metadata = await packageMetadata(path.join(out, file));
    charts.set(String(metadata.name), { file: path.join(out, file), metadata, annotations: (metadata.annotations ?? {}) as Record<string, string> });
  }
}, 600_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("the repository's packages for Artifact Hub", () => {
  it('every chart is packaged, and its annotations match the documented format', () => {
    expect(charts.size).toBeGreaterThanOrEqual(21);
    for (const [name, { annotations }] of charts) expect(annotationProblems(annotations), name).toEqual([]);
  });

  it('license Apache-2.0 (the root package.json) and a Homepage link on every chart; no examples, no signKey', () => {
    for (const [name, { metadata, annotations }] of charts) {
      expect(annotations['artifacthub.io/license'], name).toBe('Apache-2.0');
      expect(list(name, 'artifacthub.io/links'), name).toContainEqual({ name: 'Homepage', url: metadata.home });
      expect(annotations['artifacthub.io/crdsExamples'], name).toBeUndefined();
      expect(annotations['artifacthub.io/signKey'], name).toBeUndefined();
    }
  });

  it('health-monitoring-agent: its one image, for the default region, once for both DaemonSets', () => {
    const tag = (parse(readFileSync(path.join(REPO, 'packages/hyperpod/health-monitoring-agent/values.yaml'), 'utf8')) as { image: { tag: string } }).image.tag;
    expect(list('health-monitoring-agent', 'artifacthub.io/images')).toEqual([
      { name: 'health-monitoring-agent', image: `767398015722.dkr.ecr.us-east-1.amazonaws.com/hyperpod-health-monitoring-agent:${tag}` },
    ]);
    expect(charts.get('health-monitoring-agent')!.annotations['artifacthub.io/crds']).toBeUndefined();
  });

  it('training-operators-crds: the five Kubeflow training CRDs it renders from files/crds', () => {
    expect(list('training-operators-crds', 'artifacthub.io/crds').map((c) => [c.kind, c.version, c.name])).toEqual([
      ['MXJob', 'v1', 'mxjobs.kubeflow.org'],
      ['PaddleJob', 'v1', 'paddlejobs.kubeflow.org'],
      ['PyTorchJob', 'v1', 'pytorchjobs.kubeflow.org'],
      ['TFJob', 'v1', 'tfjobs.kubeflow.org'],
      ['XGBoostJob', 'v1', 'xgboostjobs.kubeflow.org'],
    ]);
    expect(list('training-operators-crds', 'artifacthub.io/crds')[2]).toEqual({
      kind: 'PyTorchJob',
      version: 'v1',
      name: 'pytorchjobs.kubeflow.org',
      displayName: 'PyTorchJob',
      description: 'PyTorchJob Represents a PyTorchJob resource.',
    });
    expect(charts.get('training-operators-crds')!.annotations['artifacthub.io/images']).toBeUndefined();
    // training-operators ships them through that subchart, with its operator
    expect(list('training-operators', 'artifacthub.io/crds').map((c) => c.name)).toEqual(list('training-operators-crds', 'artifacthub.io/crds').map((c) => c.name));
    expect(list('training-operators', 'artifacthub.io/images').map((i) => i.name)).toEqual(['training-operator']);
  });

  it('mpi-operator: its CRD (copied from upstream, without a schema description) and its operator image', () => {
    expect(list('mpi-operator', 'artifacthub.io/crds')).toEqual([
      { kind: 'MPIJob', version: 'v2beta1', name: 'mpijobs.kubeflow.org', displayName: 'MPIJob', description: 'MPIJob custom resource (kubeflow.org)' },
    ]);
    expect(list('mpi-operator', 'artifacthub.io/images').map((i) => i.name)).toEqual(['mpi-operator']);
  });

  it('the umbrella lists the images and CRDs of the subcharts its defaults enable, and only those', () => {
    expect(list('hyperpod-helm-chart', 'artifacthub.io/images').map((i) => i.name)).toEqual([
      'aws-efa-k8s-device-plugin',
      'health-monitoring-agent',
      'mpi-operator',
      'neuron-device-plugin',
      'nvidia-device-plugin-ctr',
      'training-operator',
    ]);
    const crds = list('hyperpod-helm-chart', 'artifacthub.io/crds').map((c) => c.name);
    expect(crds).toEqual(['mpijobs.kubeflow.org', 'mxjobs.kubeflow.org', 'paddlejobs.kubeflow.org', 'pytorchjobs.kubeflow.org', 'tfjobs.kubeflow.org', 'xgboostjobs.kubeflow.org']);
    // the inference operator is off by default
    expect(crds.some((n) => String(n).includes('sagemaker'))).toBe(false);
  });

  it('a chart that needs values (chartkit.dev/requires-values) is described by its ci/minimal-values.yaml render', () => {
    expect(list('hyperpod-inference-operator', 'artifacthub.io/crds').map((c) => c.kind)).toEqual(['InferenceEndpointConfig', 'JumpStartModel', 'SageMakerEndpointRegistration']);
    expect(list('hyperpod-inference-operator', 'artifacthub.io/images').map((i) => i.name)).toEqual(['check-csi-drivers', 'manager']);
  });

  it('library charts render nothing: license and links only; existing annotations are kept', () => {
    for (const lib of ['hyperpod-common', 'chaimeleon-common']) {
      expect(Object.keys(charts.get(lib)!.annotations).filter((k) => k.startsWith('artifacthub.io/')).sort(), lib).toEqual(['artifacthub.io/license', 'artifacthub.io/links']);
    }
    expect(charts.get('hyperpod-helm-chart')!.annotations['chartkit.dev/umbrella']).toBe('true');
  });

  it("the charts' own Chart.yaml files are not touched, and packaging again gives the same bytes", async () => {
    expect(sources()).toEqual(before);
    const again = mkdtempSync(path.join(os.tmpdir(), 'chartkit-artifacthub-again-'));
    try {
      const r = await chartkit(REPO, ['package', 'training-operators', '-d', again]);
      expect(r.exitCode, r.stderr).toBe(0);
      for (const name of ['hyperpod-common', 'training-operators-crds', 'training-operators']) {
        const file = path.basename(charts.get(name)!.file);
        expect(sha256(path.join(again, file)), name).toBe(sha256(charts.get(name)!.file));
      }
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});
