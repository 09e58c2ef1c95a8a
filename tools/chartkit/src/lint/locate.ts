import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { localDependencyDir, type Chart } from '../core/chart.ts';
import type { Workspace } from '../core/workspace.ts';
import type { Finding } from './types.ts';

/** Where a lint finding points in the workspace, as far as it tells (`chartkit lint --json`). */
export interface FindingLocation {
  /** The file, relative to the workspace root with forward slashes, when it is a file of a workspace chart. */
  file?: string;
  /** 1-based line (and column) in that file, when the finding says or the file shows it. */
  line?: number;
  column?: number;
  /** The template as Helm names it (`# Source:`), for findings on rendered objects. */
  template?: string;
}

const toPosix = (p: string): string => p.split(path.sep).join('/');

/**
 * The workspace file of a path as Helm names it in a render (`<chart>/templates/x.yaml`,
 * `<chart>/charts/<dep>/templates/y.yaml`); undefined when it lies in a dependency that is not a
 * chart of the workspace (a packaged one from a repository).
 */
export function renderedFile(ws: Workspace, chart: Chart, rendered: string): string | undefined {
  const parts = rendered.split('/');
  if (parts[0] !== chart.name) return undefined;
  let at = chart;
  let rest = parts.slice(1);
  while (rest[0] === 'charts' && rest.length > 2) {
    const sub = rest[1];
    const dep = at.dependencies.find((d) => (d.alias ?? d.name) === sub);
    const dir = dep ? localDependencyDir(at, dep) : undefined;
    const next = dir ? ws.byDir.get(dir) : undefined;
    if (!next) return undefined;
    at = next;
    rest = rest.slice(2);
  }
  return `${at.relDir}/${rest.join('/')}`;
}

/** The line and column of a key path (`a.b.c`, keys that contain dots matched whole) in a YAML file: the deepest key of it that is there. */
export function keyPosition(text: string, key: string): { line: number; column: number } | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) return undefined;
  let node: Node | null | undefined = doc.contents as Node | null;
  let found: number | undefined;
  let rest = key === '(root)' ? [] : key.split('.');
  while (rest.length > 0 && isMap(node)) {
    const map = node;
    let matched = false;
    // The longest run of segments that is a key: annotation keys such as eks.amazonaws.com/role-arn hold dots.
    for (let n = rest.length; n > 0 && !matched; n--) {
      const name = rest.slice(0, n).join('.');
      const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === name);
      if (!pair) continue;
      found = (pair.key as Node).range?.[0];
      node = pair.value as Node | null;
      rest = rest.slice(n);
      matched = true;
    }
    if (!matched) break;
  }
  if (found === undefined) return undefined;
  const { line, col } = lineCounter.linePos(found);
  return { line, column: col };
}

const POSITION = /^(\S+?):(\d+):(\d+): /;
const RENDERED_POSITION = /([\w.-]+(?:\/charts\/[\w.-]+)*\/templates\/[^\s:()"]+):(\d+)(?::(\d+))?/;
const HELM_LINT_FILE = /\[(?:ERROR|WARNING)\] ([^\s:]+[^\s:/]): /;

/**
 * The file (and line, where known) of a finding: a `file:line:column:` the message starts with (YAML
 * that does not parse), a template position in Helm's message, the template of a rendered object,
 * the chart file the finding names and, for a values key, where the key is in that file.
 */
export function locateFinding(ws: Workspace, chart: Chart, f: Finding): FindingLocation {
  const out: FindingLocation = {};
  if (f.template) {
    if (f.template.startsWith(`${chart.name}/`)) {
      out.template = f.template;
      const file = renderedFile(ws, chart, f.template);
      if (file) out.file = file;
    } else {
      out.file = `${chart.relDir}/${toPosix(f.template)}`;
    }
  }
  const at = POSITION.exec(f.message);
  if (at && (!out.file || at[1] === out.file)) {
    out.file = at[1]!;
    out.line = Number(at[2]);
    out.column = Number(at[3]);
    return out;
  }
  const rendered = RENDERED_POSITION.exec(f.message);
  if (rendered) {
    const file = renderedFile(ws, chart, rendered[1]!);
    if (file && (!out.file || out.file === file)) {
      out.file = file;
      out.line = Number(rendered[2]);
      if (rendered[3]) out.column = Number(rendered[3]);
      return out;
    }
  }
  // Helm names values.yaml for the values it validated: with a ci/ scenario, the scenario merged
  // over it (values.yaml itself is linted as the defaults scenario).
  const scenarioFile = f.scenario?.startsWith('ci/') ? `${chart.relDir}/${f.scenario}` : undefined;
  const linted = HELM_LINT_FILE.exec(f.message);
  if (linted && !out.file) out.file = linted[1] === 'values.yaml' && scenarioFile ? scenarioFile : `${chart.relDir}/${linted[1]}`;
  // A render or lint of a scenario that names no file failed on the scenario's values.
  if (!out.file && scenarioFile && ['helm-lint', 'render', 'requires-values'].includes(f.rule)) out.file = scenarioFile;
  // values-schema: "<key>: <problem>" about a values file of the chart
  if (f.rule === 'values-schema' && out.file && /\.ya?ml$/.test(out.file)) {
    const key = /^([^\s:]+): /.exec(f.message)?.[1];
    const file = path.join(ws.root, out.file);
    if (key && existsSync(file)) {
      const pos = keyPosition(readFileSync(file, 'utf8'), key);
      if (pos) {
        out.line = pos.line;
        out.column = pos.column;
      }
    }
  }
  return out;
}
