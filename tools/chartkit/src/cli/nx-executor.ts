import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import { runAttached } from '../adapters/exec.ts';
import { PACKAGE_DIR } from '../adapters/package-dir.ts';
import { currentChart, onChartDone } from './chart-scope.ts';
import { main } from './main.ts';

/**
 * The Nx executor `@chart-tools/chartkit:chart` (executors.json), which the plugin gives the
 * `lint` and `test` targets. It prefers Nx's batch mode: Nx hands every such task of a run that
 * is not in its cache to one process, which runs `chartkit lint a b c …` in-process, so start-up,
 * module loading, the Kubernetes schemas and compiled validators are paid once per run, not once
 * per chart. Each chart's lines and result come back to Nx as that chart's task (cached, printed,
 * failed) as soon as the chart is done. `nx … --batch=false` runs one CLI process per task.
 */

export interface ChartExecutorOptions {
  /** The chartkit command: `lint` or `test`. */
  command: 'lint' | 'test';
  /** More arguments for it (the plugin's `lintArgs`, e.g. `--kube-version 1.34.0`). */
  args?: string[];
}

interface ExecutorContext {
  root: string;
  projectName?: string;
  projectsConfigurations?: { projects: Record<string, { root: string }> };
}

interface BatchTask {
  id: string;
  target: { project: string };
}

interface TaskResult {
  success: boolean;
  terminalOutput: string;
  startTime: number;
  endTime: number;
}

const CLI = path.join(PACKAGE_DIR, 'bin', 'chartkit.mjs');

/** One task, one process (what `--batch=false` and a plain `nx run` without batching use). */
export async function runTask(options: ChartExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const chart = context.projectName ?? '';
  const code = await runAttached(process.execPath, [CLI, options.command, chart, '--concurrency', '1', ...(options.args ?? [])]);
  return { success: code === 0 };
}

/**
 * Many tasks, one process: the tasks are grouped by command and arguments, the groups run at once
 * here (`chartkit lint a b …` beside `chartkit test a b …`), and every chart's result is yielded as
 * soon as it is done. Project names are chart names (the plugin names projects after Chart.yaml).
 */
export async function* runBatch(taskGraph: { tasks: Record<string, BatchTask> }, inputs: Record<string, ChartExecutorOptions>): AsyncGenerator<{ task: string; result: TaskResult }> {
  const groups = new Map<string, Group>();
  for (const task of Object.values(taskGraph.tasks)) {
    const options = inputs[task.id]!;
    const key = JSON.stringify([options.command, options.args ?? []]);
    const group = groups.get(key) ?? { options, byChart: new Map(), lines: new Map(), general: [] };
    group.byChart.set(task.target.project, task.id);
    groups.set(key, group);
  }
  const startTime = Date.now();
  const ready: { task: string; result: TaskResult }[] = [];
  let wake: (() => void) | undefined;
  const groupOf = (): Group | undefined => groups.get(groupScope.getStore() ?? '');
  // Whatever a command prints goes to its chart's task (or, outside any chart, to its group).
  const capture = (chunk: unknown): boolean => {
    const group = groupOf();
    const chart = currentChart();
    if (!group) return true;
    const into = chart !== undefined && group.byChart.has(chart) ? (group.lines.get(chart) ?? group.lines.set(chart, []).get(chart)!) : group.general;
    into.push(String(chunk));
    return true;
  };
  const writes = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  onChartDone((chart, pass) => {
    const group = groupOf();
    const task = group?.byChart.get(chart);
    if (!group || !task) return;
    group.byChart.delete(chart);
    ready.push({ task, result: { success: pass, terminalOutput: (group.lines.get(chart) ?? []).join(''), startTime, endTime: Date.now() } });
    wake?.();
  });
  let running = groups.size;
  const runs = [...groups].map(([key, { options, byChart }]) =>
    groupScope
      .run(key, () => main([options.command, ...byChart.keys(), ...(options.args ?? [])]))
      .catch((error: unknown) => groups.get(key)!.general.push(`${(error as Error).stack ?? String(error)}\n`))
      .finally(() => {
        running--;
        wake?.();
      }),
  );
  try {
    while (running > 0 || ready.length > 0) {
      if (ready.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      yield* ready.splice(0);
    }
    await Promise.all(runs);
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    onChartDone(undefined);
  }
  // Charts a run never reached (an error before or around them): they fail with what it said.
  for (const { options, byChart, lines, general } of groups.values()) {
    for (const [chart, task] of byChart) {
      const said = [...(lines.get(chart) ?? []), ...general].join('');
      yield { task, result: { success: false, terminalOutput: said || `chartkit ${options.command} ${chart}: no result\n`, startTime, endTime: Date.now() } };
    }
  }
}

/** One command with its arguments over some charts: what each chart printed, and what was printed outside any chart. */
interface Group {
  options: ChartExecutorOptions;
  /** Charts still running, with their task ids. */
  byChart: Map<string, string>;
  lines: Map<string, string[]>;
  general: string[];
}

const groupScope = new AsyncLocalStorage<string>();
