import { defineValues, h } from 'chartkit/schema';

export default defineValues({
  namespace: h.namespace({ name: 'kube-system', create: false, createDescription: 'Create the namespace with this release; only for a namespace of its own, kube-system always exists. A namespace that already exists and belongs to no release or to another one (a second release) is used, never taken over. false: it must exist, or the install stops naming it.' }, { description: 'Namespace of the DaemonSet.' }),
  image: h.image({ repository: 'nvcr.io/nvidia/k8s-device-plugin', tag: 'v0.16.1', pullPolicy: 'IfNotPresent' }),
  failOnInitError: h.boolean(false, 'Make the plugin exit when NVML cannot be initialised (FAIL_ON_INIT_ERROR). False keeps it idle on a node without a working driver instead of crash-looping.'),
  priorityClassName: h.string('system-node-critical', 'Pod priority class; system-node-critical keeps the plugin scheduled on full nodes.'),
  resources: h.resources({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } }),
  securityContext: h.securityContext({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }),
  tolerations: h.tolerations([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }], {
    description: 'Pod tolerations. The HyperPod node-health-status toleration is always added.',
  }),
  nodeSelector: h.nodeSelector(),
  affinity: h.affinity({}, {
    description: 'Extra pod affinity. Required nodeSelectorTerms are ANDed with the NVIDIA instance-type requirement; preferred terms, podAffinity and podAntiAffinity are added as written.',
  }),
});
