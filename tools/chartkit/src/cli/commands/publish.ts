import { loadContext, selectOrdered, concurrency } from '../context.ts';
import { runChecks } from './publish-checks.ts';
import { publishCharts } from '../../publish/publish.ts';
import { retryPolicy } from '../../publish/retry.ts';
import { signConfigFromEnv } from '../../publish/sign.ts';
import { resolveTargets, type TargetOptions } from '../../publish/targets.ts';

export interface PublishCommandOptions extends TargetOptions {
  build?: boolean;
  skipChecks?: boolean;
  dryRun?: boolean;
  sign?: boolean;
  tag?: boolean;
  retries?: string;
  concurrency?: string;
}

/** `chartkit publish [charts…]`: see docs/publishing.md. */
export async function publishCommand(names: string[], o: PublishCommandOptions): Promise<number> {
  const { ws, root } = loadContext();
  const charts = selectOrdered(ws, names);
  const targets = resolveTargets(root, o);
  const sign = o.sign ? signConfigFromEnv() : undefined;
  const result = await publishCharts(ws, {
    charts,
    targets,
    build: o.build !== false,
    checks: !o.skipChecks,
    runChecks,
    dryRun: o.dryRun ?? false,
    ...(sign ? { sign } : {}),
    tag: o.tag ?? false,
    retry: retryPolicy(o.retries),
    concurrency: Math.min(concurrency(o.concurrency), 8),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  for (const e of result.errors) process.stderr.write(`chartkit: ${e}\n`);
  return result.exitCode;
}
