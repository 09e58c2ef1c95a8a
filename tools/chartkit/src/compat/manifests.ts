import type { Manifest } from '../core/manifests.ts';
import { describeChange, makeFinding, sameValue, type CompatFinding } from './types.ts';

/**
 * Rendered manifests of the published and the new chart, compared object by object: what
 * Kubernetes refuses on upgrade (immutable fields, CRD versions) and what Helm deletes (objects
 * removed or renamed). Pure: manifests in, findings out.
 */

/** Built-in kinds without a namespace; custom kinds take their scope from the CRDs rendered with them. */
const CLUSTER_SCOPED = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ClusterTrustBundle',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'DeviceClass',
  'FlowSchema',
  'IngressClass',
  'IPAddress',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'ResourceSlice',
  'RuntimeClass',
  'ServiceCIDR',
  'StorageClass',
  'StorageVersionMigration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
  'VolumeAttributesClass',
]);

const WORKLOADS = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet']);
const IMMUTABLE_NOTE = '(immutable: Kubernetes rejects the upgrade)';

type Obj = Record<string, unknown>;

/** One object as Helm identifies it: API group, kind, namespace, name. */
export interface RenderedObject {
  /** `group|Kind|namespace|name`: what Helm matches an upgrade's objects by. */
  key: string;
  /** `Kind/namespace/name`, or `Kind/name` when cluster-scoped. */
  display: string;
  group: string;
  kind: string;
  namespace: string;
  apiVersion: string;
  source: string;
  object: Obj;
}

function record(v: unknown): Obj {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

/** `group/Kind` → scope, from every CustomResourceDefinition among the manifests. */
function crdScopes(manifests: readonly Manifest[]): Map<string, string> {
  const scopes = new Map<string, string>();
  for (const m of manifests) {
    if (m.object.kind !== 'CustomResourceDefinition') continue;
    const spec = record(m.object.spec);
    scopes.set(`${String(spec.group)}/${String(record(spec.names).kind)}`, String(spec.scope ?? 'Namespaced'));
  }
  return scopes;
}

/** Helm applies the items of a `v1 List` one by one. */
function flatten(manifests: readonly Manifest[]): Manifest[] {
  return manifests.flatMap((m) =>
    m.object.kind === 'List' && Array.isArray(m.object.items) ? (m.object.items as unknown[]).map((item) => ({ source: m.source, object: record(item) })) : [m],
  );
}

/**
 * The objects Helm manages, by identity. Hooks are left out: Helm does not upgrade them, it
 * creates them anew each time. An object without a namespace is in the release namespace unless
 * its kind is cluster-scoped.
 */
export function renderedObjects(manifests: readonly Manifest[], releaseNamespace: string, scopes: Map<string, string> = crdScopes(manifests)): Map<string, RenderedObject> {
  const out = new Map<string, RenderedObject>();
  for (const m of flatten(manifests)) {
    const meta = record(m.object.metadata);
    if (record(meta.annotations)['helm.sh/hook'] !== undefined) continue;
    const apiVersion = String(m.object.apiVersion ?? '');
    const group = groupOf(apiVersion);
    const kind = String(m.object.kind ?? '?');
    const name = String(meta.name ?? '?');
    const clusterScoped = CLUSTER_SCOPED.has(kind) || scopes.get(`${group}/${kind}`) === 'Cluster';
    const namespace = clusterScoped ? '' : String(meta.namespace ?? releaseNamespace);
    const display = clusterScoped ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
    out.set(`${group}|${kind}|${namespace}|${name}`, { key: `${group}|${kind}|${namespace}|${name}`, display, group, kind, namespace, apiVersion, source: m.source, object: m.object });
  }
  return out;
}

function immutable(o: RenderedObject, field: string, before: unknown, after: unknown, scenario: string): CompatFinding[] {
  return sameValue(before, after) ? [] : [makeFinding('immutable', 'breaking', o.display, field, `${describeChange(before, after)} ${IMMUTABLE_NOTE}`, scenario)];
}

function withoutStorageRequest(resources: unknown): Obj {
  const copy = structuredClone(record(resources));
  const requests = record(copy.requests);
  delete requests.storage;
  if (Object.keys(requests).length === 0) delete copy.requests;
  else copy.requests = requests;
  return copy;
}

interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
}

function crdVersions(spec: Obj): CrdVersion[] {
  return (Array.isArray(spec.versions) ? (spec.versions as unknown[]) : []).map((v) => {
    const r = record(v);
    return { name: String(r.name), served: r.served === true, storage: r.storage === true };
  });
}

function crdChanges(o: RenderedObject, before: Obj, after: Obj, scenario: string): CompatFinding[] {
  const out = immutable(o, 'spec.scope', before.scope ?? 'Namespaced', after.scope ?? 'Namespaced', scenario);
  const now = new Map(crdVersions(after).map((v) => [v.name, v]));
  const storageNow = crdVersions(after).find((v) => v.storage)?.name;
  for (const v of crdVersions(before)) {
    const field = `spec.versions[${v.name}]`;
    const next = now.get(v.name);
    if (!next) out.push(makeFinding('crd-version-removed', 'breaking', o.display, field, `version ${v.name} removed (objects stored or applied as ${v.name} can no longer be read or written)`, scenario));
    else if (v.served && !next.served) out.push(makeFinding('crd-version-unserved', 'breaking', o.display, field, `version ${v.name} no longer served (clients and manifests using it fail)`, scenario));
    if (next && v.storage && !next.storage) {
      out.push(makeFinding('crd-storage', 'breaking', o.display, field, `${v.name} is no longer the storage version${storageNow ? ` (now ${storageNow})` : ''}; stored objects need a migration`, scenario));
    }
  }
  return out;
}

