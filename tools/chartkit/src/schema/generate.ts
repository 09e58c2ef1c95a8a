import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Chart } from '../core/chart.ts';
import { ChartkitError } from '../core/errors.ts';
import { localDependenciesOf, localEdges } from '../core/graph.ts';
import type { Workspace } from '../core/workspace.ts';
import { compileSchemas, conditionPaths, displayName, ENABLED_BY_DEFAULT, UMBRELLA_ANNOTATION, type CompiledChart } from './compile.ts';
import { isValuesDefinition, type ValuesDefinition } from './define.ts';
import { packagesTable, PACKAGES_BEGIN, PACKAGES_END, replaceSection, valuesTable, VALUES_BEGIN, VALUES_END, type PackageRow } from './docs.ts';
import { DEPRECATED_STRING, deprecation } from './helpers.ts';
import { isObject, stableJson, type Json, type JsonSchema } from './json.ts';
import { defaultsOf, renderValuesYaml } from './values-yaml.ts';
import { Ajv } from 'ajv';
import { readJsonFile } from '../adapters/read-file.ts';
import { importTypeScript } from '../adapters/typescript-import.ts';
import { compiledSchemaKey, readCompiledSchemas, writeCompiledSchemas } from '../adapters/compiled-schema-cache.ts';

export const SCHEMA_SOURCE = 'values.schema.ts';

