import { defineValues, h, t } from '@chart-tools/chartkit/schema';

export default defineValues({
  namespace: h.namespace({ name: 'aws-hyperpod', create: null, plainString: 'upstream', createDescription: 'Create the namespace with this release. null: yes when the chart is installed alone, no inside the HyperPod umbrella, where deep-health-check creates `aws-hyperpod`. A namespace that already exists and belongs to no release or to another one is used, never taken over. false: it must exist, or the install stops naming it.' }, { description: 'Namespace of the ServiceAccount and the DaemonSets.' }),
  region: h.string('', 'AWS region of the agent image. Empty: `global.region`, then the `topology.kubernetes.io/region` label of the cluster nodes (install time only), then us-east-1.'),
  hmaimage: h.string('', 'Full image URI (`repository:tag`); when set it replaces the region-resolved image and `image.*` except `pullPolicy`.'),
  image: h.object(
    {
      repository: h.string('', 'Image repository. Empty: `<account>.dkr.ecr.<region>.amazonaws.com/hyperpod-health-monitoring-agent` for the resolved region.'),
      tag: t.String({ default: '1.0.1892.0_1.0.424.0', minLength: 1, not: { const: 'latest' }, description: 'Image tag; `latest` is not allowed.' }),
      pullPolicy: t.Union([t.Literal('Always'), t.Literal('IfNotPresent'), t.Literal('Never')], { default: 'IfNotPresent', description: 'Image pull policy.' }),
    },
    { description: 'Agent container image.' },
  ),
  imageTag: h.deprecated('use image.tag; a non-empty imageTag replaces it.', t.String({ not: { const: 'latest' } })),
  debug: h.deprecated('ignored: in the upstream chart it only added template comments, which render nothing.', t.Boolean()),
  resources: h.resources({ requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '500m', memory: '512Mi' } }),
  securityContext: h.securityContext({ runAsUser: 1000, runAsGroup: 2000, allowPrivilegeEscalation: false }),
  tolerations: h.tolerations(
    [
      { operator: 'Exists', effect: 'NoSchedule' },
      { operator: 'Exists', effect: 'NoExecute' },
    ],
    { description: 'Pod tolerations of both DaemonSets. The defaults tolerate every NoSchedule and NoExecute taint, so the agent keeps running on nodes it reports unhealthy.' },
  ),
  nodeSelector: h.nodeSelector({}, { description: 'Extra pod nodeSelector of both DaemonSets.' }),
  affinity: h.affinity({}, {
    description: 'Extra pod affinity of both DaemonSets. Required nodeSelectorTerms are ANDed with the instance-type requirement; preferred terms, podAffinity and podAntiAffinity are added as written.',
  }),
});
