import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CHART_FILE, chartFromYaml, type Chart } from '../core/chart.ts';
import { CRD_COPIES_DIR, type PlannedCopy } from '../core/crd-copies.ts';
import { ChartkitError } from '../core/errors.ts';
import { CHART_ROOTS, workspaceFromCharts, type Workspace } from '../core/workspace.ts';

/**
 * The file system side of the chart model: finding the workspace and its charts, reading
 * Chart.yaml and .helmignore, comparing CRD copies. core/ turns what these read into the model.
 */

/** Load one chart directory's model. */
export function loadChart(dir: string, workspaceRoot: string): Chart {
  const file = path.join(dir, CHART_FILE);
  if (!existsSync(file)) throw new ChartkitError('CHART_YAML', `${file}: not found; a chart directory needs a Chart.yaml`);
  const chart = chartFromYaml(readFileSync(file, 'utf8'), dir, workspaceRoot);
  if (existsSync(path.join(dir, 'package.json'))) chart.package = true;
  return chart;
}

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

export function loadWorkspace(root: string, roots: readonly string[] = CHART_ROOTS): Workspace {
  return workspaceFromCharts(root, findChartDirs(root, roots).map((dir) => loadChart(dir, root)));
}

/** The patterns of a chart directory's .helmignore (none without one). */
export function helmignorePatterns(chartDir: string): string[] {
  const file = path.join(chartDir, '.helmignore');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
}

/** The planned files whose bytes differ from the chart's, and the files of files/crds/ not planned. */
export function staleCrdCopies(chartDir: string, planned: readonly PlannedCopy[]): { stale: PlannedCopy[]; extra: string[] } {
  const stale = planned.filter((p) => !existsSync(p.file) || !readFileSync(p.file).equals(p.bytes));
  const dir = path.join(chartDir, CRD_COPIES_DIR);
  const wanted = new Set(planned.map((p) => p.file));
  const extra = existsSync(dir)
    ? readdirSync(dir)
        .map((f) => path.join(dir, f))
        .filter((f) => !wanted.has(f))
    : [];
  return { stale, extra };
}
