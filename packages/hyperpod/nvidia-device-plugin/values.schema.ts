import { defineValues, h } from 'chartkit/schema';

export default defineValues({
  namespace: h.namespace(
    { name: 'kube-system', create: false },
    { description: 'Namespace of the DaemonSet. kube-system exists already; set `create` only for a namespace of its own.' },
  ),
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
