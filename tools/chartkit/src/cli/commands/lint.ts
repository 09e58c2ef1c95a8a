import { lintOneChart } from '../../lint/run.ts';
import { formatFinding } from '../../lint/types.ts';
import { compileWorkspace } from '../../schema/generate.ts';
import { loadContext, selectOrdered, limiter } from '../context.ts';
import { fail, ok, info, elapsed, dim } from '../output.ts';
import type { HelmMajor } from '../../adapters/helm.ts';
import { localEdges } from '../../core/graph.ts';

export interface LintCommandOptions {
  kubeVersion?: string;
  helm?: '4' | '3' | 'both';
  concurrency?: string;
}

export async function lint(names: string[], options: LintCommandOptions): Promise<number> {
  const { ws } = loadContext(names);
  localEdges(ws); // pins and missing targets are errors before anything runs
  const charts = selectOrdered(ws, names);
  const compiled = await compileWorkspace(ws, charts);
  const helms: HelmMajor[] = options.helm === '4' ? ['helm'] : options.helm === '3' ? ['helm3'] : ['helm', 'helm3'];
  const limit = limiter(options.concurrency);
  let failed = 0;
  await Promise.all(
    charts.map((chart) =>
      limit(async () => {
        const started = Date.now();
        const opts = { helms, ...(options.kubeVersion ? { kubeVersion: options.kubeVersion } : {}) };
        const result = await lintOneChart(ws, chart, compiled, opts);
        if (result.findings.length === 0) {
          ok(`${chart.name}: lint passed (${result.checks} checks) ${dim(elapsed(started))}`);
        } else {
          failed++;
          fail(`${chart.name}: ${result.findings.length} lint problem(s)`);
          for (const f of result.findings) info(`  ${formatFinding(f)}`);
        }
      }),
    ),
  );
  if (charts.length > 1) info(`${charts.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}
