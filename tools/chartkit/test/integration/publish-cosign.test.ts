import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRegistry, type LocalRegistry } from '../../src/adapters/docker-registry.ts';
import { OFFLINE_TRUSTED_ROOT } from '../../src/adapters/cosign.ts';
import { resolveTool } from '../../src/adapters/toolchain.ts';
import { chartkit, edit, isolatedHelmEnv, removeScratch, scratchCopy } from '../helpers.ts';

/**
 * `publish --sign` with cosign (CHARTKIT_COSIGN_KEY) on OCI targets, with the real cosign of
 * toolchain/cosign and real registries on 127.0.0.1 (Debian's docker-registry): one with htpasswd
 * and a self-signed certificate, one on plain HTTP. Each chart is signed by digest after its push
 * and verified; already-published versions are verified (and signed when they have no signature);
 * tampering fails in one line; neither the key's password nor the registry password is ever
 * printed, put on a command line, or given to any child but cosign.
 */
const USER = 'release-bot';
const REGISTRY_PASSWORD = `Reg1stry-h0rse-${process.pid}`;
const KEY_PASSWORD = `C0sign-Battery-${process.pid}`;
const WRONG = `wr0ng-Staple-${process.pid}`;
const VERSIONS: Record<string, string> = { base: '0.1.0', worker: '0.2.0', stack: '1.0.0' };

let ws: string;
let registry: LocalRegistry;
let plain: LocalRegistry;
let home: string;
let keys: string;
let dumps: string;
let cosignBin: string;
let helmBin: string;
let env: Record<string, string>;

const secretsIn = (text: string): string[] =>
  [KEY_PASSWORD, REGISTRY_PASSWORD, WRONG, Buffer.from(`${USER}:${REGISTRY_PASSWORD}`).toString('base64')].filter((s) => text.includes(s));

/** cosign run by the test itself, with the registry credentials in its environment. */
async function cosign(args: string[], extraEnv: Record<string, string> = {}, input?: string): Promise<{ exitCode: number; stdout: string; all: string }> {
  const r = await execa(cosignBin, args, {
    ...(input === undefined ? {} : { input }),
    env: { PATH: process.env.PATH ?? '', HOME: home, DOCKER_CONFIG: path.join(home, 'docker'), COSIGN_REGISTRY_USERNAME: USER, COSIGN_REGISTRY_PASSWORD: REGISTRY_PASSWORD, ...extraEnv },
    extendEnv: false,
    reject: false,
    all: true,
  });
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), all: String(r.all) };
}

const image = (r: LocalRegistry, chart: string): string => `${r.address}/charts/${chart}`;
const tls = (): string[] => ['--registry-cacert', registry.caFile!];

/** `cosign verify --key cosign.pub` of a tag, offline; the verified manifest digest, or the exit code. */
async function verify(ref: string, flags: string[], publicKey = path.join(keys, 'cosign.pub')): Promise<{ exitCode: number; digest?: string; all: string }> {
  const r = await cosign(['verify', '--key', publicKey, '--insecure-ignore-tlog=true', '--trusted-root', OFFLINE_TRUSTED_ROOT, ...flags, ref]);
  if (r.exitCode !== 0) return { exitCode: r.exitCode, all: r.all };
  const out = JSON.parse(r.stdout) as { critical: { image: { 'docker-manifest-digest': string } } }[];
  return { exitCode: 0, digest: out[0]!.critical.image['docker-manifest-digest'], all: r.all };
}

/** A wrapper that records each run's arguments and environment, then runs the real tool. */
function recordingWrapper(name: string, real: string): string {
  const file = path.join(home, `${name}-wrapper.sh`);
  writeFileSync(file, `#!/bin/sh\nn="${dumps}/${name}-$$"\nprintf '%s\\n' "$@" > "$n.args"\nenv > "$n.env"\nexec "${real}" "$@"\n`);
  chmodSync(file, 0o755);
  return file;
}
/** Every recorded run of a wrapped tool: its arguments (one a line) and its environment (`env`). */
const dumped = (prefix: string): { args: string; env: string }[] =>
  readdirSync(dumps)
    .filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.args'))
    .map((f) => ({ args: readFileSync(path.join(dumps, f), 'utf8'), env: readFileSync(path.join(dumps, f.replace(/\.args$/, '.env')), 'utf8') }));
