import { parse } from 'yaml';
import { ChartkitError } from './errors.ts';

/** A fake node of the test cluster: kwok keeps it Ready and runs the pods scheduled to it. */
export interface FakeNode {
  name: string;
  instanceType: string;
  labels: Record<string, string>;
  /** Extended resources the node advertises besides cpu, memory and pods. */
  resources: Record<string, string>;
}

interface InstanceFamily {
  family: string;
  accelerator?: 'nvidia' | 'neuron' | 'none';
  sizes?: string[];
  ec2Sizes?: string[];
  efaSizes?: string[];
}

/**
 * The literal YAML body of a named template (`{{- define "NAME" -}} … {{- end }}`): the way chart
 * libraries keep shared data once (e.g. hyperpod-common's instance families).
 */
export function namedTemplateData(text: string, name: string, file: string): unknown {
  const start = new RegExp(`\\{\\{-?\\s*define\\s+"${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*-?\\}\\}`).exec(text);
  if (!start) throw new ChartkitError('USAGE', `${file}: no {{ define "${name}" }} block; check chartkit.cluster.json nodes.template`);
  const rest = text.slice(start.index + start[0].length);
  const end = /\{\{-?\s*end\s*-?\}\}/.exec(rest);
  const body = end ? rest.slice(0, end.index) : rest;
  if (/\{\{/.test(body)) throw new ChartkitError('USAGE', `${file}: template "${name}" is not literal YAML (it contains {{ }}); cluster nodes can only be read from literal data`);
  try {
    return parse(body);
  } catch (error) {
    throw new ChartkitError('USAGE', `${file}: template "${name}" is not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
}

const GIB = 1024;

/** One node per instance family, labelled with the family's first HyperPod (ml.*) size. */
export function nodesFromInstanceFamilies(data: unknown, file: string): FakeNode[] {
  const families = (data as { instanceFamilies?: InstanceFamily[] } | null)?.instanceFamilies;
  if (!Array.isArray(families) || families.length === 0) throw new ChartkitError('USAGE', `${file}: no instanceFamilies list in the node data; see docs/install-tests.md`);
  return families.map((f) => {
    const ml = f.sizes?.[0] ?? f.efaSizes?.[0];
    const instanceType = ml ? `ml.${f.family}.${ml}` : `${f.family}.${f.ec2Sizes?.[0] ?? 'xlarge'}`;
    const resources: Record<string, string> = {};
    if (f.accelerator === 'nvidia') resources['nvidia.com/gpu'] = '8';
    if (f.accelerator === 'neuron') Object.assign(resources, { 'aws.amazon.com/neuron': '16', 'aws.amazon.com/neuroncore': '32' });
    if ((f.efaSizes ?? []).length > 0) resources['vpc.amazonaws.com/efa'] = '32';
    const name = `kwok-${instanceType.replace(/^ml\./, '').replace(/\./g, '-')}`;
    return { name, instanceType, labels: { 'node.kubernetes.io/instance-type': instanceType }, resources };
  });
}

export const DEFAULT_NODES: FakeNode[] = [{ name: 'kwok-node', instanceType: 'm5.xlarge', labels: { 'node.kubernetes.io/instance-type': 'm5.xlarge' }, resources: {} }];

/** The Node object kwok manages (annotation kwok.x-k8s.io/node=fake), with room for any test pod. */
export function nodeManifest(node: FakeNode): Record<string, unknown> {
  const capacity = { cpu: '192', memory: `${2 * GIB}Gi`, pods: '250', 'ephemeral-storage': '1Ti', ...node.resources };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      annotations: { 'kwok.x-k8s.io/node': 'fake' },
      labels: {
        'kubernetes.io/hostname': node.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'topology.kubernetes.io/region': 'us-west-2',
        type: 'kwok',
        ...node.labels,
      },
    },
    spec: {},
    status: { allocatable: capacity, capacity },
  };
}
