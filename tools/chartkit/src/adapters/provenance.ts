import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ChartkitError } from '../core/errors.ts';
import { run } from './exec.ts';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { helm, helmReason } from './helm-cli.ts';
import { tempDir } from './temp.ts';

export interface SigningKey {
  /** Key name (user id or part of it). */
  key: string;
  /** Binary secret keyring holding it (gpg --export-secret-keys). */
  keyring: string;
  passphraseFile?: string;
}

/**
 * Write `<package>.prov`, Helm's provenance file: the chart's metadata (as `helm show chart` prints
 * it), `...`, and the package's sha256, clear-signed with the key. Packages are normalized after
 * `helm package`, so `helm package --sign` (which signs the bytes it wrote) cannot be used; the
 * result is checked with `helm verify` by the caller.
 */
export async function writeProvenance(file: string, signing: SigningKey): Promise<string> {
  const shown = await helm('helm', ['show', 'chart', file]);
  if (shown.exitCode !== 0) throw new ChartkitError('TOOL_FAILED', `${path.basename(file)}: helm show chart failed: ${helmReason(shown)}`);
  const message = `${shown.stdout.trimEnd()}\n\n...\nfiles:\n  ${path.basename(file)}: sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}\n`;
  const home = tempDir('chartkit-gpg-');
  chmodSync(home, 0o700);
  try {
    const gpg = (args: string[], input?: string) => run('gpg', ['--batch', '--homedir', home, ...args], input === undefined ? {} : { input });
    const imported = await gpg(['--import', signing.keyring]).catch((error: unknown) => {
      throw error instanceof ChartkitError && error.code === 'TOOL_MISSING' ? new ChartkitError('TOOL_MISSING', 'signing needs gpg on PATH; install gnupg') : error;
    });
    if (imported.exitCode !== 0) throw new ChartkitError('PUBLISH', `${signing.keyring}: gpg cannot import the signing keyring (${imported.stderr.split('\n').find(Boolean) ?? 'unknown error'})`);
    const passphrase = signing.passphraseFile ? ['--passphrase-file', signing.passphraseFile] : ['--passphrase', ''];
    const signed = await gpg(['--pinentry-mode', 'loopback', ...passphrase, '--local-user', signing.key, '--digest-algo', 'SHA512', '--clearsign'], message);
    if (signed.exitCode !== 0) {
      throw new ChartkitError('PUBLISH', `${path.basename(file)}: signing with key "${signing.key}" failed (${signed.stderr.split('\n').find((l) => /error|failed|secret key/i.test(l))?.trim() ?? 'gpg error'}); check CHARTKIT_SIGN_KEY and the passphrase`);
    }
    const prov = `${file}.prov`;
    writeFileSync(prov, signed.stdout.endsWith('\n') ? signed.stdout : `${signed.stdout}\n`);
    return prov;
  } finally {
    await run('gpgconf', ['--homedir', home, '--kill', 'gpg-agent']).catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
  }
}
