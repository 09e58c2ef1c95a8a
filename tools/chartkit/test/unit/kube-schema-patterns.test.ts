import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { goRegExp } from '../../src/lint/kube-schema.ts';

describe('goRegExp: CRD patterns in Go RE2 syntax, as Kubernetes checks them', () => {
  const validate = (pattern: string) => new Ajv({ code: { regExp: goRegExp } }).compile({ type: 'string', pattern });

  it('turns leading inline flags into JavaScript flags (the inference operator CRDs use (?i))', () => {
    const check = validate('(?i)redis|tieredstorage');
    expect(check('Redis')).toBe(true);
    expect(check('TieredStorage')).toBe(true);
    expect(check('memcached')).toBe(false);
  });

  it('checks plain patterns as before', () => {
    const check = validate('^ml\\..*');
    expect(check('ml.g5.xlarge')).toBe(true);
    expect(check('g5.xlarge')).toBe(false);
  });

  it('leaves a pattern JavaScript cannot compile to the API server instead of failing', () => {
    expect(() => validate('\\C+')).not.toThrow();
    expect(validate('\\C+')('anything')).toBe(true);
  });
});
