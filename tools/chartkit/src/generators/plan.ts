import { cpSync, existsSync, readdirSync, rmdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { CHART_FILE, chartFromYaml, type Chart } from '../core/chart.ts';
import { ChartkitError } from '../core/errors.ts';
import { localDependenciesOf, localEdges } from '../core/graph.ts';
import { workspaceFromCharts, type Workspace } from '../core/workspace.ts';
import type { PlannedFile } from '../adapters/file-set.ts';
import { tempDir } from '../adapters/temp.ts';
import { loadChart } from '../adapters/workspace-files.ts';
import { compileWorkspace, docsFile, schemaFiles } from '../schema/generate.ts';

/** Everything a generator would write, before anything is written. */
export interface GeneratorPlan {
  /** Each file once, with its final content (the generated values.schema.json, values.yaml and README tables included). */
  files: PlannedFile[];
  /** Directories the generator creates: removed again if writing fails. */
  newDirs: string[];
}

/** The same files in the same order, each once, with the content of its last occurrence. */
export function lastOfEach(files: readonly PlannedFile[]): PlannedFile[] {
  const byFile = new Map<string, PlannedFile>();
  for (const f of files) byFile.set(f.file, f);
  return [...byFile.values()];
}

/** Chart directories never copied: dependency archives and installed packages. */
const NOT_COPIED = new Set(['charts', 'node_modules']);

/**
 * The workspace as it would be with `planned` written: planned Chart.yaml files replace or add
 * charts (a chart is a chartkit package when it has, or will have, a package.json).
 */
function plannedWorkspace(ws: Workspace, planned: readonly PlannedFile[]): Workspace {
  const byDir = new Map(ws.charts.map((c) => [c.dir, c]));
  const files = new Set(planned.map((f) => f.file));
  for (const f of planned) {
    if (path.basename(f.file) !== CHART_FILE) continue;
    const dir = path.dirname(f.file);
    const chart = chartFromYaml(f.content, dir, ws.root);
    if (files.has(path.join(dir, 'package.json')) || existsSync(path.join(dir, 'package.json'))) chart.package = true;
    byDir.set(dir, chart);
  }
  return workspaceFromCharts(ws.root, [...byDir.values()]);
}

/**
 * The planned files plus the files `chartkit schema` and `chartkit docs` generate from them for
 * `charts` (values.schema.json, values.yaml, the README tables), computed without writing the
 * workspace: the charts involved (and their file:// dependencies) are copied into a private
 * directory under the workspace's `.chartkit/` with the planned files laid over them, so each
 * values.schema.ts resolves `@chart-tools/chartkit/schema` as it will in place; the copy is removed afterwards.
 */
export async function withGeneratedFiles(ws: Workspace, planned: readonly PlannedFile[], charts: readonly string[]): Promise<PlannedFile[]> {
  const next = plannedWorkspace(ws, planned);
  const edges = localEdges(next);
  const needed = new Map<string, Chart>();
  for (const name of charts) {
    const chart = next.byName.get(name);
    if (!chart) throw new ChartkitError('GENERATOR', `${name}: the plan has no such chart to generate files for`);
    needed.set(chart.dir, chart);
    for (const dep of localDependenciesOf(next, chart, edges)) needed.set(dep.dir, dep);
  }
  const inside = (file: string): string | undefined => {
    const rel = path.relative(ws.root, file);
    return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel;
  };
  const scratchParent = path.join(ws.root, '.chartkit');
  const hadScratchParent = existsSync(scratchParent);
  const copy = tempDir('plan-', scratchParent);
  try {
    for (const chart of needed.values()) {
      const rel = inside(chart.dir);
      if (rel === undefined || !existsSync(chart.dir)) continue;
      cpSync(chart.dir, path.join(copy, rel), { recursive: true, filter: (src) => !NOT_COPIED.has(path.relative(chart.dir, src).split(path.sep)[0]!) });
    }
    for (const f of planned) {
      const rel = inside(f.file);
      if (rel === undefined) continue;
      mkdirSync(path.dirname(path.join(copy, rel)), { recursive: true });
      writeFileSync(path.join(copy, rel), f.content);
    }
    const copied = workspaceFromCharts(
      copy,
      [...needed.values()].filter((c) => inside(c.dir) !== undefined).map((c) => loadChart(path.join(copy, inside(c.dir)!), copy)),
    );
    const compiled = await compileWorkspace(copied, charts.map((n) => copied.byName.get(n)!));
    const generated = charts.flatMap((n) => {
      const c = compiled.get(n);
      return c ? [...schemaFiles(c), docsFile(copied, c)] : [];
    });
    return lastOfEach([...planned, ...generated.map((g) => ({ file: path.join(ws.root, path.relative(copy, g.file)), content: g.content }))]);
  } finally {
    rmSync(copy, { recursive: true, force: true });
    if (!hadScratchParent && readdirSync(scratchParent).length === 0) rmdirSync(scratchParent);
  }
}