/** Fields of one object (same identity in both versions) that Kubernetes will not change in place. */
export function immutableChanges(o: RenderedObject, n: RenderedObject, scenario: string): CompatFinding[] {
  const before = record(o.object.spec);
  const after = record(n.object.spec);
  const out: CompatFinding[] = [];
  const workloadGroup = o.group === 'apps' || o.group === 'extensions';
  if (workloadGroup && WORKLOADS.has(o.kind)) out.push(...immutable(o, 'spec.selector', before.selector, after.selector, scenario));
  if (workloadGroup && o.kind === 'StatefulSet') {
    out.push(...immutable(o, 'spec.serviceName', before.serviceName ?? '', after.serviceName ?? '', scenario));
    out.push(...immutable(o, 'spec.volumeClaimTemplates', before.volumeClaimTemplates ?? [], after.volumeClaimTemplates ?? [], scenario));
    out.push(...immutable(o, 'spec.podManagementPolicy', before.podManagementPolicy ?? 'OrderedReady', after.podManagementPolicy ?? 'OrderedReady', scenario));
  }
  if (o.group === 'batch' && o.kind === 'Job') out.push(...immutable(o, 'spec.template', before.template, after.template, scenario));
  if (o.group === '' && o.kind === 'Service') out.push(...immutable(o, 'spec.clusterIP', before.clusterIP || undefined, after.clusterIP || undefined, scenario));
  if (o.group === '' && o.kind === 'PersistentVolumeClaim') {
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      const pick = (spec: Obj): unknown => (key === 'resources' ? withoutStorageRequest(spec.resources) : spec[key]);
      out.push(...immutable(o, `spec.${key}`, pick(before), pick(after), scenario));
    }
  }
  if (o.group === 'apiextensions.k8s.io' && o.kind === 'CustomResourceDefinition') out.push(...crdChanges(o, before, after, scenario));
  return out;
}

/**
 * Removed objects paired with added ones Helm will create in their place: the same kind and name in
 * another API group or namespace, else the only removed and the only added object of one group,
 * kind and namespace from the same template (a rename).
 */
function pairRenames(removed: RenderedObject[], added: RenderedObject[]): Map<string, RenderedObject> {
  const renames = new Map<string, RenderedObject>();
  const taken = new Set<string>();
  for (const o of removed) {
    const moved = added.find((n) => !taken.has(n.key) && n.kind === o.kind && nameOf(n) === nameOf(o));
    if (moved) {
      renames.set(o.key, moved);
      taken.add(moved.key);
    }
  }
  const slots = (list: RenderedObject[]): Map<string, RenderedObject[]> => {
    const bySlot = new Map<string, RenderedObject[]>();
    for (const o of list) {
      const slot = `${o.group}|${o.kind}|${o.namespace}|${o.source}`;
      bySlot.set(slot, [...(bySlot.get(slot) ?? []), o]);
    }
    return bySlot;
  };
  const come = slots(added.filter((n) => !taken.has(n.key)));
  for (const [slot, olds] of slots(removed.filter((o) => !renames.has(o.key)))) {
    const news = come.get(slot);
    if (olds.length === 1 && news?.length === 1) renames.set(olds[0]!.key, news[0]!);
  }
  return renames;
}

function nameOf(o: RenderedObject): string {
  return String(record(o.object.metadata).name);
}

function replacement(o: RenderedObject, n: RenderedObject): string {
  if (nameOf(o) !== nameOf(n)) return `renamed to ${n.display}`;
  const moves = [...(o.group !== n.group ? [`from API group ${o.group || 'core'} to ${n.group || 'core'}`] : []), ...(o.namespace !== n.namespace ? [`to namespace ${n.namespace}`] : [])];
  return `moved ${moves.join(' and ')}`;
}

/** Compare the objects one values scenario renders in the published and in the new chart. */
export function diffManifests(before: readonly Manifest[], after: readonly Manifest[], scenario: string, releaseNamespace = 'kube-system'): CompatFinding[] {
  const scopes = new Map([...crdScopes(before), ...crdScopes(after)]);
  const olds = renderedObjects(before, releaseNamespace, scopes);
  const news = renderedObjects(after, releaseNamespace, scopes);
  const out: CompatFinding[] = [];
  const removed = [...olds.values()].filter((o) => !news.has(o.key));
  const added = [...news.values()].filter((n) => !olds.has(n.key));
  const renames = pairRenames(removed, added);
  const renamedTo = new Set([...renames.values()].map((n) => n.key));
  for (const o of removed) {
    const to = renames.get(o.key);
    out.push(
      to
        ? makeFinding('renamed-object', 'breaking', o.display, '', `${replacement(o, to)} (Helm deletes it and creates the new one)`, scenario)
        : makeFinding('removed-object', 'breaking', o.display, '', `removed (${o.apiVersion}; Helm deletes it on upgrade)`, scenario),
    );
  }
  for (const n of added) if (!renamedTo.has(n.key)) out.push(makeFinding('added-object', 'addition', n.display, '', `new object (${n.apiVersion})`, scenario));
  for (const o of olds.values()) {
    const n = news.get(o.key);
    if (n) out.push(...immutableChanges(o, n, scenario));
  }
  return out;
}
