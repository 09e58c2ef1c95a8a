import { helmIgnored } from '../core/helmignore.ts';
import type { Bump } from './bump.ts';

/**
 * The version-bump gate (pure): a chart whose packaged files changed since the base branch needs a
 * pending changeset that bumps it (or a version already bumped, after `changeset version`);
 * otherwise the release would refuse to publish it ("published versions are immutable").
 */

export interface BumpGateInput {
  chart: string;
  /** The chart directory relative to the repository root, e.g. `packages/hyperpod/mlflow`. */
  dir: string;
  changedFiles: readonly string[];
  helmignore: readonly string[];
  /** The bump pending changesets give the chart (pendingBump). */
  pending: Bump;
  /** The chart's version at the base, undefined when the chart is new. */
  baseVersion: string | undefined;
  currentVersion: string;
  base: string;
}

/** One line when the chart needs a changeset it does not have; undefined otherwise. */
export function missingBump(input: BumpGateInput): string | undefined {
  if (input.baseVersion === undefined || input.baseVersion !== input.currentVersion || input.pending !== 'none') return undefined;
  const prefix = `${input.dir}/`;
  const packaged = input.changedFiles
    .filter((f) => f.startsWith(prefix))
    .map((f) => f.slice(prefix.length))
    // charts/ and Chart.lock are what `helm dependency build` writes from Chart.yaml
    .filter((f) => !helmIgnored(f, input.helmignore) && !f.startsWith('charts/') && f !== 'Chart.lock');
  if (packaged.length === 0) return undefined;
  const shown = packaged.slice(0, 3).join(', ') + (packaged.length > 3 ? `, … (${packaged.length} files)` : '');
  return `${shown} changed since ${input.base} but no pending changeset bumps ${input.chart} ${input.currentVersion}, so it could not be published; run "npx changeset" and pick ${input.chart}`;
}
