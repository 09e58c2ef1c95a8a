import { parseArgs } from 'node:util';

/**
 * Flags and environment variables, turned into one typed configuration. Pure: the environment and
 * the file reader are handed in, so the tests feed it anything. Every bad value is a UsageError
 * whose one-line message names the flag or variable and says what to do.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface StoreConfig {
  bucket: string;
  /** '' or ending in '/'. */
  prefix: string;
  endpoint: string;
  region: string;
  pathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string | undefined;
}

export interface Limits {
  /** Bytes one entry may have; a larger PUT is refused with 413. */
  maxEntrySize: number;
  /** Bytes the store may hold; the sweep deletes the oldest entries beyond it. */
  maxTotalSize: number;
  /** Entries older than this are deleted by the sweep. */
  maxAgeMs: number;
}

export interface Config {
  host: string;
  port: number;
  store: StoreConfig;
  limits: Limits;
  /** 0: no periodic sweep. */
  sweepIntervalMs: number;
  readWriteTokens: string[];
  readOnlyTokens: string[];
}

export type Command = { command: 'help' } | { command: 'version' } | { command: 'probe'; url: string; token: string | undefined } | { command: 'serve' | 'sweep'; config: Config };

export type Env = Record<string, string | undefined>;

export const MIN_TOKEN_LENGTH = 16;

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  bucket: { type: 'string' },
  prefix: { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  'path-style': { type: 'boolean' },
  'read-write-token-file': { type: 'string' },
  'read-only-token-file': { type: 'string' },
  'max-entry-size': { type: 'string' },
  'max-total-size': { type: 'string' },
  'max-age': { type: 'string' },
  'sweep-interval': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

export const USAGE = `Usage: nx-cache-server [serve|sweep] [flags]

A self-hosted Nx remote cache (GET/PUT /v1/cache/{hash}, Nx >= 20.8) backed by an S3-compatible bucket.
Point Nx at it with NX_SELF_HOSTED_REMOTE_CACHE_SERVER=<url> and NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN=<token>.

Commands:
  serve (default)              Serve the cache; prints "nx-cache-server: listening on <url>" on stdout.
  sweep                        Delete entries beyond --max-age and --max-total-size once, then exit.
  probe [URL]                  Client side: exit 0 when the cache at URL (default NX_SELF_HOSTED_REMOTE_CACHE_SERVER)
                               answers and accepts NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN, else 1. Nx fails a run
                               when its remote cache is unreachable, so CI probes first and sets
                               NX_SKIP_REMOTE_CACHE=true when this fails.

Flags (environment variable in brackets; a flag wins):
  --host HOST                  Address to listen on [NX_CACHE_SERVER_HOST] (default 127.0.0.1)
  --port PORT                  Port; 0 picks a free one [NX_CACHE_SERVER_PORT] (default 8090)
  --bucket NAME                S3 bucket [NX_CACHE_SERVER_BUCKET] (required)
  --prefix PREFIX              Key prefix inside the bucket, e.g. nx/ [NX_CACHE_SERVER_PREFIX] (default none)
  --endpoint URL               S3 endpoint [AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL] (default https://s3.<region>.amazonaws.com)
  --region REGION              [AWS_REGION, AWS_DEFAULT_REGION] (default us-east-1)
  --path-style                 Path-style URLs (endpoint/bucket/key), for MinIO, versitygw and other local servers
                               [NX_CACHE_SERVER_PATH_STYLE=true]
  --read-write-token-file F    Tokens that may read and write, one a line [NX_CACHE_SERVER_READ_WRITE_TOKENS, comma-separated]
  --read-only-token-file F     Tokens that may only read [NX_CACHE_SERVER_READ_ONLY_TOKENS, comma-separated]
  --max-entry-size SIZE        Largest entry accepted (413 beyond) [NX_CACHE_SERVER_MAX_ENTRY_SIZE] (default 512MiB)
  --max-total-size SIZE        Store size the sweep keeps, oldest deleted first [NX_CACHE_SERVER_MAX_TOTAL_SIZE] (default 20GiB)
  --max-age DURATION           Entries older than this are deleted [NX_CACHE_SERVER_MAX_AGE] (default 7d)
  --sweep-interval DURATION    How often serve sweeps; 0 never [NX_CACHE_SERVER_SWEEP_INTERVAL] (default 1h)
  -h, --help, --version

S3 credentials come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN only (never flags).
SIZE: a number of bytes with an optional unit (KB, MB, GB, KiB, MiB, GiB, TiB). DURATION: 30s, 15m, 1h, 7d.
Exit codes: 0 done, 1 bad flag or environment, S3 unreachable or refused (probe: cache not usable), 2 internal error, 130/143 SIGINT/SIGTERM.`;

const UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };

