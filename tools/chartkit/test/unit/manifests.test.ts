import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../src/core/manifests.ts';

// A quoted description continued at its key's indentation, as upstream's MPIJob CRD (v0.5.0)
// ships it: Go's YAML parser (and so Helm and the API server) accepts it; the `yaml` package does not.
const DEPLOYED = [
  '---',
  '# Source: hyperpod-helm-chart/charts/mpi-operator/templates/mpijob-crd.yaml',
  'apiVersion: apiextensions.k8s.io/v1',
  'kind: CustomResourceDefinition',
  'metadata:',
  '  name: mpijobs.kubeflow.org',
  'spec:',
  '  x:',
  "    description: 'Container name: required",
  "    for volumes'",
  '---',
  '# Source: hyperpod-helm-chart/templates/sa.yaml',
  'apiVersion: v1',
  'kind: ServiceAccount',
  'metadata:',
  '  name: sa',
  '',
].join('\n');

describe('parseManifests', () => {
  it("reads what Go's YAML (Helm, the API server) reads: a quoted scalar continued at its key's indentation", () => {
    const objects = parseManifests(DEPLOYED);
    expect(objects.map((m) => m.object.kind)).toEqual(['CustomResourceDefinition', 'ServiceAccount']);
    expect((objects[0]!.object.spec as { x: { description: string } }).x.description).toBe('Container name: required for volumes');
  });

  it('names the template, line and column of a document that does not parse', () => {
    const broken = DEPLOYED.replace('kind: ServiceAccount', 'kind: ServiceAccount\n  bad: [indent');
    expect(() => parseManifests(broken)).toThrow(/^hyperpod-helm-chart\/templates\/sa\.yaml: rendered YAML does not parse: .+ at line \d+, column \d+$/);
  });

  it('refuses YAML 1.1 forms the API server reads differently: keys stay strings, dates stay strings', () => {
    const [m] = parseManifests('# Source: c/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\ndata:\n  on: yes\n  day: 2024-01-01\n  n: 010\n');
    expect(m!.object.data).toEqual({ on: 'yes', day: '2024-01-01', n: 10 });
  });

  it('tolerant: keeps kind and name of every object of a deployed release', () => {
    const objects = parseManifests(DEPLOYED, { tolerant: true });
    expect(objects.map((m) => [m.source, m.object.kind, (m.object.metadata as { name: string }).name])).toEqual([
      ['hyperpod-helm-chart/charts/mpi-operator/templates/mpijob-crd.yaml', 'CustomResourceDefinition', 'mpijobs.kubeflow.org'],
      ['hyperpod-helm-chart/templates/sa.yaml', 'ServiceAccount', 'sa'],
    ]);
  });
});
