import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { selectCharts, workspaceFromCharts, type Workspace } from '../core/workspace.ts';
import { findWorkspaceRoot, loadChart, loadWorkspace } from '../adapters/workspace-files.ts';
import { CHART_FILE, localDependencyDir, type Chart } from '../core/chart.ts';
import { positiveInteger } from '../core/numbers.ts';
import { settings } from '../adapters/environment.ts';

export { positiveInteger } from '../core/numbers.ts';
import { topologicalOrder } from '../core/graph.ts';

export interface Context {
  ws: Workspace;
  root: string;
}

/**
 * The workspace, plus every chart directory named on the command line that is not one of its
 * charts (a chart in another repository, or no workspace at all: `chartkit lint ./my-chart`),
 * with the charts its file:// dependencies point at. Names that are paths are made absolute
 * here, so selectOrdered finds them by directory.
 */
export function loadContext(names: string[] = []): Context {
  const root = settings().CHARTKIT_WORKSPACE ?? findWorkspaceRoot();
  const ws = loadWorkspace(root);
  const outside = names.map((n) => path.resolve(n)).filter((dir) => !ws.byDir.has(dir) && existsSync(path.join(dir, CHART_FILE)));
  if (outside.length === 0) return { ws, root };
  const extra = new Map<string, Chart>();
  const add = (dir: string): void => {
    if (ws.byDir.has(dir) || extra.has(dir)) return;
    const chart = loadChart(dir, root);
    extra.set(dir, chart);
    for (const dep of chart.dependencies) {
      const depDir = localDependencyDir(chart, dep);
      if (depDir && existsSync(path.join(depDir, CHART_FILE))) add(depDir);
    }
  };
  for (const dir of outside) add(dir);
  return { ws: workspaceFromCharts(root, [...ws.charts, ...extra.values()]), root };
}

/** Chart names as given, with the ones that are chart directories made absolute (see loadContext). */
export function chartArguments(names: readonly string[]): string[] {
  return names.map((n) => (existsSync(path.join(path.resolve(n), CHART_FILE)) ? path.resolve(n) : n));
}

/** Selected charts in dependency order (the topological check also reports cycles and bad pins). */
export function selectOrdered(ws: Workspace, names: readonly string[]): Chart[] {
  const selected = new Set(selectCharts(ws, chartArguments(names)).map((c) => c.name));
  return topologicalOrder(ws).filter((c) => selected.has(c.name));
}

export function concurrency(requested?: string | number): number {
  if (requested !== undefined) return positiveInteger(requested, '-j/--concurrency');
  return settings().CHARTKIT_CONCURRENCY ?? os.availableParallelism();
}

export function limiter(requested?: string | number): ReturnType<typeof pLimit> {
  return pLimit(concurrency(requested));
}