const envHas = (envText: string, name: string, value: string): boolean => envText.split('\n').includes(`${name}=${value}`);

beforeAll(async () => {
  ws = scratchCopy('release');
  home = mkdtempSync(path.join(os.tmpdir(), 'chartkit-publish-cosign-'));
  keys = path.join(home, 'keys');
  dumps = path.join(home, 'dumps');
  for (const d of [keys, dumps, path.join(home, 'docker'), path.join(home, 'other')]) mkdirSync(d);
  cosignBin = (await resolveTool('cosign')).path;
  helmBin = (await resolveTool('helm')).path;
  const generated = await execa(cosignBin, ['generate-key-pair'], { cwd: keys, env: { PATH: process.env.PATH ?? '', HOME: home, COSIGN_PASSWORD: KEY_PASSWORD }, extendEnv: false, all: true, reject: false });
  expect(generated.exitCode, String(generated.all)).toBe(0);
  // another signer, to forge with
  const other = await execa(cosignBin, ['generate-key-pair'], { cwd: path.join(home, 'other'), env: { PATH: process.env.PATH ?? '', HOME: home, COSIGN_PASSWORD: '' }, extendEnv: false, reject: false });
  expect(other.exitCode).toBe(0);
  registry = await startLocalRegistry({ auth: { username: USER, password: REGISTRY_PASSWORD } });
  plain = await startLocalRegistry();
  env = {
    ...isolatedHelmEnv(home),
    // cosign reads no one's Docker config: the credentials come from chartkit
    DOCKER_CONFIG: path.join(home, 'docker'),
    CHARTKIT_REGISTRY_USERNAME: USER,
    CHARTKIT_REGISTRY_PASSWORD: REGISTRY_PASSWORD,
    CHARTKIT_COSIGN_KEY: path.join(keys, 'cosign.key'),
    CHARTKIT_COSIGN_PASSWORD: KEY_PASSWORD,
  };
});

afterAll(async () => {
  await registry?.stop();
  await plain?.stop();
  removeScratch(ws);
  rmSync(home, { recursive: true, force: true });
});