export function parseSize(text: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = UNITS[(m?.[2] || 'b').toLowerCase()];
  if (!m || unit === undefined) throw new UsageError(`${what}: "${text}" is not a size; write bytes or a number with KB, MB, GB, KiB, MiB, GiB or TiB (e.g. 512MiB)`);
  const bytes = Math.floor(Number(m[1]) * unit);
  if (bytes <= 0) throw new UsageError(`${what}: must be more than 0 bytes`);
  return bytes;
}

const DURATIONS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string, what: string, allowZero = false): number {
  const trimmed = text.trim();
  if (allowZero && trimmed === '0') return 0;
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(trimmed);
  const ms = m ? Number(m[1]) * DURATIONS[m[2]!]! : 0;
  if (!m || ms <= 0) throw new UsageError(`${what}: "${text}" is not a duration; write a number with ms, s, m, h or d (e.g. 7d${allowZero ? ', or 0 for never' : ''})`);
  return ms;
}

/** One token a line (or comma-separated in a variable); blank lines and # comments are skipped. */
function tokensFrom(text: string, source: string, separator: RegExp): string[] {
  const tokens = text
    .split(separator)
    .map((t) => t.trim())
    .filter((t) => t !== '' && !t.startsWith('#'));
  for (const t of tokens) {
    if (t.length < MIN_TOKEN_LENGTH) throw new UsageError(`${source}: a token is shorter than ${MIN_TOKEN_LENGTH} characters; use a random one (e.g. openssl rand -hex 32)`);
    if (!/^[\x21-\x7e]+$/.test(t)) throw new UsageError(`${source}: a token contains spaces or non-ASCII characters; use printable ASCII only (e.g. openssl rand -hex 32)`);
  }
  return tokens;
}

function readTokens(flag: string | undefined, flagName: string, envName: string, env: Env, readFile: (file: string) => string): string[] {
  const out: string[] = [];
  if (flag) {
    let text: string;
    try {
      text = readFile(flag);
    } catch (error) {
      throw new UsageError(`--${flagName} ${flag}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)}); give a readable file with one token a line`);
    }
    out.push(...tokensFrom(text, `--${flagName} ${flag}`, /\r?\n/));
  }
  const fromEnv = env[envName];
  if (fromEnv) out.push(...tokensFrom(fromEnv, envName, /,/));
  return out;
}

function boolEnv(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^(1|true|yes)$/i.test(value)) return true;
  if (/^(0|false|no)$/i.test(value)) return false;
  throw new UsageError(`${name}="${value}": write true or false`);
}

const pick = (...values: (string | undefined)[]): string | undefined => values.find((v) => v !== undefined && v !== '');

