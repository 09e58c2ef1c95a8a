import { localDependencyDir, type Chart, type ChartDependency } from './chart.ts';
import { ChartkitError } from './errors.ts';
import type { Workspace } from './workspace.ts';

export interface LocalEdge {
  from: Chart;
  to: Chart;
  dependency: ChartDependency;
}

/** Every file:// dependency, resolved to the chart it points at, with its pin checked. */
export function localEdges(ws: Workspace): LocalEdge[] {
  const edges: LocalEdge[] = [];
  for (const chart of ws.charts) {
    for (const dep of chart.dependencies) {
      const dir = localDependencyDir(chart, dep);
      if (dir === undefined) continue;
      const target = ws.byDir.get(dir);
      if (!target) {
        throw new ChartkitError(
          'DEPENDENCY_MISSING',
          `${chart.relDir}/Chart.yaml: dependency "${dep.name}" points at ${dep.repository}, which is not a chart in this workspace; fix the repository path`,
        );
      }
      if (target.name !== dep.name) {
        throw new ChartkitError(
          'DEPENDENCY_MISSING',
          `${chart.relDir}/Chart.yaml: dependency "${dep.name}" points at ${dep.repository}, whose chart is named "${target.name}"; use name: ${target.name}`,
        );
      }
      if (target.version !== dep.version) {
        throw new ChartkitError(
          'DEPENDENCY_VERSION',
          `${chart.relDir}/Chart.yaml: dependency "${dep.name}" is pinned to ${dep.version} but chart ${target.name} (${target.relDir}) is at ${target.version}; set the pin to ${target.version} or run "chartkit version"`,
        );
      }
      edges.push({ from: chart, to: target, dependency: dep });
    }
  }
  return edges;
}

/**
 * Charts in dependency order: every chart after the charts it depends on (library → subcharts →
 * umbrella). Ties are broken by name so the order is stable. A cycle is an error naming its charts.
 */
export function topologicalOrder(ws: Workspace, edges: LocalEdge[] = localEdges(ws)): Chart[] {
  const deps = new Map<string, Set<string>>();
  for (const chart of ws.charts) deps.set(chart.name, new Set());
  for (const e of edges) deps.get(e.from.name)!.add(e.to.name);

  const order: Chart[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    const s = state.get(name);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      throw new ChartkitError('DEPENDENCY_CYCLE', `dependency cycle between charts: ${cycle.join(' -> ')}; remove one of these file:// dependencies`);
    }
    state.set(name, 'visiting');
    stack.push(name);
    for (const dep of [...deps.get(name)!].sort()) visit(dep);
    stack.pop();
    state.set(name, 'done');
    order.push(ws.byName.get(name)!);
  };
  for (const name of [...deps.keys()].sort()) visit(name);
  return order;
}

/** The charts `chart` depends on through file://, transitively, in dependency order. */
export function localDependenciesOf(ws: Workspace, chart: Chart, edges: LocalEdge[] = localEdges(ws)): Chart[] {
  const wanted = new Set<string>();
  const add = (name: string): void => {
    for (const e of edges) {
      if (e.from.name === name && !wanted.has(e.to.name)) {
        wanted.add(e.to.name);
        add(e.to.name);
      }
    }
  };
  add(chart.name);
  return topologicalOrder(ws, edges).filter((c) => wanted.has(c.name));
}
