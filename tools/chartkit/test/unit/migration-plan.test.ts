import { describe, expect, it } from 'vitest';
import { ownershipMetadata, planMigration, recreationImpact, type KubeObject } from '../../src/compat/migration-plan.ts';

const crd = (name: string, annotations?: Record<string, string>): KubeObject => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name, ...(annotations ? { annotations } : {}) } });
const ds = (name: string, selector: Record<string, string>, namespace?: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name, ...(namespace ? { namespace } : {}) },
  spec: { selector: { matchLabels: selector } },
});
const owned = { 'meta.helm.sh/release-name': 'dependencies', 'meta.helm.sh/release-namespace': 'kube-system' };

describe('planMigration', () => {
  const base = { release: 'dependencies', namespace: 'kube-system' };

  it('adopts CRDs that exist without release annotations (installed from crds/), not ours or absent ones', () => {
    const plan = planMigration({
      ...base,
      current: [],
      target: [crd('pytorchjobs.kubeflow.org'), crd('mpijobs.kubeflow.org'), crd('tfjobs.kubeflow.org')],
      liveCrds: [crd('pytorchjobs.kubeflow.org', { 'controller-gen.kubebuilder.io/version': 'v0.12.0' }), crd('mpijobs.kubeflow.org', owned)],
    });
    expect(plan.adopt).toEqual([{ name: 'pytorchjobs.kubeflow.org' }]);
    expect(plan.ownedElsewhere).toEqual([]);
  });

  it('leaves a CRD another release owns to that release', () => {
    const plan = planMigration({
      ...base,
      current: [],
      target: [crd('mpijobs.kubeflow.org')],
      liveCrds: [crd('mpijobs.kubeflow.org', { 'meta.helm.sh/release-name': 'mpi', 'meta.helm.sh/release-namespace': 'mpi-operator' })],
    });
    expect(plan.adopt).toEqual([]);
    expect(plan.ownedElsewhere).toEqual([{ name: 'mpijobs.kubeflow.org', release: 'mpi-operator/mpi' }]);
  });

  it('recreates only workloads whose selector changes; a namespace-less object is in the release namespace; key order is no change', () => {
    const plan = planMigration({
      ...base,
      current: [ds('health-monitoring-agent', { app: 'health-monitoring-agent' }, 'aws-hyperpod'), ds('neuron-device-plugin-daemonset', { name: 'neuron-device-plugin-ds', tier: 'x' }), ds('gone', { a: 'b' })],
      target: [
        ds('health-monitoring-agent', { app: 'health-monitoring-agent', 'app.kubernetes.io/name': 'health-monitoring-agent' }, 'aws-hyperpod'),
        ds('neuron-device-plugin-daemonset', { tier: 'x', name: 'neuron-device-plugin-ds' }, 'kube-system'),
        ds('new', { a: 'b' }),
      ],
      liveCrds: [],
    });
    expect(plan.recreate).toEqual([{ kind: 'DaemonSet', namespace: 'aws-hyperpod', name: 'health-monitoring-agent', field: 'spec.selector' }]);
    expect(recreationImpact(plan.recreate[0]!)).toMatch(/every node runs without it from now until the new pods are Ready/);
  });

  it('writes the ownership metadata Helm checks before it imports an object', () => {
    expect(ownershipMetadata('dependencies', 'kube-system')).toEqual({ annotations: owned, labels: { 'app.kubernetes.io/managed-by': 'Helm' } });
  });
});
