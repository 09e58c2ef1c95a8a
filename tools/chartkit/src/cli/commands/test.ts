import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stageChart } from '../../adapters/stage.ts';
import { runUnittest, testTargetOf } from '../../adapters/unittest.ts';
import type { Chart } from '../../core/chart.ts';
import type { Workspace } from '../../core/workspace.ts';
import { loadContext, selectOrdered, limiter } from '../context.ts';
import { fail, ok, info, elapsed, dim, humanOutputToStderr, printJson } from '../output.ts';
import { mergeJUnit } from '../../core/junit.ts';
import { ChartkitError } from '../../core/errors.ts';
import { timed } from '../../adapters/timings.ts';
import { chartDone, inChart } from '../chart-scope.ts';
import { lastDurations, recordDurations } from '../../adapters/durations.ts';
import { longestFirst } from '../../core/schedule.ts';

export interface TestCommandOptions {
  updateSnapshots?: boolean;
  concurrency?: string;
  /** Print the results as one JSON document on stdout (progress goes to stderr). */
  json?: boolean;
  /** Write one JUnit XML report of every chart's suites to this file. */
  junit?: string;
}

/** One chart's run, kept for --json and --junit. */
interface ChartTestRun {
  chart: Chart;
  run: Awaited<ReturnType<typeof runUnittest>>;
  pass: boolean;
  /** Why the chart failed when no test case says it (no tests, helm-unittest failed). */
  error?: string;
}

/** One chart's results in `chartkit test --json` (names as in `chartkit compat --json`). */
function asJson({ chart, run, pass, error }: ChartTestRun): Record<string, unknown> {
  const { report } = run;
  return {
    chart: chart.name,
    version: chart.version,
    pass,
    tests: report.tests,
    passed: report.passed,
    failed: report.failed,
    errored: report.errored,
    skipped: report.skipped,
    ...(error ? { error } : {}),
    cases: report.cases.map((c) => ({ suite: c.suite, name: c.name, status: c.status, ...(c.message ? { message: c.message } : {}) })),
  };
}

/**
 * helm-unittest on the staged chart (adapters/stage.ts): the chart directory is never written. To
 * update snapshots, the run works on a private copy of the stage and copies tests/__snapshot__ back.
 */
async function runStaged(ws: Workspace, target: Chart, updateSnapshots: boolean): Promise<Awaited<ReturnType<typeof runUnittest>>> {
  const staged = await timed('test: stage the chart', () => stageChart(ws, target));
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

export async function test(names: string[], options: TestCommandOptions): Promise<number> {
  if (options.json) humanOutputToStderr();
  const { ws } = await timed('load the workspace', () => loadContext(names));
  const charts = selectOrdered(ws, names);
  const limit = limiter(options.concurrency);
  let failedCharts = 0;
  let totals = { passed: 0, failed: 0 };
  const runs: ChartTestRun[] = [];
  const durations: Record<string, number> = {};
  await Promise.all(
    longestFirst(charts, lastDurations(ws.root, 'test')).map((chart) =>
      limit(() => inChart(chart.name, async () => {
        const i = charts.indexOf(chart);
        const started = Date.now();
        const target = testTargetOf(chart, ws.root);
        const run = await runStaged(ws, target, options.updateSnapshots ?? false);
        durations[chart.name] = Date.now() - started;
        const { report, output, exitCode } = run;
        const bad = report.cases.filter((c) => c.status === 'failed' || c.status === 'errored');
        totals = { passed: totals.passed + report.passed, failed: totals.failed + bad.length };
        const pass = bad.length === 0 && exitCode === 0 && report.tests > 0;
        const firstError = output.split('\n').find((l) => l.includes('Error'))?.trim();
        runs[i] = {
          chart,
          run,
          pass,
          ...(pass || bad.length > 0 ? {} : { error: report.tests === 0 ? `no helm-unittest tests found in ${target === chart ? '' : 'tests/chart/'}tests/*_test.yaml` : (firstError ?? `helm-unittest exited with code ${exitCode}`) }),
        };
        if (pass) {
          ok(`${chart.name}: ${report.passed} passed${report.skipped ? `, ${report.skipped} skipped` : ''} ${dim(elapsed(started))}`);
          chartDone(chart.name, true);
          return;
        }
        failedCharts++;
        if (report.tests === 0) {
          fail(`${chart.name}: no helm-unittest tests found in ${target === chart ? '' : 'tests/chart/'}tests/*_test.yaml; every chart needs tests`);
          if (exitCode !== 0) info(output.split('\n').filter((l) => l.includes('Error')).map((l) => `  ${l.trim()}`).join('\n'));
          chartDone(chart.name, false);
          return;
        }
        fail(`${chart.name}: ${bad.length} failed, ${report.passed} passed`);
        for (const c of bad) {
          info(`  ${c.suite} › ${c.name}`);
          // helm-unittest's message as it printed it (diffs included), indented
          if (c.message) info(c.message.trimEnd().split('\n').map((l) => `    ${l}`).join('\n'));
        }
        if (bad.length === 0) info(output);
        chartDone(chart.name, false);
      })),
    ),
  );
  recordDurations(ws.root, 'test', durations);
  info(`Tests: ${totals.passed} passed, ${totals.failed} failed`);
  if (options.junit) {
    const file = path.resolve(options.junit);
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, mergeJUnit(runs.map((r) => ({ chart: r.chart.name, xml: r.run.junit }))));
    } catch (error) {
      throw new ChartkitError('USAGE', `--junit ${options.junit}: cannot write the report (${(error as Error).message}); give a writable file`, { cause: error });
    }
    info(dim(`JUnit report: ${options.junit}`));
  }
  if (options.json) printJson(runs.map(asJson));
  return failedCharts === 0 ? 0 : 1;
}
