import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { loadChart } from '../adapters/workspace-files.ts';
import { parseManifests, type Manifest } from '../core/manifests.ts';
import { findWorkspaceRoot, loadWorkspace } from '../adapters/workspace-files.ts';
import { templateChart, type HelmMajor } from '../adapters/helm.ts';
import { stagedChart } from '../adapters/stage.ts';
import type { ValuesDefinition, ValuesOf } from '../schema/define.ts';
import { tempDir } from '../adapters/temp.ts';
import { ChartkitError } from '../core/errors.ts';

/** Every key optional, recursively: what a test overrides. Arrays are replaced whole, as in Helm. */
export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

export interface RenderOptions {
  releaseName?: string;
  namespace?: string;
  helm?: HelmMajor;
  /** Extra values outside the chart's own schema (e.g. `global`). */
  global?: Record<string, unknown>;
}

export interface Rendered {
  manifests: Manifest[];
  /** The first object of a kind (and name, if given); throws when there is none. */
  get(kind: string, name?: string): Record<string, unknown>;
  all(kind: string): Record<string, unknown>[];
}

/**
 * Render a chart with typed values: a wrong key or type is a TypeScript error in the test, and
 * the values still go through the chart's values.schema.json when Helm renders.
 */
export async function renderChart<D extends ValuesDefinition>(
  _definition: D,
  chartDir: string,
  values: DeepPartial<ValuesOf<D>>,
  options: RenderOptions = {},
): Promise<Rendered> {
  const root = findWorkspaceRoot(chartDir);
  const ws = loadWorkspace(root);
  const chart = ws.byDir.get(path.resolve(chartDir)) ?? loadChart(path.resolve(chartDir), root);
  const helmChart = stagedChart(ws, chart);
  const tmp = tempDir('chartkit-render-');
  try {
    const file = path.join(tmp, 'values.yaml');
    writeFileSync(file, stringify(options.global ? { ...values, global: options.global } : values));
    const text = await templateChart(helmChart, {
      valuesFiles: [file],
      releaseName: options.releaseName ?? 'test',
      namespace: options.namespace ?? 'default',
      ...(options.helm ? { helm: options.helm } : {}),
    });
    const manifests = parseManifests(text);
    const all = (kind: string): Record<string, unknown>[] => manifests.filter((m) => m.object.kind === kind).map((m) => m.object);
    return {
      manifests,
      all,
      get(kind, name) {
        const found = all(kind).find((o) => name === undefined || (o.metadata as { name?: string } | undefined)?.name === name);
        if (!found) throw new ChartkitError('TEST_FAILED', `no ${kind}${name ? ` named ${name}` : ''} in the render of ${chart.name}`);
        return found;
      },
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
