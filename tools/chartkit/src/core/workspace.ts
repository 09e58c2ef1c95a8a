import { readdirSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadChart, CHART_FILE, type Chart } from './chart.ts';
import { ChartkitError } from './errors.ts';

/** Directories chartkit searches for charts, relative to the workspace root. */
export const CHART_ROOTS = ['packages'];

const SKIP_DIRS = new Set(['node_modules', 'charts', 'templates', 'tests', 'ci', 'dist', '.git', '.nx', 'crds']);

/** Find every directory under `roots` that holds a Chart.yaml. Sorted, deterministic. */
export function findChartDirs(root: string, roots: readonly string[] = CHART_ROOTS): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 6 || !existsSync(dir)) return;
    if (existsSync(path.join(dir, CHART_FILE))) {
      found.push(dir);
      return;
    }
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(path.join(dir, entry.name), depth + 1);
    }
  };
  for (const r of roots) walk(path.resolve(root, r), 0);
  return found.sort();
}

/** Walk up from `start` to the directory whose package.json declares workspaces. */
export function findWorkspaceRoot(start: string = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { workspaces?: unknown }).workspaces) return dir;
      } catch {
        /* keep walking */
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

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

export function loadWorkspace(root: string, roots: readonly string[] = CHART_ROOTS): Workspace {
  return workspaceFromCharts(root, findChartDirs(root, roots).map((dir) => loadChart(dir, root)));
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
