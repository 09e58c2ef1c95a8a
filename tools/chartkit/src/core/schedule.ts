/**
 * The order in which independent charts start: longest first, by how long each took last time
 * (as jest orders test files), so the long ones do not start last and leave a core idle at the
 * end. Charts never timed come first (a new chart's cost is unknown); ties keep the given order.
 * Results are reported as charts finish, so the order changes nothing but the wall time.
 */
export function longestFirst<T extends { name: string }>(charts: readonly T[], lastMs: Readonly<Record<string, number>>): T[] {
  const cost = (c: T): number => lastMs[c.name] ?? Number.POSITIVE_INFINITY;
  return charts
    .map((chart, index) => ({ chart, index }))
    .sort((a, b) => cost(b.chart) - cost(a.chart) || a.index - b.index)
    .map((e) => e.chart);
}
