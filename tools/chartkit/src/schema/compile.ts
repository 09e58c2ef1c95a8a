import type { Chart } from '../core/chart.ts';
import { ChartkitError } from '../core/errors.ts';
import { localEdges, type LocalEdge } from '../core/graph.ts';
import type { Workspace } from '../core/workspace.ts';
import type { ValuesDefinition } from './define.ts';
import { canonical, isObject, type Json, type JsonSchema } from './json.ts';

export const SCHEMA_DRAFT = 'http://json-schema.org/draft-07/schema#';
export const ENABLED_BY_DEFAULT = 'chartkit.dev/enabled-by-default';
export const DISPLAY_NAME = 'chartkit.dev/display-name';
/** Description of the (unused) values map Helm keeps under a library dependency's name. */
export const LIBRARY_SCOPE = "Unused: Helm's values scope of library chart";

export interface CompiledChart {
  chart: Chart;
  /** The full values.schema.json content. */
  schema: JsonSchema;
  /** The part of the schema this chart's own values.yaml and values table are generated from. */
  valuesSchema: JsonSchema;
}

export type DefinitionLoader = (chart: Chart) => ValuesDefinition | undefined;

const GLOBAL_SCHEMA: JsonSchema = {
  description: 'Values shared with every chart of a release (Helm copies global into each subchart).',
  type: 'object',
  additionalProperties: true,
};

function closed(properties: Record<string, Json>, description?: string): JsonSchema {
  return { ...(description ? { description } : {}), type: 'object', properties, additionalProperties: false };
}

/** Condition paths of one dependency (Helm allows a comma-separated list; the first that resolves wins). */
export function conditionPaths(condition: string | undefined): string[][] {
  return (condition ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean)
    .map((c) => c.split('.'));
}

/** Put a boolean flag at `path` inside an object schema, creating closed objects on the way. */
function injectFlag(schema: JsonSchema, path: string[], flag: JsonSchema, where: string): void {
  let node = schema;
  path.forEach((segment, i) => {
    const props = (node.properties ?? (node.properties = {})) as Record<string, Json>;
    if (i === path.length - 1) {
      const existing = props[segment];
      if (isObject(existing) && existing.type !== 'boolean') {
        throw new ChartkitError('SCHEMA', `${where}: condition key "${path.join('.')}" is declared with type ${String(existing.type)}; a condition must be a boolean`);
      }
      props[segment] = { ...(isObject(existing) ? (existing as JsonSchema) : {}), ...flag };
      return;
    }
    let child = props[segment];
    if (!isObject(child)) {
      child = closed({});
      props[segment] = child;
    }
    node = child as JsonSchema;
  });
}

function stripRoot(schema: JsonSchema): JsonSchema {
  const { $schema: _s, title: _t, ...rest } = schema;
  return rest;
}

function enabledByDefault(chart: Chart): boolean {
  return chart.annotations[ENABLED_BY_DEFAULT] === 'true';
}

export function displayName(chart: Chart): string {
  return chart.annotations[DISPLAY_NAME] ?? chart.name;
}

function assertNoRemoteRefs(node: Json, where: string): void {
  if (Array.isArray(node)) return node.forEach((n) => assertNoRemoteRefs(n, where));
  if (!isObject(node)) return;
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string' && !v.startsWith('#')) {
      throw new ChartkitError('SCHEMA', `${where}: "$ref": "${v}" points outside the schema; inline it so the schema works offline`);
    }
    assertNoRemoteRefs(v as Json, where);
  }
}

/**
 * Compile every chart's values schema. Subchart-safe by construction: each schema accepts
 * `global`, the condition flags its consumers use, and its library dependencies' keys; an
 * umbrella's schema embeds each subchart's schema under its key.
 */
