import path from 'node:path';
import { run } from '../adapters/exec.ts';
import { tempDir } from '../adapters/temp.ts';

/** Nx as a benchmark runs it: no daemon, no Nx Cloud, no terminal UI. */
export const NX_ENV = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: undefined, NO_COLOR: '1' } as const;

export interface NxRun {
  ms: number;
  exitCode: number;
  /** Tasks Nx ran or restored ("Successfully ran target … for N projects"), if it said. */
  projects: number;
  /** "n/m": tasks Nx read from its cache, "none" when it did not say. */
  fromCache: string;
  output: string;
}

/** Tasks Nx restored from its cache, as it reports them ("… for 38 out of 40 tasks"). */
export function cacheHits(output: string): string {
  const m = /Nx read the output from the cache instead of running the command for (\d+) out of (\d+) tasks/.exec(output);
  if (m) return `${m[1]}/${m[2]}`;
  // Without that summary line, the tasks' own headers say it: "> nx run a:lint  [local cache]".
  const tasks = new Map<string, boolean>();
  for (const line of output.matchAll(/^> nx run (\S+)(.*)$/gm)) {
    tasks.set(line[1]!, (tasks.get(line[1]!) ?? false) || /\[(local cache|remote cache|existing outputs match the cache[^\]]*)\]/.test(line[2]!));
  }
  const hits = [...tasks.values()].filter(Boolean).length;
  return tasks.size > 0 && hits > 0 ? `${hits}/${tasks.size}` : 'none';
}

/** One `npx nx …` in `cwd`, timed; `env` adds to NX_ENV (cache and workspace-data directories). */
export async function nxRun(cwd: string, args: readonly string[], env: Record<string, string | undefined> = {}): Promise<NxRun> {
  const started = performance.now();
  const r = await run('npx', ['nx', ...args], { cwd, env: { ...NX_ENV, ...env } });
  const ms = Math.round(performance.now() - started);
  return { ms, exitCode: r.exitCode, projects: Number(/for (\d+) projects?/.exec(r.all)?.[1] ?? 0), fromCache: cacheHits(r.all), output: r.all };
}

/**
 * What makes an Nx run cold: an empty cache directory and an empty workspace-data directory. Nx 22
 * also records task results in its workspace database (.nx/workspace-data): with only a new cache
 * directory, tasks whose hash it has seen are "existing outputs match the cache" and do not run.
 */
export function coldNxEnv(prefix: string): { NX_CACHE_DIRECTORY: string; NX_WORKSPACE_DATA_DIRECTORY: string } {
  const dir = tempDir(prefix);
  return { NX_CACHE_DIRECTORY: path.join(dir, 'cache'), NX_WORKSPACE_DATA_DIRECTORY: path.join(dir, 'workspace-data') };
}

/**
 * `nx run-many` arguments for `targets` over the chart projects (or the named ones), static output.
 * A cold run is this in an empty NX_CACHE_DIRECTORY, not `--skip-nx-cache`: Nx 22 neither reads nor
 * writes its cache with that flag, so the warm run after it would find nothing.
 */
export function runManyArgs(targets: readonly string[], projects: readonly string[] | 'all' = []): string[] {
  const select = projects === 'all' ? [] : ['--projects', projects.length > 0 ? projects.join(',') : 'tag:type:helm-chart'];
  return ['run-many', '-t', ...targets, ...select, '--output-style=static'];
}
