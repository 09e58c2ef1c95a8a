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
  it('names the template of a document that does not parse', () => {
    expect(() => parseManifests(DEPLOYED)).toThrow(/^hyperpod-helm-chart\/charts\/mpi-operator\/templates\/mpijob-crd\.yaml: rendered YAML does not parse/);
  });

  it('tolerant: keeps kind and name of every object of a deployed release', () => {
    const objects = parseManifests(DEPLOYED, { tolerant: true });
    expect(objects.map((m) => [m.source, m.object.kind, (m.object.metadata as { name: string }).name])).toEqual([
      ['hyperpod-helm-chart/charts/mpi-operator/templates/mpijob-crd.yaml', 'CustomResourceDefinition', 'mpijobs.kubeflow.org'],
      ['hyperpod-helm-chart/templates/sa.yaml', 'ServiceAccount', 'sa'],
    ]);
  });
});
