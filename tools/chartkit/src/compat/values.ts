import { makeFinding, sameValue, stableStringify, VALUES_OBJECT, type CompatFinding, type CompatRule, type Level } from './types.ts';

/**
 * The values contract of two chart versions, compared through their values.schema.json (and
 * values.yaml defaults): what makes a user's values file, or `helm upgrade --reuse-values` of a
 * release of the published version, fail or change meaning. Pure: schemas in, findings out.
 */

type Schema = Record<string, unknown>;

export interface ValuesContract {
  /** values.schema.json. */
  schema: Schema;
  /** values.yaml, for defaults (the schema's `default` otherwise). */
  values?: unknown;
}

const ANY = 'any';
type Types = Set<string> | typeof ANY;
const DOC_KEYS = new Set(['description', 'title', 'form', '$comment', 'deprecated', 'examples']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);

function isSchema(v: unknown): v is Schema {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/** Follow a local `$ref` (`#/definitions/x`); `true`, absent or a remote ref accept anything. */
function deref(node: unknown, root: Schema, depth = 0): Schema {
  if (!isSchema(node)) return node === false ? { not: {} } : {};
  const ref = node.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#') || depth > 32) return node;
  let target: unknown = root;
  for (const seg of ref.slice(1).split('/').filter(Boolean)) target = isSchema(target) ? target[seg.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return deref(target, root, depth + 1);
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function branches(s: Schema): unknown[] | undefined {
  const b = s.anyOf ?? s.oneOf;
  return Array.isArray(b) ? b : undefined;
}

/** The JSON types a schema accepts, or `any`. */
function typesOf(s: Schema, root: Schema): Types {
  if (Array.isArray(s.enum)) return new Set(s.enum.map(jsonType));
  if ('const' in s) return new Set([jsonType(s.const)]);
  if (s.type !== undefined) return new Set(list(s.type).map(String));
  const alternatives = branches(s);
  if (!alternatives) return ANY;
  const out = new Set<string>();
  for (const b of alternatives) {
    const t = typesOf(deref(b, root), root);
    if (t === ANY) return ANY;
    for (const x of t) out.add(x);
  }
  return out;
}

function accepts(types: Types, t: string): boolean {
  return types === ANY || types.has(t) || (t === 'integer' && types.has('number'));
}

function showTypes(t: Types): string {
  return t === ANY ? 'any type' : [...t].sort().join('|');
}

/** The values an enum-like schema allows (`enum`, `const`, or anyOf/oneOf of those), else undefined. */
function enumOf(s: Schema, root: Schema): unknown[] | undefined {
  if (Array.isArray(s.enum)) return s.enum;
  if ('const' in s) return [s.const];
  const alternatives = branches(s);
  if (!alternatives) return undefined;
  const out: unknown[] = [];
  for (const b of alternatives) {
    const values = enumOf(deref(b, root), root);
    if (!values) return undefined;
    out.push(...values);
  }
  return out;
}

function without(values: unknown[], others: unknown[]): unknown[] {
  const keep = new Set(others.map(stableStringify));
  return values.filter((v) => !keep.has(stableStringify(v)));
}

const showValues = (values: unknown[]): string => values.map((v) => JSON.stringify(v)).join(', ');

/** A schema without its documentation, to recognise a key that moved under another name. */
function shape(node: unknown, inMap = false): unknown {
  if (Array.isArray(node)) return node.map((n) => shape(n));
  if (!isSchema(node)) return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) {
    if (!inMap && DOC_KEYS.has(k)) continue;
    out[k] = inMap ? shape(v) : k === 'default' || k === 'const' || k === 'enum' ? v : shape(v, SCHEMA_MAPS.has(k));
  }
  return out;
}

function valueAt(values: unknown, segments: readonly string[] | undefined): { found: boolean; value?: unknown } {
  if (!segments) return { found: false };
  let node = values;
  for (const s of segments) {
    if (!isSchema(node) || !(s in node)) return { found: false };
    node = node[s];
  }
  return { found: true, value: node };
}

interface Walk {
  before: ValuesContract;
  after: ValuesContract;
  out: CompatFinding[];
}

interface Where {
  path: string;
  /** Key segments into values.yaml; undefined below arrays and maps. */
  segments: string[] | undefined;
}

const child = (w: Where, key: string): Where => ({ path: w.path ? `${w.path}.${key}` : key, segments: w.segments ? [...w.segments, key] : undefined });
const below = (w: Where, suffix: string): Where => ({ path: `${w.path}${suffix}`, segments: undefined });

function add(walk: Walk, rule: CompatRule, level: Level, path: string, message: string): void {
  walk.out.push(makeFinding(rule, level, VALUES_OBJECT, path || '(root)', message));
}

function defaultOf(contract: ValuesContract, s: Schema, w: Where): unknown {
  const fromFile = valueAt(contract.values, w.segments);
  return fromFile.found ? fromFile.value : s.default;
}

function compareAccepted(walk: Walk, o: Schema, n: Schema, w: Where): void {
  const oEnum = enumOf(o, walk.before.schema);
  const nEnum = enumOf(n, walk.after.schema);
  if (oEnum && nEnum) {
    const gone = without(oEnum, nEnum);
    const come = without(nEnum, oEnum);
    if (gone.length > 0) add(walk, 'values-enum', 'breaking', w.path, `allowed values removed: ${showValues(gone)}`);
    if (come.length > 0) add(walk, 'values-enum-added', 'addition', w.path, `allowed values added: ${showValues(come)}`);
  } else {
    const oTypes = typesOf(o, walk.before.schema);
    const nTypes = typesOf(n, walk.after.schema);
    const narrowed = oTypes === ANY ? nTypes !== ANY : [...oTypes].some((t) => !accepts(nTypes, t));
    const widened = nTypes === ANY ? oTypes !== ANY : [...nTypes].some((t) => !accepts(oTypes, t));
    if (narrowed) add(walk, 'values-type', 'breaking', w.path, `type narrowed from ${showTypes(oTypes)} to ${showTypes(nTypes)}`);
    else if (widened) add(walk, 'values-type-widened', 'addition', w.path, `type widened from ${showTypes(oTypes)} to ${showTypes(nTypes)}`);
    if (!oEnum && nEnum) add(walk, 'values-enum', 'breaking', w.path, `now limited to ${showValues(nEnum)}`);
    if (oEnum && !nEnum) add(walk, 'values-enum-added', 'addition', w.path, `no longer limited to ${showValues(oEnum)}`);
  }
  if (oEnum || nEnum) {
    const before = defaultOf(walk.before, o, w);
    const after = defaultOf(walk.after, n, w);
    if (!sameValue(before, after)) add(walk, 'values-enum-default', 'breaking', w.path, `default changed from ${JSON.stringify(before) ?? '(unset)'} to ${JSON.stringify(after) ?? '(unset)'}`);
  }
}

function properties(s: Schema): Record<string, unknown> {
  return isSchema(s.properties) ? s.properties : {};
}

function compareObjects(walk: Walk, o: Schema, n: Schema, w: Where): void {
  const oProps = properties(o);
  const nProps = properties(n);
  const oRequired = new Set(list(o.required).map(String));
  const nRequired = new Set(list(n.required).map(String));
  const closed = n.additionalProperties === false;
  const added = Object.keys(nProps).filter((k) => !(k in oProps));
  const claimed = new Set<string>();
  for (const key of Object.keys(oProps).filter((k) => !(k in nProps))) {
    const sig = stableStringify(shape(deref(oProps[key], walk.before.schema)));
    const same = added.filter((k) => !claimed.has(k) && stableStringify(shape(deref(nProps[k], walk.after.schema))) === sig);
    const at = child(w, key).path;
    if (same.length === 1) {
      claimed.add(same[0]!);
      add(walk, 'values-renamed', 'breaking', at, `renamed to ${child(w, same[0]!).path}${closed ? ' (a values file or --reuse-values that still sets it fails the schema)' : ''}`);
    } else {
      add(walk, 'values-removed', 'breaking', at, closed ? 'removed (a values file or --reuse-values that still sets it fails the schema)' : 'removed (a value still set for it is ignored)');
    }
  }
  for (const key of added.filter((k) => !claimed.has(k))) {
    if (nRequired.has(key)) add(walk, 'values-required', 'breaking', child(w, key).path, 'new required key (values files without it fail the schema)');
    else add(walk, 'values-added', 'addition', child(w, key).path, 'new optional key');
  }
  for (const key of Object.keys(oProps).filter((k) => k in nProps)) {
    if (nRequired.has(key) && !oRequired.has(key)) add(walk, 'values-required', 'breaking', child(w, key).path, 'now required (values files without it fail the schema)');
    compare(walk, oProps[key], nProps[key], child(w, key));
  }
  if (o.additionalProperties !== false && closed) add(walk, 'values-closed', 'breaking', w.path, 'no longer accepts undeclared keys');
  const oMap = o.additionalProperties;
  const nMap = n.additionalProperties;
  if ((isSchema(oMap) || isSchema(nMap)) && oMap !== false && nMap !== false) compare(walk, oMap, nMap, below(w, '.*'));
  const oPatterns = isSchema(o.patternProperties) ? o.patternProperties : {};
  const nPatterns = isSchema(n.patternProperties) ? n.patternProperties : {};
  for (const p of Object.keys(oPatterns).filter((k) => k in nPatterns)) compare(walk, oPatterns[p], nPatterns[p], below(w, `.${p}`));
}

function compare(walk: Walk, before: unknown, after: unknown, w: Where): void {
  const o = deref(before, walk.before.schema);
  const n = deref(after, walk.after.schema);
  compareAccepted(walk, o, n, w);
  const oTypes = typesOf(o, walk.before.schema);
  const nTypes = typesOf(n, walk.after.schema);
  const objectBoth = (accepts(oTypes, 'object') || 'properties' in o) && (accepts(nTypes, 'object') || 'properties' in n);
  if (objectBoth) compareObjects(walk, o, n, w);
  if (accepts(oTypes, 'array') && accepts(nTypes, 'array') && (isSchema(o.items) || isSchema(n.items))) compare(walk, o.items, n.items, below(w, '[]'));
}

/** Every values finding between the published (`before`) and the new (`after`) chart, sorted by id. */
export function diffValues(before: ValuesContract, after: ValuesContract): CompatFinding[] {
  const walk: Walk = { before, after, out: [] };
  compare(walk, before.schema, after.schema, { path: '', segments: [] });
  const seen = new Set<string>();
  return walk.out.filter((f) => !seen.has(f.id) && !!seen.add(f.id)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
