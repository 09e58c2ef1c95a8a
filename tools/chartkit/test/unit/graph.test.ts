import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Chart, ChartDependency } from '../../src/core/chart.ts';
import { localEdges, topologicalOrder, localDependenciesOf } from '../../src/core/graph.ts';
import { workspaceFromCharts } from '../../src/core/workspace.ts';
import { ChartkitError } from '../../src/core/errors.ts';

const ROOT = '/ws';
function chart(name: string, version: string, deps: ChartDependency[] = [], type: Chart['type'] = 'application'): Chart {
  const dir = path.join(ROOT, 'packages', 'g', name);
  return { name, version, type, dependencies: deps, annotations: {}, dir, relDir: `packages/g/${name}`, raw: {} };
}
const dep = (name: string, version: string): ChartDependency => ({ name, version, repository: `file://../${name}` });

function errorOf(fn: () => unknown): ChartkitError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ChartkitError) return e;
    throw e;
  }
  throw new Error('expected a ChartkitError');
}

describe('dependency graph', () => {
  it('orders library before subcharts before the umbrella', () => {
    const ws = workspaceFromCharts(ROOT, [
      chart('umbrella', '1.0.0', [dep('sub-b', '0.2.0'), dep('sub-a', '0.1.0')]),
      chart('sub-a', '0.1.0', [dep('lib', '0.1.0')]),
      chart('sub-b', '0.2.0', [dep('lib', '0.1.0')]),
      chart('lib', '0.1.0', [], 'library'),
    ]);
    expect(topologicalOrder(ws).map((c) => c.name)).toEqual(['lib', 'sub-a', 'sub-b', 'umbrella']);
    expect(localDependenciesOf(ws, ws.byName.get('umbrella')!).map((c) => c.name)).toEqual(['lib', 'sub-a', 'sub-b']);
  });

  it('reports a cycle naming every chart in it', () => {
    const ws = workspaceFromCharts(ROOT, [chart('a', '1.0.0', [dep('b', '1.0.0')]), chart('b', '1.0.0', [dep('c', '1.0.0')]), chart('c', '1.0.0', [dep('a', '1.0.0')])]);
    const error = errorOf(() => topologicalOrder(ws));
    expect(error.code).toBe('DEPENDENCY_CYCLE');
    expect(error.message).toMatch(/a -> b -> c -> a/);
  });

  it('refuses a file:// pin that differs from the target chart version, naming both charts', () => {
    const ws = workspaceFromCharts(ROOT, [chart('umbrella', '1.0.0', [dep('sub', '1.3.0')]), chart('sub', '2.0.0')]);
    const error = errorOf(() => localEdges(ws));
    expect(error.code).toBe('DEPENDENCY_VERSION');
    expect(error.message).toContain('packages/g/umbrella/Chart.yaml');
    expect(error.message).toContain('pinned to 1.3.0 but chart sub');
    expect(error.message).toContain('is at 2.0.0');
  });

  it('refuses a file:// dependency that points at no chart', () => {
    const ws = workspaceFromCharts(ROOT, [chart('umbrella', '1.0.0', [dep('ghost', '1.0.0')])]);
    expect(errorOf(() => localEdges(ws)).code).toBe('DEPENDENCY_MISSING');
  });

  it('refuses two charts with the same name, naming both directories', () => {
    const a = chart('dup', '1.0.0');
    const b = { ...chart('dup', '1.0.0'), dir: '/ws/packages/h/dup', relDir: 'packages/h/dup' };
    const error = errorOf(() => workspaceFromCharts(ROOT, [a, b]));
    expect(error.code).toBe('DUPLICATE_CHART');
    expect(error.message).toContain('packages/g/dup');
    expect(error.message).toContain('packages/h/dup');
  });

  it('ignores remote dependencies', () => {
    const ws = workspaceFromCharts(ROOT, [chart('a', '1.0.0', [{ name: 'cert-manager', version: 'v1.18.2', repository: 'oci://quay.io/jetstack/charts' }])]);
    expect(localEdges(ws)).toEqual([]);
  });
});
