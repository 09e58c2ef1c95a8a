import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { localDependencyDir, type Chart } from '../core/chart.ts';
import { loadChart } from '../adapters/workspace-files.ts';
import { ChartkitError } from '../core/errors.ts';
import type { PlannedFile } from '../adapters/file-set.ts';
import { selectCharts, type Workspace } from '../core/workspace.ts';
import { changesForVersion } from './changelog.ts';
import { changesAnnotationValue, editChartYaml, readChangesAnnotation, type ChartYamlEdits } from './chart-yaml.ts';
import { LOCK_FILE, parseLock, refreshLockWithHelm, rewriteLock } from './lock.ts';
import { readJsonFile } from '../adapters/read-file.ts';

/** A chart's package.json: its `version` is the source of truth for the chart version. */
export interface ChartPackage {
  file: string;
  text: string;
  json: { version?: unknown; dependencies?: Record<string, string>; [key: string]: unknown };
  version: string;
}

export function readChartPackage(chart: Chart): ChartPackage {
  const file = path.join(chart.dir, 'package.json');
  const rel = `${chart.relDir}/package.json`;
  if (!existsSync(file)) {
    throw new ChartkitError('VERSION_SYNC', `${rel}: not found; every chart is a workspace package and its package.json "version" is the chart version, add one`);
  }
  const text = readFileSync(file, 'utf8');
  const json = readJsonFile(file, rel) as ChartPackage['json'];
  const version = json.version;
  if (typeof version !== 'string' || !semver.valid(version)) {
    throw new ChartkitError('VERSION_SYNC', `${rel}: "version" must be a semver version (found ${JSON.stringify(version)}); set it, e.g. "${chart.version}"`);
  }
  return { file, text, json, version };
}

/** A chart whose Chart.yaml pins workspace charts: a workspace chart, or a library's tests/chart consumer. */
interface Consumer {
  /** How messages name it. */
  label: string;
  chart: Chart;
  /** The workspace chart whose package.json should list the dependencies (not for test consumers). */
  pkg?: ChartPackage;
}

export interface VersionPlan {
  /** Files whose content changes, in a stable order. */
  files: PlannedFile[];
  /** Every disagreement between package.json, Chart.yaml, pins, Chart.lock and CHANGELOG.md. */
  disagreements: string[];
}

/**
 * Work out what `chartkit version` changes: package.json versions go into Chart.yaml, every
 * file:// pin follows the chart it points at, Chart.lock files follow their pins and the newest
 * CHANGELOG.md section becomes the artifacthub.io/changes annotation. With `refreshLocks` false
 * (for --check) no process is started.
 */
