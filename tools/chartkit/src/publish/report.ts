import { bold, dim, green, red, table, yellow } from '../adapters/terminal.ts';
import type { PlanStep } from './plan.ts';
import { short } from './plan.ts';

/** How one (chart, target) step ended. */
export type StepStatus = 'pushed' | 'skipped' | 'refused' | 'failed' | 'not attempted' | 'would push' | 'would skip';

export interface StepResult {
  chart: string;
  version: string;
  target: string;
  status: StepStatus;
  /** sha256 hex of the package. */
  digest: string;
  /** Time spent on this step (push, verify), ms. */
  ms: number;
  /** One-line error, for refused and failed steps. */
  error?: string;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`;
}

export function planLine(step: PlanStep): string {
  const head = `  ${step.chart.name} ${step.chart.version} → ${step.target}`;
  if (step.decision === 'fail') return `${head}: unknown (see the error below)`;
  return `${head}: ${step.decision} (${step.reason})`;
}

const paint: Record<StepStatus, (s: string) => string> = {
  pushed: green,
  skipped: dim,
  refused: red,
  failed: red,
  'not attempted': yellow,
  'would push': green,
  'would skip': dim,
};

/** The final table: chart, version, target, result, digest, time. */
export function summaryTable(results: readonly StepResult[]): string {
  if (results.length === 0) return 'nothing to publish';
  const rows = [['CHART', 'VERSION', 'TARGET', 'RESULT', 'DIGEST', 'TIME']];
  for (const r of results) rows.push([r.chart, r.version, r.target, r.status, short(r.digest), r.ms > 0 ? formatMs(r.ms) : '-']);
  const lines = table(rows).split('\n');
  // Colour after padding so the columns stay aligned.
  return [
    bold(lines[0]!),
    ...lines.slice(1).map((line, i) => {
      const status = results[i]!.status;
      return line.replace(new RegExp(`\\b${status}\\b`), paint[status](status));
    }),
  ].join('\n');
}

export function counts(results: readonly StepResult[]): string {
  const by = new Map<StepStatus, number>();
  for (const r of results) by.set(r.status, (by.get(r.status) ?? 0) + 1);
  return [...by.entries()].map(([s, n]) => `${n} ${s}`).join(', ') || 'nothing to do';
}
