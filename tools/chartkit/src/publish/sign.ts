import { createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { helm, helmReason } from '../adapters/helm.ts';
import { cosignDigestOf, cosignPublicKeyOf, cosignSign, cosignVerify, type CosignRegistry } from '../adapters/cosign.ts';
import { ChartkitError } from '../core/errors.ts';
import { settings } from '../adapters/environment.ts';
import type { TargetSpec } from './targets.ts';

/**
 * Provenance signing with a GPG key from a binary (non-armored) keyring (adapters/provenance.ts
 * writes the .prov), and `helm verify` of what was published.
 */
export interface SignConfig {
  /** Key name (user id or part of it), CHARTKIT_SIGN_KEY. */
  key: string;
  /** Secret keyring, CHARTKIT_SIGN_KEYRING. */
  keyring: string;
  /** Keyring `helm verify` uses: CHARTKIT_VERIFY_KEYRING, else the signing keyring. */
  verifyKeyring: string;
  /** File holding the key's passphrase, CHARTKIT_SIGN_PASSPHRASE_FILE. */
  passphraseFile?: string;
}

export function signConfigFromEnv(environment: Readonly<Record<string, string | undefined>> = process.env): SignConfig {
  const env = settings(environment);
  const key = env.CHARTKIT_SIGN_KEY;
  const keyring = env.CHARTKIT_SIGN_KEYRING;
  if (!key || !keyring) {
    throw new ChartkitError('USAGE', `--sign needs CHARTKIT_SIGN_KEY (the key's name) and CHARTKIT_SIGN_KEYRING (a binary secret keyring, e.g. gpg --export-secret-keys > secring.gpg); set both`);
  }
  const file = path.resolve(keyring);
  if (!existsSync(file)) throw new ChartkitError('USAGE', `CHARTKIT_SIGN_KEYRING=${keyring}: no such file; export the key with gpg --export-secret-keys > secring.gpg`);
  const config: SignConfig = { key, keyring: file, verifyKeyring: path.resolve(env.CHARTKIT_VERIFY_KEYRING ?? file) };
  if (env.CHARTKIT_SIGN_PASSPHRASE_FILE) config.passphraseFile = path.resolve(env.CHARTKIT_SIGN_PASSPHRASE_FILE);
  return config;
}

/** `helm verify`: the .prov next to `file` must be signed by a key of the keyring and match the package. */
export async function verifyPackage(file: string, keyring: string, label: string): Promise<void> {
  if (!existsSync(`${file}.prov`)) throw new ChartkitError('PUBLISH', `${label}: no provenance file ${path.basename(file)}.prov next to the package; package with --sign`);
  const result = await helm('helm', ['verify', file, '--keyring', keyring]);
  if (result.exitCode !== 0) {
    throw new ChartkitError('PUBLISH', `${label}: helm verify failed: ${helmReason(result)}; check CHARTKIT_SIGN_KEY / CHARTKIT_VERIFY_KEYRING`, { details: [result.all] });
  }
}

/**
 * cosign signatures for charts on OCI targets: a key pair from CHARTKIT_COSIGN_KEY (private),
 * CHARTKIT_COSIGN_PUBLIC_KEY (public) and the secret CHARTKIT_COSIGN_PASSWORD, which is read when
 * cosign runs (from `env`) and never kept here.
 */
export interface CosignConfig {
  /** Private key file (cosign.key). */
  key: string;
  /** Public key file (cosign.pub) that signatures are verified with. */
  publicKey: string;
  /** The variable holding the key's password. */
  passwordEnv: 'CHARTKIT_COSIGN_PASSWORD';
}

/** What `--sign` does: GPG provenance (every target), cosign (OCI targets), or both. */
export interface SigningConfig {
  gpg?: SignConfig;
  cosign?: CosignConfig;
}

/**
 * `--sign`: GPG provenance when CHARTKIT_SIGN_KEY or CHARTKIT_SIGN_KEYRING is set, cosign for OCI
 * targets when CHARTKIT_COSIGN_KEY is set, both when both are. With cosign alone, a Helm repository
 * directory target (which cosign cannot sign) is refused rather than published unsigned.
 */
export function signingFromEnv(targets: readonly TargetSpec[], environment: Readonly<Record<string, string | undefined>> = process.env): SigningConfig {
  const env = settings(environment);
  const wantsGpg = env.CHARTKIT_SIGN_KEY !== undefined || env.CHARTKIT_SIGN_KEYRING !== undefined;
  if (!wantsGpg && !env.CHARTKIT_COSIGN_KEY) {
    throw new ChartkitError(
      'USAGE',
      '--sign needs a key: CHARTKIT_SIGN_KEY and CHARTKIT_SIGN_KEYRING (GPG provenance, every target) and/or CHARTKIT_COSIGN_KEY (cosign, OCI targets); set one',
    );
  }
  const config: SigningConfig = {};
  if (wantsGpg) config.gpg = signConfigFromEnv(environment);
  if (env.CHARTKIT_COSIGN_KEY) {
    config.cosign = cosignConfigFromEnv(environment);
    const repo = config.gpg ? undefined : targets.find((t) => t.kind === 'repo');
    if (repo) {
      throw new ChartkitError(
        'USAGE',
        `--sign: target ${repo.name} is a Helm repository directory, which cosign cannot sign (CHARTKIT_COSIGN_KEY signs OCI targets only); set CHARTKIT_SIGN_KEY and CHARTKIT_SIGN_KEYRING for GPG provenance too, or publish to OCI targets only (--registry, --target)`,
      );
    }
  }
  return config;
}

export function cosignConfigFromEnv(environment: Readonly<Record<string, string | undefined>> = process.env): CosignConfig {
  const env = settings(environment);
  const key = env.CHARTKIT_COSIGN_KEY;
  if (!key) throw new ChartkitError('USAGE', 'cosign signing needs CHARTKIT_COSIGN_KEY (a cosign.key from cosign generate-key-pair); set it');
  if (!existsSync(key)) throw new ChartkitError('USAGE', `CHARTKIT_COSIGN_KEY=${key}: no such file; point it at a cosign private key (cosign generate-key-pair writes cosign.key and cosign.pub)`);
  const publicKey = env.CHARTKIT_COSIGN_PUBLIC_KEY ?? path.join(path.dirname(key), 'cosign.pub');
  if (!existsSync(publicKey)) {
    throw new ChartkitError(
      'USAGE',
      env.CHARTKIT_COSIGN_PUBLIC_KEY
        ? `CHARTKIT_COSIGN_PUBLIC_KEY=${publicKey}: no such file; point it at the cosign.pub of CHARTKIT_COSIGN_KEY`
        : `${publicKey}: no such file (the public key beside CHARTKIT_COSIGN_KEY); set CHARTKIT_COSIGN_PUBLIC_KEY to the cosign.pub of that key`,
    );
  }
  return { key: path.resolve(key), publicKey: path.resolve(publicKey), passwordEnv: 'CHARTKIT_COSIGN_PASSWORD' };
}

const passwordOf = (config: CosignConfig, env: Readonly<Record<string, string | undefined>>): string => env[config.passwordEnv] ?? '';

/**
 * Before anything is built or pushed: the password decrypts the private key, and the public key
 * that will verify the signatures is that key's.
 */
export async function checkCosignKeys(config: CosignConfig, env: Readonly<Record<string, string | undefined>>): Promise<void> {
  const derived = await cosignPublicKeyOf(config.key, passwordOf(config, env));
  const der = (pem: string, where: string): Buffer => {
    try {
      return createPublicKey(pem).export({ type: 'spki', format: 'der' });
    } catch {
      throw new ChartkitError('USAGE', `${where}: not a PEM public key; point CHARTKIT_COSIGN_PUBLIC_KEY at the cosign.pub of CHARTKIT_COSIGN_KEY`);
    }
  };
  if (!der(readFileSync(config.publicKey, 'utf8'), config.publicKey).equals(der(derived, config.key))) {
    throw new ChartkitError('USAGE', `${config.publicKey}: not the public key of CHARTKIT_COSIGN_KEY=${config.key}; set CHARTKIT_COSIGN_PUBLIC_KEY to the cosign.pub generated with that key`);
  }
}

/** One chart in an OCI registry, for cosign: `host[:port]/path/name` and its tag. */
export interface CosignSubject {
  image: string;
  tag: string;
  registry: CosignRegistry;
  /** "<chart> <version> → <target>", for messages. */
  label: string;
}

/** Sign a chart just pushed, by its manifest digest (resolved from the tag when Helm did not report it), then verify it. */
export async function cosignSignPushed(subject: CosignSubject, manifestDigest: string | undefined, config: CosignConfig, env: Readonly<Record<string, string | undefined>>): Promise<string> {
  const digest = manifestDigest ?? (await cosignDigestOf(subject.image, subject.tag, subject.registry));
  await cosignSign(subject.image, digest, config.key, passwordOf(config, env), subject.registry);
  await verifyOrFail(subject, digest, config, 'after signing');
  return digest;
}

/**
 * A chart that is already published (skipped): its signature must verify with the public key. One
 * with no signature at all (a run that pushed it and then failed to sign, or a publish without
 * cosign) is signed now: its chart content was just found byte-identical to what this run built.
 * Signatures that exist but do not verify fail: the chart or its signature was replaced, or signed
 * with another key.
 */
export async function cosignCheckPublished(subject: CosignSubject, config: CosignConfig, env: Readonly<Record<string, string | undefined>>): Promise<{ digest: string; signed: boolean }> {
  const digest = await cosignDigestOf(subject.image, subject.tag, subject.registry);
  const verdict = await cosignVerify(subject.image, digest, config.publicKey, subject.registry);
  if (verdict.kind === 'verified') return { digest, signed: false };
  if (verdict.kind === 'mismatch') {
    throw new ChartkitError(
      'PUBLISH',
      `${subject.label}: the published cosign signature does not verify with ${config.publicKey} (${verdict.reason}); the chart's manifest or its signature was replaced in the registry, or signed with another key — inspect it with cosign tree ${subject.image}@${digest}`,
    );
  }
  await cosignSign(subject.image, digest, config.key, passwordOf(config, env), subject.registry);
  await verifyOrFail(subject, digest, config, 'after signing');
  return { digest, signed: true };
}

async function verifyOrFail(subject: CosignSubject, digest: string, config: CosignConfig, when: string): Promise<void> {
  const verdict = await cosignVerify(subject.image, digest, config.publicKey, subject.registry);
  if (verdict.kind !== 'verified') {
    throw new ChartkitError('PUBLISH', `${subject.label}: cosign verify ${when} failed (${verdict.reason}); check that CHARTKIT_COSIGN_PUBLIC_KEY (${config.publicKey}) is the public key of CHARTKIT_COSIGN_KEY`);
  }
}
