import { defineValues, h } from '@chart-tools/chartkit/schema';

export default defineValues({
  namespace: h.namespace({ name: 'kube-system', create: false, plainString: 'upstream', createDescription: 'Create the namespace with this release; only for a namespace of its own, kube-system always exists. A namespace that already exists and belongs to no release or to another one (a second release) is used, never taken over. false: it must exist, or the install stops naming it.' }, { description: 'Namespace of the ServiceAccount and the DaemonSet.' }),
  serviceAccount: h.serviceAccount(
    { create: true, name: 'neuron-device-plugin' },
    { description: 'ServiceAccount of the plugin. Set `create` false when it already exists ("ServiceAccount neuron-device-plugin … cannot be imported"); the ClusterRoleBinding and the DaemonSet use `name` either way.' },
  ),
  rbac: h.object(
    { create: h.boolean(true, 'Create the ClusterRole and ClusterRoleBinding `neuron-device-plugin`. Set false when they already exist.') },
    { description: 'RBAC of the plugin.' },
  ),
  image: h.image({ repository: 'public.ecr.aws/neuron/neuron-device-plugin', tag: '2.19.16.0', pullPolicy: 'Always' }),
  priorityClassName: h.string('system-node-critical', 'Pod priority class; system-node-critical keeps the plugin scheduled on full nodes.'),
  resources: h.resources({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } }),
  securityContext: h.securityContext({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }),
  tolerations: h.tolerations(
    [
      { key: 'CriticalAddonsOnly', operator: 'Exists' },
      { key: 'aws.amazon.com/neuron', operator: 'Exists', effect: 'NoSchedule' },
    ],
    { description: 'Pod tolerations. The HyperPod node-health-status toleration is always added.' },
  ),
  nodeSelector: h.nodeSelector(),
  affinity: h.affinity({}, {
    description: 'Extra pod affinity. Required nodeSelectorTerms are ANDed with the Neuron instance-type requirement; preferred terms, podAffinity and podAntiAffinity are added as written.',
  }),
});
