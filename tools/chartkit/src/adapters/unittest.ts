import { readFileSync, rmSync, existsSync } from 'node:fs';
import path from 'node:path';
import { type Chart } from '../core/chart.ts';
import { loadChart } from './workspace-files.ts';
import { ChartkitError } from '../core/errors.ts';
import { parseJUnit, type TestReport } from '../core/junit.ts';
import { run } from './exec.ts';
import { resolveTool } from './toolchain.ts';
import { tempDir } from './temp.ts';

export interface UnittestResult {
  chart: Chart;
  report: TestReport;
  /** The JUnit XML report as helm-unittest wrote it (`chartkit test --junit` merges them). */
  junit: string;
  /** Console output of the plugin, for failures it explains better than the report. */
  output: string;
  exitCode: number;
}

/**
 * Run the real helm-unittest plugin on one chart: `--strict`, JUnit report to a temp file, then
 * parse it. `updateSnapshots` adds `-u`.
 */
export async function runUnittest(chart: Chart, options: { updateSnapshots?: boolean } = {}): Promise<UnittestResult> {
  const tool = await resolveTool('helm-unittest');
  const tmp = tempDir('chartkit-unittest-');
  const report = path.join(tmp, 'junit.xml');
  try {
    const args = ['--strict', '--color=false', '-t', 'JUnit', '-o', report, '-f', 'tests/**/*_test.yaml'];
    if (options.updateSnapshots) args.push('-u');
    args.push(chart.dir);
    const result = await run(tool.path, args, { cwd: chart.dir, env: { HELM_PLUGIN_NAME: 'unittest' } });
    if (!existsSync(report)) {
      const reason = result.all.split('\n').find((l) => /Error/.test(l))?.trim() ?? `exit code ${result.exitCode}`;
      throw new ChartkitError('TEST_FAILED', `${chart.name}: helm-unittest wrote no report (${reason})`, { details: [result.all] });
    }
    const junit = readFileSync(report, 'utf8');
    return { chart, report: parseJUnit(junit), junit, output: result.all, exitCode: result.exitCode };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Where a chart's suites run: the chart itself, or for a library chart its test consumer in `tests/chart/`. */
export function testTargetOf(chart: Chart, workspaceRoot: string): Chart {
  if (chart.type !== 'library') return chart;
  const dir = path.join(chart.dir, 'tests', 'chart');
  if (!existsSync(path.join(dir, 'Chart.yaml'))) {
    throw new ChartkitError('TEST_FAILED', `${chart.name}: a library chart is tested through a consumer chart in ${chart.relDir}/tests/chart/ (depending on file://../..); add one with tests`);
  }
  return loadChart(dir, workspaceRoot);
}
