import { CloneType, Type, type TSchema, type TObject, type TProperties, type SchemaOptions, type Static } from '@sinclair/typebox';

/**
 * Helm idioms as TypeBox schemas. Every helper takes the chart's default and returns a schema
 * whose `default` is that value, so values.yaml, the JSON schema and the README table all come
 * from one place.
 */

/** Kubeapps form hints, accepted on any schema. */
export interface FormOptions {
  /** Show this value in the Kubeapps deploy form. */
  form?: boolean;
  title?: string;
  description?: string;
}

type Opts = SchemaOptions & FormOptions;

/** A closed object: unknown keys are errors, so a typo in values fails `helm install`. */
export function object<P extends TProperties>(properties: P, options: Opts = {}): TObject<P> {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/** A free-form string map (labels, annotations, nodeSelector). */
export function stringMap(defaults: Record<string, string> = {}, options: Opts = {}) {
  return Type.Record(Type.String(), Type.String(), { default: defaults, ...options });
}

/** Any object Kubernetes defines itself (affinity, probes): passed through as written. */
export function kubeObject(defaults: Record<string, unknown> = {}, options: Opts = {}) {
  return Type.Object({}, { additionalProperties: true, default: defaults, ...options });
}

export function enabled(defaultValue: boolean, description = 'Install this component.') {
  return Type.Boolean({ default: defaultValue, description });
}

export interface ImageDefaults {
  repository: string;
  tag: string;
  pullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
}


/** `image.{repository, tag, pullPolicy}`; `latest` is refused by the schema. */
export function image(defaults: ImageDefaults, options: Opts = {}) {
  return object(
    {
      repository: Type.String({ default: defaults.repository, minLength: 1, description: 'Image repository.' }),
      tag: Type.String({ default: defaults.tag, minLength: 1, not: { const: 'latest' }, description: 'Image tag; `latest` is not allowed.' }),
      pullPolicy: Type.Union([Type.Literal('Always'), Type.Literal('IfNotPresent'), Type.Literal('Never')], {
        default: defaults.pullPolicy ?? 'IfNotPresent',
        description: 'Image pull policy.',
      }),
    },
    { description: 'Container image.', ...options },
  );
}

const quantity = Type.Union([Type.String(), Type.Number()]);

export interface ResourceDefaults {
  requests?: Record<string, string | number>;
  limits?: Record<string, string | number>;
}

export function resources(defaults: ResourceDefaults, options: Opts = {}) {
  return object(
    {
      requests: Type.Record(Type.String(), quantity, { default: defaults.requests ?? {}, description: 'Resource requests.' }),
      limits: Type.Record(Type.String(), quantity, { default: defaults.limits ?? {}, description: 'Resource limits.' }),
    },
    { description: 'Container resources.', ...options },
  );
}

/** A container securityContext; free-form so every Kubernetes field stays available. */
export function securityContext(defaults: Record<string, unknown>, options: Opts = {}) {
  return kubeObject(defaults, { description: 'Container securityContext.', ...options });
}

export function podSecurityContext(defaults: Record<string, unknown>, options: Opts = {}) {
  return kubeObject(defaults, { description: 'Pod securityContext.', ...options });
}

export const toleration = Type.Object(
  {
    key: Type.Optional(Type.String()),
    operator: Type.Optional(Type.Union([Type.Literal('Exists'), Type.Literal('Equal')])),
    value: Type.Optional(Type.String()),
    effect: Type.Optional(Type.Union([Type.Literal('NoSchedule'), Type.Literal('PreferNoSchedule'), Type.Literal('NoExecute'), Type.Literal('')])),
    tolerationSeconds: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);

export function tolerations(defaults: Static<typeof toleration>[] = [], options: Opts = {}) {
  return Type.Array(toleration, { default: defaults, description: 'Pod tolerations.', ...options });
}

export function affinity(defaults: Record<string, unknown> = {}, options: Opts = {}) {
  return kubeObject(defaults, { description: 'Pod affinity, merged with the chart\'s own instance-type affinity where it has one.', ...options });
}

export function nodeSelector(defaults: Record<string, string> = {}, options: Opts = {}) {
  return stringMap(defaults, { description: 'Pod nodeSelector.', ...options });
}

const CREATE_NAMESPACE =
  'Create the namespace with this release. A namespace that already exists and belongs to no release or to another one (a second release) is used, never taken over. false: it must exist, or the install stops naming it.';

/**
 * `namespace.{name, create}`: where the chart's namespaced objects go, and whether it creates that
 * namespace. `create: null` means "decide at install time" (e.g. yes when installed alone, no inside
 * an umbrella where another component owns the namespace); say how in `createDescription`.
 */
export function namespace(defaults: { name: string; create: boolean | null; createDescription?: string; upstreamString?: boolean }, options: Opts = {}) {
  const description = defaults.createDescription ?? CREATE_NAMESPACE;
  const dnsLabel = { pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 };
  // The upstream HyperPod chart took the namespace as a plain string. Accepting it keeps
  // `--reuse-values` of an upstream release valid: JSON Schema applies `properties` to objects only
  // and `pattern`/`maxLength` to strings only, so one schema checks both forms.
  const upstream = defaults.upstreamString
    ? { ...dnsLabel, [DEPRECATED_STRING]: 'a plain string is the namespace name (the upstream chart\'s form); use namespace.name' }
    : {};
  const schema = object(
    {
      name: string(defaults.name, 'Namespace name.', dnsLabel),
      create: defaults.create === null ? Type.Union([Type.Boolean(), Type.Null()], { default: null, description }) : boolean(defaults.create, description),
    },
    { description: 'Namespace of this component.', ...upstream, ...options },
  );
  // Type.Object always writes `type: "object"`, whatever the options say: widen it afterwards.
  if (defaults.upstreamString) (schema as { type: unknown }).type = ['object', 'string'];
  return schema;
}

/** Description prefix of a deprecated key; the HyperPod umbrella's NOTES list the ones a release sets. */
export const DEPRECATED_PREFIX = 'Deprecated, from the upstream HyperPod chart: ';
/** Schema keyword of an object key that also accepts the upstream chart's plain-string form. */
export const DEPRECATED_STRING = 'x-chartkit-deprecated-string';

/**
 * A key of the upstream HyperPod chart that this chart still accepts, so that an upstream values
 * file and `helm upgrade --reuse-values` of an upstream release validate. It has no default (never
 * written to values.yaml). `advice` says what it maps to, or that it is ignored and why. Remove it
 * in the next major version.
 */
export function deprecated(advice: string, schema: TSchema = Type.Unknown()): TSchema {
  return CloneType(schema, { deprecated: true, description: `${DEPRECATED_PREFIX}${advice}` });
}

export function serviceAccount(defaults: { create: boolean; name: string; annotations?: Record<string, string> }, options: Opts = {}) {
  return object(
    {
      create: Type.Boolean({ default: defaults.create, description: 'Create the ServiceAccount. Set false when it already exists.' }),
      name: Type.String({ default: defaults.name, description: 'ServiceAccount name.' }),
      annotations: stringMap(defaults.annotations ?? {}, { description: 'ServiceAccount annotations.' }),
    },
    { description: 'ServiceAccount.', ...options },
  );
}

export function string(defaultValue: string, description: string, options: Opts = {}) {
  return Type.String({ default: defaultValue, description, ...options });
}

export function integer(defaultValue: number, description: string, options: Opts = {}) {
  return Type.Integer({ default: defaultValue, description, ...options });
}

export function boolean(defaultValue: boolean, description: string, options: Opts = {}) {
  return Type.Boolean({ default: defaultValue, description, ...options });
}

export function stringList(defaults: string[], description: string, options: Opts = {}) {
  return Type.Array(Type.String(), { default: defaults, description, ...options });
}

/** A value with no default that the chart requires when it is enabled (checked by `required` in templates). */
export function optionalString(description: string, options: Opts = {}) {
  return Type.Union([Type.String(), Type.Null()], { default: null, description, ...options });
}

export type { TSchema };

/**
 * CHAIMELEON workstations: `datasets_list`, the one field of the Kubeapps deploy form (the
 * platform fills it with the datasets the user picked; the operator and jobman read it).
 */
export function datasetsList() {
  return string('', 'A comma separated list of the datasets that will be available at the container. (It can be empty)', { form: true, title: 'Dataset list' });
}

/** CHAIMELEON workstations: `requests`, rendered by `chaimeleon.workstation.resources`. */
export function workstationRequests() {
  return object(
    {
      cpu: optionalString('CPU request, e.g. 0.5, 1, 2. null lets the operator decide.'),
      memory: optionalString('Memory request, e.g. 200Mi, 1Gi, 4Gi. null lets the operator decide.'),
      gpu: boolean(false, 'Request one NVIDIA GPU (nvidia.com/gpu: 1 in requests and limits).'),
    },
    {
      description:
        'Minimum requests of the workstation container. The CHAIMELEON operator currently overwrites the resources of every container with its desktop flavour (900m/2 CPU, 7Gi, no GPU), so these only take effect where it does not.',
    },
  );
}