export function compileSchemas(ws: Workspace, load: DefinitionLoader, roots: readonly Chart[] = ws.charts): Map<string, CompiledChart> {
  const edges = localEdges(ws);
  const done = new Map<string, CompiledChart>();
  const visiting = new Set<string>();

  const compile = (chart: Chart): CompiledChart => {
    const cached = done.get(chart.name);
    if (cached) return cached;
    if (visiting.has(chart.name)) throw new ChartkitError('DEPENDENCY_CYCLE', `schema composition loops through ${chart.name}`);
    visiting.add(chart.name);
    const where = `${chart.relDir}/values.schema.ts`;
    const definition = load(chart);
    const own = definition ? (canonical(definition.schema) as JsonSchema) : closed({});
    assertNoRemoteRefs(own, where);
    const ownProps = (own.properties ?? (own.properties = {})) as Record<string, Json>;

    const outgoing = edges.filter((e) => e.from.name === chart.name);
    // Library charts have no values scope: their keys live at the consumer's root.
    for (const e of outgoing.filter((x) => x.to.type === 'library')) {
      const lib = compile(e.to);
      // Helm still keeps a (unused) values map under the library's name.
      ownProps[e.dependency.alias ?? e.dependency.name] = { description: `${LIBRARY_SCOPE} ${e.to.name}.`, type: 'object' };
      for (const [key, prop] of Object.entries((lib.valuesSchema.properties ?? {}) as Record<string, Json>)) {
        if (key === 'global') continue;
        if (key in ownProps) throw new ChartkitError('SCHEMA', `${where}: key "${key}" is also defined by library ${e.to.name}; rename one of them`);
        ownProps[key] = prop;
      }
    }

    // Flags consumers use to switch this chart on and off.
    for (const e of edges.filter((x: LocalEdge) => x.to.name === chart.name)) {
      const key = e.dependency.alias ?? e.dependency.name;
      for (const path of conditionPaths(e.dependency.condition)) {
        if (path[0] === key && path.length > 1) {
          injectFlag(own, path.slice(1), { description: `Set by ${e.from.name}: install this chart as part of it.`, type: 'boolean' }, where);
        }
      }
    }
    const valuesSchema = structuredClone(own);

    // An umbrella embeds each subchart's schema, with its flag defaults.
    for (const e of outgoing.filter((x) => x.to.type !== 'library')) {
      const sub = compile(e.to);
      const key = e.dependency.alias ?? e.dependency.name;
      const embedded = stripRoot(structuredClone(sub.schema));
      const flagsOnly = closed({}, `${displayName(e.to)}: ${e.to.description ?? ''}`.trim());
      const flag: JsonSchema = { description: `Install ${e.to.name}.`, type: 'boolean', default: enabledByDefault(e.to) };
      for (const path of conditionPaths(e.dependency.condition)) {
        if (path[0] === key) {
          injectFlag(embedded, path.slice(1), flag, where);
          injectFlag(flagsOnly, path.slice(1), flag, where);
        } else {
          injectFlag(own, path, flag, where);
          injectFlag(valuesSchema, path, flag, where);
          const note = `${displayName(e.to)}: switch only; its settings go under ${key}.`;
          for (const target of [own, valuesSchema]) {
            const root = ((target.properties ?? {}) as Record<string, Json>)[path[0]!];
            if (isObject(root) && root.description === undefined) (root as JsonSchema).description = note;
          }
        }
      }
      if (key in ownProps && !isObject(ownProps[key])) throw new ChartkitError('SCHEMA', `${where}: key "${key}" clashes with dependency ${e.to.name}`);
      ownProps[key] = embedded;
      if (Object.keys((flagsOnly.properties ?? {}) as object).length > 0) {
        ((valuesSchema.properties ?? (valuesSchema.properties = {})) as Record<string, Json>)[key] = flagsOnly;
      }
    }

    if (!('global' in ownProps)) ownProps.global = GLOBAL_SCHEMA;
    const schema = canonical({ $schema: SCHEMA_DRAFT, title: `${chart.name} values`, ...own }) as JsonSchema;
    const result: CompiledChart = { chart, schema, valuesSchema: canonical(valuesSchema) as JsonSchema };
    visiting.delete(chart.name);
    done.set(chart.name, result);
    return result;
  };

  for (const chart of roots) compile(chart);
  return done;
}
