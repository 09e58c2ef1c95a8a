import { describe, expect, it } from 'vitest';
import { diffValues } from '../../src/compat/values.ts';

/** Old/new values.schema.json pairs (shaped like the generated ones: closed objects, anyOf of consts), one rule each. */
type Schema = Record<string, unknown>;

const root = (properties: Record<string, Schema>, extra: Schema = {}): Schema => ({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties, additionalProperties: false, ...extra });
const str = (d = ''): Schema => ({ type: 'string', default: d, description: 'A string.' });
const pullPolicy = (values: string[], d = 'IfNotPresent'): Schema => ({ default: d, anyOf: values.map((v) => ({ type: 'string', const: v })) });
const image = (policy: Schema = pullPolicy(['Always', 'IfNotPresent', 'Never'])): Schema => ({ type: 'object', properties: { repository: str('r'), tag: str('1'), pullPolicy: policy }, additionalProperties: false });

function diff(before: Schema, after: Schema, values: { before?: unknown; after?: unknown } = {}): string[] {
  return diffValues({ schema: before, values: values.before }, { schema: after, values: values.after }).map((f) => `${f.id} [${f.level}] ${f.message}`);
}

describe('values: breaking changes', () => {
  it('a key removed from a closed object', () => {
    expect(diff(root({ queue: str('jobs'), image: image() }), root({ image: image() }))).toEqual([
      'values-removed:queue [breaking] removed (a values file or --reuse-values that still sets it fails the schema)',
    ]);
  });

  it('a nested key removed from an open object is still a removal', () => {
    const before = root({ extra: { type: 'object', properties: { a: str(), b: str() }, additionalProperties: true } });
    const after = root({ extra: { type: 'object', properties: { a: str() }, additionalProperties: true } });
    expect(diff(before, after)).toEqual(['values-removed:extra.b [breaking] removed (a value still set for it is ignored)']);
  });

  it('a key renamed: removed, and added with the same schema', () => {
    const before = root({ image: image(), workerQueue: { ...str('jobs'), description: 'Old name.' } });
    const after = root({ image: image(), queue: { ...str('jobs'), description: 'New name.' } });
    expect(diff(before, after)).toEqual(['values-renamed:workerQueue [breaking] renamed to queue (a values file or --reuse-values that still sets it fails the schema)']);
  });

  it('a type narrowed (a null no longer accepted, an integer instead of a number); integer to number widens', () => {
    const before = root({ name: { default: null, anyOf: [{ type: 'string' }, { type: 'null' }] }, ratio: { type: 'number' }, replicas: { type: 'integer' } });
    const after = root({ name: { type: 'string', default: '' }, ratio: { type: 'integer' }, replicas: { type: 'number' } });
    expect(diff(before, after)).toEqual([
      'values-type-widened:replicas [addition] type widened from integer to number',
      'values-type:name [breaking] type narrowed from null|string to string',
      'values-type:ratio [breaking] type narrowed from number to integer',
    ]);
  });

  it('a value that accepted anything now has a type', () => {
    expect(diff(root({ legacy: { description: 'Deprecated.' } }), root({ legacy: { type: 'boolean' } }))).toEqual(['values-type:legacy [breaking] type narrowed from any type to boolean']);
  });

  it('a new required key, and an existing key now required', () => {
    const before = root({ region: str() });
    const after = root({ region: str(), cluster: str() }, { required: ['cluster', 'region'] });
    expect(diff(before, after)).toEqual([
      'values-required:cluster [breaking] new required key (values files without it fail the schema)',
      'values-required:region [breaking] now required (values files without it fail the schema)',
    ]);
  });

  it('enum values removed', () => {
    expect(diff(root({ image: image() }), root({ image: image(pullPolicy(['Always', 'IfNotPresent'])) }))).toEqual([
      'values-enum:image.pullPolicy [breaking] allowed values removed: "Never"',
    ]);
  });

  it('an enum default changed, read from values.yaml before the schema default', () => {
    const before = root({ image: image() });
    const after = root({ image: image(pullPolicy(['Always', 'IfNotPresent', 'Never'], 'Always')) });
    expect(diff(before, after)).toEqual(['values-enum-default:image.pullPolicy [breaking] default changed from "IfNotPresent" to "Always"']);
    // values.yaml wins over the schema's default
    expect(diff(before, after, { before: { image: { pullPolicy: 'Always' } } })).toEqual([]);
  });

  it('a free string now limited to an enum (plain `enum` too)', () => {
    expect(diff(root({ mode: str('a') }), root({ mode: { type: 'string', enum: ['a', 'b'], default: 'a' } }))).toEqual(['values-enum:mode [breaking] now limited to "a", "b"']);
  });

  it('an open object closed, and map values narrowed', () => {
    const before = root({ settings: { type: 'object', additionalProperties: true }, labels: { type: 'object', additionalProperties: { type: 'string' } } });
    const after = root({ settings: { type: 'object', properties: { a: str() }, additionalProperties: false }, labels: { type: 'object', additionalProperties: { type: 'string', enum: ['x'] } } });
    expect(diff(before, after)).toEqual([
      'values-added:settings.a [addition] new optional key',
      'values-closed:settings [breaking] no longer accepts undeclared keys',
      'values-enum:labels.* [breaking] now limited to "x"',
    ]);
  });

  it('array items are compared too', () => {
    const before = root({ args: { type: 'array', items: { type: 'string' } } });
    const after = root({ args: { type: 'array', items: { type: 'integer' } } });
    expect(diff(before, after)).toEqual(['values-type:args[] [breaking] type narrowed from string to integer']);
  });

  it('local $refs are followed', () => {
    const before = root({ a: { $ref: '#/definitions/s' } }, { definitions: { s: { type: 'string' } } });
    const after = root({ a: { $ref: '#/definitions/s' } }, { definitions: { s: { type: 'boolean' } } });
    expect(diff(before, after)).toEqual(['values-type:a [breaking] type narrowed from string to boolean']);
  });
});

describe('values: additions and no-ops', () => {
  it('a new optional key, a widened type and new enum values are additions', () => {
    const before = root({ image: image(pullPolicy(['IfNotPresent'])), namespace: { type: 'object', properties: { name: str() }, additionalProperties: false } });
    const after = root({
      image: image(pullPolicy(['IfNotPresent', 'Always'])),
      namespace: { type: ['object', 'string'], properties: { name: str() }, additionalProperties: false },
      debug: { type: 'boolean', default: false },
    });
    expect(diff(before, after)).toEqual([
      'values-added:debug [addition] new optional key',
      'values-enum-added:image.pullPolicy [addition] allowed values added: "Always"',
      'values-type-widened:namespace [addition] type widened from object to object|string',
    ]);
  });

  it('descriptions, defaults of non-enum values and key order change nothing', () => {
    const before = root({ queue: str('jobs'), image: image() });
    const after = root({ image: image(), queue: { ...str('tasks'), description: 'Reworded.' } });
    expect(diff(before, after)).toEqual([]);
  });

  it('a subchart embedded in an umbrella schema is compared under its key', () => {
    const before = root({ worker: root({ queue: str() }), global: { type: 'object', additionalProperties: true } });
    const after = root({ worker: root({}), global: { type: 'object', additionalProperties: true } });
    expect(diff(before, after)).toEqual(['values-removed:worker.queue [breaking] removed (a values file or --reuse-values that still sets it fails the schema)']);
  });
});
