import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../adapters/exec.ts';
import { resolveTool } from '../adapters/toolchain.ts';
import { ChartkitError } from '../core/errors.ts';
import { topologicalOrder } from '../core/graph.ts';
import { selectCharts } from '../core/workspace.ts';
import { loadWorkspace } from '../adapters/workspace-files.ts';
import { packageCharts } from '../package/package.ts';
import { startLocalRegistry } from '../adapters/docker-registry.ts';
import { publishCharts } from './publish.ts';
import { retryPolicy } from './retry.ts';

export interface PublishBench {
  /** Charts published. */
  charts: number;
  /** Packaging all of them once (not part of the publish numbers below). */
  packageMs: number;
  /** chartkit publish to an empty registry: lookups, plan, every push. */
  firstRunMs: number;
  /** The same publish again: lookups only, everything skipped. */
  noopRunMs: number;
  /** Raw `helm push` of the same packages, one after the other, into another empty registry. */
  helmPushLoopMs: number;
  /** Of the first run, the time spent looking up what the registry holds. */
  firstLookupMs: number;
  /** Of the first run, the time spent pushing. */
  firstPushMs: number;
}

/**
 * Publish every chart of a workspace to a fresh local docker-registry twice (first run, no-op
 * rerun) and compare with a plain `helm push` loop over the same packages. Times in milliseconds.
 */
export async function benchPublish(options: { workspace: string; charts?: string[]; concurrency?: number } = { workspace: process.cwd() }): Promise<PublishBench> {
  const ws = loadWorkspace(options.workspace);
  const selected = new Set(selectCharts(ws, options.charts ?? []).map((c) => c.name));
  const charts = topologicalOrder(ws).filter((c) => selected.has(c.name));
  const work = mkdtempSync(path.join(os.tmpdir(), 'chartkit-bench-publish-'));
  const env = { ...process.env, HELM_REGISTRY_CONFIG: path.join(work, 'registry.json'), HELM_CACHE_HOME: path.join(work, 'helm-cache') };
  const saved = { HELM_REGISTRY_CONFIG: process.env.HELM_REGISTRY_CONFIG, HELM_CACHE_HOME: process.env.HELM_CACHE_HOME };
  Object.assign(process.env, { HELM_REGISTRY_CONFIG: env.HELM_REGISTRY_CONFIG, HELM_CACHE_HOME: env.HELM_CACHE_HOME });
  const ours = await startLocalRegistry();
  const raw = await startLocalRegistry();
  try {
    const packageDir = path.join(work, 'charts');
    const t0 = performance.now();
    const packaged = (await packageCharts(ws, charts, packageDir)).filter((p) => selected.has(p.chart.name));
    const packageMs = performance.now() - t0;

    const publish = () =>
      publishCharts(ws, {
        charts,
        targets: [{ kind: 'oci', name: 'bench', registry: ours.ref(), plainHttp: true, usernameEnv: 'CHARTKIT_BENCH_NO_USER', passwordEnv: 'CHARTKIT_BENCH_NO_PASSWORD' }],
        build: false,
        checks: false,
        dryRun: false,
        tag: false,
        retry: retryPolicy(1),
        concurrency: options.concurrency ?? 4,
        packageDir,
        env,
      });
    const first = await publish();
    if (first.exitCode !== 0) throw new ChartkitError('PUBLISH', `bench: the first publish failed: ${first.errors[0] ?? 'see above'}`);
    const noop = await publish();
    if (noop.results.some((r) => r.status !== 'skipped')) throw new ChartkitError('PUBLISH', 'bench: the second publish did not skip every chart');

    const helm = await resolveTool('helm');
    const t1 = performance.now();
    for (const p of packaged) {
      const r = await run(helm.path, ['push', p.file, raw.ref(), '--plain-http'], { env });
      if (r.exitCode !== 0) throw new ChartkitError('TOOL_FAILED', `bench: helm push ${path.basename(p.file)} failed: ${r.all.split('\n').pop()}`);
    }
    const helmPushLoopMs = performance.now() - t1;

    return {
      charts: packaged.length,
      packageMs: Math.round(packageMs),
      firstRunMs: first.timings.total,
      noopRunMs: noop.timings.total,
      helmPushLoopMs: Math.round(helmPushLoopMs),
      firstLookupMs: first.timings.lookup,
      firstPushMs: first.timings.push,
    };
  } finally {
    await ours.stop();
    await raw.stop();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(work, { recursive: true, force: true });
  }
}