export function parseCommand(argv: string[], env: Env, readFile: (file: string) => string): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message;
    const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
    if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown flag ${flag ?? ''}; see nx-cache-server --help`);
    if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`${flag ?? 'a flag'} needs a value; see nx-cache-server --help`);
    throw new UsageError(`${message.split('\n')[0]}; see nx-cache-server --help`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  if (positionals[0] === 'probe' && positionals.length <= 2) {
    const url = pick(positionals[1], env.NX_SELF_HOSTED_REMOTE_CACHE_SERVER);
    if (!url) throw new UsageError('probe: no URL; give one or set NX_SELF_HOSTED_REMOTE_CACHE_SERVER');
    if (!/^https?:\/\/[^/]/.test(url)) throw new UsageError(`probe: "${url}" is not an http:// or https:// URL`);
    return { command: 'probe', url: url.replace(/\/+$/, ''), token: env.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN || undefined };
  }
  if (positionals.length > 1 || (positionals[0] !== undefined && positionals[0] !== 'serve' && positionals[0] !== 'sweep')) {
    throw new UsageError(`unknown command "${positionals.join(' ')}"; the commands are serve (the default), sweep and probe`);
  }
  const command = (positionals[0] ?? 'serve') as 'serve' | 'sweep';

  const host = pick(values.host, env.NX_CACHE_SERVER_HOST) ?? '127.0.0.1';
  const portText = pick(values.port, env.NX_CACHE_SERVER_PORT) ?? '8090';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError(`${values.port !== undefined ? '--port' : 'NX_CACHE_SERVER_PORT'}: "${portText}" is not a port; give 0-65535 (0 picks a free one)`);

  const bucket = pick(values.bucket, env.NX_CACHE_SERVER_BUCKET);
  if (!bucket) throw new UsageError('no bucket: give --bucket NAME or set NX_CACHE_SERVER_BUCKET');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new UsageError(`--bucket "${bucket}" is not an S3 bucket name (3-63 lower-case letters, digits, dots and hyphens)`);
  let prefix = pick(values.prefix, env.NX_CACHE_SERVER_PREFIX) ?? '';
  if (prefix && !/^[A-Za-z0-9._/-]+$/.test(prefix)) throw new UsageError(`--prefix "${prefix}": use letters, digits, '.', '_', '-' and '/' only`);
  prefix = prefix.replace(/^\/+/, '');
  if (prefix && !prefix.endsWith('/')) prefix += '/';

  const region = pick(values.region, env.AWS_REGION, env.AWS_DEFAULT_REGION) ?? 'us-east-1';
  const endpointText = pick(values.endpoint, env.AWS_ENDPOINT_URL_S3, env.AWS_ENDPOINT_URL) ?? `https://s3.${region}.amazonaws.com`;
  let endpoint: URL;
  try {
    endpoint = new URL(endpointText);
  } catch {
    throw new UsageError(`--endpoint "${endpointText}" is not a URL; give e.g. https://s3.eu-west-1.amazonaws.com or http://127.0.0.1:7070`);
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') throw new UsageError(`--endpoint "${endpointText}": use an http:// or https:// URL`);
  const pathStyle = values['path-style'] ?? boolEnv(env.NX_CACHE_SERVER_PATH_STYLE, 'NX_CACHE_SERVER_PATH_STYLE') ?? false;

  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new UsageError(`no S3 credentials: set ${!accessKeyId ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY'} (and AWS_SESSION_TOKEN for temporary credentials)`);

  const readWriteTokens = readTokens(values['read-write-token-file'], 'read-write-token-file', 'NX_CACHE_SERVER_READ_WRITE_TOKENS', env, readFile);
  const readOnlyTokens = readTokens(values['read-only-token-file'], 'read-only-token-file', 'NX_CACHE_SERVER_READ_ONLY_TOKENS', env, readFile);
  if (command === 'serve' && readWriteTokens.length + readOnlyTokens.length === 0) {
    throw new UsageError('no access token: set NX_CACHE_SERVER_READ_WRITE_TOKENS (and NX_CACHE_SERVER_READ_ONLY_TOKENS), or give --read-write-token-file FILE');
  }
  const both = readWriteTokens.find((t) => readOnlyTokens.includes(t));
  if (both) throw new UsageError('a token is both read-write and read-only; give each token one role');

  const flagOrEnv = (flag: string, envName: string): [string | undefined, string] => [pick(values[flag as keyof typeof values] as string | undefined, env[envName]), values[flag as keyof typeof values] !== undefined ? `--${flag}` : envName];
  const size = (flag: string, envName: string, fallback: string): number => {
    const [text, what] = flagOrEnv(flag, envName);
    return parseSize(text ?? fallback, what);
  };
  const duration = (flag: string, envName: string, fallback: string, allowZero = false): number => {
    const [text, what] = flagOrEnv(flag, envName);
    return parseDuration(text ?? fallback, what, allowZero);
  };
  const limits: Limits = {
    maxEntrySize: size('max-entry-size', 'NX_CACHE_SERVER_MAX_ENTRY_SIZE', '512MiB'),
    maxTotalSize: size('max-total-size', 'NX_CACHE_SERVER_MAX_TOTAL_SIZE', '20GiB'),
    maxAgeMs: duration('max-age', 'NX_CACHE_SERVER_MAX_AGE', '7d'),
  };
  if (limits.maxEntrySize > limits.maxTotalSize) throw new UsageError('--max-entry-size is larger than --max-total-size; an entry that size would be deleted by the next sweep');
  const sweepIntervalMs = duration('sweep-interval', 'NX_CACHE_SERVER_SWEEP_INTERVAL', '1h', true);

  return {
    command,
    config: {
      host,
      port,
      store: { bucket, prefix, endpoint: endpoint.toString().replace(/\/+$/, ''), region, pathStyle, accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || undefined },
      limits,
      sweepIntervalMs,
      readWriteTokens,
      readOnlyTokens,
    },
  };
}
