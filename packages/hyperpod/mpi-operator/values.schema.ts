import { defineValues, h, t } from '@chart-tools/chartkit/schema';

export default defineValues({
  namespace: h.namespace(
    {
      releaseNamespace: true,
      name: '',
      create: null,
      plainString: 'earlier',
      createDescription:
        'Create the namespace (when it is not the release namespace) with this release. null: yes when the chart is installed alone, no inside the HyperPod umbrella. A namespace that already exists and belongs to no release or to another one is used, never taken over. false: it must exist, or the install stops naming it.',
    },
    { description: 'Namespace of the ServiceAccount, the Deployment and the leader-election Lease (--lock-namespace).' },
  ),
  createNamespace: h.deprecatedCreateNamespace(),

  image: h.image({ repository: 'mpioperator/mpi-operator', tag: '0.5', pullPolicy: 'IfNotPresent' }),

  replicas: h.integer(1, 'Operator replicas; they elect a leader through a Lease in the operator namespace, so more than one is safe.', { minimum: 0 }),

  additionalArgs: h.stringList(
    ['-alsologtostderr', '-stderrthreshold=INFO', '-v=4'],
    'Flags for the operator after the --lock-namespace flag the chart sets (a later flag wins, so --lock-namespace here overrides it), e.g. --gang-scheduling=volcano.',
  ),

  kubernetesClusterDomain: h.string('cluster.local', 'Cluster DNS domain, passed to the operator as KUBERNETES_CLUSTER_DOMAIN.', { minLength: 1 }),

  serviceAccount: h.object(
    { annotations: h.stringMap({}, { description: 'Annotations of the operator ServiceAccount (e.g. an IAM role for IRSA).' }) },
    { description: 'The operator ServiceAccount.' },
  ),

  extraLabels: h.stringMap({}, { description: 'Labels added to every object of the chart; they cannot replace the standard app.kubernetes.io labels.' }),

  crds: h.object(
    {
      install: h.boolean(true, 'Render the MPIJob CRD from templates, so `helm upgrade` updates its schema. Set false when it is managed elsewhere; it must then exist before install.'),
      keep: h.boolean(true, 'Annotate the CRD with helm.sh/resource-policy: keep, so `helm uninstall` leaves it, and every MPIJob, in place.'),
    },
    { description: 'The MPIJob CustomResourceDefinition (mpijobs.kubeflow.org).' },
  ),

  resources: h.resources({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } }),
  securityContext: h.securityContext({
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
  }),
  podSecurityContext: h.podSecurityContext({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } }),

  nodeSelector: h.nodeSelector(),
  healthStatusToleration: h.boolean(
    true,
    'Tolerate nodes HyperPod taints sagemaker.amazonaws.com/node-health-status=Unschedulable:NoSchedule while it checks them (the toleration comes from hyperpod-common).',
  ),
  tolerations: h.tolerations([], { description: 'Pod tolerations, after the node-health-status one.' }),
  affinity: h.affinity({}, { description: 'Pod affinity.' }),
  topologySpreadConstraints: t.Array(t.Object({}, { additionalProperties: true }), { default: [], description: 'Pod topologySpreadConstraints.' }),

  mpiOperator: h.deprecated(
    'use the top-level keys of the same names (imagePullPolicy is image.pullPolicy); each key set and not empty here replaces ours.',
    t.Object(
      {
        image: t.Optional(t.Object({ repository: t.Optional(t.String()), tag: t.Optional(t.String({ not: { const: 'latest' } })) }, { additionalProperties: false })),
        imagePullPolicy: t.Optional(t.Union([t.Literal('Always'), t.Literal('IfNotPresent'), t.Literal('Never')])),
        replicas: t.Optional(t.Integer({ minimum: 0 })),
        additionalArgs: t.Optional(t.Array(t.String())),
        serviceAccount: t.Optional(t.Object({ annotations: t.Optional(t.Record(t.String(), t.String())) }, { additionalProperties: false })),
        nodeSelector: t.Optional(t.Record(t.String(), t.String())),
        affinity: t.Optional(t.Object({}, { additionalProperties: true })),
        tolerations: t.Optional(t.Array(h.toleration)),
        topologySpreadConstraints: t.Optional(t.Array(t.Object({}, { additionalProperties: true }))),
      },
      { additionalProperties: false },
    ),
  ),
});
