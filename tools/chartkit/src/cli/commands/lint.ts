import { lintOneChart } from '../../lint/run.ts';
import { formatFinding } from '../../lint/types.ts';
import { compileWorkspace } from '../../schema/generate.ts';
import { loadContext, selectOrdered, limiter } from '../context.ts';
import { fail, ok, info, elapsed, dim, humanOutputToStderr, printJson } from '../output.ts';
import { locateFinding } from '../../lint/locate.ts';
import type { ChartLintResult } from '../../lint/run.ts';
import type { Workspace } from '../../core/workspace.ts';
import type { HelmMajor } from '../../adapters/helm.ts';
import { localEdges } from '../../core/graph.ts';
import { stepTimer, timed } from '../../adapters/timings.ts';
import { chartDone, inChart } from '../chart-scope.ts';
import { lastDurations, recordDurations } from '../../adapters/durations.ts';
import { longestFirst } from '../../core/schedule.ts';

export interface LintCommandOptions {
  kubeVersion?: string;
  helm?: '4' | '3' | 'both';
  concurrency?: string;
  /** Print the results as one JSON document on stdout (progress goes to stderr). */
  json?: boolean;
}

/** One chart's lint result in `chartkit lint --json` (names as in `chartkit compat --json`). */
function asJson(ws: Workspace, r: ChartLintResult): Record<string, unknown> {
  return {
    chart: r.chart.name,
    version: r.chart.version,
    pass: r.findings.length === 0,
    checks: r.checks,
    findings: r.findings.map((f) => {
      const at = locateFinding(ws, r.chart, f);
      return {
        rule: f.rule,
        chart: f.chart,
        ...(f.scenario ? { scenario: f.scenario } : {}),
        ...(at.file ? { file: at.file } : {}),
        ...(at.line ? { line: at.line } : {}),
        ...(at.column ? { column: at.column } : {}),
        ...(at.template ? { template: at.template } : {}),
        ...(f.object ? { object: f.object } : {}),
        message: f.message,
      };
    }),
  };
}

export async function lint(names: string[], options: LintCommandOptions): Promise<number> {
  if (options.json) humanOutputToStderr();
  const { ws } = await timed('load the workspace', () => loadContext(names));
  localEdges(ws); // pins and missing targets are errors before anything runs
  const charts = selectOrdered(ws, names);
  const durations: Record<string, number> = {};
  const compiled = await timed('compile values schemas', () => compileWorkspace(ws, charts));
  const steps = stepTimer();
  const helms: HelmMajor[] = options.helm === '4' ? ['helm'] : options.helm === '3' ? ['helm3'] : ['helm', 'helm3'];
  const limit = limiter(options.concurrency);
  let failed = 0;
  const results: ChartLintResult[] = [];
  await Promise.all(
    longestFirst(charts, lastDurations(ws.root, 'lint')).map((chart) =>
      limit(() => inChart(chart.name, async () => {
        const i = charts.indexOf(chart);
        const started = Date.now();
        const opts = { helms, onStep: (c: { name: string }, s: string) => steps.step(c.name, `lint: ${s}`), ...(options.kubeVersion ? { kubeVersion: options.kubeVersion } : {}) };
        const result = await lintOneChart(ws, chart, compiled, opts);
        steps.end(chart.name);
        durations[chart.name] = Date.now() - started;
        results[i] = result;
        if (result.findings.length === 0) {
          ok(`${chart.name}: lint passed (${result.checks} checks) ${dim(elapsed(started))}`);
        } else {
          failed++;
          fail(`${chart.name}: ${result.findings.length} lint problem(s)`);
          for (const f of result.findings) info(`  ${formatFinding(f)}`);
        }
        chartDone(chart.name, result.findings.length === 0);
      })),
    ),
  );
  recordDurations(ws.root, 'lint', durations);
  if (charts.length > 1) info(`${charts.length - failed} passed, ${failed} failed`);
  if (options.json) printJson(results.map((r) => asJson(ws, r)));
  return failed === 0 ? 0 : 1;
}
