import path from 'node:path';
import { ChartkitError } from '../core/errors.ts';
import { run, secretEnv, type RunResult } from './exec.ts';
import { redact } from './redact.ts';
import { classifyRegistryOutput, RegistryError } from './registry-errors.ts';
import { resolveTool, TOOLCHAIN_DIR } from './toolchain.ts';
import { settings } from './environment.ts';

/**
 * cosign (the pinned build of toolchain/cosign) signing and verifying charts in an OCI registry
 * with a key pair, offline: no transparency log upload when signing, no transparency log, Fulcio
 * or TUF when verifying (an empty trusted root, toolchain/cosign/offline-trusted-root.json).
 *
 * Secrets reach cosign in its environment only, never on its command line (which /proc shows to
 * every user): the key's password as COSIGN_PASSWORD, the registry credentials as
 * COSIGN_REGISTRY_USERNAME / COSIGN_REGISTRY_PASSWORD (cosign binds them to --registry-username /
 * --registry-password). No other child gets them: these names and CHARTKIT_COSIGN_PASSWORD are
 * registered as secrets, so run() drops them from every child's inherited environment, cosign's
 * included, and cosign gets only the values given here.
 */
for (const name of ['CHARTKIT_COSIGN_PASSWORD', 'COSIGN_PASSWORD', 'COSIGN_REGISTRY_PASSWORD', 'COSIGN_REGISTRY_TOKEN']) secretEnv(name);

/** Where a chart is and how to reach it (the target's TLS options and credentials). */
export interface CosignRegistry {
  plainHttp?: boolean;
  insecure?: boolean;
  caFile?: string;
  credentials?: { username: string; password: string };
}

/** What `cosign verify` found for one digest. */
export type CosignVerdict =
  | { kind: 'verified' }
  /** The image has no signature at all (cosign exit code 10). */
  | { kind: 'unsigned'; reason: string }
  /** It has signatures, but none verifies with the key (exit code 12). */
  | { kind: 'mismatch'; reason: string };

export const OFFLINE_TRUSTED_ROOT = path.join(TOOLCHAIN_DIR, 'cosign', 'offline-trusted-root.json');

function registryArgs(registry: CosignRegistry): string[] {
  const args: string[] = [];
  if (registry.plainHttp) args.push('--allow-http-registry');
  if (registry.insecure) args.push('--allow-insecure-registry');
  if (registry.caFile) args.push('--registry-cacert', path.resolve(registry.caFile));
  return args;
}

