import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHARTKIT_DIR } from '../helpers.ts';

/**
 * The layers of ARCHITECTURE.md, checked on the source: runtime imports (not `import type`) between
 * chartkit's own modules never form a cycle, `core/` depends on nothing but itself, and adapters
 * never reach up into the commands or the domain modules that use them; only commands import commands.
 * core/ is pure (no file system, processes, network or environment); only adapters/ start processes.
 */
const SRC = path.join(CHARTKIT_DIR, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** file (relative to src) → the files it imports at run time (relative to src). */
function runtimeImports(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    const deps: string[] = [];
    for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm)) {
      deps.push(path.relative(SRC, path.resolve(path.dirname(file), m[1]!)));
    }
    graph.set(path.relative(SRC, file), deps);
  }
  return graph;
}

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const dep of graph.get(node) ?? []) {
      if (state.get(dep) === 'visiting') found.push([...stack.slice(stack.indexOf(dep)), dep]);
      else if (!state.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}

const layer = (file: string): string => file.split(path.sep)[0]!;

describe('import direction', () => {
  const graph = runtimeImports();

  it('finds the modules (the check reads real imports)', () => {
    expect(graph.get(path.join('cli', 'main.ts'))).toContain(path.join('cli', 'extra.ts'));
  });

  it('has no import cycles', () => {
    expect(cycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('core/ imports only core/', () => {
    const out = [...graph].flatMap(([file, deps]) => (layer(file) === 'core' ? deps.filter((d) => layer(d) !== 'core').map((d) => `${file} → ${d}`) : []));
    expect(out).toEqual([]);
  });

  it('only cli/ imports cli/: domain modules return results and never print or parse flags', () => {
    const out = [...graph].flatMap(([file, deps]) => (layer(file) !== 'cli' ? deps.filter((d) => layer(d) === 'cli').map((d) => `${file} → ${d}`) : []));
    expect(out).toEqual([]);
  });

  it('adapters/ import only core/ and adapters/', () => {
    const out = [...graph].flatMap(([file, deps]) => (layer(file) === 'adapters' ? deps.filter((d) => !['core', 'adapters'].includes(layer(d))).map((d) => `${file} → ${d}`) : []));
    expect(out).toEqual([]);
  });

  const text = (file: string): string => readFileSync(path.join(SRC, file), 'utf8');
  const uses = (file: string, pattern: RegExp): boolean => pattern.test(text(file));

  it('core/ is pure: no file system, processes, network, environment or clock', () => {
    const impure = /from ['"](?:node:)?(?:fs|fs\/promises|child_process|net|http|https|os)['"]|from ['"]execa['"]|\bprocess\.(?:env|cwd|exit|stdout|stderr|pid)\b|\bDate\.now\(/;
    expect([...graph.keys()].filter((f) => layer(f) === 'core' && uses(f, impure))).toEqual([]);
  });

  it('only adapters/ start processes', () => {
    const spawns = /from ['"](?:node:)?child_process['"]|from ['"]execa['"]/;
    expect([...graph.keys()].filter((f) => layer(f) !== 'adapters' && uses(f, spawns))).toEqual([]);
  });

  it('domain modules return results: they never print or exit (the commands do)', () => {
    const prints = /\bconsole\.|\bprocess\.(?:stdout|stderr|exit|exitCode)\b/;
    expect([...graph.keys()].filter((f) => !['cli', 'adapters'].includes(layer(f)) && uses(f, prints))).toEqual([]);
  });

  it("no child process gets this process's whole environment spread into its env (that would hand it the registry password)", () => {
    const spread = /\benv:\s*\{\s*\.\.\.process\.env\b/;
    expect([...graph.keys()].filter((f) => uses(f, spread))).toEqual([]);
  });
});
