import path from 'node:path';
import { readClusterState, startCluster, stopCluster } from '../../adapters/cluster.ts';
import { clusterNodes } from '../cluster-config.ts';
import { findWorkspaceRoot } from '../../adapters/workspace-files.ts';
import { info, ok } from '../output.ts';
import { settings } from '../../adapters/environment.ts';

/** `chartkit cluster start --kubeconfig FILE`: a disposable control plane with kwok nodes; returns when ready. */
export async function clusterStart(options: { kubeconfig: string }): Promise<number> {
  const nodes = clusterNodes(settings().CHARTKIT_WORKSPACE ?? findWorkspaceRoot());
  const state = await startCluster(options.kubeconfig, { nodes, progress: info });
  ok(`cluster running at ${state.server}; export KUBECONFIG=${path.resolve(options.kubeconfig)}; stop it with: chartkit cluster stop --kubeconfig ${options.kubeconfig}`);
  info(`logs: ${path.join(state.stateDir, 'logs')}`);
  return 0;
}

export async function clusterStop(options: { kubeconfig: string }): Promise<number> {
  const state = readClusterState(options.kubeconfig);
  if (await stopCluster(options.kubeconfig)) ok(`stopped the cluster${state ? ` at ${state.server}` : ''}`);
  else info(`no cluster of ${options.kubeconfig} is running`);
  return 0;
}