describe('publish --sign with cosign', () => {
  it('signs each chart by digest after its push, verifies it, and cosign verify --key cosign.pub accepts it', async () => {
    const r = await chartkit(ws, ['publish', '--skip-checks', '--sign', '--registry', registry.ref(), '--ca-file', registry.caFile!], {
      ...env,
      CHARTKIT_HELM: recordingWrapper('helm', helmBin),
      CHARTKIT_COSIGN: recordingWrapper('cosign', cosignBin),
    });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^3 pushed in /m);
    for (const chart of ['base', 'worker', 'stack']) {
      const line = new RegExp(`^✓ ${chart} ${VERSIONS[chart]!.replace(/\./g, '\\.')} → oci://127\\.0\\.0\\.1:${registry.port}/charts: cosign-signed manifest (sha256:[0-9a-f]{12}), verified \\S+$`, 'm').exec(r.stdout);
      expect(line, r.stdout).not.toBeNull();
      const v = await verify(`${image(registry, chart)}:${VERSIONS[chart]}`, tls());
      expect(v.exitCode, v.all).toBe(0);
      expect(v.digest!.slice(0, 19)).toBe(line![1]);
    }
    // the password of the key and of the registry: never printed
    expect(secretsIn(`${r.stdout}${r.stderr}`)).toEqual([]);
    // cosign signs by digest, without a transparency log, with no secret on its command line …
    const runs = dumped('cosign').filter((c) => !c.args.startsWith('version\n'));
    const signs = runs.filter((c) => c.args.startsWith('sign\n'));
    expect(signs).toHaveLength(3);
    for (const c of signs) {
      expect(c.args).toMatch(new RegExp(`^127\\.0\\.0\\.1:${registry.port}/charts/(base|worker|stack)@sha256:[0-9a-f]{64}$`, 'm'));
      expect(c.args).toContain('--tlog-upload=false');
    }
    expect(runs.map((c) => c.args.split('\n')[0])).toEqual(expect.arrayContaining(['public-key', 'verify']));
    expect(runs.flatMap((c) => secretsIn(c.args))).toEqual([]);
    // … and gets the secrets in its environment: the key's password only when it reads the key
    // (public-key, sign), the registry credentials only when it talks to the registry.
    for (const c of runs) {
      const command = c.args.split('\n')[0]!;
      expect(envHas(c.env, 'COSIGN_PASSWORD', KEY_PASSWORD), command).toBe(command === 'public-key' || command === 'sign');
      expect(envHas(c.env, 'COSIGN_REGISTRY_PASSWORD', REGISTRY_PASSWORD), command).toBe(command !== 'public-key');
      expect(c.env).not.toMatch(/^CHARTKIT_(COSIGN|REGISTRY)_PASSWORD=/m);
    }
    // Helm (package, login, push) never gets the key's password, nor the registry password in its environment.
    const helmRuns = dumped('helm');
    expect(helmRuns.length).toBeGreaterThan(3);
    expect(helmRuns.flatMap((c) => [...secretsIn(c.env), ...secretsIn(c.args)])).toEqual([]);
  });

  it('a rerun skips what is published and verifies its signatures', async () => {
    const r = await chartkit(ws, ['publish', '--no-build', '--sign', '--registry', registry.ref(), '--ca-file', registry.caFile!], env);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.match(/: already published; cosign signature of manifest sha256:[0-9a-f]{12} verified /g)).toHaveLength(3);
    expect(r.stdout).toMatch(/^3 skipped in /m);
  });

  it('a signature replaced by one of another key fails verification: one line naming the chart and target', async () => {
    const ref = `${image(registry, 'worker')}:0.2.0`;
    expect((await cosign(['clean', '--type', 'signature', '--force', ...tls(), ref])).exitCode).toBe(0);
    const forged = await cosign(['sign', '--key', path.join(home, 'other', 'cosign.key'), '--tlog-upload=false', '--yes', ...tls(), ref], { COSIGN_PASSWORD: '' });
    expect(forged.exitCode, forged.all).toBe(0);
    expect((await verify(ref, tls())).exitCode).toBe(12);

    const r = await chartkit(ws, ['publish', '--no-build', '--sign', '--registry', registry.ref(), '--ca-file', registry.caFile!, 'worker'], env);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^chartkit: worker 0\\.2\\.0 → oci://127\\.0\\.0\\.1:${registry.port}/charts: the published cosign signature does not verify with ${path.join(keys, 'cosign.pub').replace(/[.]/g, '\\.')} \\(no matching signatures: .*\\); the chart's manifest or its signature was replaced in the registry, or signed with another key — inspect it with cosign tree \\S+@sha256:[0-9a-f]{64}$`,
        ),
      ),
    ]);
    expect(r.stdout).toMatch(/^worker\s+0\.2\.0\s+\S+\s+failed/m);
    expect(secretsIn(`${r.stdout}${r.stderr}`)).toEqual([]);
  });

  it('a different chart pushed to a signed tag: its signature is not there, and publish refuses the version', async () => {
    const ref = `${image(registry, 'base')}:0.1.0`;
    expect((await verify(ref, tls())).exitCode).toBe(0);
    // someone else's base 0.1.0, pushed over ours
    const other = scratchCopy('release');
    try {
      edit(path.join(other, 'packages/demo/base/Chart.yaml'), (t) => t.replace(/^description: .*$/m, 'description: not ours'));
      const dest = mkdtempSync(path.join(home, 'pkg-'));
      const helmEnv = { ...process.env, ...isolatedHelmEnv(home) };
      expect((await execa(helmBin, ['package', path.join(other, 'packages/demo/base'), '--destination', dest], { env: helmEnv, reject: false })).exitCode).toBe(0);
      const login = await execa(helmBin, ['registry', 'login', registry.address, '--username', USER, '--password-stdin', '--ca-file', registry.caFile!], { env: helmEnv, input: REGISTRY_PASSWORD, reject: false });
      expect(login.exitCode).toBe(0);
      const pushed = await execa(helmBin, ['push', path.join(dest, 'base-0.1.0.tgz'), registry.ref(), '--ca-file', registry.caFile!], { env: helmEnv, reject: false, all: true });
      expect(pushed.exitCode, String(pushed.all)).toBe(0);
    } finally {
      removeScratch(other);
    }
    // cosign's verification binds the signature to the manifest digest: the new one has none
    const v = await verify(ref, tls());
    expect(v.exitCode, v.all).toBe(10);
    expect(v.all).toContain('no signatures found');

    const r = await chartkit(ws, ['publish', '--no-build', '--sign', '--registry', registry.ref(), '--ca-file', registry.caFile!, 'base'], env);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^chartkit: base 0\\.1\\.0 → oci://127\\.0\\.0\\.1:${registry.port}/charts: refused: .*bump the version`)),
    ]);
  });

  it('on a plain-HTTP registry, versions published without a signature are signed when --sign skips them', async () => {
    const unsigned = await chartkit(ws, ['publish', '--no-build', '--registry', plain.ref(), '--plain-http'], env);
    expect(unsigned.exitCode, unsigned.stderr).toBe(0);
    expect((await verify(`${image(plain, 'stack')}:1.0.0`, ['--allow-http-registry'])).exitCode).toBe(10);

    const r = await chartkit(ws, ['publish', '--no-build', '--sign', '--registry', plain.ref(), '--plain-http'], env);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.match(/: already published without a cosign signature; signed manifest sha256:[0-9a-f]{12}, verified /g)).toHaveLength(3);
    for (const chart of ['base', 'worker', 'stack']) expect((await verify(`${image(plain, chart)}:${VERSIONS[chart]}`, ['--allow-http-registry'])).exitCode).toBe(0);
    // and the next run only verifies
    const again = await chartkit(ws, ['publish', '--no-build', '--sign', '--registry', plain.ref(), '--plain-http'], env);
    expect(again.exitCode).toBe(0);
    expect(again.stdout.match(/cosign signature of manifest sha256:[0-9a-f]{12} verified/g)).toHaveLength(3);
  });

  it("with Helm's own login only, cosign cannot authenticate: one line, and a rerun with cosign login signs what was pushed", async () => {
    const helmEnv = { ...process.env, ...isolatedHelmEnv(home) };
    const login = await execa(helmBin, ['registry', 'login', registry.address, '--username', USER, '--password-stdin', '--ca-file', registry.caFile!], { env: helmEnv, input: REGISTRY_PASSWORD, reject: false });
    expect(login.exitCode).toBe(0);
    const { CHARTKIT_REGISTRY_USERNAME: _u, CHARTKIT_REGISTRY_PASSWORD: _p, ...withoutCredentials } = env;
    const ref = registry.ref('helm-login');
    const r = await chartkit(ws, ['publish', '--no-build', '--sign', '--registry', ref, '--ca-file', registry.caFile!, 'base'], withoutCredentials);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^chartkit: base 0\\.1\\.0 → oci://127\\.0\\.0\\.1:${registry.port}/helm-login: cosign signing failed: .*UNAUTHORIZED.*; check the credentials \\(CHARTKIT_REGISTRY_USERNAME / CHARTKIT_REGISTRY_PASSWORD, else Docker's config: cosign login\\); the version is pushed — rerun chartkit publish --sign to sign or verify it$`,
        ),
      ),
    ]);
    expect(r.stdout).toMatch(/✓ base 0\.1\.0 → \S+: pushed sha256:/);
    // cosign's own login (Docker's config, here DOCKER_CONFIG); the rerun skips base and signs it
    const dockerConfig = mkdtempSync(path.join(home, 'docker-'));
    const cosignLogin = await cosign(['login', registry.address, '--username', USER, '--password-stdin'], { DOCKER_CONFIG: dockerConfig }, REGISTRY_PASSWORD);
    expect(cosignLogin.exitCode, cosignLogin.all).toBe(0);
    const again = await chartkit(ws, ['publish', '--no-build', '--sign', '--registry', ref, '--ca-file', registry.caFile!, 'base'], { ...withoutCredentials, DOCKER_CONFIG: dockerConfig });
    expect(again.stderr).toBe('');
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(/: already published without a cosign signature; signed manifest sha256:[0-9a-f]{12}, verified /);
    expect((await verify(`${registry.address}/helm-login/base:0.1.0`, tls())).exitCode).toBe(0);
  });

  it('a wrong key password fails in one line before anything is built or pushed, and is printed nowhere', async () => {
    const dir = scratchCopy('release');
    try {
      const r = await chartkit(dir, ['publish', '--skip-checks', '--sign', '--registry', registry.ref('wrong-password'), '--ca-file', registry.caFile!], { ...env, CHARTKIT_COSIGN_PASSWORD: WRONG });
      expect(r.exitCode).toBe(1);
      expect(r.stderr.trim()).toBe(
        `chartkit: CHARTKIT_COSIGN_KEY=${path.join(keys, 'cosign.key')}: cosign cannot decrypt the key with CHARTKIT_COSIGN_PASSWORD (wrong or missing password); set CHARTKIT_COSIGN_PASSWORD to the key's password`,
      );
      expect(secretsIn(`${r.stdout}${r.stderr}`)).toEqual([]);
      expect(r.stdout).not.toContain('packaged');
      expect(r.stdout).not.toContain('pushing');
    } finally {
      removeScratch(dir);
    }
  });

  it('a public key that is not the signing key’s, and cosign alone for a Helm repository directory, are usage errors', async () => {
    const mismatch = await chartkit(ws, ['publish', '--no-build', '--sign', '--registry', registry.ref(), '--ca-file', registry.caFile!], {
      ...env,
      CHARTKIT_COSIGN_PUBLIC_KEY: path.join(home, 'other', 'cosign.pub'),
    });
    expect(mismatch.exitCode).toBe(1);
    expect(mismatch.stderr.trim()).toBe(
      `chartkit: ${path.join(home, 'other', 'cosign.pub')}: not the public key of CHARTKIT_COSIGN_KEY=${path.join(keys, 'cosign.key')}; set CHARTKIT_COSIGN_PUBLIC_KEY to the cosign.pub generated with that key`,
    );
    const repo = await chartkit(ws, ['publish', '--no-build', '--sign'], env);
    expect(repo.exitCode).toBe(1);
    expect(repo.stderr.trim()).toMatch(/^chartkit: --sign: target \S+ is a Helm repository directory, which cosign cannot sign .*; set CHARTKIT_SIGN_KEY and CHARTKIT_SIGN_KEYRING for GPG provenance too, or publish to OCI targets only \(--registry, --target\)$/);
    const none = await chartkit(ws, ['publish', '--no-build', '--sign', '--registry', registry.ref()], { ...env, CHARTKIT_COSIGN_KEY: '' });
    expect(none.exitCode).toBe(1);
    expect(none.stderr.trim()).toBe(
      'chartkit: --sign needs a key: CHARTKIT_SIGN_KEY and CHARTKIT_SIGN_KEYRING (GPG provenance, every target) and/or CHARTKIT_COSIGN_KEY (cosign, OCI targets); set one',
    );
  });
});
