import { buildDependencies } from '../../adapters/helm.ts';
import { runUnittest } from '../../adapters/unittest.ts';
import { localDependenciesOf, localEdges } from '../../core/graph.ts';
import { testTargetOf } from '../../adapters/unittest.ts';
import { withChartLocks } from '../../adapters/toolchain.ts';
import { loadContext, selectOrdered, limiter } from '../context.ts';
import { fail, ok, info, elapsed, dim } from '../output.ts';

export async function test(names: string[], options: { updateSnapshots?: boolean; concurrency?: string }): Promise<number> {
  const { ws } = loadContext();
  const edges = localEdges(ws);
  const charts = selectOrdered(ws, names);
  const limit = limiter(options.concurrency);
  let failedCharts = 0;
  let totals = { passed: 0, failed: 0 };
  await Promise.all(
    charts.map((chart) =>
      limit(async () => {
        const started = Date.now();
        const target = testTargetOf(chart, ws.root);
        await buildDependencies(target, localDependenciesOf(ws, chart, edges));
        const { report, output, exitCode } = await withChartLocks([chart.name], () => runUnittest(target, { updateSnapshots: options.updateSnapshots ?? false }));
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
          if (c.message) info(`    ${c.message.replace(/,\s*/g, '\n    ').trim()}`);
        }
        if (bad.length === 0) info(output);
      }),
    ),
  );
  info(`Tests: ${totals.passed} passed, ${totals.failed} failed`);
  return failedCharts === 0 ? 0 : 1;
}
