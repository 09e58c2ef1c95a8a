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
