import path from 'node:path';
import { run } from '../adapters/exec.ts';
import { ChartkitError } from '../core/errors.ts';

export interface StartupBench {
  /** The fastest of the runs, in milliseconds. */
  bestMs: number;
  /** Every run, in milliseconds, in order. */
  runsMs: number[];
}

/** `node tools/chartkit/bin/chartkit.mjs --help`, `runs` times: the best is chartkit's start-up cost. */
export async function benchStartup(root: string, runs = 5): Promise<StartupBench> {
  const cli = path.join(root, 'tools/chartkit/bin/chartkit.mjs');
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = await run(process.execPath, [cli, '--help'], { cwd: root, env: { FORCE_COLOR: undefined, NO_COLOR: '1' } });
    runsMs.push(Math.round(performance.now() - t));
    if (r.exitCode !== 0) throw new ChartkitError('TOOL_FAILED', `bench: "chartkit --help" failed (exit ${r.exitCode})`, { details: [r.all] });
  }
  return { bestMs: Math.min(...runsMs), runsMs };
}
