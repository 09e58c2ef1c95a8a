import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topologicalOrder } from '../../src/core/graph.ts';
import { type Workspace } from '../../src/core/workspace.ts';
import { loadWorkspace } from '../../src/adapters/workspace-files.ts';
import { publishCharts } from '../../src/publish/publish.ts';
import { retryPolicy } from '../../src/publish/retry.ts';
import { chartkit, CHARTKIT_DIR } from '../helpers.ts';

/**
 * Every chart of this repository against itself: a snapshot of the working tree is published to
 * its dist/repo the way `chartkit publish` does it, then `chartkit compat` compares the same
 * snapshot with what was published. Nothing may differ: no finding, every gate passes.
 */
const REPO = path.resolve(CHARTKIT_DIR, '../..');
let snapshot: string;
let ws: Workspace;

beforeAll(async () => {
  snapshot = mkdtempSync(path.join(os.tmpdir(), 'chartkit-compat-repo-'));
  cpSync(path.join(REPO, 'package.json'), path.join(snapshot, 'package.json'));
  cpSync(path.join(REPO, 'packages'), path.join(snapshot, 'packages'), { recursive: true, filter: (src) => !/\/(charts|node_modules|tmpcharts[^/]*)$|Chart\.lock$/.test(src) });
  ws = loadWorkspace(snapshot);
  const published = await publishCharts(ws, {
    charts: topologicalOrder(ws),
    targets: [{ kind: 'repo', name: 'dist/repo', dir: path.join(snapshot, 'dist/repo') }],
    build: true,
    checks: false,
    dryRun: false,
    tag: false,
    retry: retryPolicy(1),
    concurrency: 2,
  });
  expect(published.errors).toEqual([]);
});
afterAll(() => rmSync(snapshot, { recursive: true, force: true }));

describe('compat over the repository, against its own published versions', () => {
  it('finds nothing for any chart', async () => {
    const r = await chartkit(snapshot, ['compat', '--json', '-j', '2']);
    expect(r.stderr).toBe('');
    const results = JSON.parse(r.stdout) as { chart: string; version: string; published: { version: string; where: string } | null; pass: boolean; findings: unknown[]; notes: string[] }[];
    expect(results.map((x) => x.chart).sort()).toEqual(ws.charts.map((c) => c.name).sort());
    for (const x of results) {
      expect(x.published, x.chart).toEqual({ version: x.version, where: 'dist/repo' });
      expect(x.findings, x.chart).toEqual([]);
      expect(x.notes, x.chart).toEqual([]);
      expect(x.pass, x.chart).toBe(true);
    }
    expect(r.exitCode).toBe(0);
  });
});