/** Import every chart's values.schema.ts (through tsx, which runs chartkit). */
export async function loadDefinitions(ws: Workspace, charts: readonly Chart[] = ws.charts): Promise<Map<string, ValuesDefinition>> {
  const map = new Map<string, ValuesDefinition>();
  for (const chart of charts) {
    const file = path.join(chart.dir, SCHEMA_SOURCE);
    if (!existsSync(file)) continue;
    // Node reads the chart's package.json to load the module: a broken one is reported as itself.
    const pkg = path.join(chart.dir, 'package.json');
    if (existsSync(pkg)) readJsonFile(pkg, `${chart.relDir}/package.json`);
    let mod: { default?: unknown };
    try {
      mod = (await importTypeScript(file)) as { default?: unknown };
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      // esbuild (through tsx) reports "Transform failed with 1 error:\n<file>:<line>:<col>: ERROR: <what>"
      const at = /:(\d+):(\d+): ERROR: (.+)/.exec(message);
      if (at) throw new ChartkitError('SCHEMA', `${chart.relDir}/${SCHEMA_SOURCE}:${at[1]}:${at[2]}: ${at[3]}; fix the file`, { cause: error });
      throw new ChartkitError('SCHEMA', `${chart.relDir}/${SCHEMA_SOURCE}: cannot load (${message.split('\n')[0]}); fix the file`, { cause: error });
    }
    if (!isValuesDefinition(mod.default)) {
      throw new ChartkitError('SCHEMA', `${chart.relDir}/${SCHEMA_SOURCE}: the default export must be defineValues({...}) from "@chart-tools/chartkit/schema"`);
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
  const key = compiledSchemaKey([...needed.values()], SCHEMA_SOURCE);
  const cached = key ? readCompiledSchemas<Omit<CompiledChart, 'chart'>>(key) : undefined;
  if (cached) {
    const hit = new Map<string, CompiledChart>();
    for (const chart of charts) {
      const entry = cached[chart.name];
      if (entry) hit.set(chart.name, { chart, ...entry });
    }
    return hit;
  }
  const defs = await loadDefinitions(ws, [...needed.values()]);
  for (const chart of needed.values()) {
    // A chart from elsewhere (no package.json, e.g. `helm create`) keeps its own values.schema.json, if any.
    if (!defs.has(chart.name) && chart.package) throw new ChartkitError('SCHEMA', `${chart.relDir}: no ${SCHEMA_SOURCE}; every chart declares its values there (see CONTRIBUTING.md)`);
  }
  // Only charts with a values.schema.ts are compiled (and get generated files checked).
  const compiled = compileSchemas(ws, (chart) => defs.get(chart.name), charts.filter((c) => defs.has(c.name)));
  for (const c of compiled.values()) checkDefaults(c);
  if (key) writeCompiledSchemas(key, Object.fromEntries([...compiled].map(([name, c]) => [name, { schema: c.schema, valuesSchema: c.valuesSchema }])));
  return compiled;
}

/** A default must satisfy its own schema: values.yaml is generated from the defaults, and Helm validates it. */
function checkDefaults(compiled: CompiledChart): void {
  const defaults = defaultsOf(compiled.valuesSchema) ?? {};
  const validate = new Ajv({ strict: false, allErrors: true }).compile(compiled.valuesSchema);
  if (validate(defaults)) return;
  const first = validate.errors![0]!;
  const key = first.instancePath.split('/').filter(Boolean).join('.') || '(root)';
  let value: unknown = defaults;
  for (const part of first.instancePath.split('/').filter(Boolean)) value = (value as Record<string, unknown>)?.[part];
  throw new ChartkitError('SCHEMA', `${compiled.chart.relDir}/${SCHEMA_SOURCE}: the default of ${key} (${JSON.stringify(value)}) breaks its own schema: ${first.message ?? 'invalid'}; fix the default or the constraint`);
}

export interface GeneratedFile {
  chart: Chart;
  file: string;
  content: string;
  kind: 'schema' | 'values' | 'docs';
}

/** Where an umbrella keeps its deprecated keys for its templates: Helm keeps values.schema.json out of `.Files`. */
export const DEPRECATED_VALUES_FILE = 'files/deprecated-values.json';

/**
 * The part of a schema that leads to deprecated keys (h.deprecated) and to namespaces that also take
 * a plain-string form, with their advice: what hyperpod-common.deprecatedValues walks.
 * Undefined when there are none.
 */
export function deprecatedSchema(schema: JsonSchema): JsonSchema | undefined {
  const properties: Record<string, Json> = {};
  for (const [key, prop] of Object.entries(isObject(schema.properties) ? schema.properties : {})) {
    if (!isObject(prop)) continue;
    if (prop.deprecated === true) {
      const description = String(prop.description ?? '');
      properties[key] = { deprecated: true, advice: deprecation(description)?.advice ?? description };
      continue;
    }
    const nested = deprecatedSchema(prop as JsonSchema);
    const plainString = prop[DEPRECATED_STRING] as Json | undefined;
    if (nested || plainString !== undefined) properties[key] = { ...(plainString !== undefined ? { [DEPRECATED_STRING]: plainString } : {}), ...nested };
  }
  return Object.keys(properties).length > 0 ? { properties } : undefined;
}

/**
 * values.schema.json and values.yaml of a chart. Library charts get no values.yaml keys of their own scope.
 * An umbrella with deprecated keys also gets DEPRECATED_VALUES_FILE, which its NOTES read.
 */
export function schemaFiles(compiled: CompiledChart): GeneratedFile[] {
  const { chart } = compiled;
  const files: GeneratedFile[] = [
    { chart, kind: 'schema', file: path.join(chart.dir, 'values.schema.json'), content: stableJson(compiled.schema) },
    { chart, kind: 'values', file: path.join(chart.dir, 'values.yaml'), content: renderValuesYaml(compiled.valuesSchema) },
  ];
  const deprecated = chart.annotations[UMBRELLA_ANNOTATION] === 'true' ? deprecatedSchema(compiled.schema) : undefined;
  if (deprecated) {
    const $comment = 'Generated by chartkit from values.schema.ts (npx chartkit schema): the deprecated keys of values.schema.json, which templates cannot read.';
    files.push({ chart, kind: 'schema', file: path.join(chart.dir, DEPRECATED_VALUES_FILE), content: stableJson({ $comment, ...deprecated }) });
  }
  return files;
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
