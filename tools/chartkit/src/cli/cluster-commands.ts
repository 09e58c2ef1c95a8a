import type { Command } from 'commander';
import type { Action } from './extra.ts';
import { clusterStart, clusterStop } from './commands/cluster.ts';
import { installTest, type InstallTestOptions } from './commands/install-test.ts';

/** `chartkit cluster start|stop` and `chartkit install-test`: charts on a real control plane. */
export function registerClusterCommands(cmd: Command, action: Action): void {
  const cluster = cmd.command('cluster').description('a disposable Kubernetes control plane (kube-apiserver, controller-manager, scheduler, etcd, kwok nodes) on 127.0.0.1');
  cluster
    .command('start')
    .description('start a cluster and write its admin kubeconfig; returns when the API server and the fake nodes are ready')
    .requiredOption('--kubeconfig <file>', 'where to write the admin kubeconfig')
    .action(action((o: { kubeconfig: string }) => clusterStart(o)));
  cluster
    .command('stop')
    .description('stop the cluster started with this kubeconfig and remove its state')
    .requiredOption('--kubeconfig <file>', 'the kubeconfig given to cluster start')
    .action(action((o: { kubeconfig: string }) => clusterStop(o)));
  cmd
    .command('install-test')
    .argument('[charts...]', 'chart names (default: all application charts)')
    .description('install, helm test, upgrade, upgrade --reuse-values, rollback and uninstall every ci/*-values.yaml scenario on a real cluster with Helm 4 and 3')
    .option('--kubeconfig <file>', 'use this cluster (default: start a disposable one and stop it afterwards)')
    .option('--helm <which>', 'Helm 4, 3 or both', 'both')
    .option('--timeout <duration>', 'Helm --timeout for each step', '3m')
    .option('-j, --concurrency <n>', 'charts tested at once, each in its own namespaces (default 1)')
    .option('--report <file>', 'also write the results as JSON (runs, steps, seconds)')
    .action(action((names: string[], o: InstallTestOptions) => installTest(names, o)));
}
