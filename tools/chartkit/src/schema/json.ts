/** Plain JSON helpers shared by the schema compiler, values writer and docs. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonSchema = { [key: string]: Json };

/** JSON Schema keywords in the order they are written, so generated files are stable and readable. */
const KEYWORD_ORDER = [
  '$schema', '$comment', '$id', '$ref', 'title', 'description', 'form', 'type', 'const', 'enum', 'default',
  'pattern', 'format', 'minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems',
  'required', 'properties', 'patternProperties', 'additionalProperties', 'items', 'anyOf', 'oneOf', 'allOf', 'not',
  'definitions',
];

/** Deep copy through JSON (drops TypeBox's symbol keys) and order keywords canonically. */
export function canonical(value: unknown, inProperties = false): Json {
  if (Array.isArray(value)) return value.map((v) => canonical(v));
  if (value === null || typeof value !== 'object') return (value === undefined ? null : value) as Json;
  const src = value as Record<string, unknown>;
  // Values always arrive merged with values.yaml, so `required` would only reject a user's `null`;
  // charts that need a value say so with `required` in the template, with a message.
  const keys = Object.keys(src).filter((k) => src[k] !== undefined && (inProperties || k !== 'required'));
  if (!inProperties) {
    keys.sort((a, b) => {
      const ia = KEYWORD_ORDER.indexOf(a);
      const ib = KEYWORD_ORDER.indexOf(b);
      if (ia !== -1 || ib !== -1) return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib);
      return a < b ? -1 : a > b ? 1 : 0;
    });
  }
  const out: { [key: string]: Json } = {};
  for (const k of keys) {
    const isSchemaMap = !inProperties && (k === 'properties' || k === 'patternProperties' || k === 'definitions');
    out[k] = isSchemaMap
      ? Object.fromEntries(Object.entries(src[k] as Record<string, unknown>).map(([p, s]) => [p, canonical(s)]))
      : k === 'default' || k === 'const' || k === 'enum'
        ? (JSON.parse(JSON.stringify(src[k])) as Json)
        : canonical(src[k]);
  }
  return out;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

export function stableJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
