/** Time, behind an interface so tests can run retries without waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
};

export interface BackoffPolicy {
  attempts: number;
  baseMs: number;
  maxMs: number;
  random: () => number;
}

/** Exponential backoff with full jitter in [0.5, 1.5) of the nominal delay. */
export function backoffDelay(attempt: number, policy: BackoffPolicy): number {
  const nominal = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round(nominal * (0.5 + policy.random()));
}

/**
 * Calls `fn` until it reports a result that is not transient, or the attempts run out.
 * Returns the last result and the number of attempts made.
 */
export async function retry<T>(
  fn: (attempt: number) => Promise<T>,
  isTransient: (value: T) => boolean,
  policy: BackoffPolicy,
  clock: Clock
): Promise<{ value: T; attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    const value = await fn(attempt);
    if (!isTransient(value) || attempt >= policy.attempts) return { value, attempts: attempt };
    await clock.sleep(backoffDelay(attempt, policy));
  }
}

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapPool<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return results;
}
