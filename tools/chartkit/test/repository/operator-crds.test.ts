import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { helm } from '../../src/adapters/helm.ts';
import { OPERATOR_CRD_CHARTS, operatorCrdSource } from '../../src/adapters/operator-crds.ts';
import { CRD_COPIES_DIR, planCrdCopies, sha256Hex, SOURCES_FILE, type CrdSource, type CrdSourceFile, type SourcesRecord } from '../../src/core/crd-copies.ts';
import { staleCrdCopies } from '../../src/adapters/workspace-files.ts';
import { crdFidelityLosses, type FidelityOptions } from '../../src/core/crd-fidelity.ts';
import { parseManifests } from '../../src/core/manifests.ts';
import { renderChart, type Rendered } from '../../src/testing/index.ts';
import inferenceValues from '../../../../packages/hyperpod/hyperpod-inference-operator/values.schema.ts';
import mpiValues from '../../../../packages/hyperpod/mpi-operator/values.schema.ts';
import trainingCrdsValues from '../../../../packages/hyperpod/training-operators-crds/values.schema.ts';
import trainingValues from '../../../../packages/hyperpod/training-operators/values.schema.ts';
import { CHARTKIT_DIR } from '../helpers.ts';

/**
 * The operators' CRDs the HyperPod charts ship (toolchain/versions.json operatorCrds): each chart
 * keeps byte-for-byte copies of the pinned source files, and renders every one of them with nothing
 * lost or changed (schema fields and their keywords, required lists, subresources, served/storage,
 * scope, names, printer columns), only the chart's metadata added.
 */
const REPO = path.resolve(CHARTKIT_DIR, '../..');
const chartDir = (chart: string): string => path.join(REPO, 'packages/hyperpod', chart);

type Obj = Record<string, any>;

interface Case {
  render: () => Promise<Rendered>;
  /** What the chart sets itself instead of the source. */
  fidelity?: FidelityOptions;
}

const CASES: Record<string, Case> = {
  'training-operators-crds': { render: () => renderChart(trainingCrdsValues, chartDir('training-operators-crds'), {}) },
  'mpi-operator': { render: () => renderChart(mpiValues, chartDir('mpi-operator'), {}) },
  'hyperpod-inference-operator': {
    render: () => renderChart(inferenceValues, chartDir('hyperpod-inference-operator'), parse(readFileSync(path.join(chartDir('hyperpod-inference-operator'), 'ci/minimal-values.yaml'), 'utf8'))),
    // Upstream writes these as templates of its own values ({{ .Values.shortPrefix }}, …); the chart
    // points them at its own webhook Service and cert-manager Certificate.
    fidelity: { chartOwnedSpec: ['conversion'], chartOwnedAnnotations: ['cert-manager.io/inject-ca-from'] },
  },
};

/**
 * The source files as Kubernetes tools read them: parsed by Helm's fromYaml (Go YAML, as kubectl
 * does). The mpi-operator file has quoted scalars that Go accepts and strict YAML 1.2 does not.
 */
