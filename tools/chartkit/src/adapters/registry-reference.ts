import { ChartkitError } from '../core/errors.ts';

/** Where an OCI registry is (oci://host[:port]/path), how to reach it, and the credentials chartkit may hold for it. */

export interface OciOptions {
  /** oci://host[:port]/path */
  ref: string;
  plainHttp?: boolean;
  caFile?: string;
  /** Skip TLS certificate verification. */
  insecure?: boolean;
}

export interface RegistryCredentials {
  username: string;
  password: string;
  /** Where they came from, for messages (e.g. "CHARTKIT_REGISTRY_USERNAME / CHARTKIT_REGISTRY_PASSWORD"). */
  source: string;
  /** The environment variable holding the password, kept out of Helm's environment. */
  passwordEnv?: string;
}

export interface OciReference {
  host: string;
  /** Repository path below the host, without leading or trailing slash (may be empty). */
  path: string;
}

export function parseOciRef(ref: string): OciReference {
  // Credentials in the reference would be printed by every message that names the target: refuse
  // them without echoing the reference.
  if (/^[a-z]+:\/\/[^/\s]*@/i.test(ref)) {
    throw new ChartkitError('USAGE', 'the registry reference contains credentials (user:password@host); remove them and set CHARTKIT_REGISTRY_USERNAME and CHARTKIT_REGISTRY_PASSWORD (or run helm registry login)');
  }
  const m = /^oci:\/\/([^/\s]+)(?:\/([^\s]*?))?\/?$/.exec(ref);
  if (!m) throw new ChartkitError('USAGE', `"${ref}" is not an OCI registry reference; use oci://host[:port]/path, e.g. oci://ghcr.io/OWNER/charts`);
  return { host: m[1]!, path: m[2] ?? '' };
}

/** Credentials from the environment (both variables or neither). */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env, names = { username: 'CHARTKIT_REGISTRY_USERNAME', password: 'CHARTKIT_REGISTRY_PASSWORD' }): RegistryCredentials | undefined {
  const username = env[names.username];
  const password = env[names.password];
  if (!username && !password) return undefined;
  if (!username || !password) {
    const missing = username ? names.password : names.username;
    throw new ChartkitError('USAGE', `${username ? names.username : names.password} is set but ${missing} is not; set both, or neither to use Helm's registry login`);
  }
  return { username, password, source: `${names.username} / ${names.password}`, passwordEnv: names.password };
}
