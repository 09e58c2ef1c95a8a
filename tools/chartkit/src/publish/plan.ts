/**
 * The publish plan: for every chart (in dependency order) and every target, push, skip or refuse.
 * Pure: what is already published is looked up beforehand and passed in.
 *
 * Published versions are immutable. A chart version that is not there yet is pushed; one that is
 * there with the same package digest is skipped (a rerun, or a release of other charts); one that
 * is there with a different digest is refused — its content changed without a version bump. A
 * refused chart holds back the charts that depend on it (they would point at content that is not
 * what they were tested with); every other chart is published.
 */

export interface PlannedChart {
  name: string;
  version: string;
  /** sha256 (hex) of the packaged .tgz. */
  digest: string;
  /** Names of the charts of this publish it depends on (`file://`). */
  dependsOn?: readonly string[];
}

export interface PlanTarget {
  name: string;
  /** Chart name patterns (`*` wildcards) this target publishes; absent means every chart. */
  charts?: readonly string[];
}

/** What a target holds for one chart version. */
export type RemoteState =
  | { kind: 'absent' }
  | { kind: 'present'; digest: string }
  /** The lookup itself failed (registry unreachable, credentials refused, …). */
  | { kind: 'error'; message: string };

export type Decision = 'push' | 'skip' | 'refuse' | 'fail';

export interface PlanStep {
  chart: PlannedChart;
  target: string;
  decision: Decision;
  /** One line: why. */
  reason: string;
}

export interface PublishPlan {
  steps: PlanStep[];
  /** Charts not pushed anywhere, each with why: refused somewhere, or depending on such a chart. */
  held: Map<string, string>;
}

export const IMMUTABLE_HINT = 'published versions are immutable; bump the version with a changeset';

/** Does a chart name match a target's pattern list (`*` matches any run of characters)? */
export function matchesCharts(name: string, patterns: readonly string[] | undefined): boolean {
  if (!patterns || patterns.length === 0) return true;
  return patterns.some((p) => new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(name));
}

export function normalizeDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').toLowerCase();
}

export function short(digest: string): string {
  return `sha256:${normalizeDigest(digest).slice(0, 12)}`;
}

export function planPublish(charts: readonly PlannedChart[], targets: readonly PlanTarget[], remote: (chart: PlannedChart, target: string) => RemoteState): PublishPlan {
  const steps: PlanStep[] = [];
  for (const chart of charts) {
    for (const target of targets) {
      if (!matchesCharts(chart.name, target.charts)) continue;
      const state = remote(chart, target.name);
      const ref = `${chart.name} ${chart.version}`;
      switch (state.kind) {
        case 'absent':
          steps.push({ chart, target: target.name, decision: 'push', reason: `${ref} is not in ${target.name} yet` });
          break;
        case 'present':
          if (normalizeDigest(state.digest) === normalizeDigest(chart.digest)) {
            steps.push({ chart, target: target.name, decision: 'skip', reason: `${ref} is already in ${target.name} with the same digest ${short(chart.digest)}` });
          } else {
            steps.push({
              chart,
              target: target.name,
              decision: 'refuse',
              reason: `${ref} is already in ${target.name} with digest ${short(state.digest)} but the package is ${short(chart.digest)}; ${IMMUTABLE_HINT}`,
            });
          }
          break;
        case 'error':
          steps.push({ chart, target: target.name, decision: 'fail', reason: state.message });
          break;
      }
    }
  }
  const held = new Map<string, string>();
  for (const step of steps) if (step.decision === 'refuse') held.set(step.chart.name, `refused in ${step.target}`);
  // Charts come in dependency order: a dependent is held when any of its dependencies is.
  for (const chart of charts) {
    if (held.has(chart.name)) continue;
    const blocker = (chart.dependsOn ?? []).find((d) => held.has(d));
    if (blocker) held.set(chart.name, `depends on ${blocker}, which is not published (${held.get(blocker)})`);
  }
  return { steps, held };
}
