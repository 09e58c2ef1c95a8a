import { coldNxEnv, nxRun, runManyArgs } from './nx-run.ts';

export interface NpmTestBench {
  /** The targets of `npm test`. */
  targets: string[];
  /** Projects given with --charts (empty: every project, as `npm test`). */
  projects: string[];
  coldMs: number;
  coldExitCode: number;
  warmMs: number;
  warmExitCode: number;
  /** "n/m" tasks the warm run restored from the cache. */
  fromCache: string;
}

export const NPM_TEST_TARGETS = ['typecheck', 'test', 'lint', 'install'] as const;

/**
 * `npm test` cold (an empty cache directory: chartkit's suites, lint, unit and install tests of
 * every project) and then warm with nothing changed, which should be a small fraction of it.
 */
export async function benchNpmTest(root: string, options: { projects?: readonly string[]; log?: (line: string) => void } = {}): Promise<NpmTestBench> {
  const log = options.log ?? (() => undefined);
  const projects = [...(options.projects ?? [])];
  const env = coldNxEnv('chartkit-bench-npm-test-');
  const args = runManyArgs(NPM_TEST_TARGETS, projects.length > 0 ? projects : 'all');
  log(`npx nx ${args.join(' ')}, cold (empty cache directory; long: install tests on a control plane) …`);
  const cold = await nxRun(root, args, env);
  log(`npx nx ${args.join(' ')}, warm …`);
  const warm = await nxRun(root, args, env);
  return { targets: [...NPM_TEST_TARGETS], projects, coldMs: cold.ms, coldExitCode: cold.exitCode, warmMs: warm.ms, warmExitCode: warm.exitCode, fromCache: warm.fromCache };
}
