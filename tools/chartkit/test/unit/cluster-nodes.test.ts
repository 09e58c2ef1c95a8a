import { describe, expect, it } from 'vitest';
import { namedTemplateData, nodeManifest, nodesFromInstanceFamilies } from '../../src/core/cluster-nodes.ts';

const TPL = `{{/* comment */}}
{{- define "lib.data" -}}
instanceFamilies:
  - {family: g5, accelerator: nvidia, sizes: [xlarge, 2xlarge], efaSizes: [8xlarge]}
  - {family: c5n, accelerator: none, sizes: [], efaSizes: [18xlarge]}
  - {family: inf1, accelerator: neuron, sizes: [], ec2Sizes: [xlarge], efaSizes: []}
{{- end }}
`;

describe('fake nodes of the test cluster', () => {
  it('makes one node per instance family from the literal data of a named template', () => {
    const nodes = nodesFromInstanceFamilies(namedTemplateData(TPL, 'lib.data', '_data.tpl'), '_data.tpl');
    expect(nodes.map((n) => `${n.name}=${n.instanceType}`)).toEqual(['kwok-g5-xlarge=ml.g5.xlarge', 'kwok-c5n-18xlarge=ml.c5n.18xlarge', 'kwok-inf1-xlarge=inf1.xlarge']);
    expect(nodes[0]!.resources).toEqual({ 'nvidia.com/gpu': '8', 'vpc.amazonaws.com/efa': '32' });
    const node = nodeManifest(nodes[0]!) as { metadata: { annotations: Record<string, string>; labels: Record<string, string> } };
    expect(node.metadata.annotations['kwok.x-k8s.io/node']).toBe('fake');
    expect(node.metadata.labels['node.kubernetes.io/instance-type']).toBe('ml.g5.xlarge');
  });

  it('says which file and template when the data is missing or templated', () => {
    expect(() => namedTemplateData(TPL, 'lib.other', '_data.tpl')).toThrow('_data.tpl: no {{ define "lib.other" }} block');
    expect(() => namedTemplateData('{{- define "x" -}}\na: {{ .Values.a }}\n{{- end }}', 'x', 'f.tpl')).toThrow('f.tpl: template "x" is not literal YAML');
  });
});
