import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartkit, CHARTKIT_DIR } from '../helpers.ts';

/** `chartkit helm …` and `chartkit kubectl …` run the pinned tools, for users without Helm installed. */
describe('chartkit helm / kubectl', () => {
  it('runs the pinned Helm 4 with every argument as written, and returns its exit code', async () => {
    const version = await chartkit(CHARTKIT_DIR, ['helm', 'version', '--short']);
    expect(version.exitCode).toBe(0);
    expect(version.stdout).toMatch(/^v4\./);
    const bad = await chartkit(CHARTKIT_DIR, ['helm', 'template', 'x', '/nonexistent-chart', '--namespace', 'kube-system']);
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toContain('/nonexistent-chart');
  });

  it('runs the pinned kubectl', async () => {
    const r = await chartkit(CHARTKIT_DIR, ['kubectl', 'version', '--client', '-o', 'json']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).clientVersion.gitVersion).toMatch(/^v1\.35\./);
  });
});

describe('bad environments are one line', () => {
  it('CHARTKIT_HELM pointing at Helm 3 is refused, not used as Helm 4', async () => {
    const { resolveTool } = await import('../../src/adapters/toolchain.ts');
    const helm3 = (await resolveTool('helm3')).path;
    const r = await chartkit(CHARTKIT_DIR, ['helm', 'version'], { CHARTKIT_HELM: helm3 });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim()).toMatch(/^chartkit: CHARTKIT_HELM=\S+ is Helm v3\.\d+\.\d+, not v4\.x; point CHARTKIT_HELM at a Helm 4 binary, or unset it to use the pinned one$/);
  });

  it('CHARTKIT_CACHE_DIR pointing at a file says so, without a stack trace', async () => {
    const r = await chartkit(CHARTKIT_DIR, ['doctor', '--no-control-plane'], { CHARTKIT_CACHE_DIR: path.join(CHARTKIT_DIR, 'package.json') });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('is a file, not a directory; point it at a directory');
  });
});
