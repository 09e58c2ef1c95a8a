import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run as runProcess } from '../adapters/exec.ts';
import { ChartkitError } from '../core/errors.ts';

export interface NxCacheBench {
  targets: string;
  projects: number;
  coldMs: number;
  warmMs: number;
  /** Targets Nx reported as restored from its cache on the warm run. */
  warmFromCache: string;
}

/**
 * `nx run-many -t lint test` over every chart twice, in a fresh Nx cache directory: the first
 * run does the work, the second should be served from the cache.
 */
export async function benchNxCache(root: string): Promise<NxCacheBench> {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'chartkit-bench-nx-'));
  const env = { NX_CACHE_DIRECTORY: cacheDir, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
  const args = ['nx', 'run-many', '-t', 'lint', 'test', '--projects', 'tag:type:helm-chart', '--output-style=static'];
  const run = async (): Promise<{ ms: number; out: string }> => {
    const started = performance.now();
    const r = await runProcess('npx', args, { cwd: root, env });
    if (r.exitCode !== 0) throw new ChartkitError('TOOL_FAILED', `bench: "npx ${args.join(' ')}" failed; run it yourself to see why`, { details: [String(r.all)] });
    return { ms: performance.now() - started, out: String(r.all) };
  };
  try {
    const cold = await run();
    const warm = await run();
    const projects = Number(/for (\d+) projects/.exec(cold.out)?.[1] ?? 0);
    const cache = /Nx read the output from the cache instead of running the command for (\d+) out of (\d+) tasks/.exec(warm.out);
    return { targets: 'lint test', projects, coldMs: cold.ms, warmMs: warm.ms, warmFromCache: cache ? `${cache[1]}/${cache[2]}` : 'none' };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
