import type { BenchStore, SectionName } from './sections.ts';

/** One target of the benchmark (issue 15), as the summary at the top of docs/benchmarks.md shows it. */
export interface TargetRow {
  target: string;
  goal: string;
  /** What was measured, or "not measured" while its section has no results. */
  measured: string;
  /** Met, not met, or unknown (not measured, or not at the size the target is about). */
  met: boolean | undefined;
  section: SectionName;
}

export const ms = (v: number): string => (v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(1)} s`);
export const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}×` : '—');
export const percent = (a: number, b: number): string => (b > 0 ? `${((100 * a) / b).toFixed(1)} %` : '—');

/** The largest size a target about the scale run is for. */
export const SCALE_TARGET_SIZE = 200;

/** Every target with what the stored sections measured and whether it is met. */
export function evaluateTargets(store: BenchStore): TargetRow[] {
  const rows: TargetRow[] = [];
  const none = 'not measured';
  const startup = store.sections.startup?.data;
  rows.push({ target: '`chartkit --help` start-up (best of 5)', goal: '≤ 0.25 s', measured: startup ? ms(startup.bestMs) : none, met: startup ? startup.bestMs <= 250 : undefined, section: 'startup' });

  const side = store.sections['side-by-side']?.data;
  const oneVsRaw = side && side.raw.ms > 0 ? side.chartkit.ms / side.raw.ms : undefined;
  rows.push({ target: 'chartkit lint + test / raw Helm loop', goal: '≤ 0.8', measured: oneVsRaw === undefined ? none : `${oneVsRaw.toFixed(2)}`, met: oneVsRaw === undefined ? undefined : oneVsRaw <= 0.8, section: 'side-by-side' });
  const nxVsOne = side && side.chartkit.ms > 0 ? side.nxCold.ms / side.chartkit.ms : undefined;
  rows.push({ target: 'Nx cold `run-many -t lint test` / chartkit lint + test', goal: '≤ 1.3', measured: nxVsOne === undefined ? none : `${nxVsOne.toFixed(2)}`, met: nxVsOne === undefined ? undefined : nxVsOne <= 1.3, section: 'side-by-side' });

  const npm = store.sections['npm-test']?.data;
  const warmShare = npm && npm.coldMs > 0 ? npm.warmMs / npm.coldMs : undefined;
  rows.push({ target: 'Warm `npm test` (no change) / cold', goal: '≤ 5 %', measured: warmShare === undefined ? none : `${(100 * warmShare).toFixed(1)} %`, met: warmShare === undefined ? undefined : warmShare <= 0.05, section: 'npm-test' });

  const scale = store.sections.scale?.data;
  const largest = scale?.runs.reduce<(typeof scale.runs)[number] | undefined>((a, r) => (a === undefined || r.generated > a.generated ? r : a), undefined);
  const atSize = largest !== undefined && largest.generated >= SCALE_TARGET_SIZE;
  const sizeNote = largest && !atSize ? ` (at ${largest.generated} only)` : '';
  rows.push({
    target: `Nx project graph, cold, ${SCALE_TARGET_SIZE} generated subcharts`,
    goal: '≤ 3 s',
    measured: largest ? `${ms(largest.graphMs)}${sizeNote}` : none,
    met: atSize ? largest.graphMs <= 3000 : undefined,
    section: 'scale',
  });
  const basePerChart = side && side.charts > 0 ? side.nxCold.ms / side.charts : undefined;
  const perChart = largest && largest.charts > 0 ? largest.coldMs / largest.charts : undefined;
  const growth = perChart !== undefined && basePerChart !== undefined && basePerChart > 0 ? perChart / basePerChart : undefined;
  rows.push({
    target: `Cold \`run-many -t lint test\` per chart at ${SCALE_TARGET_SIZE} / at the repository's ${side?.charts ?? 20} charts`,
    goal: '≤ 1.5×',
    measured: growth === undefined ? none : `${growth.toFixed(2)}× (${ms(perChart!)} vs ${ms(basePerChart!)})${sizeNote}`,
    met: growth !== undefined && atSize ? growth <= 1.5 : undefined,
    section: 'scale',
  });
  const mostAffected = scale && scale.runs.length > 0 ? Math.max(...scale.runs.map((r) => r.affected.length)) : undefined;
  rows.push({ target: 'Projects affected by editing one generated subchart', goal: '≤ 2', measured: mostAffected === undefined ? none : String(mostAffected), met: mostAffected === undefined ? undefined : mostAffected <= 2, section: 'scale' });
  return rows;
}

export const metLabel = (met: boolean | undefined): string => (met === undefined ? '—' : met ? 'met' : '**not met**');
