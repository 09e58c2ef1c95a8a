import path from 'node:path';
import type { Chart } from './chart.ts';
import { ChartkitError } from './errors.ts';

/** Directories chartkit searches for charts, relative to the workspace root. */
export const CHART_ROOTS = ['packages'];

export interface Workspace {
  root: string;
  charts: Chart[];
  byName: Map<string, Chart>;
  byDir: Map<string, Chart>;
}

export function workspaceFromCharts(root: string, charts: Chart[]): Workspace {
  const byName = new Map<string, Chart>();
  const byDir = new Map<string, Chart>();
  for (const chart of charts) {
    const other = byName.get(chart.name);
    if (other) {
      throw new ChartkitError(
        'DUPLICATE_CHART',
        `chart name "${chart.name}" is used by both ${other.relDir} and ${chart.relDir}; chart names must be unique, rename one`,
      );
    }
    byName.set(chart.name, chart);
    byDir.set(chart.dir, chart);
  }
  return { root, charts, byName, byDir };
}

/** Resolve chart names given on a command line; no names means all charts. */
export function selectCharts(ws: Workspace, names: readonly string[]): Chart[] {
  if (names.length === 0) return ws.charts;
  return names.map((name) => {
    const chart = ws.byName.get(name) ?? ws.byDir.get(path.resolve(ws.root, name));
    if (!chart) {
      const known = [...ws.byName.keys()].sort().join(', ');
      throw new ChartkitError('UNKNOWN_CHART', `no chart named "${name}" in this workspace; known charts: ${known || '(none)'}`);
    }
    return chart;
  });
}
