import path from 'node:path';
import { performance } from 'node:perf_hooks';

/**
 * Where a run's time goes, for `--verbose`: named phases (summed over charts when they repeat)
 * and every child process by executable. Recording is cheap and always on; only the CLI prints.
 */
interface Phase {
  ms: number;
  count: number;
}

const phases = new Map<string, Phase>();

export function recordPhase(name: string, ms: number): void {
  const p = phases.get(name) ?? { ms: 0, count: 0 };
  p.ms += ms;
  p.count++;
  phases.set(name, p);
}

/** Time `fn` as phase `name`. */
export async function timed<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    recordPhase(name, performance.now() - started);
  }
}

/** A child process: recorded as `exec <executable> <first argument>` (e.g. `exec helm template`). */
export function recordChild(file: string, args: readonly string[], ms: number): void {
  const first = args.find((a) => !a.startsWith('-')) ?? '';
  recordPhase(`exec ${path.basename(file)}${first && !first.includes('/') ? ` ${first}` : ''}`, ms);
}

/**
 * Per-step timing of work that reports steps (lint's onStep): the time from one step of a chart
 * to its next is charged to the first, with scenario names dropped so steps sum over scenarios.
 */
export function stepTimer(): { step: (chart: string, step: string) => void; end: (chart: string) => void } {
  const current = new Map<string, { name: string; started: number }>();
  const close = (chart: string): void => {
    const c = current.get(chart);
    if (c) recordPhase(c.name, performance.now() - c.started);
    current.delete(chart);
  };
  return {
    step(chart, step) {
      close(chart);
      current.set(chart, { name: step.replace(/ (defaults|ci\/\S+)$/, ''), started: performance.now() });
    },
    end: close,
  };
}

/** The report `--verbose` prints: phases by total time, process start first. */
export function timingReport(): string[] {
  const fmt = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);
  const lines = [`  ${'total, process start to this report'.padEnd(48)} ${fmt(performance.now())}`, `  ${'process start to main (Node, module loading)'.padEnd(48)} ${fmt(startupMs)}`];
  for (const [name, p] of [...phases].sort((a, b) => b[1].ms - a[1].ms)) {
    lines.push(`  ${name.padEnd(48)} ${fmt(p.ms).padStart(8)}${p.count > 1 ? `  (${p.count}×, ${fmt(p.ms / p.count)} each)` : ''}`);
  }
  return lines;
}

/** Milliseconds from the process start to the first import of this module (set at module load). */
const startupMs = performance.now();
