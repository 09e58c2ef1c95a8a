import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveTool } from '../../chartkit/src/adapters/toolchain.ts';

export const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = path.resolve(PACKAGE_DIR, '../..');
export const BIN = path.join(PACKAGE_DIR, 'bin', 'nx-cache-server.mjs');

export const S3_KEY = 'test-access-key';
export const S3_SECRET = 'test-secret-key-0123456789';
export const BUCKET = 'nx-cache';
export const RW_TOKEN = 'rw-token-0123456789abcdef';
export const RO_TOKEN = 'ro-token-0123456789abcdef';

/** The parent's environment without colour settings (tests run under Nx with FORCE_COLOR set) or Nx's remote cache. */
export function baseEnv(): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _f, NX_SELF_HOSTED_REMOTE_CACHE_SERVER: _s, NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: _t, ...rest } = process.env;
  for (const k of Object.keys(rest)) if (k.startsWith('AWS_') || k.startsWith('NX_CACHE_SERVER_')) delete rest[k];
  return { ...rest, NO_COLOR: '1' };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitForTcp(port: number, child: ChildProcess, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before listening`);
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => {
        c.destroy();
        resolve(true);
      });
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${ms} ms`);
}

function stopChild(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', (code) => {
      clearTimeout(kill);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}

export interface S3Server {
  endpoint: string;
  dir: string;
  stop(): Promise<void>;
}

/** A real versitygw (posix backend, in a temporary directory) on 127.0.0.1, with the bucket created. */
export async function startVersitygw(): Promise<S3Server> {
  const tool = await resolveTool('versitygw');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nx-cache-s3-'));
  mkdirSync(path.join(dir, BUCKET));
  const port = await freePort();
  const child = spawn(tool.path, ['--port', `127.0.0.1:${port}`, '--quiet', 'posix', dir], {
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ROOT_ACCESS_KEY: S3_KEY, ROOT_SECRET_KEY: S3_SECRET },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    await waitForTcp(port, child, 20_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`versitygw: ${(error as Error).message}\n${stderr}`);
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    dir,
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CacheServer {
  url: string;
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export function s3Env(s3: S3Server): NodeJS.ProcessEnv {
  return { AWS_ACCESS_KEY_ID: S3_KEY, AWS_SECRET_ACCESS_KEY: S3_SECRET, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: s3.endpoint };
}

/** The real CLI (bin/nx-cache-server.mjs) on a free port, read from the line it prints. */
export async function startCacheServer(s3: S3Server, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<CacheServer> {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--bucket', BUCKET, '--path-style', ...args], {
    env: { ...baseEnv(), ...s3Env(s3), NX_CACHE_SERVER_READ_WRITE_TOKENS: RW_TOKEN, NX_CACHE_SERVER_READ_ONLY_TOKENS: RO_TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nx-cache-server printed no URL in 30 s:\n${stdout}\n${stderr}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /^nx-cache-server: listening on (http:\/\/\S+)$/m.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nx-cache-server exited with ${code}:\n${stdout}\n${stderr}`));
    });
  });
  return { url, child, output: () => ({ stdout, stderr }), stop: () => stopChild(child) };
}

/** Run the CLI to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...baseEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}
