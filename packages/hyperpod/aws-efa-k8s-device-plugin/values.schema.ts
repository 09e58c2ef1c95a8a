import { defineValues, h, t } from '@chart-tools/chartkit/schema';

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

  // Keys of the eks-charts chart that the upstream HyperPod chart bundled.
  supportedInstanceLabels: h.deprecated(
    'values narrows the instance types as a required term of affinity would (hyperpod-common keeps the EFA list); keys must be node.kubernetes.io/instance-type.',
    t.Object({ keys: t.Optional(t.Array(t.Literal('node.kubernetes.io/instance-type'))), values: t.Optional(t.Array(t.String())) }, { additionalProperties: false }),
  ),
  additionalPodAnnotations: h.deprecated('not supported: pod annotations; accepted only as empty, the upstream default.', t.Record(t.String(), t.String(), { maxProperties: 0 })),
  additionalPodLabels: h.deprecated('not supported: pod labels; accepted only as empty, the upstream default.', t.Record(t.String(), t.String(), { maxProperties: 0 })),
  imagePullSecrets: h.deprecated('not supported: image pull secrets; accepted only as empty, the upstream default.', t.Array(t.Object({ name: t.String() }), { maxItems: 0 })),
  updateStrategy: h.deprecated('not supported: update strategies other than RollingUpdate; accepted only as type RollingUpdate, the upstream default.', t.Object({ type: t.Literal('RollingUpdate') }, { additionalProperties: false })),
  nameOverride: h.deprecated('ignored: the DaemonSet is always named aws-efa-k8s-device-plugin.', t.String()),
  fullnameOverride: h.deprecated('ignored: the DaemonSet is always named aws-efa-k8s-device-plugin.', t.String()),
});
