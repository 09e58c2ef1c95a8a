import { Ajv, type ErrorObject } from 'ajv';
import type { JsonSchema } from '../schema/json.ts';

export interface ValuesProblem {
  key: string;
  message: string;
}

function actualAt(data: unknown, instancePath: string): unknown {
  let node = data;
  for (const seg of instancePath.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

function describe(error: ErrorObject, data: unknown): ValuesProblem {
  const base = error.instancePath.slice(1).split('/').filter(Boolean).join('.');
  const join = (k: string): string => (base ? `${base}.${k}` : k);
  const actual = JSON.stringify(actualAt(data, error.instancePath));
  switch (error.keyword) {
    case 'additionalProperties':
      return { key: join(String(error.params.additionalProperty)), message: 'is not a known key (check the spelling; the chart would ignore it)' };
    case 'type':
      return { key: base || '(root)', message: `expected ${String(error.params.type)}, got ${actual}` };
    case 'enum':
      return { key: base, message: `expected one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${actual}` };
    case 'pattern':
      return { key: base, message: `expected to match ${String(error.params.pattern)}, got ${actual}` };
    case 'required':
      return { key: join(String(error.params.missingProperty)), message: 'is required' };
    default:
      return { key: base || '(root)', message: `${error.message ?? 'is invalid'}, got ${actual}` };
  }
}

/** Validate values against a compiled chart schema with the draft Helm reads (draft-07). */
export function makeValuesValidator(schema: JsonSchema): (values: unknown) => ValuesProblem[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  return (values) => {
    if (validate(values)) return [];
    const errors = validate.errors ?? [];
    // Each problem once: anyOf branches repeat the same message for one key.
    const out: ValuesProblem[] = [];
    const seen = new Set<string>();
    for (const e of errors) {
      const p = describe(e, values);
      const id = `${p.key}|${p.message}`;
      if (!seen.has(id)) {
        seen.add(id);
        out.push(p);
      }
    }
    return out;
  };
}