export async function planVersionSync(ws: Workspace, names: readonly string[], options: { refreshLocks: boolean }): Promise<VersionPlan> {
  const selected = new Set(selectCharts(ws, names).map((c) => c.name));
  const packages = new Map<string, ChartPackage>();
  for (const chart of ws.charts) if (selected.has(chart.name)) packages.set(chart.name, readChartPackage(chart));
  const target = (chart: Chart): string => packages.get(chart.name)?.version ?? chart.version;

  const disagreements: string[] = [];
  const edits = new Map<string, ChartYamlEdits>();
  const editOf = (chart: Chart): ChartYamlEdits => {
    let e = edits.get(chart.dir);
    if (!e) edits.set(chart.dir, (e = {}));
    return e;
  };

  // 1. Chart.yaml version and the changes annotation of each selected chart.
  for (const chart of ws.charts) {
    const pkg = packages.get(chart.name);
    if (!pkg) continue;
    if (chart.version !== pkg.version) {
      disagreements.push(`${chart.name}: package.json is ${pkg.version} but Chart.yaml version is ${chart.version}; run npm run version`);
      editOf(chart).version = pkg.version;
    }
    const changelog = path.join(chart.dir, 'CHANGELOG.md');
    if (existsSync(changelog)) {
      const changes = changesForVersion(readFileSync(changelog, 'utf8'), pkg.version);
      if (changes && changes.length > 0 && readChangesAnnotation(chart.raw) !== changesAnnotationValue(changes)) {
        disagreements.push(`${chart.name}: Chart.yaml annotation artifacthub.io/changes does not match the CHANGELOG.md section for ${pkg.version}; run npm run version`);
        editOf(chart).changes = changes;
      }
    }
  }

  // 2. Pins of every consumer (workspace charts and libraries' test consumers) on selected charts.
  const consumers: Consumer[] = [];
  for (const chart of ws.charts) {
    const c: Consumer = { label: chart.name, chart };
    if (chart.dependencies.some((d) => d.repository?.startsWith('file://'))) {
      const pkg = packages.get(chart.name) ?? (existsSync(path.join(chart.dir, 'package.json')) ? readChartPackage(chart) : undefined);
      if (pkg) c.pkg = pkg;
    }
    consumers.push(c);
    const testChart = path.join(chart.dir, 'tests', 'chart');
    if (chart.type === 'library' && existsSync(path.join(testChart, 'Chart.yaml'))) {
      consumers.push({ label: `${chart.name} (tests/chart)`, chart: loadChart(testChart, ws.root) });
    }
  }
  const packageEdits = new Map<string, { pkg: ChartPackage; deps: Record<string, string> }>();
  const lockStale = new Set<Consumer>();
  for (const consumer of consumers) {
    const pins = new Map<string, string>();
    for (const dep of consumer.chart.dependencies) {
      const dir = localDependencyDir(consumer.chart, dep);
      const to = dir === undefined ? undefined : ws.byDir.get(dir);
      if (!to) continue;
      const wanted = selected.has(to.name) ? target(to) : dep.version;
      pins.set(dep.name, wanted);
      if (dep.version !== wanted) {
        disagreements.push(`${consumer.label}: pin for ${to.name} is ${dep.version} but ${to.name} is ${wanted}; run npm run version`);
        (editOf(consumer.chart).pins ??= {})[dep.name] = wanted;
        lockStale.add(consumer);
      }
      if (consumer.pkg && selected.has(to.name)) {
        const have = consumer.pkg.json.dependencies?.[to.name];
        if (have !== wanted) {
          disagreements.push(
            have === undefined
              ? `${consumer.label}: package.json does not list ${to.name} in "dependencies"; add "${to.name}": "${wanted}" so changesets bumps ${consumer.label} when ${to.name} changes (npm run version does it)`
              : `${consumer.label}: package.json depends on ${to.name} ${have} but ${to.name} is ${wanted}; run npm run version`,
          );
          const e = packageEdits.get(consumer.pkg.file) ?? { pkg: consumer.pkg, deps: {} };
          e.deps[to.name] = wanted;
          packageEdits.set(consumer.pkg.file, e);
        }
      }
    }
    // A Chart.lock that already disagrees with the pins is stale too.
    const lockFile = path.join(consumer.chart.dir, LOCK_FILE);
    if (existsSync(lockFile) && !lockStale.has(consumer)) {
      const lock = parseLock(readFileSync(lockFile, 'utf8'), path.relative(ws.root, lockFile));
      for (const entry of lock.dependencies) {
        const pin = pins.get(entry.name);
        if (entry.repository.startsWith('file://') && pin !== undefined && entry.version !== pin) {
          disagreements.push(`${consumer.label}: Chart.lock locks ${entry.name} ${entry.version} but Chart.yaml pins ${pin}; run npm run version`);
          lockStale.add(consumer);
        }
      }
    }
  }

  // 3. New file contents.
  const files: PlannedFile[] = [];
  const newChartYaml = new Map<string, string>();
  const chartYamlText = (dir: string): string => newChartYaml.get(dir) ?? readFileSync(path.join(dir, 'Chart.yaml'), 'utf8');
  for (const [dir, e] of edits) {
    const file = path.join(dir, 'Chart.yaml');
    const before = readFileSync(file, 'utf8');
    const after = editChartYaml(before, path.relative(ws.root, file), e);
    if (after !== before) {
      newChartYaml.set(dir, after);
      files.push({ file, content: after });
    }
  }
  for (const { pkg, deps } of packageEdits.values()) {
    const json = { ...pkg.json, dependencies: { ...(pkg.json.dependencies ?? {}), ...deps } };
    const indent = /^\{\n(\s+)"/.exec(pkg.text)?.[1] ?? '  ';
    files.push({ file: pkg.file, content: `${JSON.stringify(json, null, indent)}\n` });
  }
  if (options.refreshLocks) {
    for (const consumer of consumers) {
      const lockFile = path.join(consumer.chart.dir, LOCK_FILE);
      if (!lockStale.has(consumer) || !existsSync(lockFile)) continue;
      const lock = readFileSync(lockFile, 'utf8');
      const chartYaml = chartYamlText(consumer.chart.dir);
      const local = consumer.chart.dependencies.map((d) => localDependencyDir(consumer.chart, d));
      const allLocal = local.every((d) => d !== undefined);
      const content = allLocal
        ? await refreshLockWithHelm({
            root: ws.root,
            dir: consumer.chart.dir,
            chartYaml,
            lock,
            dependencies: [...new Set(local as string[])].map((dir) => ({ dir, chartYaml: chartYamlText(dir) })),
          })
        : rewriteLock(lock, path.relative(ws.root, lockFile), chartYaml);
      if (content !== lock) files.push({ file: lockFile, content });
    }
  }
  return { files, disagreements: [...new Set(disagreements)] };
}
