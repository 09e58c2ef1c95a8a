import type { Command } from 'commander';
import { localEdges } from '../../core/graph.ts';
import type { CompatResult } from '../../lint/compat.ts';

/** The lint modules compat runs, loaded when the command runs. */
const lintModules = async () => ({ ...(await import('../../lint/compat.ts')), ...(await import('../../lint/run.ts')) });
import { loadContext, limiter, selectOrdered } from '../context.ts';
import type { Action } from '../action.ts';
import { dim, fail, humanOutputToStderr, info, ok, printJson } from '../output.ts';

export interface CompatCommandOptions {
  against?: string;
  allow?: string[];
  json?: boolean;
  concurrency?: string;
}

function print(r: CompatResult): void {
  const name = r.chart.name;
  if (!r.published || !r.gate) {
    ok(`${name}: ${r.notes.join('; ')}`);
    return;
  }
  const against = `${r.published.version} (${r.published.where})`;
  if (r.gate.pass) {
    const covered = r.gate.covered.length > 0 ? `, covered by the ${r.gate.bump} bump on the way` : '';
    ok(r.findings.length === 0 ? `${name}: compatible with ${against}` : `${name}: ${r.findings.length} finding(s) against ${against}${covered}`);
  }
  for (const line of r.gate.failures) fail(`${name}: ${line}`);
  for (const f of r.gate.covered) info(`  ${f.level.padEnd(8)} ${f.id}: ${f.message}`);
  for (const { finding, allow } of r.gate.allowed) info(`  allowed  ${finding.id}: ${allow.reason} (${allow.source})`);
  for (const n of r.notes) info(dim(`  ${n}`));
}

function asJson(r: CompatResult): Record<string, unknown> {
  return {
    chart: r.chart.name,
    version: r.chart.version,
    published: r.published ?? null,
    pass: r.pass,
    bump: r.gate?.bump ?? null,
    required: r.gate?.required ?? null,
    findings: r.findings,
    failures: (r.gate?.failures ?? []).map((l) => `${r.chart.name}: ${l}`),
    allowed: (r.gate?.allowed ?? []).map(({ finding, allow }) => ({ id: finding.id, reason: allow.reason, source: allow.source })),
    notes: r.notes,
  };
}

/** `chartkit compat [charts…]`: see docs/compat.md. */
export async function compatCommand(names: string[], o: CompatCommandOptions): Promise<number> {
  if (o.json) humanOutputToStderr();
  const { ws } = loadContext();
  localEdges(ws);
  const charts = selectOrdered(ws, names);
  const limit = limiter(o.concurrency);
  const results = await Promise.all(
    charts.map((chart) => limit(async () => (await lintModules()).compatChart(ws, chart, { scenarios: (await lintModules()).renderScenarios(chart), ...(o.against ? { against: o.against } : {}), allow: o.allow ?? [] }))),
  );
  if (o.json) printJson(results.map(asJson));
  else results.forEach(print);
  return results.every((r) => r.pass) ? 0 : 1;
}

export function registerCompatCommand(cmd: Command, action: Action): void {
  cmd
    .command('compat')
    .argument('[charts...]', 'chart names (default: all)')
    .description('compare each chart with its last published version: breaking changes need a major bump, additions a minor one')
    .option('--against <dir|ref>', 'compare with this Helm repository directory or git ref instead')
    .option('--allow <id...>', 'finding ids to let through without the bump')
    .option('--json', 'print the findings as JSON')
    .option('-j, --concurrency <n>', 'charts compared at once (default: cores)')
    .action(action((charts: string[], o: CompatCommandOptions) => compatCommand(charts, o)));
}
