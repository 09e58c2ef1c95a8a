import { loadContext, selectOrdered, concurrency } from '../context.ts';
import { runChecks } from './publish-checks.ts';
import { publishCharts } from '../../publish/publish.ts';
import { retryPolicy } from '../../publish/retry.ts';
import { signingFromEnv } from '../../publish/sign.ts';
import { resolveTargets, type TargetOptions, type TargetSpec } from '../../publish/targets.ts';
import type { PublishResult } from '../../publish/publish.ts';
import { humanOutputToStderr, printJson } from '../output.ts';

export interface PublishCommandOptions extends TargetOptions {
  build?: boolean;
  skipChecks?: boolean;
  dryRun?: boolean;
  sign?: boolean;
  tag?: boolean;
  retries?: string;
  concurrency?: string;
  /** Print the plan and the results as one JSON document on stdout (progress goes to stderr). */
  json?: boolean;
}

/** `chartkit publish --json`: the targets, the plan (push, skip, refuse, fail and why) and what each step did. */
function asJson(targets: readonly TargetSpec[], r: PublishResult, dryRun: boolean): Record<string, unknown> {
  return {
    pass: r.exitCode === 0,
    dryRun,
    targets: targets.map((t) => (t.kind === 'oci' ? { name: t.name, kind: t.kind, registry: t.registry } : { name: t.name, kind: t.kind, dir: t.dir, ...(t.url ? { url: t.url } : {}) })),
    plan: r.plan.map((s) => ({ chart: s.chart.name, version: s.chart.version, target: s.target, decision: s.decision, reason: s.reason, digest: s.chart.digest })),
    results: r.results.map((s) => ({ chart: s.chart, version: s.version, target: s.target, status: s.status, digest: s.digest, ms: s.ms, ...(s.error ? { error: s.error } : {}) })),
    tags: r.tags,
    errors: r.errors,
    timings: r.timings,
  };
}

/** `chartkit publish [charts…]`: see docs/publishing.md. */
export async function publishCommand(names: string[], o: PublishCommandOptions): Promise<number> {
  if (o.json) humanOutputToStderr();
  const { ws, root } = loadContext();
  const charts = selectOrdered(ws, names);
  const targets = resolveTargets(root, o);
  // --sign: GPG provenance (CHARTKIT_SIGN_KEY), cosign on OCI targets (CHARTKIT_COSIGN_KEY), or both.
  const signing = o.sign ? signingFromEnv(targets) : {};
  const result = await publishCharts(ws, {
    charts,
    targets,
    build: o.build !== false,
    checks: !o.skipChecks,
    runChecks: (r, n) => runChecks(r, n, { outputToStderr: o.json ?? false }),
    dryRun: o.dryRun ?? false,
    ...(signing.gpg ? { sign: signing.gpg } : {}),
    ...(signing.cosign ? { cosign: signing.cosign } : {}),
    tag: o.tag ?? false,
    retry: retryPolicy(o.retries),
    concurrency: Math.min(concurrency(o.concurrency), 8),
    log: (line) => (o.json ? process.stderr : process.stdout).write(`${line}\n`),
  });
  for (const e of result.errors) process.stderr.write(`chartkit: ${e}\n`);
  if (o.json) printJson(asJson(targets, result, o.dryRun ?? false));
  return result.exitCode;
}
