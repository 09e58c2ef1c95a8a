import { describe, expect, it } from 'vitest';
import { backoffDelays, retryPolicy, RetriesExhausted, withRetry, DEFAULT_RETRY } from '../../src/publish/retry.ts';

class Transient extends Error {}

describe('backoffDelays', () => {
  it('doubles from the base delay and is capped', () => {
    expect(backoffDelays({ attempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000 })).toEqual([1000, 2000, 4000]);
    expect(backoffDelays({ attempts: 7, baseDelayMs: 10_000, maxDelayMs: 30_000 })).toEqual([10_000, 20_000, 30_000, 30_000, 30_000, 30_000]);
    expect(backoffDelays({ attempts: 1, baseDelayMs: 5, maxDelayMs: 5 })).toEqual([]);
  });
});

describe('retryPolicy', () => {
  it('defaults to 4 attempts from 1 s, and reads the environment', () => {
    expect(retryPolicy(undefined, {})).toEqual(DEFAULT_RETRY);
    expect(retryPolicy(undefined, { CHARTKIT_PUBLISH_RETRIES: '2', CHARTKIT_PUBLISH_RETRY_DELAY_MS: '10' })).toEqual({ attempts: 2, baseDelayMs: 10, maxDelayMs: 30_000 });
    expect(retryPolicy('6', { CHARTKIT_PUBLISH_RETRIES: '2' }).attempts).toBe(6);
  });

  it('refuses a count that is not a whole number of at least 1, with one line naming the flag or variable', () => {
    expect(() => retryPolicy('zero', {})).toThrow('--retries zero: give a whole number of at least 1');
    expect(() => retryPolicy('0', {})).toThrow('--retries 0: give a whole number of at least 1');
    expect(() => retryPolicy('2.5', {})).toThrow('--retries 2.5: give a whole number of at least 1');
    expect(() => retryPolicy(undefined, { CHARTKIT_PUBLISH_RETRIES: '-1' })).toThrow('CHARTKIT_PUBLISH_RETRIES=-1: give a whole number of at least 1; fix it or unset it');
  });
});

describe('withRetry', () => {
  const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };

  it('retries transient errors with exponential backoff until success', async () => {
    const slept: number[] = [];
    const seen: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async (attempt) => {
        seen.push(attempt);
        if (++calls < 3) throw new Transient('connection refused');
        return 'ok';
      },
      policy,
      { isTransient: (e) => e instanceof Transient, sleep: async (ms) => void slept.push(ms) },
    );
    expect(result).toBe('ok');
    expect(seen).toEqual([1, 2, 3]);
    expect(slept).toEqual([100, 200]);
  });

  it('never retries an error that is not transient (e.g. wrong credentials)', async () => {
    let calls = 0;
    const auth = new Error('401 unauthorized');
    await expect(
      withRetry(
        async () => {
          calls++;
          throw auth;
        },
        policy,
        { isTransient: (e) => e instanceof Transient, sleep: async () => undefined },
      ),
    ).rejects.toBe(auth);
    expect(calls).toBe(1);
  });

  it('gives up after the last attempt, saying how many were made', async () => {
    const retries: string[] = [];
    const error = await withRetry(
      async () => {
        throw new Transient('503 Service Unavailable');
      },
      policy,
      { isTransient: () => true, sleep: async () => undefined, onRetry: (e, n, d) => retries.push(`${n}:${d}:${(e as Error).message}`) },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhausted);
    expect((error as RetriesExhausted).attempts).toBe(4);
    expect((error as RetriesExhausted).message).toBe('503 Service Unavailable');
    expect(retries).toEqual(['1:100:503 Service Unavailable', '2:200:503 Service Unavailable', '3:400:503 Service Unavailable']);
  });

  it('really waits between attempts with the default sleep', async () => {
    const started = Date.now();
    let calls = 0;
    await withRetry(
      async () => {
        if (++calls < 3) throw new Transient('reset');
      },
      { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 },
      { isTransient: () => true },
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });
});

describe('concurrency flags', () => {
  it('take a whole number of at least 1 and refuse anything else naming the flag', async () => {
    const { concurrency } = await import('../../src/cli/context.ts');
    expect(concurrency('3')).toBe(3);
    expect(() => concurrency('0')).toThrow('-j/--concurrency 0: give a whole number of at least 1');
    expect(() => concurrency('-3')).toThrow('-j/--concurrency -3: give a whole number of at least 1');
    expect(() => concurrency('many')).toThrow('-j/--concurrency many: give a whole number of at least 1');
  });
});
