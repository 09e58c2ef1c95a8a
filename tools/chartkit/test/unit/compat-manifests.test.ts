import { describe, expect, it } from 'vitest';
import { diffManifests, renderedObjects } from '../../src/compat/manifests.ts';
import { describeChange, mergeFindings } from '../../src/compat/types.ts';
import type { Manifest } from '../../src/core/manifests.ts';

/** Small old/new manifest pairs, one rule each. */
type Obj = Record<string, unknown>;

function m(apiVersion: string, kind: string, name: string, spec: Obj = {}, extra: Obj = {}, source = `tiny/templates/${kind.toLowerCase()}.yaml`): Manifest {
  const { metadata, ...rest } = extra;
  return { source, object: { apiVersion, kind, metadata: { name, ...(metadata as Obj | undefined) }, spec, ...rest } };
}

const ids = (before: Manifest[], after: Manifest[]): string[] => diffManifests(before, after, 'defaults').map((f) => f.id);
const selector = (app: string): Obj => ({ selector: { matchLabels: { app } }, template: { metadata: { labels: { app } } } });

describe('immutable fields', () => {
  it.each(['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet'])('%s spec.selector', (kind) => {
    const [f, ...rest] = diffManifests([m('apps/v1', kind, 'foo', selector('a'))], [m('apps/v1', kind, 'foo', selector('b'))], 'defaults');
    expect(rest).toEqual([]);
    expect(f).toEqual({
      id: `immutable:${kind}/kube-system/foo:spec.selector`,
      rule: 'immutable',
      level: 'breaking',
      object: `${kind}/kube-system/foo`,
      field: 'spec.selector',
      message: 'matchLabels.app "a" → "b" (immutable: Kubernetes rejects the upgrade)',
      scenarios: ['defaults'],
    });
  });

  it('a changed pod template of a Deployment is an ordinary change', () => {
    const before = m('apps/v1', 'Deployment', 'foo', { ...selector('a'), replicas: 1 });
    const after = m('apps/v1', 'Deployment', 'foo', { ...selector('a'), replicas: 3, template: { metadata: { labels: { app: 'a', tier: 'x' } } } });
    expect(ids([before], [after])).toEqual([]);
  });

  it('StatefulSet serviceName, volumeClaimTemplates and podManagementPolicy, with their defaults', () => {
    const claim = (size: string): Obj => ({ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } } });
    const before = m('apps/v1', 'StatefulSet', 'db', { ...selector('a'), serviceName: 'db', volumeClaimTemplates: [claim('1Gi')] });
    const after = m('apps/v1', 'StatefulSet', 'db', { ...selector('a'), serviceName: 'db-headless', volumeClaimTemplates: [claim('2Gi')], podManagementPolicy: 'Parallel' });
    const found = diffManifests([before], [after], 'defaults');
    expect(found.map((f) => `${f.id} | ${f.message}`)).toEqual([
      'immutable:StatefulSet/kube-system/db:spec.serviceName | "db" → "db-headless" (immutable: Kubernetes rejects the upgrade)',
      'immutable:StatefulSet/kube-system/db:spec.volumeClaimTemplates | [0].spec.resources.requests.storage "1Gi" → "2Gi" (immutable: Kubernetes rejects the upgrade)',
      'immutable:StatefulSet/kube-system/db:spec.podManagementPolicy | "OrderedReady" → "Parallel" (immutable: Kubernetes rejects the upgrade)',
    ]);
    // Writing out a default is no change.
    expect(ids([before], [m('apps/v1', 'StatefulSet', 'db', { ...before.object.spec as Obj, podManagementPolicy: 'OrderedReady' })])).toEqual([]);
  });

  it('Job spec.template; a hook Job is left alone (Helm recreates hooks)', () => {
    const job = (image: string, hook = false): Manifest =>
      m('batch/v1', 'Job', 'migrate', { template: { spec: { containers: [{ name: 'm', image }] } } }, hook ? { metadata: { annotations: { 'helm.sh/hook': 'pre-upgrade' } } } : {});
    expect(diffManifests([job('a:1')], [job('a:2')], 'defaults').map((f) => `${f.id} | ${f.message}`)).toEqual([
      'immutable:Job/kube-system/migrate:spec.template | spec.containers[0].image "a:1" → "a:2" (immutable: Kubernetes rejects the upgrade)',
    ]);
    expect(ids([job('a:1', true)], [job('a:2', true)])).toEqual([]);
  });

  it('Service spec.clusterIP (unset and empty are the same)', () => {
    const svc = (clusterIP?: string): Manifest => m('v1', 'Service', 'web', { ports: [{ port: 80 }], ...(clusterIP === undefined ? {} : { clusterIP }) });
    expect(ids([svc('None')], [svc()])).toEqual(['immutable:Service/kube-system/web:spec.clusterIP']);
    expect(ids([svc()], [svc('10.0.0.10')])).toEqual(['immutable:Service/kube-system/web:spec.clusterIP']);
    expect(ids([svc('')], [svc()])).toEqual([]);
  });

  it('PersistentVolumeClaim spec, except resources.requests.storage', () => {
    const pvc = (storage: string, extra: Obj = {}): Manifest => m('v1', 'PersistentVolumeClaim', 'data', { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } }, ...extra });
    expect(ids([pvc('1Gi')], [pvc('5Gi')])).toEqual([]);
    expect(ids([pvc('1Gi')], [pvc('1Gi', { accessModes: ['ReadWriteMany'], storageClassName: 'fsx' })])).toEqual([
      'immutable:PersistentVolumeClaim/kube-system/data:spec.accessModes',
      'immutable:PersistentVolumeClaim/kube-system/data:spec.storageClassName',
    ]);
    expect(ids([pvc('1Gi')], [pvc('1Gi', { resources: { requests: { storage: '1Gi' }, limits: { storage: '2Gi' } } })])).toEqual([
      'immutable:PersistentVolumeClaim/kube-system/data:spec.resources',
    ]);
  });
});

