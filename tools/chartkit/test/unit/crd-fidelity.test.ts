import { describe, expect, it } from 'vitest';
import { crdFidelityLosses, schemaNodes, type FidelityOptions } from '../../src/core/crd-fidelity.ts';

type Obj = Record<string, any>;

/** A small CRD shaped like the operators' (two versions, scale subresource, nested and mapped fields). */
function source(): Obj {
  const schema = {
    type: 'object',
    description: 'A job.',
    properties: {
      spec: {
        type: 'object',
        required: ['replicaSpecs'],
        properties: {
          nprocPerNode: { type: 'string', description: 'Processes per node.' },
          replicaSpecs: {
            type: 'object',
            additionalProperties: { type: 'object', properties: { replicas: { type: 'integer', format: 'int32' }, template: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
          },
          ports: { type: 'array', items: { type: 'object', required: ['port'], properties: { port: { type: 'integer' } } }, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['port'] },
        },
      },
      status: { type: 'object', properties: { replicas: { type: 'integer' }, selector: { type: 'string' } } },
    },
  };
  const version = (name: string, storage: boolean): Obj => ({
    name,
    served: true,
    storage,
    subresources: { status: {}, scale: { specReplicasPath: '.spec.replicaSpecs.Worker.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
    additionalPrinterColumns: [{ name: 'State', type: 'string', jsonPath: '.status.conditions[-1:].type' }],
    schema: { openAPIV3Schema: structuredClone(schema) },
  });
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'jobs.example.org', annotations: { 'controller-gen.kubebuilder.io/version': 'v0.14.0', 'cert-manager.io/inject-ca-from': '{{ .Values.ns }}/cert' }, labels: { app: 'operator' } },
    spec: {
      group: 'example.org',
      names: { kind: 'Job', listKind: 'JobList', plural: 'jobs', singular: 'job' },
      scope: 'Namespaced',
      conversion: { strategy: 'None' },
      versions: [version('v1', true), version('v1alpha1', false)],
    },
  };
}

/** What a chart renders from it: the same, with its labels and keep annotation merged in. */
function rendered(): Obj {
  const r = source();
  r.metadata.labels['app.kubernetes.io/managed-by'] = 'Helm';
  r.metadata.annotations['helm.sh/resource-policy'] = 'keep';
  return r;
}

const spec = (o: Obj, version = 0): Obj => o.spec.versions[version].schema.openAPIV3Schema.properties.spec;

/** What the comparison says of a render changed by `mutate`. */
function lossesAfter(mutate: (r: Obj) => void, options?: FidelityOptions): string[] {
  const r = rendered();
  mutate(r);
  return crdFidelityLosses(source(), r, options);
}

describe('schemaNodes', () => {
  it('names every node by path: properties, items ([*]) and additionalProperties ({*})', () => {
    expect([...schemaNodes(source().spec.versions[0].schema.openAPIV3Schema).keys()]).toEqual([
      '.',
      '.spec',
      '.spec.nprocPerNode',
      '.spec.replicaSpecs',
      '.spec.replicaSpecs{*}',
      '.spec.replicaSpecs{*}.replicas',
      '.spec.replicaSpecs{*}.template',
      '.spec.ports',
      '.spec.ports[*]',
      '.spec.ports[*].port',
      '.status',
      '.status.replicas',
      '.status.selector',
    ]);
  });
});

describe('crdFidelityLosses', () => {
  it('accepts the source with the chart metadata merged in (labels and annotations added)', () => {
    expect(crdFidelityLosses(source(), rendered())).toEqual([]);
  });

  it('reports a field removed from the copy, in every version, with its type', () => {
    const losses = lossesAfter((r) => {
      delete spec(r, 0).properties.nprocPerNode;
      delete spec(r, 1).properties.replicaSpecs.additionalProperties.properties.template;
    });
    expect(losses).toEqual(['v1 .spec.nprocPerNode: field lost (type "string")', 'v1alpha1 .spec.replicaSpecs{*}.template: field lost (type "object")']);
  });

  it('reports a changed type, a lost required entry, a lost description and a lost x-kubernetes keyword', () => {
    const losses = lossesAfter((r) => {
      spec(r).properties.ports.items.properties.port.type = 'string';
      spec(r).required = [];
      delete spec(r).properties.nprocPerNode.description;
      delete spec(r).properties.ports['x-kubernetes-list-type'];
    });
    expect(losses).toEqual([
      'v1 .spec: required ["replicaSpecs"] became []',
      'v1 .spec.nprocPerNode: description "Processes per node." became nothing',
      'v1 .spec.ports: x-kubernetes-list-type "map" became nothing',
      'v1 .spec.ports[*].port: type "integer" became "string"',
    ]);
  });

  it('reports a field the source does not have', () => {
    expect(lossesAfter((r) => (spec(r).properties.extra = { type: 'string' }))).toEqual(['v1 .spec.extra: field not in the source']);
  });

  it('reports a lost scale subresource, a changed scale path, served and storage flags and printer columns', () => {
    const losses = lossesAfter((r) => {
      delete r.spec.versions[0].subresources.scale;
      r.spec.versions[1].subresources.scale.labelSelectorPath = '.status.other';
      r.spec.versions[1].served = false;
      r.spec.versions[1].storage = true;
      r.spec.versions[0].additionalPrinterColumns = [];
    });
    expect(losses).toHaveLength(5);
    expect(losses[0]).toMatch(/^v1 subresources: \{"status":\{\},"scale":\{.*\}\} became \{"status":\{\}\}$/);
    expect(losses[1]).toMatch(/^v1 additionalPrinterColumns: \[\{"name":"State".*\] became \[\]$/);
    expect(losses.slice(2)).toEqual([
      'v1alpha1 served: true became false',
      'v1alpha1 storage: false became true',
      expect.stringMatching(/^v1alpha1 subresources: .*"labelSelectorPath":"\.status\.selector".* became .*"labelSelectorPath":"\.status\.other"/),
    ]);
  });

  it('reports a lost version, a changed name, group, scope or kind names, and a lost source annotation or label', () => {
    const losses = lossesAfter((r) => {
      r.spec.versions.pop();
      r.metadata.name = 'jobs.other.org';
      r.spec.group = 'other.org';
      r.spec.scope = 'Cluster';
      r.spec.names.plural = 'job';
      delete r.metadata.annotations['controller-gen.kubebuilder.io/version'];
      r.metadata.labels.app = 'changed';
    });
    expect(losses).toEqual([
      'metadata.name "jobs.example.org" became "jobs.other.org"',
      'metadata.labels.app "operator" became "changed"',
      'metadata.annotations.controller-gen.kubebuilder.io/version "v0.14.0" became nothing',
      'spec.group "example.org" became "other.org"',
      'spec.names {"kind":"Job","listKind":"JobList","plural":"jobs","singular":"job"} became {"kind":"Job","listKind":"JobList","plural":"job","singular":"job"}',
      'spec.scope "Namespaced" became "Cluster"',
      'version v1alpha1: lost',
    ]);
  });

  it('leaves alone what the chart owns: spec.conversion and the annotations it replaces, when told so', () => {
    const chartOwned = (r: Obj): void => {
      r.spec.conversion = { strategy: 'Webhook', webhook: { clientConfig: { service: { name: 'svc', namespace: 'ns', path: '/convert' } }, conversionReviewVersions: ['v1'] } };
      r.metadata.annotations['cert-manager.io/inject-ca-from'] = 'ns/serving-cert';
    };
    expect(lossesAfter(chartOwned)).toHaveLength(2);
    expect(lossesAfter(chartOwned, { chartOwnedSpec: ['conversion'], chartOwnedAnnotations: ['cert-manager.io/inject-ca-from'] })).toEqual([]);
  });
});
