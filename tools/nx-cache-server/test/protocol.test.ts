import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET, freePort, RO_TOKEN, RW_TOKEN, runCli, s3Env, startCacheServer, startVersitygw, type CacheServer, type S3Server } from './helpers.ts';

/** The protocol of Nx's self-hosted remote cache, spoken by the real CLI to a real S3 server (versitygw). */
let s3: S3Server;
let server: CacheServer;
const rw = { authorization: `Bearer ${RW_TOKEN}` };
const ro = { authorization: `Bearer ${RO_TOKEN}` };
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
let counter = 0;
const newHash = (): string => `${Date.now()}${process.pid}${counter++}`;

const put = (base: string, hash: string, body: Uint8Array, headers: Record<string, string> = rw) =>
  fetch(`${base}/v1/cache/${hash}`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(body.length) }, body });
const get = (base: string, hash: string, headers: Record<string, string> = rw) => fetch(`${base}/v1/cache/${hash}`, { headers });
/** The objects of the bucket, as files of versitygw's posix backend. */
const stored = (): string[] => readdirSync(path.join(s3.dir, BUCKET), { recursive: true }).map(String).filter((f) => !f.startsWith('.'));

beforeAll(async () => {
  s3 = await startVersitygw();
  server = await startCacheServer(s3, ['--max-entry-size', '8MiB', '--prefix', 'nx']);
});
afterAll(async () => {
  await server?.stop();
  await s3?.stop();
});

