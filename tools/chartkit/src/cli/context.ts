import os from 'node:os';
import pLimit from 'p-limit';
import { findWorkspaceRoot, loadWorkspace, selectCharts, type Workspace } from '../core/workspace.ts';
import type { Chart } from '../core/chart.ts';
import { topologicalOrder } from '../core/graph.ts';

export interface Context {
  ws: Workspace;
  root: string;
}

export function loadContext(): Context {
  const root = process.env.CHARTKIT_WORKSPACE ?? findWorkspaceRoot();
  return { ws: loadWorkspace(root), root };
}

/** Selected charts in dependency order (the topological check also reports cycles and bad pins). */
export function selectOrdered(ws: Workspace, names: readonly string[]): Chart[] {
  const selected = new Set(selectCharts(ws, names).map((c) => c.name));
  return topologicalOrder(ws).filter((c) => selected.has(c.name));
}

export function concurrency(requested?: string | number): number {
  const n = Number(requested ?? process.env.CHARTKIT_CONCURRENCY ?? os.availableParallelism());
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 1;
}

export function limiter(requested?: string | number): ReturnType<typeof pLimit> {
  return pLimit(concurrency(requested));
}
