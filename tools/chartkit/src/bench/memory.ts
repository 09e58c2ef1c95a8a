import path from 'node:path';
import { run } from '../adapters/exec.ts';
import { ChartkitError } from '../core/errors.ts';

export interface CommandCost {
  command: string;
  wallMs: number;
  /** Peak resident memory of the process tree's largest process, from GNU time. */
  maxRssMb: number;
}

/** Wall time and peak memory of one chartkit command, measured with GNU time. */
export async function measureCommand(root: string, args: string[]): Promise<CommandCost> {
  const cli = path.join(root, 'tools/chartkit/bin/chartkit.mjs');
  const started = performance.now();
  const r = await run('/usr/bin/time', ['-f', 'CHARTKIT_BENCH %M', process.execPath, cli, ...args], { cwd: root, env: { FORCE_COLOR: undefined, NO_COLOR: '1' } });
  const wallMs = performance.now() - started;
  const kb = Number(/CHARTKIT_BENCH (\d+)/.exec(String(r.all))?.[1]);
  if (r.exitCode !== 0 || !Number.isFinite(kb)) {
    throw new ChartkitError('TOOL_FAILED', `bench: "chartkit ${args.join(' ')}" failed (exit ${r.exitCode}); GNU time (/usr/bin/time) is needed for memory figures`, { details: [String(r.all)] });
  }
  return { command: `chartkit ${args.join(' ')}`, wallMs, maxRssMb: kb / 1024 };
}
