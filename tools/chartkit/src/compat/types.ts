/**
 * The compatibility gate's findings: what a difference between the last published version of a
 * chart and the new one means for a user who upgrades. Pure data; see docs/compat.md.
 */

/** `breaking` needs a major bump (a minor one in 0.x), `addition` at least a minor one (a patch in 0.x). */
export type Level = 'breaking' | 'addition';

export type CompatRule =
  // Kubernetes refuses the upgrade
  | 'immutable'
  | 'crd-version-removed'
  | 'crd-version-unserved'
  | 'crd-storage'
  // Helm deletes (and recreates) the object
  | 'removed-object'
  | 'renamed-object'
  // values files and --reuse-values
  | 'values-removed'
  | 'values-renamed'
  | 'values-type'
  | 'values-required'
  | 'values-enum'
  | 'values-enum-default'
  | 'values-closed'
  // additions
  | 'added-object'
  | 'values-added'
  | 'values-type-widened'
  | 'values-enum-added';

export interface CompatFinding {
  /** Stable id, what `--allow` and `compat-allow:` name: `<rule>:<object>[:<field>]`, or `<rule>:<values path>`. */
  id: string;
  rule: CompatRule;
  level: Level;
  /** `Kind/namespace/name` (`Kind/name` when cluster-scoped), or `values`. */
  object: string;
  /** The field (`spec.selector`, `spec.versions[v1beta1]`) or values path; empty for a whole object. */
  field: string;
  /** What changed, in one line. */
  message: string;
  /** The values scenarios it shows in (`defaults`, `ci/<file>`); empty for values findings. */
  scenarios: string[];
}

export const VALUES_OBJECT = 'values';

export function makeFinding(rule: CompatRule, level: Level, object: string, field: string, message: string, scenario?: string): CompatFinding {
  const id = object === VALUES_OBJECT ? `${rule}:${field}` : `${rule}:${object}${field ? `:${field}` : ''}`;
  return { id, rule, level, object, field, message, scenarios: scenario ? [scenario] : [] };
}

/** `<object> <field>`, as a finding line starts. */
export function findingSubject(f: CompatFinding): string {
  return f.field ? `${f.object} ${f.field}` : f.object;
}

/** Findings of several scenarios as one list: one finding per id, with every scenario it shows in. Sorted by id. */
export function mergeFindings(lists: readonly (readonly CompatFinding[])[]): CompatFinding[] {
  const byId = new Map<string, CompatFinding>();
  for (const list of lists) {
    for (const f of list) {
      const seen = byId.get(f.id);
      if (!seen) byId.set(f.id, { ...f, scenarios: [...f.scenarios] });
      else for (const s of f.scenarios) if (!seen.scenarios.includes(s)) seen.scenarios.push(s);
    }
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** JSON with sorted keys: equal values, equal text. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (isPlain(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(value[k])}`).join(',')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}

export function sameValue(a: unknown, b: unknown): boolean {
  return (a === undefined) === (b === undefined) && stableStringify(a) === stableStringify(b);
}

function show(v: unknown): string {
  if (v === undefined) return '(unset)';
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function leafChanges(a: unknown, b: unknown, at: string, out: string[]): void {
  if (sameValue(a, b)) return;
  if (isPlain(a) && isPlain(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) leafChanges(a[k], b[k], at ? `${at}.${k}` : k, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => leafChanges(x, b[i], `${at}[${i}]`, out));
    return;
  }
  out.push(`${at ? `${at} ` : ''}${show(a)} → ${show(b)}`);
}

/** What differs between two values, leaf by leaf: `matchLabels.app "a" → "b"` (three at most, then a count). */
export function describeChange(a: unknown, b: unknown): string {
  const out: string[] = [];
  leafChanges(a, b, '', out);
  return out.length > 3 ? `${out.slice(0, 3).join(', ')}, and ${out.length - 3} more` : out.join(', ');
}
