import os from 'node:os';
import pLimit from 'p-limit';
import { selectCharts, type Workspace } from '../core/workspace.ts';
import { findWorkspaceRoot, loadWorkspace } from '../adapters/workspace-files.ts';
import type { Chart } from '../core/chart.ts';
import { positiveInteger } from '../core/numbers.ts';
import { settings } from '../adapters/environment.ts';

export { positiveInteger } from '../core/numbers.ts';
import { topologicalOrder } from '../core/graph.ts';

export interface Context {
  ws: Workspace;
  root: string;
}

export function loadContext(): Context {
  const root = settings().CHARTKIT_WORKSPACE ?? findWorkspaceRoot();
  return { ws: loadWorkspace(root), root };
}

/** Selected charts in dependency order (the topological check also reports cycles and bad pins). */
export function selectOrdered(ws: Workspace, names: readonly string[]): Chart[] {
  const selected = new Set(selectCharts(ws, names).map((c) => c.name));
  return topologicalOrder(ws).filter((c) => selected.has(c.name));
}

export function concurrency(requested?: string | number): number {
  if (requested !== undefined) return positiveInteger(requested, '-j/--concurrency');
  return settings().CHARTKIT_CONCURRENCY ?? os.availableParallelism();
}

export function limiter(requested?: string | number): ReturnType<typeof pLimit> {
  return pLimit(concurrency(requested));
}
