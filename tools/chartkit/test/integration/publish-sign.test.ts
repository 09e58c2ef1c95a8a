import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTool } from '../../src/adapters/toolchain.ts';
import { startLocalRegistry, type LocalRegistry } from '../../src/adapters/docker-registry.ts';
import { chartkit, removeScratch, scratchCopy } from '../helpers.ts';

/** `publish --sign`: provenance files made with a real GPG key, published next to the packages and verified by Helm. */
let ws: string;
let home: string;
let gnupg: string;
let registry: LocalRegistry;
let env: Record<string, string>;
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

async function helm(args: string[]): Promise<{ exitCode: number; all: string }> {
  const r = await execa((await resolveTool('helm')).path, args, { env: { ...process.env, ...env }, reject: false, all: true });
  return { exitCode: r.exitCode ?? 1, all: String(r.all) };
}

beforeAll(async () => {
  ws = scratchCopy('release');
  home = mkdtempSync(path.join(os.tmpdir(), 'chartkit-sign-'));
  gnupg = mkdtempSync(path.join(os.tmpdir(), 'gpg-'));
  chmodSync(gnupg, 0o700);
  const gpg = (args: string[]) => execa('gpg', ['--batch', '--homedir', gnupg, ...args], { reject: true });
  // Helm's OpenPGP library reads RSA keys from binary (non-armored) keyrings.
  await gpg(['--pinentry-mode', 'loopback', '--passphrase', '', '--quick-gen-key', 'Chartkit Release <release@example.com>', 'rsa2048', 'sign', 'never']);
  writeFileSync(path.join(home, 'secring.gpg'), (await execa('gpg', ['--batch', '--homedir', gnupg, '--export-secret-keys'], { encoding: 'buffer' })).stdout);
  writeFileSync(path.join(home, 'pubring.gpg'), (await execa('gpg', ['--batch', '--homedir', gnupg, '--export'], { encoding: 'buffer' })).stdout);
  registry = await startLocalRegistry();
  env = {
    HELM_REGISTRY_CONFIG: path.join(home, 'registry.json'),
    HELM_CACHE_HOME: path.join(home, 'cache'),
    HELM_CONFIG_HOME: path.join(home, 'config'),
    CHARTKIT_SIGN_KEY: 'Chartkit Release',
    CHARTKIT_SIGN_KEYRING: path.join(home, 'secring.gpg'),
    CHARTKIT_VERIFY_KEYRING: path.join(home, 'pubring.gpg'),
  };
});

afterAll(async () => {
  await registry?.stop();
  await execa('gpgconf', ['--homedir', gnupg, '--kill', 'gpg-agent'], { reject: false });
  removeScratch(ws);
  rmSync(home, { recursive: true, force: true });
  rmSync(gnupg, { recursive: true, force: true });
});

describe('publish --sign', () => {
  it('publishes .prov files next to the packages in dist/repo and verifies them', async () => {
    const r = await chartkit(ws, ['publish', '--skip-checks', '--sign'], env);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('✓ packaged stack 1.0.0');
    expect(r.stdout).toMatch(/packaged stack 1\.0\.0 sha256:[0-9a-f]{12} \(signed, verified\)/);
    for (const p of ['base-0.1.0', 'worker-0.2.0', 'stack-1.0.0']) {
      expect(existsSync(path.join(ws, 'dist/repo', `${p}.tgz.prov`))).toBe(true);
      const v = await helm(['verify', path.join(ws, 'dist/repo', `${p}.tgz`), '--keyring', path.join(home, 'pubring.gpg')]);
      expect(v.exitCode, v.all).toBe(0);
      expect(v.all).toContain('Signed by: Chartkit Release <release@example.com>');
    }
  });

  it('pushes the provenance to an OCI registry, where helm pull --verify accepts it', async () => {
    const r = await chartkit(ws, ['publish', '--no-build', '--sign', '--registry', registry.ref(), '--plain-http'], env);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^3 pushed in /m);
    const dest = mkdtempSync(path.join(home, 'pull-'));
    const v = await helm(['pull', `${registry.ref()}/stack`, '--version', '1.0.0', '--plain-http', '--verify', '--keyring', path.join(home, 'pubring.gpg'), '--destination', dest]);
    expect(v.exitCode, v.all).toBe(0);
    expect(sha256(path.join(dest, 'stack-1.0.0.tgz'))).toBe(sha256(path.join(ws, 'dist/charts/stack-1.0.0.tgz')));
  });

  it('a package whose provenance does not verify stops the publish before anything is published', async () => {
    const dir = scratchCopy('release');
    try {
      // signed by the key, but verified against a keyring without it
      const empty = path.join(home, 'empty.gpg');
      writeFileSync(empty, '');
      const r = await chartkit(dir, ['publish', '--skip-checks', '--sign', 'base'], { ...env, CHARTKIT_VERIFY_KEYRING: empty });
      expect(r.exitCode).toBe(1);
      expect(r.stderr.trim()).toMatch(/^chartkit: base 0\.1\.0: helm verify failed: .*; check CHARTKIT_SIGN_KEY \/ CHARTKIT_VERIFY_KEYRING$/);
      expect(existsSync(path.join(dir, 'dist/repo'))).toBe(false);
    } finally {
      removeScratch(dir);
    }
  });

  it('--sign without a key is a usage error before anything is built', async () => {
    const dir = scratchCopy('release');
    try {
      const r = await chartkit(dir, ['publish', '--skip-checks', '--sign'], { ...env, CHARTKIT_SIGN_KEY: '' });
      expect(r.exitCode).toBe(1);
      expect(r.stderr.trim()).toBe(
        'chartkit: --sign needs CHARTKIT_SIGN_KEY (the key\'s name) and CHARTKIT_SIGN_KEYRING (a binary secret keyring, e.g. gpg --export-secret-keys > secring.gpg); set both',
      );
      expect(existsSync(path.join(dir, 'dist'))).toBe(false);
    } finally {
      removeScratch(dir);
    }
  });
});
