import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Chart } from '../core/chart.ts';
import { ChartkitError } from '../core/errors.ts';
import { localDependenciesOf, localEdges } from '../core/graph.ts';
import type { Workspace } from '../core/workspace.ts';
import { compileSchemas, conditionPaths, displayName, ENABLED_BY_DEFAULT, type CompiledChart } from './compile.ts';
import { isValuesDefinition, type ValuesDefinition } from './define.ts';
import { packagesTable, PACKAGES_BEGIN, PACKAGES_END, replaceSection, valuesTable, VALUES_BEGIN, VALUES_END, type PackageRow } from './docs.ts';
import { stableJson } from './json.ts';
import { renderValuesYaml } from './values-yaml.ts';

export const SCHEMA_SOURCE = 'values.schema.ts';

/** Import every chart's values.schema.ts (through tsx, which runs chartkit). */
export async function loadDefinitions(ws: Workspace, charts: readonly Chart[] = ws.charts): Promise<Map<string, ValuesDefinition>> {
  const map = new Map<string, ValuesDefinition>();
  for (const chart of charts) {
    const file = path.join(chart.dir, SCHEMA_SOURCE);
    if (!existsSync(file)) continue;
    let mod: { default?: unknown };
    try {
      mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    } catch (error) {
      const first = ((error as Error).message ?? String(error)).split('\n')[0];
      throw new ChartkitError('SCHEMA', `${chart.relDir}/${SCHEMA_SOURCE}: cannot load (${first}); fix the file`, { cause: error });
    }
    if (!isValuesDefinition(mod.default)) {
      throw new ChartkitError('SCHEMA', `${chart.relDir}/${SCHEMA_SOURCE}: the default export must be defineValues({...}) from "chartkit/schema"`);
    }
    map.set(chart.name, mod.default);
  }
  return map;
}

/**
 * Compile the schemas of `charts` (default: all). Only their own and their file:// dependencies'
 * values.schema.ts are loaded, so one chart's broken schema does not block work on another.
 */
export async function compileWorkspace(ws: Workspace, charts: readonly Chart[] = ws.charts): Promise<Map<string, CompiledChart>> {
  const edges = localEdges(ws);
  const needed = new Map<string, Chart>();
  for (const chart of charts) {
    needed.set(chart.name, chart);
    for (const dep of localDependenciesOf(ws, chart, edges)) needed.set(dep.name, dep);
  }
  const defs = await loadDefinitions(ws, [...needed.values()]);
  for (const chart of needed.values()) {
    if (!defs.has(chart.name)) throw new ChartkitError('SCHEMA', `${chart.relDir}: no ${SCHEMA_SOURCE}; every chart declares its values there (see CONTRIBUTING.md)`);
  }
  return compileSchemas(ws, (chart) => defs.get(chart.name), charts);
}

export interface GeneratedFile {
  chart: Chart;
  file: string;
  content: string;
  kind: 'schema' | 'values' | 'docs';
}

/** values.schema.json and values.yaml of a chart. Library charts get no values.yaml keys of their own scope. */
export function schemaFiles(compiled: CompiledChart): GeneratedFile[] {
  const { chart } = compiled;
  return [
    { chart, kind: 'schema', file: path.join(chart.dir, 'values.schema.json'), content: stableJson(compiled.schema) },
    { chart, kind: 'values', file: path.join(chart.dir, 'values.yaml'), content: renderValuesYaml(compiled.valuesSchema) },
  ];
}

/** Rows of the umbrella's package table: one per application subchart, from its own metadata. */
export function packageRows(ws: Workspace, umbrella: Chart): PackageRow[] {
  return localEdges(ws)
    .filter((e) => e.from.name === umbrella.name && e.to.type !== 'library')
    .map((e) => ({
      chart: e.to,
      title: displayName(e.to),
      enabledByDefault: e.to.annotations[ENABLED_BY_DEFAULT] === 'true',
      condition: conditionPaths(e.dependency.condition).map((p) => p.join('.')).join(', ') || '(always)',
    }))
    .sort((a, b) => a.title.localeCompare(b.title));
}

/** The chart README with its generated sections refreshed; an error if it lacks the markers. */
export function docsFile(ws: Workspace, compiled: CompiledChart): GeneratedFile {
  const { chart } = compiled;
  const file = path.join(chart.dir, 'README.md');
  const rel = `${chart.relDir}/README.md`;
  if (!existsSync(file)) throw new ChartkitError('DOCS_STALE', `${rel}: missing; create it with the chartkit values markers (see CONTRIBUTING.md)`);
  let text = readFileSync(file, 'utf8');
  const withValues = replaceSection(text, VALUES_BEGIN, VALUES_END, valuesTable(compiled.valuesSchema));
  if (withValues === undefined) throw new ChartkitError('DOCS_STALE', `${rel}: no values table markers; add the lines\n${VALUES_BEGIN}\n${VALUES_END}`);
  text = withValues;
  const rows = packageRows(ws, chart);
  if (text.includes(PACKAGES_BEGIN) || rows.length > 0) {
    const withPackages = replaceSection(text, PACKAGES_BEGIN, PACKAGES_END, packagesTable(rows));
    if (withPackages === undefined) throw new ChartkitError('DOCS_STALE', `${rel}: chart has subcharts but no package table markers; add ${PACKAGES_BEGIN} and ${PACKAGES_END}`);
    text = withPackages;
  }
  return { chart, kind: 'docs', file, content: text };
}

/** Generated files that differ from what is on disk. */
export function staleFiles(files: readonly GeneratedFile[]): GeneratedFile[] {
  return files.filter((f) => !existsSync(f.file) || readFileSync(f.file, 'utf8') !== f.content);
}
