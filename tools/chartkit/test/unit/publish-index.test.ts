import { describe, expect, it } from 'vitest';
import { addToIndex, findIndexed, readIndex } from '../../src/publish/repo-index.ts';

const meta = (name: string, version: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ apiVersion: 'v2', name, version, type: 'application', description: `${name} chart`, ...extra });
const entry = (name: string, version: string, digest: string, extra: Record<string, unknown> = {}) => ({
  metadata: meta(name, version, extra),
  digest,
  urls: [`${name}-${version}.tgz`],
  created: '2026-01-02T03:04:05.000Z',
});

describe('addToIndex', () => {
  it('starts an index the way helm repo index writes one (sorted keys, unindented lists, quoted times)', () => {
    const text = addToIndex(undefined, entry('base', '0.1.0', 'a'.repeat(64), { appVersion: '1.0' }), '2026-01-02T03:04:06.000Z');
    expect(text).toBe(
      [
        'apiVersion: v1',
        'entries:',
        '  base:',
        '  - apiVersion: v2',
        '    appVersion: "1.0"',
        '    created: "2026-01-02T03:04:05.000Z"',
        '    description: base chart',
        `    digest: ${'a'.repeat(64)}`,
        '    name: base',
        '    type: application',
        '    urls:',
        '    - base-0.1.0.tgz',
        '    version: 0.1.0',
        'generated: "2026-01-02T03:04:06.000Z"',
        '',
      ].join('\n'),
    );
    expect(readIndex(text)).toEqual([{ name: 'base', version: '0.1.0', digest: 'a'.repeat(64), urls: ['base-0.1.0.tgz'] }]);
  });

  it('adds versions newest first and charts by name, leaving existing entries exactly as they were', () => {
    let text = addToIndex(undefined, entry('worker', '0.2.0', '2'.repeat(64)), 'g1');
    const before = text.split('\n').filter((l) => l.includes('created'))[0];
    text = addToIndex(text, entry('worker', '0.10.0', '3'.repeat(64)), 'g2');
    text = addToIndex(text, entry('worker', '0.1.0', '1'.repeat(64)), 'g3');
    text = addToIndex(text, entry('base', '1.0.0', 'b'.repeat(64)), 'g4');
    text = addToIndex(text, entry('zeta', '1.0.0', 'c'.repeat(64)), 'g5');
    expect(readIndex(text).map((e) => `${e.name}@${e.version}`)).toEqual(['base@1.0.0', 'worker@0.10.0', 'worker@0.2.0', 'worker@0.1.0', 'zeta@1.0.0']);
    expect(text).toContain(before);
    expect(text).toContain('generated: "g5"');
  });

  it('keeps comments and unknown keys of an existing index', () => {
    const existing = ['# served by GitHub Pages', 'apiVersion: v1', 'entries:', '  old:', '  - name: old', '    version: 1.0.0', '    digest: abc', '    urls:', '    - https://x/old-1.0.0.tgz', 'generated: "2020-01-01T00:00:00Z"', 'serverInfo: {}', ''].join('\n');
    const text = addToIndex(existing, entry('new', '0.1.0', 'd'.repeat(64)), 'now');
    expect(text.startsWith('# served by GitHub Pages\napiVersion: v1\nentries:\n  new:\n')).toBe(true);
    expect(text).toContain('  old:\n  - name: old\n    version: 1.0.0\n    digest: abc\n');
    expect(text).toContain('serverInfo: {}');
    expect(findIndexed(text, 'old', '1.0.0')?.urls).toEqual(['https://x/old-1.0.0.tgz']);
  });

  it('returns the text unchanged (generated time included) when the same version and digest are there', () => {
    const text = addToIndex(undefined, entry('base', '0.1.0', 'a'.repeat(64)), 'first');
    expect(addToIndex(text, { ...entry('base', '0.1.0', 'a'.repeat(64)), created: 'later' }, 'second')).toBe(text);
  });

  it('starts from an empty file or an empty entries map', () => {
    expect(readIndex(addToIndex('', entry('a', '1.0.0', 'e'.repeat(64)), 'g'))).toHaveLength(1);
    expect(readIndex(addToIndex('apiVersion: v1\nentries: {}\ngenerated: "x"\n', entry('a', '1.0.0', 'e'.repeat(64)), 'g'))).toHaveLength(1);
  });

  it('rejects a file that is not an index', () => {
    expect(() => readIndex('- a\n- b\n', 'dist/repo/index.yaml')).toThrow('dist/repo/index.yaml: not a Helm repository index (expected apiVersion, entries, generated)');
    expect(() => readIndex('a: [', 'dist/repo/index.yaml')).toThrow(/dist\/repo\/index.yaml: invalid YAML/);
  });
});
