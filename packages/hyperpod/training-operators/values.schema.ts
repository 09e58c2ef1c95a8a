import { defineValues, h, t } from '@chart-tools/chartkit/schema';

// Job kinds this operator may serve. MPIJob is not among them on purpose: the mpi-operator chart
// serves MPIJob (kubeflow.org/v2beta1), and the v1 MPIJob controller of this operator would fight it.
const SCHEMES = ['pytorchjob', 'tfjob', 'mxjob', 'xgboostjob', 'paddlejob'];

export default defineValues({
  namespace: h.namespace({ name: 'kubeflow', create: true }, { description: 'Namespace of the operator. Inside the HyperPod umbrella this chart owns `kubeflow`; mlflow and namespaced-role-and-bindings only use it.' }),
  createNamespace: h.deprecated('use namespace.create; when set, true or false, it replaces it.', t.Boolean()),

  image: h.image({ repository: 'kubeflow/training-operator', tag: 'v1-855e096', pullPolicy: 'IfNotPresent' }),

  schemes: t.Array(
    t.String({
      enum: SCHEMES,
      description: 'A job kind: pytorchjob, tfjob, mxjob, xgboostjob or paddlejob. mpijob is rejected: MPIJob belongs to the mpi-operator chart (kubeflow.org/v2beta1).',
    }),
    {
      default: SCHEMES,
      minItems: 1,
      uniqueItems: true,
      description:
        'Job kinds the operator serves, one --enable-scheme flag each. mpijob is not allowed (the mpi-operator chart serves MPIJob v2beta1), and the list cannot be empty, because the operator enables every kind, mpijob included, when it gets no --enable-scheme flag.',
    },
  ),

  additionalArgs: h.stringList([], 'Extra flags for /manager, after the --enable-scheme flags, e.g. --gang-scheduler-name=volcano.'),

  // crds: the values of the subchart training-operators-crds (Chart.yaml: alias crds, condition
  // crds.install), composed in by chartkit: crds.install and crds.keep.

  resources: h.resources({ requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } }),
  securityContext: h.securityContext({
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
  }),
  podSecurityContext: h.podSecurityContext({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } }),

  livenessProbe: h.kubeObject(
    { httpGet: { path: '/healthz', port: 8081 }, initialDelaySeconds: 15, periodSeconds: 20, timeoutSeconds: 3 },
    { description: 'Liveness probe of the operator container (its health endpoint listens on 8081).' },
  ),
  readinessProbe: h.kubeObject(
    { httpGet: { path: '/readyz', port: 8081 }, initialDelaySeconds: 10, periodSeconds: 15, timeoutSeconds: 3 },
    { description: 'Readiness probe of the operator container.' },
  ),

  nodeSelector: h.nodeSelector(),
  tolerations: h.tolerations([]),
  affinity: h.affinity({}, { description: 'Pod affinity.' }),
});
