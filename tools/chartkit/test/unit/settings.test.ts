import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettings, settingsFrom, settingsTable, SETTINGS } from '../../src/core/settings.ts';
import { CHARTKIT_DIR } from '../helpers.ts';

describe('CHARTKIT_* settings', () => {
  it('types what is set, leaves out what is unset or empty, and never holds a secret', () => {
    const s = settingsFrom({ CHARTKIT_CONCURRENCY: '3', CHARTKIT_PUBLISH_TIMEOUT_MS: '250', CHARTKIT_HELM: '/opt/helm', CHARTKIT_KUBECTL: '', CHARTKIT_REGISTRY_PASSWORD: 'S3cr3t', HOME: '/root' });
    expect(s).toEqual({ CHARTKIT_CONCURRENCY: 3, CHARTKIT_PUBLISH_TIMEOUT_MS: 250, CHARTKIT_HELM: '/opt/helm' });
    expect(JSON.stringify(s)).not.toContain('S3cr3t');
  });

  it('names every bad value at once, in one line', () => {
    expect(readSettings({ CHARTKIT_CONCURRENCY: '0', CHARTKIT_PUBLISH_RETRY_DELAY_MS: '1s' }).problems).toEqual([
      'CHARTKIT_CONCURRENCY=0: give a whole number of at least 1',
      'CHARTKIT_PUBLISH_RETRY_DELAY_MS=1s: give milliseconds (a whole number, 0 or more)',
    ]);
    expect(() => settingsFrom({ CHARTKIT_PUBLISH_RETRIES: '2.5', CHARTKIT_CONCURRENCY: 'x' })).toThrow(
      /^CHARTKIT_CONCURRENCY=x: give a whole number of at least 1; CHARTKIT_PUBLISH_RETRIES=2\.5: give a whole number of at least 1; fix them or unset them$/,
    );
  });

  it('declares every CHARTKIT_* variable the source reads, and the ones versions.json names', () => {
    const declared = new Set<string>(SETTINGS.map((s) => s.name));
    const src = path.join(CHARTKIT_DIR, 'src');
    const read = new Set<string>();
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.ts')) for (const m of readFileSync(p, 'utf8').matchAll(/'(CHARTKIT_[A-Z0-9_]+)'/g)) read.add(m[1]!);
      }
    };
    walk(src);
    for (const m of readFileSync(path.join(CHARTKIT_DIR, 'toolchain/versions.json'), 'utf8').matchAll(/"env":\s*"(CHARTKIT_[A-Z0-9_]+)"/g)) read.add(m[1]!);
    // Targets in a test or benchmark may name their own credential variables (usernameEnv/passwordEnv).
    const undeclared = [...read].filter((n) => !declared.has(n) && !n.startsWith('CHARTKIT_BENCH'));
    expect(read.size).toBeGreaterThan(10);
    expect(undeclared).toEqual([]);
  });

  it('docs/configuration.md carries the generated table', () => {
    const doc = readFileSync(path.resolve(CHARTKIT_DIR, '../../docs/configuration.md'), 'utf8');
    expect(doc).toContain(settingsTable());
  });
});
