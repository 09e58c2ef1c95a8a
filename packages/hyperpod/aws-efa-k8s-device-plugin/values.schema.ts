import { defineValues, h } from 'chartkit/schema';

export default defineValues({
  namespace: h.namespace({ name: 'kube-system', create: false, createDescription: 'Create the namespace with this release; only for a namespace of its own, kube-system always exists. A namespace that already exists and belongs to no release or to another one (a second release) is used, never taken over. false: it must exist, or the install stops naming it.' }, { description: 'Namespace of the DaemonSet.' }),
  image: h.image(
    { repository: '602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/aws-efa-k8s-device-plugin', tag: 'v0.5.13', pullPolicy: 'IfNotPresent' },
    { description: 'Container image. v0.5.13 is the app version of eks-charts chart 0.5.20; the EKS account 602401143452 serves it in most regions (replace us-west-2 with the cluster region to pull in-region).' },
  ),
  hostNetwork: h.boolean(true, 'Run the plugin in the host network namespace, as the eks-charts chart does.'),
  priorityClassName: h.string('system-node-critical', 'Pod priority class; system-node-critical keeps the plugin scheduled on full nodes.'),
  resources: h.resources({ requests: { cpu: '10m', memory: '20Mi' }, limits: { memory: '128Mi' } }),
  securityContext: h.securityContext(
    { privileged: true, allowPrivilegeEscalation: true, runAsNonRoot: false, runAsUser: 0 },
    {
      description:
        'Container securityContext. Privileged as in eks-charts 0.5.20: the plugin reads Neuron device topology on Trainium nodes. On GPU-only clusters `{privileged: null, allowPrivilegeEscalation: false, runAsUser: null, capabilities: {drop: [ALL]}}` is enough.',
    },
  ),
  tolerations: h.tolerations(
    [
      { key: 'CriticalAddonsOnly', operator: 'Exists' },
      { key: 'aws.amazon.com/efa', operator: 'Exists', effect: 'NoSchedule' },
    ],
    { description: 'Pod tolerations. The HyperPod node-health-status toleration is always added.' },
  ),
  nodeSelector: h.nodeSelector(),
  affinity: h.affinity({}, {
    description: 'Extra pod affinity. Required nodeSelectorTerms are ANDed with the EFA instance-type requirement; preferred terms, podAffinity and podAntiAffinity are added as written.',
  }),
});
