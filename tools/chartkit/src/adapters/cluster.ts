import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import path from 'node:path';
import { execa, type Options } from 'execa';
import { stringify } from 'yaml';
import { ChartkitError } from '../core/errors.ts';
import { nodeManifest, type FakeNode } from '../core/cluster-nodes.ts';
import { kwokStageFiles, resolveControlPlane, type ControlPlaneToolName } from './control-plane-tools.ts';
import { kubectl } from './kubectl.ts';
import { cacheDir } from './toolchain.ts';

/**
 * A disposable Kubernetes control plane on 127.0.0.1: etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler and kwok (fake nodes that run every pod scheduled to them). The processes run
 * detached, so `cluster start` returns once the cluster is ready; their pids, ports, keys and logs
 * live in a state directory keyed by the kubeconfig path, which `cluster stop` (or the next start,
 * after an interrupted run) uses to end them.
 */
export interface ClusterState {
  kubeconfig: string;
  stateDir: string;
  server: string;
  /** chartkit process that owns the cluster (install-test's own cluster), if any. */
  owner?: number;
  pids: Partial<Record<ControlPlaneToolName, number>>;
  startedAt: string;
}

export interface StartOptions {
  nodes: FakeNode[];
  /** The chartkit process owning this cluster: a later start may reclaim it once that process is gone. */
  owner?: number;
  progress?: (line: string) => void;
  readyTimeoutMs?: number;
}

/** Stop order: clients first, then the API server, then etcd (the API server hangs on SIGTERM without etcd). */
const STOP_ORDER: ControlPlaneToolName[] = ['kwok', 'kube-scheduler', 'kube-controller-manager', 'kube-apiserver', 'etcd'];

export function clusterStateDir(kubeconfig: string): string {
  const key = createHash('sha256').update(path.resolve(kubeconfig)).digest('hex').slice(0, 16);
  return path.join(cacheDir(), 'clusters', key);
}

function stateFile(stateDir: string): string {
  return path.join(stateDir, 'state.json');
}

export function readClusterState(kubeconfig: string): ClusterState | undefined {
  const file = stateFile(clusterStateDir(kubeconfig));
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ClusterState;
  } catch {
    return undefined;
  }
}

function writeState(state: ClusterState): void {
  const file = stateFile(state.stateDir);
  writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2));
  renameSync(`${file}.tmp`, file);
}

/** Is `pid` one of this cluster's processes (alive, and started with the state directory in its arguments)? */
function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Is `pid` one of this cluster's processes (alive, and started with the state directory in its arguments)? */
function isOurs(pid: number | undefined, stateDir: string): boolean {
  if (!alive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(stateDir);
  } catch {
    return true;
  }
}

