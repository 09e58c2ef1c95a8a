import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../adapters/exec.ts';
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

/**
 * The install tests' cost: control-plane start (cluster start to ready, best of three), then every
 * chart installed serially and with `-j` charts at once on one cluster.
 */
export async function benchInstall(root: string, parallel = 2, charts: string[] = []): Promise<InstallBench> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chartkit-bench-install-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  try {
    const starts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await chartkit(root, ['cluster', 'start', '--kubeconfig', kubeconfig]);
      starts.push(performance.now() - t);
      if (i < 2) await chartkit(root, ['cluster', 'stop', '--kubeconfig', kubeconfig]);
    }
    const run = async (extra: string[], name: string): Promise<Report> => {
      const report = path.join(dir, `${name}.json`);
      await chartkit(root, ['install-test', ...charts, '--kubeconfig', kubeconfig, '--report', report, ...extra]);
      return JSON.parse(readFileSync(report, 'utf8')) as Report;
    };
    const serial = await run([], 'serial');
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
    await chartkit(root, ['cluster', 'stop', '--kubeconfig', kubeconfig]).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