async function parsedByHelm(files: readonly CrdSourceFile[]): Promise<Map<string, Obj>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chartkit-crd-source-'));
  try {
    mkdirSync(path.join(dir, 'files'));
    mkdirSync(path.join(dir, 'templates'));
    writeFileSync(path.join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: crd-source\nversion: 0.0.0\n');
    files.forEach((f, i) => {
      writeFileSync(path.join(dir, 'files', f.file), f.bytes);
      writeFileSync(path.join(dir, 'templates', `${i}.yaml`), `{{ .Files.Get "files/${f.file}" | fromYaml | toJson }}\n`);
    });
    const result = await helm('helm', ['template', 'source', dir]);
    expect(result.exitCode, result.all).toBe(0);
    const objects = parseManifests(result.stdout).map((m) => m.object as Obj);
    for (const o of objects) expect(o.Error, 'fromYaml of a source file').toBeUndefined();
    return new Map(objects.map((o) => [o.metadata.name as string, o]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const schemaOf = (crd: Obj, version: string): Obj => crd.spec.versions.find((v: Obj) => v.name === version).schema.openAPIV3Schema;

it('pins the CRDs of exactly the three charts that hold them', () => {
  expect(OPERATOR_CRD_CHARTS().sort()).toEqual(Object.keys(CASES).sort());
});

describe.each(Object.keys(CASES))('%s', (chart) => {
  let src: CrdSource;
  let sources: Map<string, Obj>;
  let rendered: Rendered;
  beforeAll(async () => {
    src = await operatorCrdSource(chart, REPO);
    [sources, rendered] = await Promise.all([parsedByHelm(src.files), CASES[chart]!.render()]);
  });

  it('keeps byte-for-byte copies of the pinned source files, each recorded with its sha256', () => {
    const dir = chartDir(chart);
    const found = staleCrdCopies(dir, planCrdCopies(dir, src));
    expect({ stale: found.stale.map((f) => f.file), extra: found.extra }, 'run npx chartkit crds sync').toEqual({ stale: [], extra: [] });
    const record = JSON.parse(readFileSync(path.join(dir, CRD_COPIES_DIR, SOURCES_FILE), 'utf8')) as SourcesRecord;
    expect(record.files.map((f) => f.file)).toEqual(src.files.map((f) => f.file));
    for (const f of src.files) {
      const copy = sha256Hex(readFileSync(path.join(dir, CRD_COPIES_DIR, f.file)));
      expect(copy, f.file).toBe(sha256Hex(f.bytes));
      expect(record.files.find((r) => r.file === f.file)!.sha256, f.file).toBe(copy);
    }
  });

  it('renders every CRD of the source, and no other', () => {
    const names = rendered.all('CustomResourceDefinition').map((o) => (o.metadata as Obj).name as string);
    expect(names.sort()).toEqual([...sources.keys()].sort());
  });

  it('renders each CRD as published: nothing lost or changed, only the chart metadata added', () => {
    for (const [name, source] of sources) {
      const crd = rendered.get('CustomResourceDefinition', name);
      expect(crdFidelityLosses(source, crd, CASES[chart]!.fidelity), name).toEqual([]);
      expect((crd.metadata as Obj).labels['app.kubernetes.io/managed-by'], name).toBe('Helm');
      expect((crd.metadata as Obj).annotations['helm.sh/resource-policy'], name).toBe('keep');
    }
  });
});

describe('training-operators, which holds its CRDs in the subchart training-operators-crds (aliased crds)', () => {
  it('renders the same five CRDs as that chart alone, with its crds.keep', async () => {
    const [parent, alone, unkept] = await Promise.all([
      renderChart(trainingValues, chartDir('training-operators'), {}),
      CASES['training-operators-crds']!.render(),
      // crds.* are the subchart's values (the alias), not in training-operators' own definition.
      renderChart(trainingValues, chartDir('training-operators'), { crds: { keep: false } } as never),
    ]);
    const crds = (r: Rendered): Obj[] => r.all('CustomResourceDefinition').sort((a, b) => String((a.metadata as Obj).name).localeCompare(String((b.metadata as Obj).name)));
    expect(crds(parent)).toHaveLength(5);
    expect(crds(parent)).toEqual(crds(alone));
    expect(crds(unkept).map((c) => (c.metadata as Obj).annotations['helm.sh/resource-policy'])).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('the comparison fails on a copy that lost something', () => {
  /** The rendered CRD, as a copy with `mutate` applied would render it. */
  async function lossesAfter(chart: string, name: string, mutate: (crd: Obj) => void): Promise<string[]> {
    const src = await operatorCrdSource(chart, REPO);
    const source = (await parsedByHelm(src.files)).get(name)!;
    const copy = structuredClone(source);
    mutate(copy);
    return crdFidelityLosses(source, copy, CASES[chart]!.fidelity);
  }

  it('PyTorchJob without spec.nprocPerNode', async () => {
    const losses = await lossesAfter('training-operators-crds', 'pytorchjobs.kubeflow.org', (crd) => delete schemaOf(crd, 'v1').properties.spec.properties.nprocPerNode);
    expect(losses).toEqual(['v1 .spec.nprocPerNode: field lost (type "string")']);
  });

  it('PaddleJob without its scale subresource', async () => {
    const losses = await lossesAfter('training-operators-crds', 'paddlejobs.kubeflow.org', (crd) => delete crd.spec.versions[0].subresources.scale);
    expect(losses).toEqual([expect.stringMatching(/^v1 subresources: \{"scale":\{"labelSelectorPath":"\.status\.replicaStatuses\.Worker\.selector".* became \{"status":\{\}\}$/)]);
  });

  it('MPIJob without spec.runLauncherAsWorker', async () => {
    const losses = await lossesAfter('mpi-operator', 'mpijobs.kubeflow.org', (crd) => delete schemaOf(crd, 'v2beta1').properties.spec.properties.runLauncherAsWorker);
    expect(losses).toEqual(['v2beta1 .spec.runLauncherAsWorker: field lost (type "boolean")']);
  });

  it('InferenceEndpointConfig v1 requiring instanceType', async () => {
    const losses = await lossesAfter('hyperpod-inference-operator', 'inferenceendpointconfigs.inference.sagemaker.aws.amazon.com', (crd) => schemaOf(crd, 'v1').properties.spec.required.unshift('instanceType'));
    expect(losses).toEqual(['v1 .spec: required ["modelName","modelSourceConfig","worker"] became ["instanceType","modelName","modelSourceConfig","worker"]']);
  });
});
