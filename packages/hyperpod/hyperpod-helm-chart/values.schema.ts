import { defineValues, h, t } from '@chart-tools/chartkit/schema';

type Schema = Parameters<typeof h.deprecated>[1];
const KUBE_OBJECT = t.Object({}, { additionalProperties: true });
const STRING_MAP = t.Record(t.String(), t.String());
const LIST = t.Array(t.Unknown());

/** The keys `helm create` wrote into the upstream umbrella's values.yaml: it deployed nothing that read them. */
function scaffold(keys: Record<string, Schema>): Record<string, Schema> {
  return Object.fromEntries(Object.entries(keys).map(([key, schema]) => [key, h.deprecated('ignored: a placeholder of the `helm create` scaffold; the upstream chart deployed nothing that read it.', schema)]));
}

// The umbrella's own values. Each subchart's values (and its switch, with the default from the
// subchart's chartkit.dev/enabled-by-default annotation) are composed in by chartkit.
export default defineValues({
  global: t.Object(
    {
      region: h.string('', 'AWS region used by every subchart that needs one (health monitoring agent, inference operator) unless the subchart sets its own.'),
      computeQuotaTarget: h.object({
        targetId: h.optionalString('Compute quota target id shared with team-role-and-bindings (same effect as computeQuotaTarget.targetId).'),
      }),
      hyperpodUmbrella: t.Boolean({ default: true, description: 'Set by this chart so subcharts know they run inside it; do not change.' }),
    },
    { additionalProperties: true, description: 'Values Helm shares with every subchart.' },
  ),
  computeQuotaTarget: h.object(
    {
      targetId: h.optionalString('Id of the compute quota target (task governance). With team-role-and-bindings.enabled=true, creates the team roles of namespace hyperpod-ns-<id>.'),
    },
    { description: 'Team roles for a compute quota target, as in `--set computeQuotaTarget.targetId=<id>`.' },
  ),

  // Keys of the upstream HyperPod umbrella, so its values files and `--reuse-values` of its releases validate.
  namespace: h.deprecated(
    'ignored: the upstream chart did not use it either; each component has its own namespace key.',
    t.Object({ create: t.Optional(t.Boolean()), name: t.Optional(t.String()) }, { additionalProperties: false }),
  ),
  'cert-manager': h.deprecated(
    'cert-manager is not bundled: install it separately; enabled true stops the install, false is ignored.',
    t.Object({ enabled: t.Optional(t.Boolean()) }, { additionalProperties: true }),
  ),
  'gpu-operator': h.deprecated(
    'the NVIDIA GPU operator is not part of this chart: install it as a release of its own; enabled true stops the install, false is ignored.',
    t.Object({ enabled: t.Optional(t.Boolean()) }, { additionalProperties: true }),
  ),
  ...scaffold({
    replicaCount: t.Integer(),
    image: KUBE_OBJECT,
    imagePullSecrets: LIST,
    nameOverride: t.String(),
    fullnameOverride: t.String(),
    serviceAccount: KUBE_OBJECT,
    podAnnotations: STRING_MAP,
    podLabels: STRING_MAP,
    podSecurityContext: KUBE_OBJECT,
    securityContext: KUBE_OBJECT,
    service: KUBE_OBJECT,
    ingress: KUBE_OBJECT,
    resources: KUBE_OBJECT,
    livenessProbe: KUBE_OBJECT,
    readinessProbe: KUBE_OBJECT,
    autoscaling: KUBE_OBJECT,
    volumes: LIST,
    volumeMounts: LIST,
    nodeSelector: STRING_MAP,
    tolerations: LIST,
    affinity: KUBE_OBJECT,
  }),
});
