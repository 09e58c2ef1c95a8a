import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import type { Chart } from './chart.ts';

/**
 * The Chart.yaml contract every chart in this repository meets, as a JSON schema: Helm's own
 * required keys plus what publishing needs (description, type, home or maintainers, string
 * annotations, a semver version).
 */
export const CHART_CONTRACT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['apiVersion', 'name', 'version', 'description', 'type'],
  properties: {
    apiVersion: { const: 'v2' },
    name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 53 },
    version: {
      type: 'string',
      pattern:
        '^v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$',
    },
    appVersion: { type: 'string' },
    description: { type: 'string', minLength: 1 },
    type: { enum: ['application', 'library'] },
    home: { type: 'string', format: 'uri' },
    icon: { type: 'string' },
    keywords: { type: 'array', items: { type: 'string' } },
    sources: { type: 'array', items: { type: 'string' } },
    kubeVersion: { type: 'string' },
    deprecated: { type: 'boolean' },
    maintainers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' }, email: { type: 'string' }, url: { type: 'string' } },
        additionalProperties: false,
      },
    },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
    dependencies: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'version'],
        properties: {
          name: { type: 'string' },
          version: { type: 'string' },
          repository: { type: 'string' },
          condition: { type: 'string' },
          alias: { type: 'string' },
          tags: { type: 'array', items: { type: 'string' } },
          'import-values': { type: 'array' },
          enabled: { type: 'boolean' },
        },
        additionalProperties: false,
      },
    },
  },
  anyOf: [{ required: ['home'] }, { required: ['maintainers'] }],
  additionalProperties: false,
} as const;

const ajv = new Ajv({ allErrors: true, strict: false, formats: { uri: /^[a-z][a-z0-9+.-]*:\/\/\S+$/i } });
const validate = ajv.compile(CHART_CONTRACT_SCHEMA);

export interface ContractProblem {
  key: string;
  message: string;
}

function describe(error: ErrorObject): ContractProblem {
  const key = error.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(root)';
  switch (error.keyword) {
    case 'required':
      return { key: String(error.params.missingProperty), message: 'is required' };
    case 'additionalProperties':
      return { key: `${key === '(root)' ? '' : `${key}.`}${String(error.params.additionalProperty)}`, message: 'is not a Chart.yaml key; remove it or fix its spelling' };
    case 'const':
      return { key, message: `must be ${JSON.stringify(error.params.allowedValue)}` };
    case 'anyOf':
      return { key: 'home', message: 'or maintainers is required' };
    case 'type':
      return { key, message: `must be a ${String(error.params.type)}${key.startsWith('annotations') ? ' (quote the value)' : ''}` };
    default:
      return { key, message: error.message ?? 'is invalid' };
  }
}

/** Check a chart's Chart.yaml against the contract; returns every problem, or none. */
export function checkChartContract(chart: Chart): ContractProblem[] {
  const problems: ContractProblem[] = [];
  if (!validate(chart.raw)) {
    const seen = new Set<string>();
    // The branches of the home-or-maintainers anyOf fail too; the anyOf says it once.
    const anyOfFailed = (validate.errors ?? []).some((e) => e.keyword === 'anyOf' && e.instancePath === '');
    for (const error of validate.errors ?? []) {
      if (error.keyword === 'if') continue;
      if (anyOfFailed && error.keyword === 'required' && error.instancePath === '' && /^#\/anyOf\//.test(error.schemaPath)) continue;
      const p = describe(error);
      const id = `${p.key}:${p.message}`;
      if (!seen.has(id)) {
        seen.add(id);
        problems.push(p);
      }
    }
  }
  const dirName = path.basename(chart.dir);
  if (typeof chart.raw.name === 'string' && chart.raw.name !== dirName) {
    problems.push({ key: 'name', message: `is "${chart.raw.name}" but the directory is "${dirName}"; they must be equal` });
  }
  return problems;
}