/** cosign's own reason: its "Error: …" line, without the registry's trailing detail maps. */
function reasonOf(result: RunResult): string {
  const lines = result.stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const line = lines.find((l) => l.startsWith('Error: ')) ?? lines.filter((l) => !l.startsWith('WARNING')).pop() ?? `exit code ${result.exitCode}`;
  return line.replace(/^Error: /, '').replace(/;\s*\[?map\[.*$/, '').replace(/\s+/g, ' ').trim();
}

async function cosign(args: string[], options: { password?: string; registry?: CosignRegistry }): Promise<RunResult & { reason: string }> {
  const tool = await resolveTool('cosign');
  const secrets = [options.password ?? '', options.registry?.credentials?.password ?? ''];
  const timeoutMs = settings().CHARTKIT_PUBLISH_TIMEOUT_MS || 300_000;
  let result: RunResult;
  try {
    result = await run(tool.path, args, {
      timeoutMs,
      env: {
        // Only the commands that read the private key get its password (empty: a key without one,
        // and never a prompt); the others get none.
        COSIGN_PASSWORD: options.password,
        COSIGN_REGISTRY_USERNAME: options.registry?.credentials?.username,
        COSIGN_REGISTRY_PASSWORD: options.registry?.credentials?.password,
        COSIGN_REGISTRY_TOKEN: undefined,
      },
    });
  } catch (error) {
    if (error instanceof ChartkitError && /timed out/.test(error.message)) {
      throw new RegistryError('transient', `cosign ${args[0]}: timed out after ${timeoutMs} ms`, `timed out after ${timeoutMs} ms`);
    }
    throw error;
  }
  const clean = (s: string): string => redact(s, secrets);
  const scrubbed = { exitCode: result.exitCode, stdout: clean(result.stdout), stderr: clean(result.stderr), all: clean(result.all) };
  return { ...scrubbed, reason: reasonOf(scrubbed) };
}

/** A failed registry operation of cosign, classified like Helm's (transient ones are retried). */
function registryFailure(what: string, result: RunResult & { reason: string }): RegistryError {
  return new RegistryError(classifyRegistryOutput(result.all), `${what}: ${result.reason}`, result.reason, [result.all]);
}

/**
 * The public key (PEM) of a cosign private key: proves the password decrypts the key. A wrong
 * password is a ChartkitError naming the variables, before anything is signed.
 */
export async function cosignPublicKeyOf(key: string, password: string): Promise<string> {
  const result = await cosign(['public-key', '--key', path.resolve(key)], { password });
  if (result.exitCode === 0) return result.stdout;
  if (/decrypt|decryption failed|password/i.test(result.reason)) {
    throw new ChartkitError('USAGE', `CHARTKIT_COSIGN_KEY=${key}: cosign cannot decrypt the key with CHARTKIT_COSIGN_PASSWORD (wrong or missing password); set CHARTKIT_COSIGN_PASSWORD to the key's password`);
  }
  throw new ChartkitError('USAGE', `CHARTKIT_COSIGN_KEY=${key}: not a usable cosign private key (${result.reason}); create a key pair with cosign generate-key-pair`, { details: [result.all] });
}

/** Sign `image@digest` with the key and store the signature in the registry (no transparency log). */
export async function cosignSign(image: string, digest: string, key: string, password: string, registry: CosignRegistry): Promise<void> {
  const ref = `${image}@${digest}`;
  const result = await cosign(['sign', '--key', path.resolve(key), '--tlog-upload=false', '--yes', ...registryArgs(registry), ref], { password, registry });
  if (result.exitCode !== 0) throw registryFailure(`cosign sign ${ref} failed`, result);
}

/** Verify the signatures of `image@digest` with the public key, offline. */
export async function cosignVerify(image: string, digest: string, publicKey: string, registry: CosignRegistry): Promise<CosignVerdict> {
  const ref = `${image}@${digest}`;
  const result = await cosign(
    ['verify', '--key', path.resolve(publicKey), '--insecure-ignore-tlog=true', '--trusted-root', OFFLINE_TRUSTED_ROOT, '--output', 'json', ...registryArgs(registry), ref],
    { registry },
  );
  // cosign's exit codes (cmd/cosign/errors): 10 no signatures, 12 no signature verifies.
  if (result.exitCode === 0) return { kind: 'verified' };
  if (result.exitCode === 10) return { kind: 'unsigned', reason: result.reason };
  if (result.exitCode === 12) return { kind: 'mismatch', reason: result.reason };
  throw registryFailure(`cosign verify ${ref} failed`, result);
}

/** The manifest digest a tag points at, resolved by cosign (its signature tag is `sha256-<hex>.sig`). */
export async function cosignDigestOf(image: string, tag: string, registry: CosignRegistry): Promise<string> {
  const ref = `${image}:${tag}`;
  const result = await cosign(['triangulate', ...registryArgs(registry), ref], { registry });
  if (result.exitCode !== 0) throw registryFailure(`cosign triangulate ${ref} failed`, result);
  const hex = /:sha256-([0-9a-f]{64})\.sig\s*$/.exec(result.stdout.trim())?.[1];
  if (!hex) throw new RegistryError('fatal', `cosign triangulate ${ref}: unexpected answer "${result.stdout.trim()}"`, 'unexpected answer');
  return `sha256:${hex}`;
}
