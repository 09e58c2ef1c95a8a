import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDER_RULES } from '../../src/lint/run.ts';
import { CHARTKIT_DIR } from '../helpers.ts';

const doc = readFileSync(path.resolve(CHARTKIT_DIR, '../../docs/lint-rules.md'), 'utf8');

describe('docs/lint-rules.md', () => {
  it('documents every rule over rendered documents', () => {
    for (const rule of RENDER_RULES) expect(doc, rule.id).toContain(`| \`${rule.id}\` |`);
  });

  it('documents every rule id the lint runner reports', () => {
    const source = readdirSync(path.join(CHARTKIT_DIR, 'src/lint'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(path.join(CHARTKIT_DIR, 'src/lint', f), 'utf8'))
      .join('\n');
    const ids = [...source.matchAll(/rule: '([a-z/-]+)'/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(5);
    for (const id of new Set(ids)) expect(doc, id).toContain(`| \`${id}\` |`);
  });
});
