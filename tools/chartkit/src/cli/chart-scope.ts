import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which chart a command is working on, for whoever runs several charts' work in one process and
 * needs each chart's output and result apart: the Nx batch executor (cli/nx-executor.ts) turns them
 * into one Nx task result per chart. Commands wrap each chart's work in `inChart` and report its
 * end with `chartDone`; with nobody listening both cost nothing.
 */
const scope = new AsyncLocalStorage<string>();
let listener: ((chart: string, pass: boolean) => void) | undefined;

export function inChart<T>(chart: string, fn: () => Promise<T>): Promise<T> {
  return scope.run(chart, fn);
}

/** The chart whose work is running here, if any. */
export function currentChart(): string | undefined {
  return scope.getStore();
}

/** A chart's work is done and its lines are printed. */
export function chartDone(chart: string, pass: boolean): void {
  listener?.(chart, pass);
}

export function onChartDone(fn: ((chart: string, pass: boolean) => void) | undefined): void {
  listener = fn;
}
