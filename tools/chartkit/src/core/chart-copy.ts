import type { Chart } from './chart.ts';

/**
 * What chartkit leaves out when it copies a chart directory for Helm (a lint/test stage, a package
 * stage), before Helm itself applies the chart's .helmignore: the dependency builds Helm writes
 * (`charts/`, `tmpcharts*`), npm installs, VCS data, and a Chart.lock that pins only file://
 * dependencies (it holds nothing but a timestamp, which would make two packages of the same
 * sources differ). chartkit puts the dependencies in `charts/` itself.
 */
const LEFT_OUT_DIRS = new Set(['charts', 'node_modules', '.git']);

/** A Chart.lock of this chart holds only a timestamp: every dependency is file://. */
export function lockIsTimestampOnly(chart: Pick<Chart, 'dependencies'>): boolean {
  return chart.dependencies.every((d) => d.repository?.startsWith('file://'));
}

/** Is this path (relative to the chart directory, `/`-separated) left out of the copy? */
export function leftOutOfChartCopy(chart: Pick<Chart, 'dependencies'>, relPath: string): boolean {
  const top = relPath.split('/')[0]!;
  if (LEFT_OUT_DIRS.has(top) || top.startsWith('tmpcharts')) return true;
  return relPath === 'Chart.lock' && lockIsTimestampOnly(chart);
}
