import { immutableChanges, renderedObjects } from './manifests.ts';
import type { Manifest } from '../core/manifests.ts';

/**
 * What an in-place `helm upgrade` of an existing release to another chart needs first (pure: no I/O).
 *
 * Two things make such an upgrade fail on a real API server:
 *  - a CRD the old chart installed from its `crds/` directory: Helm never tracks those, so they carry
 *    no release annotations and Helm refuses to import them ("invalid ownership metadata"); our
 *    charts then leave them alone and never upgrade their schemas. Adopting them (the annotations
 *    and label Helm itself writes) hands them to the release;
 *  - an object whose immutable field (a workload's `spec.selector`, a Job's template, …: the rules
 *    of `chartkit compat`) differs between the old and the new manifest: it must be deleted and
 *    created again.
 */

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
}

export interface Adoption {
  /** The CRD's name, e.g. `pytorchjobs.kubeflow.org`. */
  name: string;
}

export interface Recreation {
  kind: string;
  namespace: string;
  name: string;
  /** The immutable field that changes, e.g. `spec.selector`. */
  field: string;
}

export interface MigrationPlan {
  adopt: Adoption[];
  recreate: Recreation[];
  /** CRDs the new chart ships that another release owns: used as they are, not upgraded. */
  ownedElsewhere: { name: string; release: string }[];
}

const RELEASE_NAME = 'meta.helm.sh/release-name';
const RELEASE_NAMESPACE = 'meta.helm.sh/release-namespace';

/** The annotations and label Helm checks before it takes an existing object into a release. */
export function ownershipMetadata(release: string, namespace: string): { annotations: Record<string, string>; labels: Record<string, string> } {
  return { annotations: { [RELEASE_NAME]: release, [RELEASE_NAMESPACE]: namespace }, labels: { 'app.kubernetes.io/managed-by': 'Helm' } };
}

/**
 * @param current  the release's deployed manifest (`helm get manifest`)
 * @param target   the new chart rendered for the same release (`helm template`, CRDs included)
 * @param liveCrds the cluster's CRDs with the names the target renders (`kubectl get crd`)
 */
export function planMigration(input: { release: string; namespace: string; current: KubeObject[]; target: KubeObject[]; liveCrds: KubeObject[] }): MigrationPlan {
  const { release, namespace } = input;
  const live = new Map(input.liveCrds.map((c) => [c.metadata?.name ?? '', c]));
  const adopt: Adoption[] = [];
  const ownedElsewhere: MigrationPlan['ownedElsewhere'] = [];
  for (const crd of input.target.filter((o) => o.kind === 'CustomResourceDefinition')) {
    const name = crd.metadata?.name ?? '';
    const existing = live.get(name);
    if (!existing) continue;
    const owner = existing.metadata?.annotations?.[RELEASE_NAME];
    const ownerNamespace = existing.metadata?.annotations?.[RELEASE_NAMESPACE];
    if (owner === undefined) adopt.push({ name });
    else if (owner !== release || ownerNamespace !== namespace) ownedElsewhere.push({ name, release: `${ownerNamespace ?? '?'}/${owner}` });
  }
  // The rules of `chartkit compat`: the same fields it calls immutable must be recreated here.
  const asManifests = (list: KubeObject[]): Manifest[] => list.map((object) => ({ source: '', object: object as Record<string, unknown> }));
  const before = renderedObjects(asManifests(input.current), namespace);
  const recreate: Recreation[] = [];
  for (const next of renderedObjects(asManifests(input.target), namespace).values()) {
    const old = before.get(next.key);
    if (!old || next.kind === 'CustomResourceDefinition') continue;
    for (const finding of immutableChanges(old, next, 'migrate')) {
      recreate.push({ kind: next.kind, namespace: next.namespace, name: String(next.object.metadata && (next.object.metadata as { name?: string }).name), field: finding.field });
    }
  }
  adopt.sort((a, b) => a.name.localeCompare(b.name));
  return { adopt, recreate, ownedElsewhere };
}

/** What recreating a workload means for the nodes, in one line. */
export function recreationImpact(r: Recreation): string {
  if (r.kind === 'DaemonSet') {
    return `${r.kind} ${r.namespace}/${r.name} is deleted now (its ${r.field} changes) and created again by the upgrade: every node runs without it from now until the new pods are Ready, usually under a minute after helm upgrade starts`;
  }
  return `${r.kind} ${r.namespace}/${r.name} is deleted now (its ${r.field} changes) and created again by the upgrade: it serves nothing until the new pods are Ready, usually under a minute after helm upgrade starts`;
}
