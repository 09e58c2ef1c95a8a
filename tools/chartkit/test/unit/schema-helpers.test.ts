import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { h, t, defineValues } from '../../src/schema/index.ts';
import { deprecatedSchema } from '../../src/schema/generate.ts';
import { canonical, type JsonSchema } from '../../src/schema/json.ts';
import { defaultsOf } from '../../src/schema/values-yaml.ts';

const ajv = new Ajv({ strict: false, allErrors: true });
/** Compile a helper's schema the way chartkit writes it, and validate with draft-07 (what Helm reads). */
function check(schema: unknown, value: unknown): boolean {
  return ajv.validate(canonical(schema) as object, value);
}

describe('schema helpers', () => {
  it('image: accepts a pinned tag, refuses latest and unknown pull policies', () => {
    const s = h.image({ repository: 'nginx', tag: '1.27.0' });
    expect(defaultsOf(canonical(s))).toEqual({ repository: 'nginx', tag: '1.27.0', pullPolicy: 'IfNotPresent' });
    expect(check(s, { repository: 'nginx', tag: '1.0', pullPolicy: 'Always' })).toBe(true);
    expect(check(s, { repository: 'nginx', tag: 'latest' })).toBe(false);
    expect(check(s, { repository: 'nginx', tag: '1.0', pullPolicy: 'Sometimes' })).toBe(false);
    expect(check(s, { repository: 'nginx', tag: '1.0', registry: 'x' })).toBe(false);
  });

  it('resources: quantities as strings or numbers, nothing else', () => {
    const s = h.resources({ requests: { cpu: '100m' } });
    expect(check(s, { requests: { cpu: '100m', memory: 1024 }, limits: {} })).toBe(true);
    expect(check(s, { requests: { cpu: true } })).toBe(false);
    expect(check(s, { request: {} })).toBe(false);
  });

  it('tolerations: Kubernetes operators and effects only', () => {
    const s = h.tolerations([{ operator: 'Exists' }]);
    expect(check(s, [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }])).toBe(true);
    expect(check(s, [{ key: 'a', operator: 'In' }])).toBe(false);
    expect(check(s, [{ key: 'a', effect: 'Sometimes' }])).toBe(false);
  });

  it('namespace: a DNS label and a create flag', () => {
    const s = h.namespace({ name: 'aws-hyperpod', create: true });
    expect(defaultsOf(canonical(s))).toEqual({ name: 'aws-hyperpod', create: true });
    expect(check(s, { name: 'Bad_Name', create: true })).toBe(false);
    expect(check(s, { name: 'ok', create: 'yes' })).toBe(false);
  });

  it('namespace with plainString upstream: also the upstream chart\'s plain string, a DNS label', () => {
    const s = h.namespace({ name: 'aws-hyperpod', create: null, plainString: 'upstream' });
    expect(check(s, 'aws-hyperpod')).toBe(true);
    expect(check(s, { name: 'aws-hyperpod', create: null })).toBe(true);
    expect(check(s, 'Bad_Name')).toBe(false);
    expect(check(s, { name: 'ok', crate: true })).toBe(false);
    expect(check(s, 3)).toBe(false);
    expect(check(h.namespace({ name: 'aws-hyperpod', create: true }), 'aws-hyperpod')).toBe(false);
  });

  it('deprecated: no default, the advice as description, the given schema still checked', () => {
    const s = canonical(h.deprecated('use image.tag.', t.String({ not: { const: 'latest' } })));
    expect(s).toEqual({ description: 'Deprecated, from the upstream HyperPod chart: use image.tag.', type: 'string', not: { const: 'latest' }, deprecated: true });
    expect(check(s, '1.0')).toBe(true);
    expect(check(s, 'latest')).toBe(false);
    expect(check(s, 1)).toBe(false);
  });

  it('deprecatedSchema: the paths to deprecated keys and plain-string namespaces, with their advice, nothing else', () => {
    const def = defineValues({
      image: h.image({ repository: 'a', tag: '1' }),
      imageTag: h.deprecated('use image.tag.', t.String()),
      namespace: h.namespace({ name: 'a', create: true, plainString: 'upstream' }),
      sub: h.object({ legacy: h.deprecated('ignored.', t.Boolean()), current: h.boolean(true, 'x') }),
    });
    expect(deprecatedSchema(canonical(def.schema) as JsonSchema)).toEqual({
      properties: {
        imageTag: { deprecated: true, advice: 'use image.tag.' },
        namespace: { 'x-chartkit-deprecated-string': "a plain string is the namespace name (the upstream chart's form); use namespace.name" },
        sub: { properties: { legacy: { deprecated: true, advice: 'ignored.' } } },
      },
    });
    expect(deprecatedSchema(canonical(defineValues({ a: h.boolean(true, 'x') }).schema) as JsonSchema)).toBeUndefined();
  });

  it('securityContext, podSecurityContext, affinity, nodeSelector: Kubernetes pass-through with defaults', () => {
    expect(check(h.securityContext({ runAsNonRoot: true }), { capabilities: { drop: ['ALL'] } })).toBe(true);
    expect(check(h.podSecurityContext({}), { fsGroup: 1000 })).toBe(true);
    expect(check(h.affinity(), { nodeAffinity: {} })).toBe(true);
    expect(check(h.nodeSelector({ a: 'b' }), { a: 'b' })).toBe(true);
    expect(check(h.nodeSelector(), { a: 1 })).toBe(false);
    expect(defaultsOf(canonical(h.securityContext({ runAsUser: 1000 })))).toEqual({ runAsUser: 1000 });
  });

  it('serviceAccount, enabled, optionalString, stringList, integer and boolean', () => {
    expect(check(h.serviceAccount({ create: true, name: 'sa' }), { create: false, name: 'x', annotations: { 'eks.amazonaws.com/role-arn': 'arn' } })).toBe(true);
    expect(check(h.enabled(true), 'true')).toBe(false);
    expect(check(h.optionalString('id'), null)).toBe(true);
    expect(check(h.optionalString('id'), 3)).toBe(false);
    expect(check(h.stringList(['a'], 'x'), ['b', 'c'])).toBe(true);
    expect(check(h.integer(1, 'n', { minimum: 0 }), -1)).toBe(false);
    expect(check(h.boolean(false, 'b'), 'maybe')).toBe(false);
  });

  it('form hints for Kubeapps are kept in the generated schema', () => {
    const def = defineValues({ datasets_list: h.string('', 'Datasets.', { form: true, title: 'Dataset list' }) });
    const json = canonical(def.schema) as { properties: { datasets_list: Record<string, unknown> } };
    expect(json.properties.datasets_list).toEqual({ title: 'Dataset list', description: 'Datasets.', form: true, type: 'string', default: '' });
  });

  it('closed objects reject unknown keys; raw TypeBox schemas work alongside helpers', () => {
    const def = defineValues({ list: t.Array(t.String(), { default: [] }) });
    expect(check(def.schema, { list: ['a'] })).toBe(true);
    expect(check(def.schema, { lists: ['a'] })).toBe(false);
  });
});
