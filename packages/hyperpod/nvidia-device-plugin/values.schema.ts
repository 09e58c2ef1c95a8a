import { defineValues, h, t } from '@chart-tools/chartkit/schema';

/** A key of NVIDIA's chart for something this chart does not do: accepted only at upstream's default (or its equivalent), so a setting that would matter fails instead of being dropped. */
const unsupported = (what: string, accepted: string, schema: Parameters<typeof h.deprecated>[1]) =>
  h.deprecated(`not supported: ${what}; accepted only as ${accepted}, the upstream default.`, schema);
/** null (NVIDIA's "plugin default") or the plugin's own default value. */
const nullOr = (value: string | boolean) => t.Union([t.Null(), t.Literal(value)]);
const IGNORED_NAME = 'ignored: the DaemonSet is always named nvidia-device-plugin-daemonset.';

export default defineValues({
  namespace: h.namespace({ name: 'kube-system', create: false, createDescription: 'Create the namespace with this release; only for a namespace of its own, kube-system always exists. A namespace that already exists and belongs to no release or to another one (a second release) is used, never taken over. false: it must exist, or the install stops naming it.' }, { description: 'Namespace of the DaemonSet.' }),
  image: h.object(
    {
      repository: t.String({ default: 'nvcr.io/nvidia/k8s-device-plugin', minLength: 1, description: 'Image repository.' }),
      tag: t.String({ default: 'v0.16.1', not: { const: 'latest' }, description: 'Image tag; `latest` is not allowed. Empty means v<appVersion>, as in NVIDIA\'s chart (the upstream HyperPod chart\'s default).' }),
      pullPolicy: t.Union([t.Literal('Always'), t.Literal('IfNotPresent'), t.Literal('Never')], { default: 'IfNotPresent', description: 'Image pull policy.' }),
    },
    { description: 'Container image.' },
  ),
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

  // Keys of NVIDIA's chart (0.16.1) that the upstream HyperPod chart bundled.
  namespaceOverride: h.deprecated('use namespace.name; a non-empty namespaceOverride replaces it.', t.String({ pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$', maxLength: 63 })),
  nameOverride: h.deprecated(IGNORED_NAME, t.String()),
  fullnameOverride: h.deprecated(IGNORED_NAME, t.String()),
  allowDefaultNamespace: h.deprecated('ignored: this chart installs into namespace.name, whatever the release namespace.', t.Boolean()),
  config: unsupported(
    'the plugin runs without a config file (no time-slicing or MPS sharing)',
    'empty',
    t.Object(
      {
        name: t.Optional(t.Literal('')),
        map: t.Optional(t.Record(t.String(), t.String(), { maxProperties: 0 })),
        default: t.Optional(t.Literal('')),
        fallbackStrategies: t.Optional(t.Array(t.String())),
      },
      { additionalProperties: false },
    ),
  ),
  mps: h.deprecated('ignored: MPS sharing needs a config file, which this chart does not support.', t.Object({ root: t.Optional(t.String()) }, { additionalProperties: false })),
  cdi: h.deprecated('ignored: CDI needs a cdi device-list strategy, which this chart does not support.', t.Object({ nvidiaHookPath: t.Optional(t.Union([t.Null(), t.String()])) }, { additionalProperties: false })),
  gfd: unsupported('GPU feature discovery is not part of this chart', 'enabled false', t.Object({ enabled: t.Optional(t.Literal(false)) }, { additionalProperties: true })),
  nfd: unsupported('node-feature-discovery is not part of this chart', 'enabled unset or false', t.Object({ enabled: t.Optional(t.Literal(false)) }, { additionalProperties: true })),
  migStrategy: unsupported('MIG strategies', 'null or none', nullOr('none')),
  compatWithCPUManager: unsupported('compatibility with the CPU manager (PASS_DEVICE_SPECS)', 'null or false', nullOr(false)),
  deviceListStrategy: unsupported('device-list strategies other than envvar', 'null or envvar', nullOr('envvar')),
  deviceIDStrategy: unsupported('device ids other than uuid', 'null or uuid', nullOr('uuid')),
  deviceDiscoveryStrategy: unsupported('device discovery other than auto', 'null or auto', nullOr('auto')),
  nvidiaDriverRoot: unsupported('a driver root other than /', 'null or /', nullOr('/')),
  gdsEnabled: unsupported('GPUDirect Storage', 'null or false', nullOr(false)),
  mofedEnabled: unsupported('MOFED', 'null or false', nullOr(false)),
  runtimeClassName: unsupported('a runtime class', 'null or empty', nullOr('')),
  selectorLabelsOverride: unsupported('overriding the selector labels', 'empty', t.Record(t.String(), t.String(), { maxProperties: 0 })),
  podAnnotations: unsupported('pod annotations', 'empty', t.Record(t.String(), t.String(), { maxProperties: 0 })),
  podSecurityContext: unsupported('a pod securityContext', 'empty', t.Object({}, { additionalProperties: false })),
  imagePullSecrets: unsupported('image pull secrets', 'empty', t.Array(t.Object({ name: t.String() }), { maxItems: 0 })),
  updateStrategy: unsupported('update strategies other than RollingUpdate', 'type RollingUpdate', t.Object({ type: t.Literal('RollingUpdate') }, { additionalProperties: false })),
});
