import { describe, expect, it } from 'vitest';
import { parseCommand, parseDuration, parseSize, UsageError, type Env } from '../src/config.ts';
import { planSweep } from '../src/sweep.ts';

const S3: Env = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', NX_CACHE_SERVER_READ_WRITE_TOKENS: 'rw-token-0123456789abcdef' };
const noFile = (): string => {
  throw Object.assign(new Error('missing'), { code: 'ENOENT' });
};
const parse = (argv: string[], env: Env = S3, readFile = noFile) => parseCommand(argv, env, readFile);
const problem = (argv: string[], env: Env = S3): string => {
  try {
    parse(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
};

describe('flags and environment', () => {
  it('defaults: 127.0.0.1:8090, AWS endpoint of the region, virtual-hosted, 512MiB, 20GiB, 7d, 1h', () => {
    const c = parse(['--bucket', 'my-cache'], { ...S3, AWS_REGION: 'eu-west-1' });
    expect(c.command).toBe('serve');
    if (c.command !== 'serve') return;
    expect(c.config).toMatchObject({ host: '127.0.0.1', port: 8090, sweepIntervalMs: 3_600_000, readWriteTokens: ['rw-token-0123456789abcdef'], readOnlyTokens: [] });
    expect(c.config.store).toMatchObject({ bucket: 'my-cache', prefix: '', endpoint: 'https://s3.eu-west-1.amazonaws.com', region: 'eu-west-1', pathStyle: false });
    expect(c.config.limits).toEqual({ maxEntrySize: 512 * 2 ** 20, maxTotalSize: 20 * 2 ** 30, maxAgeMs: 7 * 86_400_000 });
  });

  it('flags win over variables; the prefix gets its slash; tokens come from files, one a line', () => {
    const env = { ...S3, NX_CACHE_SERVER_BUCKET: 'from-env', NX_CACHE_SERVER_PORT: '9000', AWS_ENDPOINT_URL: 'http://127.0.0.1:7070' };
    const c = parse(['--bucket', 'from-flag', '--port', '0', '--prefix', 'nx/ci', '--path-style', '--read-only-token-file', 'ro.txt', '--sweep-interval', '0'], env, () => '# readers\nro-token-0123456789abcdef\n\n');
    if (c.command !== 'serve') throw new Error(c.command);
    expect(c.config.port).toBe(0);
    expect(c.config.sweepIntervalMs).toBe(0);
    expect(c.config.store).toMatchObject({ bucket: 'from-flag', prefix: 'nx/ci/', endpoint: 'http://127.0.0.1:7070', pathStyle: true });
    expect(c.config.readOnlyTokens).toEqual(['ro-token-0123456789abcdef']);
  });

  it('sizes and durations', () => {
    expect(parseSize('1.5KiB', 'x')).toBe(1536);
    expect(parseSize('2GB', 'x')).toBe(2e9);
    expect(parseSize('100', 'x')).toBe(100);
    expect(parseDuration('15m', 'x')).toBe(900_000);
    expect(parseDuration('0', 'x', true)).toBe(0);
  });

  it('every bad value is one line that names the flag or variable and what to do', () => {
    expect(problem(['--bogus'])).toBe('unknown flag --bogus; see nx-cache-server --help');
    expect(problem(['--bucket'])).toMatch(/^--bucket needs a value/);
    expect(problem([])).toBe('no bucket: give --bucket NAME or set NX_CACHE_SERVER_BUCKET');
    expect(problem(['--bucket', 'Bad_Name'])).toMatch(/^--bucket "Bad_Name" is not an S3 bucket name/);
    expect(problem(['--bucket', 'b12', '--port', 'http'])).toMatch(/^--port: "http" is not a port/);
    expect(problem(['--bucket', 'b12', '--max-entry-size', '5 parsecs'])).toMatch(/^--max-entry-size: "5 parsecs" is not a size; write bytes or a number with KB/);
    expect(problem(['--bucket', 'b12'], { ...S3, NX_CACHE_SERVER_MAX_AGE: 'forever' })).toMatch(/^NX_CACHE_SERVER_MAX_AGE: "forever" is not a duration/);
    expect(problem(['--bucket', 'b12', '--endpoint', 'ftp://x'])).toMatch(/^--endpoint "ftp:\/\/x": use an http/);
    expect(problem(['--bucket', 'b12'], { NX_CACHE_SERVER_READ_WRITE_TOKENS: 'rw-token-0123456789abcdef' })).toMatch(/^no S3 credentials: set AWS_ACCESS_KEY_ID/);
    expect(problem(['--bucket', 'b12'], { ...S3, NX_CACHE_SERVER_READ_WRITE_TOKENS: '' })).toMatch(/^no access token: set NX_CACHE_SERVER_READ_WRITE_TOKENS/);
    expect(problem(['--bucket', 'b12'], { ...S3, NX_CACHE_SERVER_READ_WRITE_TOKENS: 'short' })).toMatch(/^NX_CACHE_SERVER_READ_WRITE_TOKENS: a token is shorter than 16 characters/);
    expect(problem(['--bucket', 'b12', '--read-write-token-file', '/nope'])).toMatch(/^--read-write-token-file \/nope: cannot read it \(ENOENT\)/);
    expect(problem(['--bucket', 'b12', '--max-entry-size', '2GiB', '--max-total-size', '1GiB'])).toMatch(/^--max-entry-size is larger than --max-total-size/);
    expect(problem(['serve', 'now'])).toMatch(/^unknown command "serve now"/);
    expect(problem(['probe'], {})).toBe('probe: no URL; give one or set NX_SELF_HOSTED_REMOTE_CACHE_SERVER');
  });

  it('a token is never part of a message', () => {
    const secret = 'rw-token-0123456789abcdef';
    expect(problem(['--bucket', 'b12'], { ...S3, NX_CACHE_SERVER_READ_WRITE_TOKENS: secret, NX_CACHE_SERVER_READ_ONLY_TOKENS: secret })).not.toContain(secret);
  });
});

describe('planSweep', () => {
  const now = new Date('2026-01-10T00:00:00Z');
  const obj = (key: string, size: number, daysAgo: number) => ({ key, size, lastModified: new Date(now.getTime() - daysAgo * 86_400_000) });

  it('deletes what is past the age limit, then the oldest until the rest fits', () => {
    const plan = planSweep([obj('new', 40, 0), obj('old', 10, 9), obj('mid', 30, 2), obj('older', 30, 3)], { maxAgeMs: 7 * 86_400_000, maxTotalSize: 75 }, now);
    expect(plan.expired.map((o) => o.key)).toEqual(['old']);
    expect(plan.overSize.map((o) => o.key)).toEqual(['older']);
    expect(plan.kept).toEqual({ count: 2, bytes: 70 });
  });

  it('keeps everything within the limits', () => {
    const plan = planSweep([obj('a', 1, 1), obj('b', 1, 2)], { maxAgeMs: 7 * 86_400_000, maxTotalSize: 2 }, now);
    expect(plan.expired.length + plan.overSize.length).toBe(0);
  });
});
