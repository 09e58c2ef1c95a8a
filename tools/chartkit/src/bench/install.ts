import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { stopCluster } from '../adapters/cluster.ts';
import { run } from '../adapters/exec.ts';
import { registerCleanup, tempDir } from '../adapters/temp.ts';
import { ChartkitError } from '../core/errors.ts';

export interface InstallBench {
  clusterStartMs: number;
  serialMs: number;
  parallelMs: number;
  parallel: number;
  runs: number;
  failed: number;
  /** Seconds per chart (all scenarios, both Helm majors) in the serial run. */
  perChart: { chart: string; runs: number; seconds: number }[];
}

interface Report {
  seconds: number;
  failed: number;
  runs: { chart: string; seconds: number }[];
}

async function chartkit(root: string, args: string[]): Promise<void> {
  const cli = path.join(root, 'tools/chartkit/bin/chartkit.mjs');
  const r = await run(process.execPath, [cli, ...args], { cwd: root, env: { FORCE_COLOR: undefined, NO_COLOR: '1' } });
  if (r.exitCode !== 0 && !args.includes('install-test')) throw new ChartkitError('TOOL_FAILED', `bench: "chartkit ${args.join(' ')}" failed (exit ${r.exitCode})`, { details: [String(r.all)] });
}

export interface InstallBenchOptions {
  /** Charts installed at once in the parallel run (default 2). */
  parallel?: number;
  /** Only these charts (default: every application chart). */
  charts?: readonly string[];
  log?: (line: string) => void;
}

const withTimeout = (p: Promise<unknown>, ms: number): Promise<unknown> => Promise.race([p.catch(() => undefined), new Promise((r) => setTimeout(r, ms).unref())]);

/**
 * The install tests' cost: control-plane start (cluster start to ready, best of three), then every
 * chart installed serially and with `-j` charts at once on one cluster. The cluster is stopped
 * however the run ends: normally, on an error, or on SIGINT/SIGTERM/SIGHUP (a cleanup hook of
 * adapters/temp.ts), so an interrupted bench leaves no kube-apiserver or etcd behind.
 */
export async function benchInstall(root: string, options: InstallBenchOptions = {}): Promise<InstallBench> {
  const parallel = options.parallel ?? 2;
  const charts = [...(options.charts ?? [])];
  const log = options.log ?? (() => undefined);
  const dir = tempDir('chartkit-bench-install-');
  const kubeconfig = path.join(dir, 'kubeconfig');
  // On a signal the run goes on until the process exits: from then on it starts nothing (a cluster
  // started after the hook would be left behind), and a `cluster start` still running finishes (or
  // fails) first, so what it started is in its state when the hook stops the cluster.
  let interrupted = false;
  let starting: Promise<unknown> | undefined;
  const unregister = registerCleanup(async () => {
    interrupted = true;
    if (starting) await withTimeout(starting, 30_000);
    await stopCluster(kubeconfig);
  });
  const step = (args: string[]): Promise<void> => {
    if (interrupted) throw new ChartkitError('TOOL_FAILED', 'bench: install: interrupted');
    return chartkit(root, args);
  };
  try {
    const starts: number[] = [];
    for (let i = 0; i < 3; i++) {
      log(`cluster start ${i + 1} of 3, kubeconfig ${kubeconfig} …`);
      const t = performance.now();
      starting = step(['cluster', 'start', '--kubeconfig', kubeconfig]);
      await starting;
      starting = undefined;
      starts.push(performance.now() - t);
      log(`cluster ready in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      if (i < 2) await step(['cluster', 'stop', '--kubeconfig', kubeconfig]);
    }
    const run = async (extra: string[], name: string): Promise<Report> => {
      const report = path.join(dir, `${name}.json`);
      await step(['install-test', ...charts, '--kubeconfig', kubeconfig, '--report', report, ...extra]);
      return JSON.parse(readFileSync(report, 'utf8')) as Report;
    };
    log(`install-test ${charts.length > 0 ? charts.join(' ') : 'of every chart'}, serial …`);
    const serial = await run([], 'serial');
    log(`install-test -j ${parallel} …`);
    const par = await run(['-j', String(parallel)], 'parallel');
    const perChart = new Map<string, { runs: number; seconds: number }>();
    for (const r of serial.runs) {
      const e = perChart.get(r.chart) ?? { runs: 0, seconds: 0 };
      perChart.set(r.chart, { runs: e.runs + 1, seconds: e.seconds + r.seconds });
    }
    return {
      clusterStartMs: Math.min(...starts),
      serialMs: serial.seconds * 1000,
      parallelMs: par.seconds * 1000,
      parallel,
      runs: serial.runs.length,
      failed: serial.failed + par.failed,
      perChart: [...perChart].map(([chart, v]) => ({ chart, ...v })),
    };
  } finally {
    await stopCluster(kubeconfig).catch(() => undefined);
    unregister();
    rmSync(dir, { recursive: true, force: true });
  }
}
