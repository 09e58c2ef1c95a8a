import path from 'node:path';
import { parseDocument } from 'yaml';
import { ChartkitError } from './errors.ts';

export interface ChartDependency {
  name: string;
  version: string;
  repository?: string;
  condition?: string;
  alias?: string;
  tags?: string[];
}

/** What chartkit knows about one chart directory. Pure data, read from Chart.yaml. */
export interface Chart {
  name: string;
  version: string;
  appVersion?: string;
  type: 'application' | 'library';
  description?: string;
  dependencies: ChartDependency[];
  annotations: Record<string, string>;
  /** Absolute path of the chart directory. */
  dir: string;
  /** Path of the chart directory relative to the workspace root, with forward slashes. */
  relDir: string;
  /** The parsed Chart.yaml, as written. */
  raw: Record<string, unknown>;
  /**
   * The chart is a chartkit package (it has a package.json): it follows this repository's
   * conventions (values.schema.ts, ci/ scenarios). A chart from elsewhere (`helm create`) is linted,
   * tested and packaged as it is.
   */
  package?: boolean;
}

export const CHART_FILE = 'Chart.yaml';

/** A file:// dependency resolved to the chart directory it points at. */
export function localDependencyDir(chart: Chart, dep: ChartDependency): string | undefined {
  if (!dep.repository?.startsWith('file://')) return undefined;
  return path.resolve(chart.dir, dep.repository.slice('file://'.length));
}

export function parseChartYaml(text: string, file: string): Record<string, unknown> {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    throw new ChartkitError('CHART_YAML', `${file}: invalid YAML (${first.message.split('\n')[0]}); fix the syntax`);
  }
  const value = doc.toJS() as unknown;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ChartkitError('CHART_YAML', `${file}: expected a mapping at the top level`);
  }
  return value as Record<string, unknown>;
}

/**
 * A chart's model from the text of its Chart.yaml (the adapter workspace-files reads it). Only the
 * fields the model needs are checked here: the full Chart.yaml contract is the lint rule `chart-contract`.
 */
export function chartFromYaml(text: string, dir: string, workspaceRoot: string): Chart {
  const rel = path.relative(workspaceRoot, path.join(dir, CHART_FILE)).split(path.sep).join('/');
  const raw = parseChartYaml(text, rel);
  for (const key of ['name', 'version'] as const) {
    const value = raw[key];
    if (value === undefined || value === null || value === '') {
      throw new ChartkitError('CHART_YAML', `${rel}: missing required key "${key}"; add it (for example ${key}: ${key === 'name' ? path.basename(dir) : '0.1.0'})`);
    }
  }
  const deps = raw.dependencies;
  if (deps !== undefined && deps !== null && !Array.isArray(deps)) {
    throw new ChartkitError('CHART_YAML', `${rel}: "dependencies" must be a list`);
  }
  const dependencies: ChartDependency[] = ((deps as unknown[] | undefined) ?? []).map((entry, i) => {
    const d = entry as Record<string, unknown>;
    if (!d || typeof d.name !== 'string' || d.version === undefined) {
      throw new ChartkitError('CHART_YAML', `${rel}: dependencies[${i}] needs "name" and "version"`);
    }
    const dep: ChartDependency = { name: d.name, version: String(d.version) };
    if (typeof d.repository === 'string') dep.repository = d.repository;
    if (typeof d.condition === 'string') dep.condition = d.condition;
    if (typeof d.alias === 'string') dep.alias = d.alias;
    if (Array.isArray(d.tags)) dep.tags = d.tags.map(String);
    return dep;
  });
  const annotations: Record<string, string> = {};
  if (raw.annotations && typeof raw.annotations === 'object') {
    for (const [k, v] of Object.entries(raw.annotations as Record<string, unknown>)) annotations[k] = String(v);
  }
  const chart: Chart = {
    name: String(raw.name),
    version: String(raw.version),
    type: raw.type === 'library' ? 'library' : 'application',
    dependencies,
    annotations,
    dir,
    relDir: path.relative(workspaceRoot, dir).split(path.sep).join('/'),
    raw,
  };
  if (raw.appVersion !== undefined && raw.appVersion !== null) chart.appVersion = String(raw.appVersion);
  if (typeof raw.description === 'string') chart.description = raw.description;
  return chart;
}
