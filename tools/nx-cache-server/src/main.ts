import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { parseCommand, USAGE, UsageError, type Config, type Env } from './config.ts';
import { S3Error, S3Store } from './s3.ts';
import { createCacheServer } from './server.ts';
import { describeSweep, sweep } from './sweep.ts';

const log = (line: string): void => {
  process.stderr.write(`nx-cache-server: ${line}\n`);
};

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/** Serve until SIGINT or SIGTERM; then stop accepting, let running transfers finish (10 s at most), exit 130/143. */
async function serve(config: Config, store: S3Store): Promise<number> {
  // Taken over before the URL is printed: whoever reads it may signal at once.
  const stopSignal = new Promise<string>((resolve) => {
    for (const s of Object.keys(SIGNAL_EXIT)) process.once(s, () => resolve(s));
  });
  const server = createCacheServer({ store, readWriteTokens: config.readWriteTokens, readOnlyTokens: config.readOnlyTokens, maxEntrySize: config.limits.maxEntrySize, log });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  }).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot listen on ${config.host}:${config.port} (${error.code ?? error.message}); choose another --port or --host`);
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  process.stdout.write(`nx-cache-server: listening on http://${host}:${port}\n`);

  let sweeping: Promise<void> | undefined;
  const runSweep = (): void => {
    sweeping ??= sweep(store, config.limits)
      .then((result) => {
        if (result.expired.length + result.overSize.length > 0) log(describeSweep(result));
      })
      .catch((error: unknown) => log(`sweep failed: ${(error as Error).message}`))
      .finally(() => {
        sweeping = undefined;
      });
  };
  runSweep();
  const timer = config.sweepIntervalMs > 0 ? setInterval(runSweep, config.sweepIntervalMs) : undefined;

  const signal = await stopSignal;
  log(`${signal}: stopping (running transfers may finish for 10 s)`);
  if (timer) clearInterval(timer);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), 10_000);
  await closed;
  clearTimeout(force);
  await sweeping;
  return SIGNAL_EXIT[signal]!;
}

/**
 * Whether Nx can use the cache at `url` with `token`: a GET of a hash that is never stored must
 * answer 404 (or 200) within 5 s. Works with any server of the protocol, not only this one.
 */
async function probe(url: string, token: string | undefined): Promise<number> {
  let status: number;
  try {
    const response = await fetch(`${url}/v1/cache/0`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(5000) });
    await response.body?.cancel();
    status = response.status;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error as Error).message;
    log(`probe: ${url} is unreachable (${why}); Nx would fail the run, so run it with NX_SKIP_REMOTE_CACHE=true`);
    return 1;
  }
  if (status === 404 || status === 200) {
    process.stdout.write(`nx-cache-server: probe: ${url} is usable\n`);
    return 0;
  }
  const why = status === 401 || status === 403 ? 'refused the token (NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN)' : `answered ${status}`;
  log(`probe: ${url} ${why}; Nx would fail the run, so run it with NX_SKIP_REMOTE_CACHE=true`);
  return 1;
}

export async function main(argv: string[], env: Env = process.env): Promise<number> {
  try {
    const parsed = parseCommand(argv, env, (file) => readFileSync(file, 'utf8'));
    if (parsed.command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (parsed.command === 'version') {
      const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
      process.stdout.write(`${pkg.version}\n`);
      return 0;
    }
    if (parsed.command === 'probe') return await probe(parsed.url, parsed.token);
    const store = new S3Store(parsed.config.store);
    await store.check();
    if (parsed.command === 'sweep') {
      process.stdout.write(`${describeSweep(await sweep(store, parsed.config.limits))}\n`);
      return 0;
    }
    return await serve(parsed.config, store);
  } catch (error) {
    if (error instanceof UsageError || error instanceof S3Error) {
      log(error.message);
      return 1;
    }
    process.stderr.write(`nx-cache-server: internal error (a bug; please report it):\n${(error as Error).stack ?? String(error)}\n`);
    return 2;
  }
}
