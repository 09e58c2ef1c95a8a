import type { Command } from 'commander';
import type { Action } from './action.ts';
import type { InstallTestOptions } from './commands/install-test.ts';
import type { MigrateOptions } from './commands/migrate.ts';

/** `chartkit cluster start|stop` and `chartkit install-test`: charts on a real control plane. */
export function registerClusterCommands(cmd: Command, action: Action): void {
  const cluster = cmd.command('cluster').description('a disposable Kubernetes control plane (kube-apiserver, controller-manager, scheduler, etcd, kwok nodes) on 127.0.0.1');
  cluster
    .command('start')
    .description('start a cluster and write its admin kubeconfig; returns when the API server and the fake nodes are ready')
    .requiredOption('--kubeconfig <file>', 'where to write the admin kubeconfig')
    .action(action(async (o: { kubeconfig: string }) => (await import('./commands/cluster.ts')).clusterStart(o)));
  cluster
    .command('stop')
    .description('stop the cluster started with this kubeconfig and remove its state')
    .requiredOption('--kubeconfig <file>', 'the kubeconfig given to cluster start')
    .action(action(async (o: { kubeconfig: string }) => (await import('./commands/cluster.ts')).clusterStop(o)));
  cmd
    .command('install-test')
    .argument('[charts...]', 'chart names (default: all application charts)')
    .description('install, helm test, upgrade, upgrade --reuse-values, rollback and uninstall every ci/*-values.yaml scenario on a real cluster with Helm 4 and 3')
    .option('--kubeconfig <file>', 'use this cluster (default: start a disposable one and stop it afterwards)')
    .option('--helm <which>', 'Helm 4, 3 or both', 'both')
    .option('--timeout <duration>', 'Helm --timeout for each step', '3m')
    .option('-j, --concurrency <n>', 'charts tested at once, each in its own namespaces (default 1)')
    .option('--report <file>', 'also write the results as JSON (runs, steps, seconds, release Secret sizes)')
    .action(action(async (names: string[], o: InstallTestOptions) => (await import('./commands/install-test.ts')).installTest(names, o)));
  cmd
    .command('migrate')
    .argument('<chart>', 'the chart to upgrade to: a packaged .tgz, a directory with its dependencies built, or an oci:// reference')
    .description('prepare an existing release (e.g. of the upstream HyperPod chart) for an in-place helm upgrade to <chart>: adopt the CRDs it installed from crds/ and delete only the workloads whose immutable selector changes')
    .option('--release <name>', 'the existing release', 'dependencies')
    .option('-n, --namespace <namespace>', 'its namespace', 'kube-system')
    .option('--kubeconfig <file>', 'the cluster (default: $KUBECONFIG, then ~/.kube/config)')
    .option('--helm <major>', 'Helm 4 or 3, as you will run the upgrade', '4')
    .option('--version <version>', 'chart version, for an oci:// or repository reference (as helm upgrade --version)')
    .option('-f, --values <file...>', 'values files you will pass to helm upgrade')
    .option('--dry-run', 'print what would change, change nothing')
    .action(action(async (chart: string, o: MigrateOptions) => (await import('./commands/migrate.ts')).migrate(chart, o)));
}