describe('CustomResourceDefinitions', () => {
  const crd = (scope: string, versions: [string, boolean, boolean][]): Manifest =>
    m('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'jobs.example.com', {
      group: 'example.com',
      names: { kind: 'Job', plural: 'jobs' },
      scope,
      versions: versions.map(([name, served, storage]) => ({ name, served, storage })),
    });

  it('spec.scope', () => {
    expect(ids([crd('Namespaced', [['v1', true, true]])], [crd('Cluster', [['v1', true, true]])])).toEqual(['immutable:CustomResourceDefinition/jobs.example.com:spec.scope']);
  });

  it('a version removed, no longer served, or no longer the storage version', () => {
    const before = crd('Namespaced', [['v1alpha1', true, false], ['v1beta1', true, false], ['v1', true, true]]);
    const after = crd('Namespaced', [['v1beta1', false, false], ['v1', true, false], ['v2', true, true]]);
    expect(diffManifests([before], [after], 'defaults').map((f) => `${f.id} | ${f.message}`)).toEqual([
      'crd-version-removed:CustomResourceDefinition/jobs.example.com:spec.versions[v1alpha1] | version v1alpha1 removed (objects stored or applied as v1alpha1 can no longer be read or written)',
      'crd-version-unserved:CustomResourceDefinition/jobs.example.com:spec.versions[v1beta1] | version v1beta1 no longer served (clients and manifests using it fail)',
      'crd-storage:CustomResourceDefinition/jobs.example.com:spec.versions[v1] | v1 is no longer the storage version (now v2); stored objects need a migration',
    ]);
  });

  it('a new served version is no finding', () => {
    expect(ids([crd('Namespaced', [['v1', true, true]])], [crd('Namespaced', [['v1', true, true], ['v2', true, false]])])).toEqual([]);
  });
});

