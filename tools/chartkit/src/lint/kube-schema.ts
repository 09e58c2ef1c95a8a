import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type CodeOptions, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Manifest } from '../core/manifests.ts';

type JsonObject = Record<string, unknown>;

export interface KubeSchemaProblem {
  path: string;
  message: string;
}

export type KubeValidation =
  | { status: 'valid' }
  | { status: 'invalid'; problems: KubeSchemaProblem[] }
  | { status: 'unknown'; reason: string };

/**
 * Prepare an OpenAPI schema node for strict validation: drop prose, and close every object that
 * declares its properties (as kubectl's strict field validation does) unless Kubernetes marks it
 * as keeping unknown fields.
 */
function strictify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictify);
  if (!node || typeof node !== 'object') return node;
  const src = node as JsonObject;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === 'description' || k === 'default' || k === 'example') continue;
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as JsonObject).map(([p, s]) => [p, strictify(s)])) : strictify(v);
  }
  if (out.properties && out.additionalProperties === undefined && src['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

/**
 * Kubernetes checks `pattern` with Go's RE2 syntax (operators' CRDs use it, e.g. `(?i)redis`): its
 * leading inline flags become JavaScript flags; a pattern JavaScript still cannot compile is not
 * checked here (the API server checks it) rather than stopping the lint.
 */
export const goRegExp: NonNullable<CodeOptions['regExp']> = Object.assign(
  (pattern: string, u: string): RegExp => {
    const inline = /^\(\?([ims]+)\)/.exec(pattern);
    const flags = [...new Set(`${u}${inline?.[1] ?? ''}`)].join('');
    try {
      return new RegExp(inline ? pattern.slice(inline[0].length) : pattern, flags);
    } catch {
      return /(?:)/;
    }
  },
  { code: 'goRegExp' },
);

function describe(error: ErrorObject): KubeSchemaProblem {
  const at = error.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(root)';
  if (error.keyword === 'additionalProperties') {
    const key = String(error.params.additionalProperty);
    return { path: at === '(root)' ? key : `${at}.${key}`, message: 'is not a known field' };
  }
  if (error.keyword === 'type') return { path: at, message: `must be ${String(error.params.type)}` };
  if (error.keyword === 'required') return { path: at === '(root)' ? String(error.params.missingProperty) : `${at}.${String(error.params.missingProperty)}`, message: 'is required' };
  if (error.keyword === 'enum') return { path: at, message: `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}` };
  return { path: at, message: error.message ?? 'is invalid' };
}

function gvkKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

/** Validators of the custom resources a render's CRDs define, by `group/version/Kind`. */
export interface CrdValidators {
  get(key: string): ValidateFunction | undefined;
}

const compiledCrds = new Map<string, ValidateFunction>();

export class KubeSchemaValidator {
  private readonly ajv: Ajv;
  private readonly refs = new Map<string, string>();
  private readonly compiled = new Map<string, ValidateFunction>();
  readonly kubernetesVersion: string;

  private constructor(documents: JsonObject[], kubernetesVersion: string) {
    this.kubernetesVersion = kubernetesVersion;
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false });
    const schemas: JsonObject = {};
    for (const doc of documents) {
      const components = ((doc.components ?? {}) as JsonObject).schemas as JsonObject | undefined;
      for (const [name, schema] of Object.entries(components ?? {})) {
        if (schemas[name]) continue;
        schemas[name] = strictify(schema);
        const gvks = (schema as JsonObject)['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[] | undefined;
        for (const gvk of gvks ?? []) {
          const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
          // Prefer the API group's own type over the meta types that list every kind (e.g. DeleteOptions).
          if (!this.refs.has(gvkKey(apiVersion, gvk.kind)) || !name.startsWith('io.k8s.apimachinery')) this.refs.set(gvkKey(apiVersion, gvk.kind), name);
        }
      }
    }
    this.ajv.addSchema({ $id: 'k8s', components: { schemas } });
  }

  /** Load every `*_openapi.json` of a Kubernetes `api/openapi-spec/v3` directory. */
  static fromDirectory(dir: string, kubernetesVersion: string): KubeSchemaValidator {
    const docs = readdirSync(dir)
      .filter((f) => f.endsWith('_openapi.json'))
      .sort()
      .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as JsonObject);
    return new KubeSchemaValidator(docs, kubernetesVersion);
  }

  private validatorFor(apiVersion: string, kind: string): ValidateFunction | undefined {
    const key = gvkKey(apiVersion, kind);
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const ref = this.refs.get(key);
    if (!ref) return undefined;
    const fn = this.ajv.compile({ $ref: `k8s#/components/schemas/${ref}` });
    this.compiled.set(key, fn);
    return fn;
  }

  /** Validate one object; custom resources are checked against CRDs rendered alongside them. */
  validate(object: JsonObject, crdSchemas: CrdValidators = new Map()): KubeValidation {
    const apiVersion = object.apiVersion;
    const kind = object.kind;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      return { status: 'invalid', problems: [{ path: typeof apiVersion !== 'string' ? 'apiVersion' : 'kind', message: 'is required' }] };
    }
    const fn = this.validatorFor(apiVersion, kind) ?? crdSchemas.get(gvkKey(apiVersion, kind));
    if (!fn) return { status: 'unknown', reason: `no schema for ${apiVersion} ${kind} in Kubernetes ${this.kubernetesVersion}` };
    if (fn(object)) return { status: 'valid' };
    const problems = (fn.errors ?? []).map(describe);
    const seen = new Set<string>();
    return { status: 'invalid', problems: problems.filter((p) => !seen.has(`${p.path}${p.message}`) && seen.add(`${p.path}${p.message}`)) };
  }

  /**
   * The openAPIV3Schema of every CRD in a render, keyed by `group/version/Kind`, compiled when an
   * object of that kind is validated (most renders ship CRDs without custom resources, and a big
   * CRD costs a second to compile), and once per process for the same schema.
   */
  crdSchemasOf(manifests: readonly Manifest[]): CrdValidators {
    const sources = new Map<string, JsonObject>();
    for (const m of manifests) {
      if (m.object.kind !== 'CustomResourceDefinition') continue;
      const spec = (m.object.spec ?? {}) as JsonObject;
      const group = String(spec.group ?? '');
      const kindName = String(((spec.names ?? {}) as JsonObject).kind ?? '');
      for (const v of (spec.versions ?? []) as JsonObject[]) {
        const schema = ((v.schema ?? {}) as JsonObject).openAPIV3Schema as JsonObject | undefined;
        if (schema) sources.set(gvkKey(`${group}/${String(v.name)}`, kindName), schema);
      }
    }
    const byKey = new Map<string, ValidateFunction>();
    return {
      get: (key) => {
        const known = byKey.get(key);
        if (known) return known;
        const schema = sources.get(key);
        if (!schema) return undefined;
        const text = JSON.stringify(schema);
        let fn = compiledCrds.get(text);
        if (!fn) {
          const root = strictify(schema) as JsonObject;
          const props = { ...((root.properties ?? {}) as JsonObject), apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } };
          fn = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: goRegExp } }).compile({ ...root, properties: props });
          compiledCrds.set(text, fn);
        }
        byKey.set(key, fn);
        return fn;
      },
    };
  }
}
