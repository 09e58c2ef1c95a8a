import { isDeepStrictEqual } from 'node:util';

/**
 * What a rendered CustomResourceDefinition lost or changed against the file its operator publishes:
 * name, group, scope, names; per version served, storage, deprecation, subresources (status, scale
 * with its paths), printer columns and selectable fields; and every node of the openAPIV3Schema by
 * path, with each of its keywords (type, required, enum, default, format, x-kubernetes-*, …) and
 * description. The source's labels and annotations must be kept too. One line per difference; empty
 * when the render is faithful.
 */
export interface FidelityOptions {
  /** Keys of spec the chart sets itself, not compared (e.g. conversion, which points at the chart's webhook Service). */
  chartOwnedSpec?: readonly string[];
  /** Source annotations the chart replaces with its own (e.g. an upstream template placeholder). */
  chartOwnedAnnotations?: readonly string[];
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v).slice(0, 160));

/** Schema keywords that hold child schemas, walked as paths instead of compared as values. */
const CHILDREN = new Set(['properties', 'items', 'additionalProperties']);

/**
 * Every node of a schema by path: `.spec.replicas`, `.spec.containers[*].name` (items),
 * `.spec.replicaSpecs{*}.template` (additionalProperties); the root is `.`.
 */
export function schemaNodes(schema: unknown, at = ''): Map<string, Obj> {
  const out = new Map<string, Obj>();
  if (!isObj(schema)) return out;
  out.set(at || '.', schema);
  if (isObj(schema.properties)) {
    for (const [k, v] of Object.entries(schema.properties)) for (const [p, n] of schemaNodes(v, `${at}.${k}`)) out.set(p, n);
  }
  if (isObj(schema.items)) for (const [p, n] of schemaNodes(schema.items, `${at}[*]`)) out.set(p, n);
  if (isObj(schema.additionalProperties)) for (const [p, n] of schemaNodes(schema.additionalProperties, `${at}{*}`)) out.set(p, n);
  return out;
}

function compareSchemas(version: string, source: unknown, rendered: unknown, out: string[]): void {
  const want = schemaNodes(source);
  const got = schemaNodes(rendered);
  if (want.size === 0) out.push(`${version}: the source has no openAPIV3Schema`);
  for (const [p, node] of want) {
    const other = got.get(p);
    if (!other) {
      out.push(`${version} ${p}: field lost (type ${show(node.type)})`);
      continue;
    }
    for (const key of new Set([...Object.keys(node), ...Object.keys(other)])) {
      if (CHILDREN.has(key) && (isObj(node[key]) || isObj(other[key]))) continue;
      if (!isDeepStrictEqual(node[key], other[key])) out.push(`${version} ${p}: ${key} ${show(node[key])} became ${show(other[key])}`);
    }
  }
  for (const p of got.keys()) if (!want.has(p)) out.push(`${version} ${p}: field not in the source`);
}

const VERSION_KEYS = ['served', 'storage', 'deprecated', 'deprecationWarning', 'subresources', 'additionalPrinterColumns', 'selectableFields'] as const;

export function crdFidelityLosses(source: Obj, rendered: Obj, options: FidelityOptions = {}): string[] {
  const out: string[] = [];
  const meta = (o: Obj): Obj => (isObj(o.metadata) ? o.metadata : {});
  const spec = (o: Obj): Obj => (isObj(o.spec) ? o.spec : {});
  for (const key of ['apiVersion', 'kind'] as const) if (source[key] !== rendered[key]) out.push(`${key} ${show(source[key])} became ${show(rendered[key])}`);
  if (meta(source).name !== meta(rendered).name) out.push(`metadata.name ${show(meta(source).name)} became ${show(meta(rendered).name)}`);
  for (const field of ['labels', 'annotations'] as const) {
    const skip = field === 'annotations' ? (options.chartOwnedAnnotations ?? []) : [];
    const theirs = isObj(meta(source)[field]) ? (meta(source)[field] as Obj) : {};
    const ours = isObj(meta(rendered)[field]) ? (meta(rendered)[field] as Obj) : {};
    for (const [k, v] of Object.entries(theirs)) if (!skip.includes(k) && ours[k] !== v) out.push(`metadata.${field}.${k} ${show(v)} became ${show(ours[k])}`);
  }
  const owned = new Set(['versions', ...(options.chartOwnedSpec ?? [])]);
  for (const key of new Set([...Object.keys(spec(source)), ...Object.keys(spec(rendered))])) {
    if (!owned.has(key) && !isDeepStrictEqual(spec(source)[key], spec(rendered)[key])) out.push(`spec.${key} ${show(spec(source)[key])} became ${show(spec(rendered)[key])}`);
  }
  const versions = (o: Obj): Obj[] => (Array.isArray(spec(o).versions) ? (spec(o).versions as unknown[]).filter(isObj) : []);
  const renderedVersions = new Map(versions(rendered).map((v) => [String(v.name), v]));
  for (const v of versions(source)) {
    const name = String(v.name);
    const other = renderedVersions.get(name);
    if (!other) {
      out.push(`version ${name}: lost`);
      continue;
    }
    for (const key of VERSION_KEYS) if (!isDeepStrictEqual(v[key], other[key])) out.push(`${name} ${key}: ${show(v[key])} became ${show(other[key])}`);
    const schema = (o: Obj): unknown => (isObj(o.schema) ? o.schema.openAPIV3Schema : undefined);
    compareSchemas(name, schema(v), schema(other), out);
    renderedVersions.delete(name);
  }
  for (const name of renderedVersions.keys()) out.push(`version ${name}: not in the source`);
  return out;
}
