import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildDependencies, packageChart } from '../../adapters/helm.ts';
import { localDependenciesOf, localEdges } from '../../core/graph.ts';
import type { Chart } from '../../core/chart.ts';
import type { Workspace } from '../../core/workspace.ts';
import { loadContext, selectOrdered } from '../context.ts';
import { ok, dim, elapsed } from '../output.ts';

export const DEFAULT_PACKAGE_DIR = 'dist/charts';

export interface PackagedChart {
  chart: Chart;
  file: string;
  sha256: string;
}

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Package charts in dependency order: `helm dependency build` where needed, then `helm package`. */
export async function packageCharts(ws: Workspace, charts: readonly Chart[], destination: string): Promise<PackagedChart[]> {
  const edges = localEdges(ws);
  const out: PackagedChart[] = [];
  for (const chart of charts) {
    await buildDependencies(chart, localDependenciesOf(ws, chart, edges));
    const file = await packageChart(chart, destination);
    out.push({ chart, file, sha256: sha256(file) });
  }
  return out;
}

export async function packageCommand(names: string[], options: { destination?: string }): Promise<number> {
  const { ws, root } = loadContext();
  const destination = path.resolve(root, options.destination ?? DEFAULT_PACKAGE_DIR);
  for (const chart of selectOrdered(ws, names)) {
    const started = Date.now();
    const [p] = await packageCharts(ws, [chart], destination);
    ok(`${chart.name} ${chart.version} → ${path.relative(root, p!.file)} sha256:${p!.sha256.slice(0, 12)} ${dim(elapsed(started))}`);
  }
  return 0;
}