export function clusterRunning(state: ClusterState): boolean {
  return Object.values(state.pids).some((pid) => isOurs(pid, state.stateDir));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function lastLogLine(file: string): string {
  try {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    return (lines[lines.length - 1] ?? '').slice(0, 300);
  } catch {
    return '';
  }
}

function spawnDetached(name: ControlPlaneToolName, file: string, args: string[], logDir: string): number {
  const log = path.join(logDir, `${name}.log`);
  // A file descriptor, not a stream: the child writes its log itself, so chartkit can exit while it runs.
  const fd = openSync(log, 'a');
  try {
    // execa passes a numeric descriptor straight to the child (its types only list streams and files).
    const log_ = fd as unknown as Options['stdout'];
    const options: Options = { detached: true, cleanup: false, reject: false, stdin: 'ignore', stdout: log_, stderr: log_ as Options['stderr'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, extendEnv: false };
    const child = execa(file, args, options);
    child.catch(() => undefined);
    child.unref();
    if (!child.pid) throw new ChartkitError('TOOL_FAILED', `${name}: could not start ${file}; see ${log}`);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

interface ApiResponse {
  status: number;
  body: string;
}

function apiGet(server: string, token: string, ca: string, urlPath: string): Promise<ApiResponse> {
  return new Promise((resolve) => {
    const req = request(`${server}${urlPath}`, { headers: { Authorization: `Bearer ${token}` }, ca, timeout: 2000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>, onTimeout: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(200);
  }
  throw new ChartkitError('TOOL_FAILED', `cluster: ${what} not ready after ${Math.round(timeoutMs / 1000)}s (${onTimeout()})`);
}

function kubeconfigYaml(server: string, ca: string, token: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'chartkit', cluster: { server, 'certificate-authority-data': Buffer.from(ca).toString('base64') } }],
    users: [{ name: 'chartkit-admin', user: { token } }],
    contexts: [{ name: 'chartkit', context: { cluster: 'chartkit', user: 'chartkit-admin' } }],
    'current-context': 'chartkit',
  });
}

/**
 * Start a cluster and write its admin kubeconfig to `kubeconfig` (mode 0600). Refuses when a cluster
 * of this kubeconfig still runs; clears the leftovers of an interrupted one.
 */
export async function startCluster(kubeconfig: string, options: StartOptions): Promise<ClusterState> {
  const progress = options.progress ?? (() => undefined);
  const target = path.resolve(kubeconfig);
  const stateDir = clusterStateDir(target);
  const previous = readClusterState(target);
  if (previous && clusterRunning(previous)) {
    if (previous.owner === undefined || alive(previous.owner)) {
      throw new ChartkitError('USAGE', `a cluster for ${target} is already running (state ${stateDir}); use it, or run "chartkit cluster stop --kubeconfig ${kubeconfig}" first`);
    }
    progress(`cluster: stopping the leftovers of an interrupted run (pid ${previous.owner})`);
    await stopCluster(target);
  }
  rmSync(stateDir, { recursive: true, force: true });
  const tools = await resolveControlPlane();
  const stages = await kwokStageFiles();
  const pki = path.join(stateDir, 'pki');
  const logs = path.join(stateDir, 'logs');
  mkdirSync(pki, { recursive: true, mode: 0o700 });
  mkdirSync(logs, { recursive: true });

  const token = randomBytes(24).toString('hex');
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  writeFileSync(path.join(pki, 'sa.key'), privateKey, { mode: 0o600 });
  writeFileSync(path.join(pki, 'sa.pub'), publicKey);
  writeFileSync(path.join(pki, 'tokens.csv'), `${token},chartkit-admin,chartkit-admin,"system:masters"\n`, { mode: 0o600 });

  const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
  const server = `https://127.0.0.1:${apiPort}`;
  const state: ClusterState = { kubeconfig: target, stateDir, server, pids: {}, startedAt: new Date().toISOString(), ...(options.owner ? { owner: options.owner } : {}) };
  writeState(state);
  const started = Date.now();
  try {
    state.pids.etcd = spawnDetached(
      'etcd',
      tools.etcd.path,
      [
        '--name=chartkit',
        `--data-dir=${path.join(stateDir, 'etcd')}`,
        `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
        `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-cluster=chartkit=http://127.0.0.1:${etcdPeer}`,
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
      logs,
    );
    writeState(state);
    state.pids['kube-apiserver'] = spawnDetached(
      'kube-apiserver',
      tools['kube-apiserver'].path,
      [
        `--etcd-servers=http://127.0.0.1:${etcdClient}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${apiPort}`,
        `--cert-dir=${pki}`,
        `--token-auth-file=${path.join(pki, 'tokens.csv')}`,
        '--authorization-mode=RBAC',
        '--service-account-issuer=https://kubernetes.default.svc',
        `--service-account-key-file=${path.join(pki, 'sa.pub')}`,
        `--service-account-signing-key-file=${path.join(pki, 'sa.key')}`,
        '--service-cluster-ip-range=10.96.0.0/16',
        // The EFA device plugin (and other node agents) run privileged containers.
        '--allow-privileged=true',
        '--profiling=false',
      ],
      logs,
    );
    writeState(state);
    const caFile = path.join(pki, 'apiserver.crt');
    await waitFor('kube-apiserver', options.readyTimeoutMs ?? 60_000, async () => existsSync(caFile) && (await apiGet(server, token, readFileSync(caFile, 'utf8'), '/readyz')).status === 200, () => lastLogLine(path.join(logs, 'kube-apiserver.log')) || lastLogLine(path.join(logs, 'etcd.log')));
    const ca = readFileSync(caFile, 'utf8');
    progress(`cluster: kube-apiserver ready at ${server} (${((Date.now() - started) / 1000).toFixed(1)}s)`);

    const componentConfig = path.join(stateDir, 'admin.kubeconfig');
    writeFileSync(componentConfig, kubeconfigYaml(server, ca, token), { mode: 0o600 });
    state.pids['kube-controller-manager'] = spawnDetached(
      'kube-controller-manager',
      tools['kube-controller-manager'].path,
      [`--kubeconfig=${componentConfig}`, '--secure-port=0', '--leader-elect=false', `--service-account-private-key-file=${path.join(pki, 'sa.key')}`, `--root-ca-file=${caFile}`, '--use-service-account-credentials=false'],
      logs,
    );
    state.pids['kube-scheduler'] = spawnDetached('kube-scheduler', tools['kube-scheduler'].path, [`--kubeconfig=${componentConfig}`, '--secure-port=0', '--leader-elect=false'], logs);
    state.pids.kwok = spawnDetached(
      'kwok',
      tools.kwok.path,
      [`--kubeconfig=${componentConfig}`, '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake', '--cidr=10.0.0.0/16', ...stages.flatMap((s) => ['--config', s])],
      logs,
    );
    writeState(state);

    const nodesFile = path.join(stateDir, 'nodes.yaml');
    writeFileSync(nodesFile, options.nodes.map((n) => stringify(nodeManifest(n))).join('---\n'));
    await kubectl(componentConfig, ['apply', '--server-side', '-f', nodesFile]);
    await waitFor(
      `${options.nodes.length} kwok nodes`,
      60_000,
      async () => {
        const r = await apiGet(server, token, ca, '/api/v1/nodes');
        if (r.status !== 200) return false;
        const items = (JSON.parse(r.body) as { items: { status?: { conditions?: { type: string; status: string }[] } }[] }).items;
        return items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length >= options.nodes.length;
      },
      () => lastLogLine(path.join(logs, 'kwok.log')),
    );
    // The controller-manager is working once it has made the default ServiceAccount.
    await waitFor('kube-controller-manager', 60_000, async () => (await apiGet(server, token, ca, '/api/v1/namespaces/default/serviceaccounts/default')).status === 200, () => lastLogLine(path.join(logs, 'kube-controller-manager.log')));
    const tmp = `${target}.tmp-${process.pid}`;
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(tmp, kubeconfigYaml(server, ca, token), { mode: 0o600 });
    renameSync(tmp, target);
    progress(`cluster: ready with ${options.nodes.length} kwok nodes in ${((Date.now() - started) / 1000).toFixed(1)}s; kubeconfig ${target}`);
    return state;
  } catch (error) {
    await stopCluster(target).catch(() => undefined);
    throw error;
  }
}

/**
 * Stop every cluster whose owning chartkit process is gone (killed during an install test, say), so
 * an interrupted run never costs the next one memory, ports or a wait. Returns their kubeconfigs.
 */
export async function reapOrphanClusters(progress: (line: string) => void = () => undefined): Promise<string[]> {
  const root = path.join(cacheDir(), 'clusters');
  if (!existsSync(root)) return [];
  const reaped: string[] = [];
  for (const entry of readdirSync(root)) {
    let state: ClusterState;
    try {
      state = JSON.parse(readFileSync(path.join(root, entry, 'state.json'), 'utf8')) as ClusterState;
    } catch {
      continue;
    }
    if (state.owner === undefined || alive(state.owner)) continue;
    progress(`cluster: stopping the leftovers of an interrupted run (pid ${state.owner}, ${state.server})`);
    await stopCluster(state.kubeconfig);
    reaped.push(state.kubeconfig);
  }
  return reaped;
}

async function endProcess(pid: number, stateDir: string, graceMs: number): Promise<void> {
  if (!isOurs(pid, stateDir)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!alive(pid)) return;
    await sleep(100);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* gone */
  }
  while (alive(pid) && Date.now() < deadline + 5000) await sleep(50);
}

/**
 * Stop the cluster of `kubeconfig`, remove its state and the kubeconfig chartkit wrote.
 * Returns false when there was nothing to stop.
 */
export async function stopCluster(kubeconfig: string): Promise<boolean> {
  const target = path.resolve(kubeconfig);
  const stateDir = clusterStateDir(target);
  const state = readClusterState(target);
  if (!state) {
    const existed = existsSync(stateDir);
    rmSync(stateDir, { recursive: true, force: true });
    return existed;
  }
  for (const name of STOP_ORDER) {
    const pid = state.pids[name];
    // The cluster is thrown away with its state: a short grace is enough (no data to keep).
    if (pid) await endProcess(pid, stateDir, 1_500);
  }
  try {
    if (readFileSync(target, 'utf8').includes(state.server)) rmSync(target, { force: true });
  } catch {
    /* not written yet, or removed by the user */
  }
  rmSync(stateDir, { recursive: true, force: true });
  return true;
}
