import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { stageChart } from '../../adapters/stage.ts';
import { runUnittest, testTargetOf } from '../../adapters/unittest.ts';
import type { Chart } from '../../core/chart.ts';
import type { Workspace } from '../../core/workspace.ts';
import { loadContext, selectOrdered, limiter } from '../context.ts';
import { fail, ok, info, elapsed, dim } from '../output.ts';

/**
 * helm-unittest on the staged chart (adapters/stage.ts): the chart directory is never written. To
 * update snapshots, the run works on a private copy of the stage and copies tests/__snapshot__ back.
 */
async function runStaged(ws: Workspace, target: Chart, updateSnapshots: boolean): Promise<Awaited<ReturnType<typeof runUnittest>>> {
  const staged = stageChart(ws, target);
  if (!updateSnapshots) return runUnittest({ ...target, dir: staged }, { updateSnapshots: false });
  const tmp = mkdtempSync(path.join(path.dirname(path.dirname(staged)), `.tmp-${process.pid}-`));
  try {
    const copy = path.join(tmp, target.name);
    cpSync(staged, copy, { recursive: true });
    const result = await runUnittest({ ...target, dir: copy }, { updateSnapshots: true });
    const snapshots = path.join(copy, 'tests', '__snapshot__');
    if (existsSync(snapshots)) cpSync(snapshots, path.join(target.dir, 'tests', '__snapshot__'), { recursive: true });
    return result;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export async function test(names: string[], options: { updateSnapshots?: boolean; concurrency?: string }): Promise<number> {
  const { ws } = loadContext(names);
  const charts = selectOrdered(ws, names);
  const limit = limiter(options.concurrency);
  let failedCharts = 0;
  let totals = { passed: 0, failed: 0 };
  await Promise.all(
    charts.map((chart) =>
      limit(async () => {
        const started = Date.now();
        const target = testTargetOf(chart, ws.root);
        const { report, output, exitCode } = await runStaged(ws, target, options.updateSnapshots ?? false);
        const bad = report.cases.filter((c) => c.status === 'failed' || c.status === 'errored');
        totals = { passed: totals.passed + report.passed, failed: totals.failed + bad.length };
        if (bad.length === 0 && exitCode === 0 && report.tests > 0) {
          ok(`${chart.name}: ${report.passed} passed${report.skipped ? `, ${report.skipped} skipped` : ''} ${dim(elapsed(started))}`);
          return;
        }
        failedCharts++;
        if (report.tests === 0) {
          fail(`${chart.name}: no helm-unittest tests found in ${target === chart ? '' : 'tests/chart/'}tests/*_test.yaml; every chart needs tests`);
          if (exitCode !== 0) info(output.split('\n').filter((l) => l.includes('Error')).map((l) => `  ${l.trim()}`).join('\n'));
          return;
        }
        fail(`${chart.name}: ${bad.length} failed, ${report.passed} passed`);
        for (const c of bad) {
          info(`  ${c.suite} › ${c.name}`);
          // helm-unittest's message as it printed it (diffs included), indented
          if (c.message) info(c.message.trimEnd().split('\n').map((l) => `    ${l}`).join('\n'));
        }
        if (bad.length === 0) info(output);
      }),
    ),
  );
  info(`Tests: ${totals.passed} passed, ${totals.failed} failed`);
  return failedCharts === 0 ? 0 : 1;
}
