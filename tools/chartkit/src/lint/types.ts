import type { Chart } from '../core/chart.ts';
import type { Manifest } from '../core/manifests.ts';
import type { Workspace } from '../core/workspace.ts';

/** One problem found by lint, located as precisely as the rule can. */
export interface Finding {
  rule: string;
  chart: string;
  scenario?: string;
  template?: string;
  object?: string;
  message: string;
}

/** A chart rendered with one values scenario (`defaults` or a `ci/*-values.yaml`). */
export interface RenderedScenario {
  chart: Chart;
  scenario: string;
  manifests: Manifest[];
  /** The chart's compiled values.schema.json, when it has one. */
  schema?: Record<string, unknown>;
}

/** A rule over rendered documents. Pure: no processes, no files. */
export interface RenderRule {
  id: string;
  /** One line for the rule list in docs/lint-rules.md. */
  description: string;
  appliesTo(chart: Chart, ws: Workspace): boolean;
  check(scenario: RenderedScenario, ws: Workspace): Finding[];
}

export function formatFinding(f: Finding): string {
  const where = [f.chart, f.scenario, f.template, f.object].filter(Boolean).join(' › ');
  return `${where}: ${f.message} [${f.rule}]`;
}
