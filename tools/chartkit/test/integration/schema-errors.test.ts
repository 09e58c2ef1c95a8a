import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chartkit, edit, removeScratch, scratchCopy } from '../helpers.ts';

/** Mistakes in values.schema.ts are one line naming the file, the place and the fix. */
let ws: string;
const source = (): string => path.join(ws, 'packages/demo/worker/values.schema.ts');

beforeEach(() => {
  ws = scratchCopy('release');
});
afterEach(() => removeScratch(ws));

describe('chartkit schema on a broken values.schema.ts', () => {
  it('a syntax error names file:line:column', async () => {
    edit(source(), (t) => t.replace("replicas: h.integer(1, 'Number of worker pods.'),", "replicas: h.integer(1, 'Number of worker pods.'),,"));
    const r = await chartkit(ws, ['schema']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^chartkit: packages\/demo\/worker\/values\.schema\.ts:5:\d+: .+; fix the file$/m);
  });

  it('a default that breaks its own constraint is refused before anything is written', async () => {
    edit(source(), (t) => t.replace("h.integer(1, 'Number of worker pods.')", "h.integer(6.5, 'Number of worker pods.', { minimum: 10 })"));
    const r = await chartkit(ws, ['schema']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim()).toBe('chartkit: packages/demo/worker/values.schema.ts: the default of replicas (6.5) breaks its own schema: must be integer; fix the default or the constraint');
  });
});

describe('malformed files people edit', () => {
  it('a ci/*-values.yaml that does not parse is one lint finding naming file:line:column', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(ws, 'packages/demo/worker/ci/broken-values.yaml'), 'queue: [unclosed\n');
    const r = await chartkit(ws, ['lint', 'worker', '--helm', '4']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stdout).toMatch(/packages\/demo\/worker\/ci\/broken-values\.yaml:\d+:\d+: .+; fix the YAML \[values-schema\]/);
  });

  it('a chart package.json that does not parse is one line naming file:line:column', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(ws, 'packages/demo/worker/package.json'), '{"name": "worker", ');
    const r = await chartkit(ws, ['schema']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim()).toMatch(/^chartkit: packages\/demo\/worker\/package\.json:1:\d+: .+; fix the JSON$/);
  });
});
