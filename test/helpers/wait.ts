import { inspect } from 'node:util';

/**
 * The one way a test waits for something it cannot be told about directly (a broadcast, a row
 * written by a debounced store, a screen re-rendered): it polls a check until it holds. Tests wait
 * for events, never for time; to show that something did NOT arrive, send a later thing that must
 * arrive after it (a fence), wait for that with `eventually`, then assert.
 */
export interface EventuallyOptions {
  /** What is awaited, in words: the failure reads "timed out after 5000 ms waiting for <what>". */
  what: string;
  /** Defaults to 5000 ms. */
  timeoutMs?: number;
  /** Pause between two checks; defaults to 10 ms. */
  everyMs?: number;
  /** Appended to the failure: the state that was seen instead (the last seq heard, say). */
  seen?: () => string;
}

/**
 * Resolves with the milliseconds it took once `check` holds. A check that throws counts as not
 * yet (a page element still missing); its last error is named in the failure.
 */
export async function eventually(check: () => boolean | Promise<boolean>, opts: EventuallyOptions): Promise<number> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const everyMs = opts.everyMs ?? 10;
  const start = Date.now();
  let lastError: unknown = null;
  for (;;) {
    try {
      if (await check()) return Date.now() - start;
      lastError = null;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() - start > timeoutMs) {
      const seen = opts.seen ? `; seen: ${opts.seen()}` : '';
      const threw = lastError ? `; the check last threw: ${lastError instanceof Error ? lastError.message : inspect(lastError)}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${opts.what}${seen}${threw}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
