import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRegistry, type LocalRegistry } from '../../src/adapters/docker-registry.ts';
import { resolveTool } from '../../src/adapters/toolchain.ts';
import { chartkit, removeScratch, scratchCopy, isolatedHelmEnv } from '../helpers.ts';

/**
 * Publishing to a registry with htpasswd (bcrypt) authentication behind a self-signed TLS
 * certificate: credentials from the environment, the CA passed with --ca-file, and the password
 * never shown.
 */
const USER = 'release-bot';
const PASSWORD = `Corr3ct-h0rse-${process.pid}`;
const WRONG = `wr0ng-Battery-${process.pid}`;

let ws: string;
let registry: LocalRegistry;
let home: string;
let env: Record<string, string>;

/** Private registry configs chartkit creates (and must delete) in the temp dir. */
const privateConfigs = (): string[] => readdirSync(os.tmpdir()).filter((f) => /^chartkit-registry-/.test(f));

beforeAll(async () => {
  ws = scratchCopy('release');
  registry = await startLocalRegistry({ auth: { username: USER, password: PASSWORD } });
  home = mkdtempSync(path.join(os.tmpdir(), 'chartkit-publish-auth-'));
  env = isolatedHelmEnv(home);
});

afterAll(async () => {
  await registry?.stop();
  removeScratch(ws);
  rmSync(home, { recursive: true, force: true });
});

describe('publish to a registry that needs a password', () => {
  it('a wrong password is one clear line, is not retried, and appears nowhere', async () => {
    const before = privateConfigs();
    const r = await chartkit(ws, ['publish', '--skip-checks', '--registry', registry.ref(), '--ca-file', registry.caFile!], {
      ...env,
      CHARTKIT_REGISTRY_USERNAME: USER,
      CHARTKIT_REGISTRY_PASSWORD: WRONG,
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^chartkit: oci://127\\.0\\.0\\.1:${registry.port}/charts: registry login to 127\\.0\\.0\\.1:${registry.port} as ${USER} failed: .*401.*; check CHARTKIT_REGISTRY_USERNAME / CHARTKIT_REGISTRY_PASSWORD$`),
      ),
    ]);
    expect(`${r.stdout}${r.stderr}`).not.toContain(WRONG);
    expect(`${r.stdout}${r.stderr}`).not.toContain(Buffer.from(`${USER}:${WRONG}`).toString('base64'));
    expect(r.stdout).not.toContain('↻');
    expect(r.stdout).not.toContain('pushing');
    // refused at login, before anything was built
    expect(r.stdout).not.toContain('packaged');
    // the private registry config is gone, and nothing went to Helm's own config
    expect(privateConfigs().filter((f) => !before.includes(f))).toEqual([]);
    expect(existsSync(env.HELM_REGISTRY_CONFIG!)).toBe(false);
  });

  it('without credentials the lookup is refused once, not retried, with a hint', async () => {
    const r = await chartkit(ws, ['publish', '--skip-checks', '--registry', registry.ref(), '--ca-file', registry.caFile!], env);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^chartkit: base 0\.1\.0 → \S+: lookup failed: .*basic credential not found; check the credentials \(CHARTKIT_REGISTRY_USERNAME \/ CHARTKIT_REGISTRY_PASSWORD, or helm registry login\)$/),
    ]);
    expect(r.stdout).not.toContain('↻');
  });

  it('a registry certificate nobody trusts is a TLS error, not retried', async () => {
    const r = await chartkit(ws, ['publish', '--skip-checks', '--registry', registry.ref()], { ...env, CHARTKIT_REGISTRY_USERNAME: USER, CHARTKIT_REGISTRY_PASSWORD: PASSWORD });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^chartkit: \S+: cannot reach the registry \(.*certificate.*\); nothing was built or published — check the address and the TLS options \(--plain-http, --ca-file, --insecure\), or start the registry$/)]);
    expect(r.stdout).not.toContain('↻');
    expect(`${r.stdout}${r.stderr}`).not.toContain(PASSWORD);
  });

  it('the right password publishes everything over TLS; the rerun skips; the password appears nowhere', async () => {
    const creds = { ...env, CHARTKIT_REGISTRY_USERNAME: USER, CHARTKIT_REGISTRY_PASSWORD: PASSWORD };
    const first = await chartkit(ws, ['publish', '--no-build', '--registry', registry.ref(), '--ca-file', registry.caFile!], creds);
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toMatch(/^3 pushed in /m);
    const again = await chartkit(ws, ['publish', '--no-build', '--registry', registry.ref(), '--ca-file', registry.caFile!], creds);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(/^3 skipped in /m);
    const insecure = await chartkit(ws, ['publish', '--no-build', '--registry', registry.ref(), '--insecure'], creds);
    expect(insecure.exitCode).toBe(0);
    expect(insecure.stdout).toMatch(/^3 skipped in /m);
    for (const r of [first, again, insecure]) {
      expect(`${r.stdout}${r.stderr}`).not.toContain(PASSWORD);
      expect(`${r.stdout}${r.stderr}`).not.toContain(Buffer.from(`${USER}:${PASSWORD}`).toString('base64'));
    }
    expect(existsSync(env.HELM_REGISTRY_CONFIG!)).toBe(false);
  });

  it('no child process gets the password in its environment (helm package, registry login, push)', async () => {
    // A Helm that records its environment, then runs the real one.
    const real = (await resolveTool('helm')).path;
    const spy = path.join(home, 'spy');
    const envDumps = path.join(spy, 'env');
    mkdirSync(envDumps, { recursive: true });
    const wrapper = path.join(spy, 'helm');
    writeFileSync(wrapper, `#!/bin/sh\nenv > "${envDumps}/$$.env"\nexec "${real}" "$@"\n`);
    chmodSync(wrapper, 0o755);
    const creds = { ...env, CHARTKIT_HELM: wrapper, CHARTKIT_REGISTRY_USERNAME: USER, CHARTKIT_REGISTRY_PASSWORD: PASSWORD };
    const r = await chartkit(ws, ['publish', '--skip-checks', '--registry', registry.ref(), '--ca-file', registry.caFile!], creds);
    expect(r.exitCode, r.stderr).toBe(0);
    const dumps = readdirSync(envDumps).map((f) => readFileSync(path.join(envDumps, f), 'utf8'));
    expect(dumps.some((d) => /chartkit-package-|HELM/.test(d)), 'helm package ran through the spy').toBe(true);
    expect(dumps.length).toBeGreaterThan(3);
    for (const d of dumps) expect(d).not.toContain(PASSWORD);
    expect(`${r.stdout}${r.stderr}`).not.toContain(PASSWORD);
  });

  it('a registry reference with credentials in it is refused with one line that does not echo them', async () => {
    const r = await chartkit(ws, ['publish', '--skip-checks', '--registry', `oci://${USER}:${PASSWORD}@127.0.0.1:${registry.port}/charts`], env);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual(['chartkit: the registry reference contains credentials (user:password@host); remove them and set CHARTKIT_REGISTRY_USERNAME and CHARTKIT_REGISTRY_PASSWORD (or run helm registry login)']);
    expect(`${r.stdout}${r.stderr}`).not.toContain(PASSWORD);
  });
});
