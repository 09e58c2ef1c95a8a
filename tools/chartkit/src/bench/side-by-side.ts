import { cpSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { run } from '../adapters/exec.ts';
import { tempDir } from '../adapters/temp.ts';
import { resolveTool } from '../adapters/toolchain.ts';
import { loadChart, loadWorkspace } from '../adapters/workspace-files.ts';
import { localDependencyDir, type Chart } from '../core/chart.ts';
import { ChartkitError } from '../core/errors.ts';
import { topologicalOrder } from '../core/graph.ts';
import { selectCharts } from '../core/workspace.ts';
import { rawLoopPlan, type RawChart, type RawPhase } from './raw-loop.ts';
import { coldNxEnv, nxRun, runManyArgs } from './nx-run.ts';

export interface SideBySideBench {
  charts: number;
  raw: {
    ms: number;
    /** Processes the loop started. */
    processes: number;
    /** Processes that exited non-zero (0 expected: the charts pass). */
    failed: number;
    /** Wall time per phase, the copy of the charts included under "copy". */
    phases: Partial<Record<RawPhase | 'copy', number>>;
  };
  chartkit: { lintMs: number; testMs: number; ms: number };
  nxCold: { ms: number; tasks: number; exitCode: number };
  nxWarm: { ms: number; fromCache: string; exitCode: number };
}

const REQUIRES_VALUES = 'chartkit.dev/requires-values';

const fileDepDirs = (ws: { root: string }, chart: Chart): string[] =>
  chart.dependencies.map((d) => localDependencyDir(chart, d)).filter((d): d is string => d !== undefined).map((d) => path.relative(ws.root, d).split(path.sep).join('/'));

/** What the raw loop needs to know of each chart, in dependency order. */
export function rawCharts(root: string): RawChart[] {
  const ws = loadWorkspace(root);
  return topologicalOrder(ws).map((c) => {
    const ci = path.join(c.dir, 'ci');
    const scenarios = existsSync(ci) ? readdirSync(ci).filter((f) => f.endsWith('-values.yaml')).sort().map((f) => `ci/${f}`) : [];
    const testChart = path.join(c.dir, 'tests', 'chart');
    const isLibraryTest = c.type === 'library' && existsSync(path.join(testChart, 'Chart.yaml'));
    let testFileDeps: string[] = [];
    if (isLibraryTest) {
      testFileDeps = fileDepDirs(ws, loadChart(testChart, root));
    }
    return {
      name: c.name,
      relDir: c.relDir,
      library: c.type === 'library',
      requiresValues: c.annotations[REQUIRES_VALUES] === 'true',
      scenarios,
      fileDeps: fileDepDirs(ws, c),
      testDir: isLibraryTest ? `${c.relDir}/tests/chart` : c.relDir,
      testFileDeps,
    };
  });
}

/** Chart files a raw copy leaves out: what `helm dependency build` writes, and installed packages. */
const NOT_COPIED = new Set(['charts', 'Chart.lock', 'node_modules']);

/** The raw tools alone, serially, on a scratch copy of the charts: no chartkit code runs. */
export async function benchRawLoop(root: string, charts: readonly string[]): Promise<SideBySideBench['raw']> {
  const scratch = tempDir('chartkit-bench-raw-');
  const plan = rawLoopPlan(rawCharts(root), charts, scratch);
  const tools = { helm: (await resolveTool('helm')).path, helm3: (await resolveTool('helm3')).path, 'helm-unittest': (await resolveTool('helm-unittest')).path };
  const phases: SideBySideBench['raw']['phases'] = {};
  const add = (phase: RawPhase | 'copy', ms: number): void => {
    phases[phase] = Math.round((phases[phase] ?? 0) + ms);
  };
  const started = performance.now();
  let failed = 0;
  const failures: string[] = [];
  for (const dir of plan.copy) {
    const from = path.join(root, dir);
    cpSync(from, path.join(scratch, dir), { recursive: true, filter: (src) => src === from || !NOT_COPIED.has(path.basename(src)) || !existsSync(path.join(path.dirname(src), 'Chart.yaml')) });
  }
  add('copy', performance.now() - started);
  for (const step of plan.steps) {
    const t = performance.now();
    const r = await run(tools[step.tool], step.args, { ...(step.cwd ? { cwd: step.cwd } : {}), ...(step.tool === 'helm-unittest' ? { env: { HELM_PLUGIN_NAME: 'unittest' } } : {}) });
    add(step.phase, performance.now() - t);
    if (r.exitCode !== 0) {
      failed++;
      failures.push(`${step.chart}: ${step.tool} ${step.args.slice(0, 2).join(' ')} exited ${r.exitCode}: ${r.all.split('\n').slice(-3).join(' ')}`);
      // without its dependencies the chart's other steps would only fail too
      if (step.phase === 'dependency build') throw new ChartkitError('TOOL_FAILED', `bench: raw loop: ${failures[0]}`, { details: failures });
    }
  }
  return { ms: Math.round(performance.now() - started), processes: plan.steps.length, failed, phases };
}

async function chartkit(root: string, args: string[]): Promise<number> {
  const cli = path.join(root, 'tools/chartkit/bin/chartkit.mjs');
  const t = performance.now();
  const r = await run(process.execPath, [cli, ...args], { cwd: root, env: { FORCE_COLOR: undefined, NO_COLOR: '1' } });
  if (r.exitCode !== 0) throw new ChartkitError('TOOL_FAILED', `bench: "chartkit ${args.join(' ')}" failed (exit ${r.exitCode}); run it yourself to see why`, { details: [r.all] });
  return Math.round(performance.now() - t);
}

/**
 * The same lint and unit tests of every chart (or `charts`), four ways in one run: the raw tools
 * in a serial loop, chartkit (one process for all charts per command), Nx cold (an empty cache
 * directory) and Nx warm (nothing changed, the same cache directory).
 */
export async function benchSideBySide(root: string, options: { charts?: readonly string[]; log?: (line: string) => void } = {}): Promise<SideBySideBench> {
  const log = options.log ?? (() => undefined);
  const names = [...(options.charts ?? [])];
  const count = selectCharts(loadWorkspace(root), names).length;
  log(`raw tools, serial loop over ${count} charts …`);
  const raw = await benchRawLoop(root, names);
  log('chartkit lint, then chartkit test …');
  const lintMs = await chartkit(root, ['lint', ...names]);
  const testMs = await chartkit(root, ['test', ...names]);
  const env = coldNxEnv('chartkit-bench-nx-');
  log('nx run-many -t lint test, cold (empty cache directory) …');
  const cold = await nxRun(root, runManyArgs(['lint', 'test'], names), env);
  log('nx run-many -t lint test, warm (no change) …');
  const warm = await nxRun(root, runManyArgs(['lint', 'test'], names), env);
  return {
    charts: count,
    raw,
    chartkit: { lintMs, testMs, ms: lintMs + testMs },
    nxCold: { ms: cold.ms, tasks: cold.projects * 2, exitCode: cold.exitCode },
    nxWarm: { ms: warm.ms, fromCache: warm.fromCache, exitCode: warm.exitCode },
  };
}
