import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageChart } from '../adapters/helm.ts';
import type { SigningKey } from '../adapters/provenance.ts';
import { localDependenciesOf, localEdges, topologicalOrder } from '../core/graph.ts';
import type { Chart } from '../core/chart.ts';
import type { Workspace } from '../core/workspace.ts';
import { artifactHubStage } from './artifacthub.ts';

export const DEFAULT_PACKAGE_DIR = 'dist/charts';

export interface PackagedChart {
  chart: Chart;
  file: string;
  sha256: string;
}

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * Package charts in dependency order. The file:// dependencies of each chart are packaged first
 * (into the same destination) and go into its charts/ directory, as `helm dependency build` would.
 * Each package's Chart.yaml gets Artifact Hub's annotations (./artifacthub.ts).
 */
export async function packageCharts(ws: Workspace, charts: readonly Chart[], destination: string, sign?: SigningKey): Promise<PackagedChart[]> {
  const edges = localEdges(ws);
  const wanted = new Map<string, Chart>();
  for (const chart of charts) {
    for (const dep of localDependenciesOf(ws, chart, edges)) wanted.set(dep.name, dep);
    wanted.set(chart.name, chart);
  }
  const built = new Map<string, string>();
  const out: PackagedChart[] = [];
  for (const chart of topologicalOrder(ws, edges).filter((c) => wanted.has(c.name))) {
    const file = await packageChart(chart, destination, { dependencyPackages: built, prepareStage: artifactHubStage(ws, chart), ...(sign ? { sign } : {}) });
    built.set(chart.name, file);
    out.push({ chart, file, sha256: sha256(file) });
  }
  return out;
}
