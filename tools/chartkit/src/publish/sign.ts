import { existsSync } from 'node:fs';
import path from 'node:path';
import { helm, helmReason } from '../adapters/helm.ts';
import { ChartkitError } from '../core/errors.ts';
import { settings } from '../adapters/environment.ts';

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
