import type { RunResult } from './exec.ts';
import { run } from './exec.ts';
import type { HelmMajor } from './helm.ts';
import { resolveTool } from './toolchain.ts';

/**
 * Helm against a cluster. The child gets PATH, HOME and Helm's own directory settings only: no
 * registry passwords or tokens of the caller, which release commands never need.
 */
function releaseEnv(kubeconfig: string): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', KUBECONFIG: kubeconfig };
  for (const key of ['HELM_CACHE_HOME', 'HELM_CONFIG_HOME', 'HELM_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'TMPDIR']) {
    const value = process.env[key];
    if (value) env[key] = value;
  }
  return env;
}

export async function helmOnCluster(major: HelmMajor, kubeconfig: string, args: string[], timeoutMs = 600_000): Promise<RunResult> {
  const tool = await resolveTool(major);
  return run(tool.path, [...args, '--kubeconfig', kubeconfig], { env: releaseEnv(kubeconfig), isolatedEnv: true, timeoutMs });
}
