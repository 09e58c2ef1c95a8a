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
export interface NamespaceDefaults {
  name: string;
  create: boolean | null;
  createDescription?: string;
  /** An empty name means the release namespace (and is the only name that is not a DNS label). */
  releaseNamespace?: boolean;
  /**
   * Also accept the namespace as a plain string, the form of the upstream HyperPod chart
   * ('upstream') or of an earlier version of this chart ('earlier'): deprecated, read as the name.
   */
  plainString?: DeprecatedFrom;
}

export function namespace(defaults: NamespaceDefaults, options: Opts = {}) {
  const description = defaults.createDescription ?? CREATE_NAMESPACE;
  const dnsLabel = { pattern: defaults.releaseNamespace ? DNS_LABEL_OR_EMPTY : '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 };
  // A plain string keeps `--reuse-values` of a release made with that form valid: JSON Schema
  // applies `properties` to objects only and `pattern`/`maxLength` to strings only, so one schema
  // checks both forms.
  const plain = defaults.plainString
    ? { ...dnsLabel, [DEPRECATED_STRING]: `a plain string is the namespace name (${defaults.plainString === 'upstream' ? "the upstream chart's form" : "this chart's earlier form"}); use namespace.name` }
    : {};
  const schema = object(
    {
      name: string(defaults.name, defaults.releaseNamespace ? 'Namespace name; empty means the release namespace.' : 'Namespace name.', dnsLabel),
      create: defaults.create === null ? Type.Union([Type.Boolean(), Type.Null()], { default: null, description }) : boolean(defaults.create, description),
    },
    { description: 'Namespace of this component.', ...plain, ...options },
  );
  // Type.Object always writes `type: "object"`, whatever the options say: widen it afterwards.
  if (defaults.plainString) (schema as { type: unknown }).type = ['object', 'string'];
  return schema;
}

/** Where a deprecated key comes from: the upstream HyperPod chart, or an earlier version of this chart. */
export type DeprecatedFrom = 'upstream' | 'earlier';

/** Description prefixes of deprecated keys; the HyperPod umbrella's NOTES list the ones a release sets. */
export const DEPRECATED_PREFIXES: Record<DeprecatedFrom, string> = {
  upstream: 'Deprecated, from the upstream HyperPod chart: ',
  earlier: 'Deprecated, from an earlier version of this chart: ',
};

/** The deprecation of a description written by `deprecated`: where the key comes from and the advice. */
export function deprecation(description: string): { from: DeprecatedFrom; advice: string } | undefined {
  for (const [from, prefix] of Object.entries(DEPRECATED_PREFIXES) as [DeprecatedFrom, string][]) {
    if (description.startsWith(prefix)) return { from, advice: description.slice(prefix.length) };
  }
  return undefined;
}
/** Schema keyword of an object key that also accepts the upstream chart's plain-string form. */
export const DEPRECATED_STRING = 'x-chartkit-deprecated-string';

/**
 * A key this chart still accepts though it no longer documents it: one of the upstream HyperPod
 * chart ('upstream', the default) or of an earlier version of this chart ('earlier'), so that old
 * values files and `helm upgrade --reuse-values` of an old release validate. It has no default
 * (never written to values.yaml). `advice` says what it maps to, or that it is ignored and why.
 * Remove it in the next major version.
 */
export function deprecated(advice: string, schema: TSchema = Type.Unknown(), from: DeprecatedFrom = 'upstream'): TSchema {
  return CloneType(schema, { deprecated: true, description: `${DEPRECATED_PREFIXES[from]}${advice}` });
}

const DNS_LABEL_OR_EMPTY = '^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$';

/** A `createNamespace` flag of an earlier version (or of upstream), now `namespace.create`; the chart applies it while namespace.create is null. */
export function deprecatedCreateNamespace(from: DeprecatedFrom = 'earlier'): TSchema {
  return deprecated(
    'use namespace.create; true or false here applies while namespace.create is null (its default), and names this flag when the namespace is missing.',
    Type.Union([Type.Boolean(), Type.Null()]),
    from,
  );
}

/** A namespace-name key of an earlier version (or of upstream), now `namespace.name`; the chart applies it while namespace.name has its default. */
export function deprecatedNamespaceName(defaultName: string, from: DeprecatedFrom = 'earlier'): TSchema {
  return deprecated(
    `use namespace.name; a string here (empty: the release namespace) applies while namespace.name is ${defaultName || 'empty'}, its default.`,
    Type.String({ pattern: DNS_LABEL_OR_EMPTY, maxLength: 63 }),
    from,
  );
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
