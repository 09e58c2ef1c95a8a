import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { S3Store } from './s3.ts';

/**
 * The HTTP side of Nx's self-hosted remote cache protocol (OpenAPI "Nx custom remote cache
 * specification", Nx >= 20.8):
 *
 *   GET /v1/cache/{hash}  200 with the tar archive (application/octet-stream), 404 when absent,
 *                         401 without a valid bearer token
 *   PUT /v1/cache/{hash}  202 stored, 409 when the entry exists (entries are never overwritten),
 *                         401 without a valid token, 403 with a read-only token; 400 without a
 *                         Content-Length (Nx always sends one)
 *
 * A cache must never fail a build, and Nx 22 fails the task (PUT) or the whole run (GET) on any
 * other status: a 413 or a 5xx included. So an entry beyond the size limit, and a PUT while the
 * storage fails, are answered 403 (not stored; Nx carries on, as for a read-only token), and a GET
 * while the storage fails is a 404 (a miss: the task runs). The reason goes to the log and, as
 * text/plain, to the client. GET /healthz answers 200 without a token, for load balancers and probes.
 */
export type Role = 'read-write' | 'read-only';

export interface ServerOptions {
  store: Pick<S3Store, 'head' | 'get' | 'put'>;
  readWriteTokens: readonly string[];
  readOnlyTokens: readonly string[];
  maxEntrySize: number;
  /** One line per problem (never a token). */
  log: (line: string) => void;
}

const HASH = /^[A-Za-z0-9_-]{1,128}$/;

const digest = (token: string): Buffer => createHash('sha256').update(token).digest();

/** Compares digests in constant time, so a token cannot be guessed byte by byte from timings. */
export function authorizer(readWriteTokens: readonly string[], readOnlyTokens: readonly string[]): (header: string | undefined) => Role | undefined {
  const known: [Buffer, Role][] = [...readWriteTokens.map((t) => [digest(t), 'read-write'] as [Buffer, Role]), ...readOnlyTokens.map((t) => [digest(t), 'read-only'] as [Buffer, Role])];
  return (header) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!m) return undefined;
    const given = digest(m[1]!);
    let role: Role | undefined;
    for (const [d, r] of known) if (timingSafeEqual(d, given) && role === undefined) role = r;
    return role;
  };
}

/** Read and discard the rest of a request body, so that the client, which sends it whole before it reads, gets the answer. */
function drain(req: http.IncomingMessage): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    req.on('end', resolve).on('error', () => resolve()).on('close', resolve);
    req.resume();
  });
}

function reply(res: http.ServerResponse, status: number, message?: string, headers: http.OutgoingHttpHeaders = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = message === undefined ? '' : `${message}\n`;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

export function createCacheServer(options: ServerOptions): http.Server {
  const roleOf = authorizer(options.readWriteTokens, options.readOnlyTokens);

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://cache');
    if (url.pathname === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) return reply(res, 200, 'ok');
    const m = /^\/v1\/cache\/([^/]*)$/.exec(url.pathname);
    if (!m) return reply(res, 404, 'Not found: the cache is at /v1/cache/{hash}');
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'PUT') return reply(res, 405, `Method ${req.method} not allowed`, { allow: 'GET, HEAD, PUT' });
    const role = roleOf(req.headers.authorization);
    if (!role) return reply(res, 401, 'Missing or invalid authentication token.', { 'www-authenticate': 'Bearer' });
    const hash = decodeURIComponent(m[1]!);
    if (!HASH.test(hash)) return reply(res, 400, 'Invalid hash: letters, digits, "-" and "_" only, at most 128.');

    if (req.method === 'PUT') {
      if (role !== 'read-write') {
        await drain(req);
        return reply(res, 403, 'Access forbidden: this token is read-only.');
      }
      const lengthHeader = req.headers['content-length'];
      if (lengthHeader === undefined || !/^\d+$/.test(lengthHeader)) return reply(res, 400, 'Missing or invalid Content-Length header.', { connection: 'close' });
      const size = Number(lengthHeader);
      if (size > options.maxEntrySize) {
        options.log(`PUT ${hash}: not stored, ${size} bytes is beyond --max-entry-size (${options.maxEntrySize})`);
        await drain(req);
        return reply(res, 403, `Not stored: the entry of ${size} bytes is larger than this cache's limit (${options.maxEntrySize} bytes).`);
      }
      let outcome: 'created' | 'exists';
      try {
        outcome = (await options.store.head(hash)) ? 'exists' : await options.store.put(hash, req, size);
      } catch (error) {
        if (req.destroyed || res.destroyed) throw error;
        options.log(`PUT ${hash}: not stored, ${(error as Error).message}`);
        await drain(req);
        return reply(res, 403, 'Not stored: the cache storage is unavailable.');
      }
      if (outcome === 'exists') {
        await drain(req);
        return reply(res, 409, 'Cannot override an existing record.');
      }
      return reply(res, 202);
    }

    const abort = new AbortController();
    res.on('close', () => abort.abort());
    let found: Awaited<ReturnType<ServerOptions['store']['get']>>;
    try {
      found = await options.store.get(hash, abort.signal);
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      options.log(`GET ${hash}: answered as a miss, ${(error as Error).message}`);
      return reply(res, 404, 'The record was not found (the cache storage is unavailable).');
    }
    if (!found) return reply(res, 404, 'The record was not found.');
    res.writeHead(200, { 'content-type': 'application/octet-stream', ...(found.size !== undefined ? { 'content-length': found.size } : {}) });
    if (req.method === 'HEAD') {
      found.body.destroy();
      res.end();
      return;
    }
    await pipeline(found.body, res);
  }

  return http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if ((error as Error).name === 'AbortError' || (error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
      options.log(`${req.method} ${req.url}: ${(error as Error).message}`);
      reply(res, 500, 'Internal error of the cache server.', { connection: 'close' });
    });
  });
}
