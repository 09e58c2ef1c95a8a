import { ChartkitError } from '../core/errors.ts';
import { positiveInteger } from '../core/numbers.ts';
import { settings } from '../adapters/environment.ts';
/**
 * Retries with exponential backoff for transient failures (connection refused or reset, 5xx,
 * timeouts). Anything else — wrong credentials, a refused TLS certificate, a bad reference — fails
 * at once: retrying would not help and, for credentials, could lock an account.
 */

export interface RetryPolicy {
  /** Total attempts, including the first. */
  attempts: number;
  /** Delay before the first retry; doubled for each further retry. */
  baseDelayMs: number;
  /** Upper bound of one delay. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000 };

/** The policy from CHARTKIT_PUBLISH_RETRIES / CHARTKIT_PUBLISH_RETRY_DELAY_MS, or an explicit attempt count. */
export function retryPolicy(attempts?: string | number, environment: Readonly<Record<string, string | undefined>> = process.env): RetryPolicy {
  const env = settings(environment);
  return {
    attempts: attempts !== undefined ? positiveInteger(attempts, '--retries') : (env.CHARTKIT_PUBLISH_RETRIES ?? DEFAULT_RETRY.attempts),
    baseDelayMs: env.CHARTKIT_PUBLISH_RETRY_DELAY_MS ?? DEFAULT_RETRY.baseDelayMs,
    maxDelayMs: DEFAULT_RETRY.maxDelayMs,
  };
}

/** The delays between attempts: base, 2·base, 4·base, … capped at maxDelayMs. */
export function backoffDelays(policy: RetryPolicy): number[] {
  return Array.from({ length: Math.max(0, policy.attempts - 1) }, (_, i) => Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** i));
}

export interface RetryHooks {
  /** Whether an error is worth another attempt. */
  isTransient: (error: unknown) => boolean;
  /** Called before waiting for the next attempt. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** Every attempt failed with a transient error: a ChartkitError like any other, with the last cause. */
export class RetriesExhausted extends ChartkitError {
  readonly attempts: number;
  readonly last: unknown;
  constructor(last: unknown, attempts: number) {
    super('PUBLISH', last instanceof Error ? last.message : String(last), { cause: last });
    this.attempts = attempts;
    this.last = last;
  }
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Run `fn` until it succeeds, a non-transient error occurs (rethrown as is), or the attempts run
 * out (the last error is rethrown wrapped in RetriesExhausted so callers can say how often they tried).
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, policy: RetryPolicy, hooks: RetryHooks): Promise<T> {
  const delays = backoffDelays(policy);
  const sleep = hooks.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (!hooks.isTransient(error)) throw error;
      if (attempt >= policy.attempts) throw new RetriesExhausted(error, attempt);
      const delay = delays[attempt - 1]!;
      hooks.onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}