describe('objects removed, renamed and added', () => {
  it('a removed object is breaking, a new one an addition', () => {
    const found = diffManifests([m('v1', 'ConfigMap', 'old', {}, {}, 'tiny/templates/a.yaml')], [m('v1', 'Secret', 'new', {}, {}, 'tiny/templates/b.yaml')], 'ci/all-values.yaml');
    expect(found.map((f) => [f.id, f.level, f.message])).toEqual([
      ['removed-object:ConfigMap/kube-system/old', 'breaking', 'removed (v1; Helm deletes it on upgrade)'],
      ['added-object:Secret/kube-system/new', 'addition', 'new object (v1)'],
    ]);
    expect(found[0]!.scenarios).toEqual(['ci/all-values.yaml']);
  });

  it('a removed and an added object of one kind from one template are a rename', () => {
    const found = diffManifests([m('v1', 'ConfigMap', 'tiny-config')], [m('v1', 'ConfigMap', 'tiny-settings')], 'defaults');
    expect(found.map((f) => `${f.id} | ${f.message}`)).toEqual(['renamed-object:ConfigMap/kube-system/tiny-config | renamed to ConfigMap/kube-system/tiny-settings (Helm deletes it and creates the new one)']);
  });

  it('identity is group, kind, namespace and name: a new apiVersion of the same group is the same object, another group is not', () => {
    expect(ids([m('autoscaling/v1', 'HorizontalPodAutoscaler', 'h')], [m('autoscaling/v2', 'HorizontalPodAutoscaler', 'h')])).toEqual([]);
    expect(ids([m('extensions/v1beta1', 'Ingress', 'web')], [m('networking.k8s.io/v1', 'Ingress', 'web')])).toEqual(['renamed-object:Ingress/kube-system/web']);
    const moved = diffManifests([m('extensions/v1beta1', 'Ingress', 'web')], [m('networking.k8s.io/v1', 'Ingress', 'web', {}, { metadata: { namespace: 'other' } })], 'defaults');
    expect(moved.map((f) => f.message)).toEqual(['moved from API group extensions to networking.k8s.io and to namespace other (Helm deletes it and creates the new one)']);
  });

  it('an object without a namespace is in the release namespace, unless its kind is cluster-scoped (built in or by a CRD)', () => {
    const explicit = m('v1', 'ConfigMap', 'c', {}, { metadata: { namespace: 'kube-system' } });
    expect(ids([m('v1', 'ConfigMap', 'c')], [explicit])).toEqual([]);
    const crd = m('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.com', { group: 'example.com', names: { kind: 'Widget' }, scope: 'Cluster', versions: [] });
    const objects = renderedObjects([crd, m('example.com/v1', 'Widget', 'w'), m('rbac.authorization.k8s.io/v1', 'ClusterRole', 'r')], 'kube-system');
    expect([...objects.values()].map((o) => o.display)).toEqual(['CustomResourceDefinition/widgets.example.com', 'Widget/w', 'ClusterRole/r']);
  });

  it('the items of a v1 List are objects of their own', () => {
    const list = (names: string[]): Manifest => ({ source: 'x', object: { apiVersion: 'v1', kind: 'List', items: names.map((name) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } })) } });
    expect(ids([list(['a', 'b'])], [list(['a'])])).toEqual(['removed-object:ConfigMap/kube-system/b']);
  });

  it('the same manifests give no finding', () => {
    const all = [m('apps/v1', 'Deployment', 'foo', selector('a')), m('v1', 'Service', 'foo', { clusterIP: 'None' }), m('v1', 'ConfigMap', 'c')];
    expect(diffManifests(all, structuredClone(all), 'defaults')).toEqual([]);
  });
});

describe('finding helpers', () => {
  it('merges the scenarios of one finding', () => {
    const a = diffManifests([m('v1', 'ConfigMap', 'c')], [], 'defaults');
    const b = diffManifests([m('v1', 'ConfigMap', 'c')], [], 'ci/all-values.yaml');
    expect(mergeFindings([a, b]).map((f) => f.scenarios)).toEqual([['defaults', 'ci/all-values.yaml']]);
  });

  it('describes at most three changed leaves', () => {
    expect(describeChange({ a: 1, b: 2, c: 3, d: 4 }, { a: 2, b: 3, c: 4, d: 5 })).toBe('a 1 → 2, b 2 → 3, c 3 → 4, and 1 more');
    expect(describeChange({ a: 1 }, {})).toBe('a 1 → (unset)');
  });
});
