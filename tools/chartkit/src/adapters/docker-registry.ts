import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { stringify } from 'yaml';
import { settings } from './environment.ts';
import { run } from './exec.ts';
import { ChartkitError } from '../core/errors.ts';

/**
 * A real OCI registry for tests and benchmarks: Debian's `docker-registry` (CNCF distribution)
 * bound to 127.0.0.1 on a free port, storing into a temporary directory. Optionally with htpasswd
 * (bcrypt) authentication and a self-signed TLS certificate.
 */

/** The registry server binary: CHARTKIT_DOCKER_REGISTRY, else Debian's. */
export const dockerRegistry = (): string => settings().CHARTKIT_DOCKER_REGISTRY ?? '/usr/bin/docker-registry';

export interface LocalRegistryOptions {
  /** Reuse a storage directory (to restart a registry on what it stored). */
  storage?: string;
  /** Bind this port (to restart on the same address); default a free one. */
  port?: number;
  /** htpasswd authentication; forces TLS (docker-registry refuses basic auth over plain HTTP). */
  auth?: { username: string; password: string };
  tls?: boolean;
}

export interface LocalRegistry {
  host: string;
  port: number;
  /** host:port */
  address: string;
  /** oci://host:port/<path> */
  ref(pathInRegistry?: string): string;
  storage: string;
  /** The self-signed certificate (also the CA to trust), when TLS is on. */
  caFile?: string;
  pid: number;
  logFile: string;
  /** Stop (if still running) and delete the config, certificate and log; the storage too unless `keepStorage`. */
  stop(options?: { keepStorage?: boolean }): Promise<void>;
  /** SIGKILL, as a crash would; the storage stays. */
  kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ResultPromise, logFile: string, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new ChartkitError('TOOL_FAILED', `docker-registry exited before listening on 127.0.0.1:${port}; see ${logFile}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() - started > timeoutMs) throw new ChartkitError('TOOL_FAILED', `docker-registry did not listen on 127.0.0.1:${port} within ${timeoutMs} ms; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A bcrypt htpasswd line: Apache's htpasswd -B if installed, else Python's crypt (libxcrypt). */
export async function htpasswdLine(username: string, password: string): Promise<string> {
  const viaHtpasswd = await run('htpasswd', ['-Bbn', username, password]).catch(() => undefined);
  if (viaHtpasswd && viaHtpasswd.exitCode === 0) return viaHtpasswd.stdout.trim();
  const script = 'import crypt,sys,warnings\nwarnings.simplefilter("ignore")\nprint(crypt.crypt(sys.stdin.read(), crypt.mksalt(crypt.METHOD_BLOWFISH)))';
  const viaPython = await run('python3', ['-c', script], { input: password }).catch(() => undefined);
  if (viaPython && viaPython.exitCode === 0 && viaPython.stdout.startsWith('$2')) return `${username}:${viaPython.stdout.trim()}`;
  throw new ChartkitError('TOOL_MISSING', 'htpasswd: needed for a bcrypt password file; install apache2-utils (apt-get install apache2-utils)');
}

async function selfSignedCert(dir: string): Promise<{ cert: string; key: string }> {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const r = await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost']);
  if (r.exitCode !== 0) throw new ChartkitError('TOOL_FAILED', `openssl req -x509 failed: ${r.all.split('\n').pop()}`);
  return { cert, key };
}

export async function startLocalRegistry(options: LocalRegistryOptions = {}): Promise<LocalRegistry> {
  const DOCKER_REGISTRY = dockerRegistry();
  if (!existsSync(DOCKER_REGISTRY)) throw new ChartkitError('TOOL_MISSING', `${DOCKER_REGISTRY}: not found; install docker-registry (apt-get install docker-registry) or set CHARTKIT_DOCKER_REGISTRY`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chartkit-local-registry-'));
  const storage = options.storage ?? mkdtempSync(path.join(os.tmpdir(), 'chartkit-local-registry-storage-'));
  mkdirSync(storage, { recursive: true });
  const port = options.port ?? (await freePort());
  const tls = options.tls || options.auth !== undefined;
  const http: Record<string, unknown> = { addr: `127.0.0.1:${port}`, secret: 'chartkit-test-secret' };
  let caFile: string | undefined;
  if (tls) {
    const { cert, key } = await selfSignedCert(dir);
    http.tls = { certificate: cert, key };
    caFile = cert;
  }
  const config: Record<string, unknown> = {
    version: 0.1,
    log: { level: 'info', accesslog: { disabled: false } },
    storage: { filesystem: { rootdirectory: storage }, delete: { enabled: true } },
    http,
  };
  if (options.auth) {
    const file = path.join(dir, 'htpasswd');
    writeFileSync(file, `${await htpasswdLine(options.auth.username, options.auth.password)}\n`);
    config.auth = { htpasswd: { realm: 'chartkit-test', path: file } };
  }
  const configFile = path.join(dir, 'config.yml');
  writeFileSync(configFile, stringify(config));
  const logFile = path.join(dir, 'registry.log');
  // docker-registry logs to stderr and writes its access log to stdout.
  const child = execa(DOCKER_REGISTRY, ['serve', configFile], { stdin: 'ignore', stdout: { file: path.join(dir, 'access.log') }, stderr: { file: logFile }, reject: false, cleanup: true });
  try {
    await waitForPort(port, child, logFile);
  } catch (error) {
    child.kill('SIGKILL');
    await child;
    throw error;
  }
  let stopped = false;
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopped) return;
    stopped = true;
    child.kill(signal);
    await child;
  };
  const registry: LocalRegistry = {
    host: '127.0.0.1',
    port,
    address: `127.0.0.1:${port}`,
    ref: (p = 'charts') => `oci://127.0.0.1:${port}${p ? `/${p}` : ''}`,
    storage,
    pid: child.pid!,
    logFile,
    stop: async (o = {}) => {
      await end('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
      if (!o.keepStorage) rmSync(storage, { recursive: true, force: true });
    },
    kill: () => end('SIGKILL'),
  };
  if (caFile) registry.caFile = caFile;
  return registry;
}