describe('GET and PUT /v1/cache/{hash}', () => {
  it('round trip: PUT 202, then GET 200 returns the same bytes (5 MiB, streamed)', async () => {
    const hash = newHash();
    const body = randomBytes(5 * 2 ** 20);
    const started = Date.now();
    const stored1 = await put(server.url, hash, body);
    expect(stored1.status).toBe(202);
    const back = await get(server.url, hash);
    expect(back.status).toBe(200);
    expect(back.headers.get('content-type')).toBe('application/octet-stream');
    expect(back.headers.get('content-length')).toBe(String(body.length));
    expect(sha(new Uint8Array(await back.arrayBuffer()))).toBe(sha(body));
    console.log(`5 MiB PUT + GET through versitygw: ${Date.now() - started} ms`);
    expect(existsSync(path.join(s3.dir, BUCKET, 'nx', hash))).toBe(true);
  });

  it('GET of an unknown hash is 404', async () => {
    expect((await get(server.url, newHash())).status).toBe(404);
  });

  it('PUT of an existing hash is 409 and leaves the entry as it was', async () => {
    const hash = newHash();
    expect((await put(server.url, hash, Buffer.from('first'))).status).toBe(202);
    const again = await put(server.url, hash, Buffer.from('second'));
    expect(again.status).toBe(409);
    expect(await (await get(server.url, hash)).text()).toBe('first');
  });

  it('401 without a token or with a wrong one, for GET and PUT; the message is plain text', async () => {
    const hash = newHash();
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-token-0123456789' }, { authorization: `Basic ${RW_TOKEN}` }];
    for (const headers of attempts) {
      const g = await get(server.url, hash, headers);
      expect(g.status).toBe(401);
      expect(g.headers.get('content-type')).toMatch(/^text\/plain/);
      expect((await put(server.url, hash, Buffer.from('x'), headers)).status).toBe(401);
    }
    expect((await get(server.url, hash)).status).toBe(404);
  });

  it('a read-only token reads, and its PUT is 403 and stores nothing', async () => {
    const hash = newHash();
    expect((await put(server.url, hash, Buffer.from('shared'))).status).toBe(202);
    expect(await (await get(server.url, hash, ro)).text()).toBe('shared');
    const other = newHash();
    const refused = await put(server.url, other, Buffer.from('poison'), ro);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/read-only/);
    expect((await get(server.url, other)).status).toBe(404);
  });

  it('an entry beyond --max-entry-size is refused (403: Nx carries on) before its body is read, and not stored', async () => {
    const hash = newHash();
    const refused = await put(server.url, hash, randomBytes(8 * 2 ** 20 + 1));
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/larger than this cache's limit \(8388608 bytes\)/);
    expect((await get(server.url, hash)).status).toBe(404);
    expect(server.output().stderr).toContain(`PUT ${hash}: not stored, 8388609 bytes is beyond --max-entry-size`);
  });

  it('a hash that is not a plain name is 400; other paths 404; other methods 405; /healthz needs no token', async () => {
    expect((await get(server.url, 'a.b')).status).toBe(400);
    expect((await fetch(`${server.url}/v1/cache/..%2Fescape`, { headers: rw })).status).toBe(400);
    expect((await fetch(`${server.url}/v2/cache/1`, { headers: rw })).status).toBe(404);
    expect((await fetch(`${server.url}/v1/cache/1`, { method: 'DELETE', headers: rw })).status).toBe(405);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('tokens and S3 secrets never appear in its output', () => {
    const { stdout, stderr } = server.output();
    for (const secret of [RW_TOKEN, RO_TOKEN, s3Env(s3).AWS_SECRET_ACCESS_KEY!]) expect(stdout + stderr).not.toContain(secret);
    expect(stdout).toMatch(/^nx-cache-server: listening on http:\/\/127\.0\.0\.1:\d+\n$/);
  });
});

describe('the store: eviction sweep', () => {
  it('sweep deletes the oldest entries beyond --max-total-size, then everything beyond --max-age; serve sweeps every --sweep-interval', async () => {
    const own = await startCacheServer(s3, ['--prefix', 'sweep', '--max-entry-size', '1000', '--sweep-interval', '0']);
    try {
      const hashes = [newHash(), newHash(), newHash()];
      for (const hash of hashes) {
        expect((await put(own.url, hash, randomBytes(1000))).status).toBe(202);
        await new Promise((r) => setTimeout(r, 1100)); // S3 times are in seconds
      }
      const args = ['sweep', '--bucket', BUCKET, '--path-style', '--prefix', 'sweep', '--max-entry-size', '1000'];
      const bySize = await runCli([...args, '--max-total-size', '2500'], s3Env(s3));
      expect(bySize.exitCode, bySize.stderr).toBe(0);
      expect(bySize.stdout).toBe('sweep: deleted 1 entry (1000 bytes; 0 past --max-age, 1 beyond --max-total-size), kept 2 (2000 bytes)\n');
      expect((await get(own.url, hashes[0]!)).status).toBe(404);
      expect((await get(own.url, hashes[1]!)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 2100));
      const byAge = await runCli([...args, '--max-age', '2s'], s3Env(s3));
      expect(byAge.stdout).toMatch(/^sweep: deleted 2 entries \(2000 bytes; 2 past --max-age, 0 beyond/);
      expect(stored().filter((f) => f.startsWith('sweep/'))).toEqual([]);
    } finally {
      await own.stop();
    }
    const periodic = await startCacheServer(s3, ['--prefix', 'periodic', '--max-entry-size', '1000', '--max-age', '1s', '--sweep-interval', '1s']);
    try {
      const hash = newHash();
      expect((await put(periodic.url, hash, randomBytes(10))).status).toBe(202);
      let gone = false;
      for (let i = 0; i < 40 && !gone; i++) {
        await new Promise((r) => setTimeout(r, 250));
        gone = (await get(periodic.url, hash)).status === 404;
      }
      expect(gone).toBe(true);
      expect(periodic.output().stderr).toMatch(/sweep: deleted 1 entry/);
    } finally {
      await periodic.stop();
    }
  }, 60_000);
});

describe('the command', () => {
  it('one-line errors and exit 1 for bad flags, unknown buckets and refused credentials', async () => {
    const bad = await runCli(['--port', '0', '--bucket', BUCKET, '--max-age', 'soon'], { ...s3Env(s3), NX_CACHE_SERVER_READ_WRITE_TOKENS: RW_TOKEN });
    expect(bad).toMatchObject({ exitCode: 1, stdout: '' });
    expect(bad.stderr).toBe('nx-cache-server: --max-age: "soon" is not a duration; write a number with ms, s, m, h or d (e.g. 7d)\n');
    const noBucket = await runCli(['--port', '0', '--bucket', 'no-such-bucket', '--path-style'], { ...s3Env(s3), NX_CACHE_SERVER_READ_WRITE_TOKENS: RW_TOKEN });
    expect(noBucket.exitCode).toBe(1);
    expect(noBucket.stderr).toMatch(/^nx-cache-server: bucket "no-such-bucket" does not exist at http:\/\/127\.0\.0\.1:\d+; create it, or fix --bucket\/--endpoint\n$/);
    const wrongKey = await runCli(['--port', '0', '--bucket', BUCKET, '--path-style'], { ...s3Env(s3), AWS_SECRET_ACCESS_KEY: 'not-the-secret', NX_CACHE_SERVER_READ_WRITE_TOKENS: RW_TOKEN });
    expect(wrongKey.exitCode).toBe(1);
    expect(wrongKey.stderr).toMatch(/^nx-cache-server: bucket "nx-cache": S3 at \S+ refused the credentials \(403\); check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and --region\n$/);
    expect(wrongKey.stderr).not.toContain('not-the-secret');
  });

  it('SIGINT and SIGTERM stop it gracefully: exit 130 and 143', async () => {
    const a = await startCacheServer(s3, ['--sweep-interval', '0']);
    a.child.kill('SIGINT');
    expect(await new Promise((r) => a.child.once('exit', r))).toBe(130);
    const b = await startCacheServer(s3, ['--sweep-interval', '0']);
    expect(await b.stop()).toBe(143);
    expect(b.output().stderr).toContain('SIGTERM: stopping');
  });

  it('probe: 0 when the cache answers and takes the token; 1 with a wrong token or when it is down', async () => {
    const ok = await runCli(['probe', server.url], { NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: RO_TOKEN });
    expect(ok.exitCode, ok.stderr).toBe(0);
    const wrong = await runCli(['probe'], { NX_SELF_HOSTED_REMOTE_CACHE_SERVER: server.url, NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: 'wrong-token-0123456789' });
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stderr).toMatch(/refused the token .*NX_SKIP_REMOTE_CACHE=true\n$/);
    const closed = `http://127.0.0.1:${await freePort()}`;
    const down = await runCli(['probe', closed], { NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: RW_TOKEN });
    expect(down.exitCode).toBe(1);
    expect(down.stderr).toBe(`nx-cache-server: probe: ${closed} is unreachable (ECONNREFUSED); Nx would fail the run, so run it with NX_SKIP_REMOTE_CACHE=true\n`);
  });

  it('while S3 is down it stays up: GET is a miss (404), PUT is not stored (403), so Nx carries on', async () => {
    const other = await startVersitygw();
    const own = await startCacheServer(other, ['--sweep-interval', '0']);
    try {
      await other.stop();
      const hash = newHash();
      expect((await get(own.url, hash)).status).toBe(404);
      const refused = await put(own.url, hash, Buffer.from('lost'));
      expect(refused.status).toBe(403);
      expect(await refused.text()).toMatch(/storage is unavailable/);
      expect(own.output().stderr).toMatch(/GET \d+: answered as a miss, GET \d+: cannot reach S3 at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    } finally {
      await own.stop();
    }
  });
});
