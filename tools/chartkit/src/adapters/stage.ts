import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { localDependencyDir, type Chart } from '../core/chart.ts';
import { loadChart } from './workspace-files.ts';
import { ChartkitError } from '../core/errors.ts';
import { leftOutOfChartCopy } from '../core/chart-copy.ts';
import { helmIgnored } from '../core/helmignore.ts';
import { helmignorePatterns } from './workspace-files.ts';
import type { Workspace } from '../core/workspace.ts';
import { processAlive } from './exec.ts';

/**
 * Charts with their file:// dependencies, ready for Helm, without writing into chart directories.
 *
 * `helm dependency build` writes into the chart directory (tmpcharts-*, charts/, Chart.lock), so
 * every lint, test or render of a chart used to take a lock on it, and an interrupted run left
 * locks that blocked the next one. Instead, each chart is copied into a per-workspace staging
 * directory (`.chartkit/stage/<name>-<hash>/<name>`), its local dependencies staged the same way
 * and copied, unpacked, into its charts/ (Helm loads unpacked subcharts as it loads packed ones).
 * The hash covers the chart's files and its dependencies' hashes, so a stage never changes once it
 * exists: it is built in a private temporary directory and renamed into place (atomic; a process
 * that loses the race uses the winner's). Nothing to lock, nothing to clean up after an interrupt
 * but temporary directories, which the next run removes.
 */

/** Stages not used for this long are removed. */
const STAGE_MAX_AGE_MS = 24 * 60 * 60_000;

export function stageRoot(ws: Pick<Workspace, 'root'>): string {
  return path.join(ws.root, '.chartkit', 'stage');
}

/** The chart's own files, relative to its directory, sorted. */
function chartFiles(chart: Chart): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (leftOutOfChartCopy(chart, relPath)) continue;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), relPath);
      else if (entry.isFile()) out.push(relPath);
    }
  };
  walk(chart.dir, '');
  return out.sort();
}

/** The charts a chart's file:// dependencies point at (workspace charts, or loaded from disk). */
function directDependencies(ws: Workspace, chart: Chart): { name: string; chart: Chart }[] {
  return chart.dependencies.flatMap((dep) => {
    const dir = localDependencyDir(chart, dep);
    if (!dir) return [];
    const target = ws.byDir.get(dir) ?? (existsSync(path.join(dir, 'Chart.yaml')) ? loadChart(dir, ws.root) : undefined);
    if (!target) throw new ChartkitError('DEPENDENCY_MISSING', `${chart.relDir}/Chart.yaml: dependency "${dep.name}" points at ${dep.repository}, which has no Chart.yaml; fix the repository path`);
    return [{ name: dep.name, chart: target }];
  });
}

/** Remove temporary stages of dead processes and stages unused for a day. */
function prune(root: string): void {
  for (const entry of readdirSync(root)) {
    const full = path.join(root, entry);
    const tmp = /^\.tmp-(\d+)-/.exec(entry);
    try {
      if (tmp ? !processAlive(Number(tmp[1])) : Date.now() - statSync(full).mtimeMs > STAGE_MAX_AGE_MS) rmSync(full, { recursive: true, force: true });
    } catch {
      /* removed by another process meanwhile */
    }
  }
}

const pruned = new Set<string>();

/**
 * The directory of `chart` ready for `helm lint`, `helm template` and helm-unittest: a staged copy
 * with its file:// dependencies in charts/. Never writes into the chart directory.
 */
export function stageChart(ws: Workspace, chart: Chart): string {
  const root = stageRoot(ws);
  mkdirSync(root, { recursive: true });
  if (!pruned.has(root)) {
    pruned.add(root);
    prune(root);
  }
  return stage(ws, chart, root, []);
}

function stage(ws: Workspace, chart: Chart, root: string, chain: string[]): string {
  if (chain.includes(chart.dir)) throw new ChartkitError('DEPENDENCY_CYCLE', `${chart.relDir}: file:// dependencies form a cycle; remove one`);
  const dependencies = directDependencies(ws, chart).map((d) => ({ name: d.name, dir: stage(ws, d.chart, root, [...chain, chart.dir]) }));
  const files = chartFiles(chart);
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f}\0`).update(readFileSync(path.join(chart.dir, f))).update('\0');
  for (const d of dependencies) hash.update(`dep:${d.name}:${path.basename(path.dirname(d.dir))}\0`);
  const final = path.join(root, `${chart.name}-${hash.digest('hex').slice(0, 20)}`);
  const staged = path.join(final, chart.name);
  if (existsSync(staged)) {
    const now = new Date();
    utimesSync(final, now, now);
    return staged;
  }
  const tmp = mkdtempSync(path.join(root, `.tmp-${process.pid}-`));
  try {
    const into = path.join(tmp, chart.name);
    for (const f of files) {
      mkdirSync(path.dirname(path.join(into, f)), { recursive: true });
      cpSync(path.join(chart.dir, f), path.join(into, f));
    }
    if (dependencies.length > 0) {
      mkdirSync(path.join(into, 'charts'), { recursive: true });
      // A subchart as Helm would package it: without what its .helmignore leaves out (tests/, ci/, …),
      // so helm-unittest does not run a dependency's suites as the chart's.
      for (const d of dependencies) {
        const ignore = [...helmignorePatterns(d.dir), 'tests/'];
        cpSync(d.dir, path.join(into, 'charts', d.name), { recursive: true, filter: (src) => src === d.dir || !helmIgnored(path.relative(d.dir, src).split(path.sep).join('/') + (statSync(src).isDirectory() ? '/x' : ''), ignore) });
      }
    }
    try {
      renameSync(tmp, final);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw error;
      // another process staged the same content first: use theirs
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return staged;
}

/** `chart` as Helm should read it: the same chart, its directory the staged copy. */
export function stagedChart(ws: Workspace, chart: Chart): Chart {
  return { ...chart, dir: stageChart(ws, chart) };
}
