/** How a failed call is tried again: the waits between attempts, and how to wait. */
export interface RetryPolicy {
  /** One wait per retry: [250, 1000, 4000] makes four attempts in all. */
  delaysMs: readonly number[];
  sleep: (ms: number) => Promise<void>;
}

/**
 * Runs `attempt` until it succeeds, the error is not worth another try, the delays run out or
 * `cancelled()` says stop; then the last error is thrown. Each attempt calls `attempt` afresh, so
 * a retry sends what is wanted now, not what was wanted when the first try failed.
 */
export async function retrying<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  opts: { retryable: (err: unknown) => boolean; cancelled: () => boolean; onRetry?: (err: unknown, retry: number, delayMs: number) => void },
): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      const delay = policy.delaysMs[i];
      if (delay === undefined || !opts.retryable(err) || opts.cancelled()) throw err;
      opts.onRetry?.(err, i + 1, delay);
      await policy.sleep(delay);
      if (opts.cancelled()) throw err;
    }
  }
}

/** A sleep on an unref'd timer that ends early when `signal` aborts (the app is closing). */
export function abortableSleep(signal: AbortSignal): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      timer.unref();
      signal.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
    });
}
