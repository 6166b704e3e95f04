import type { Clock } from '../clock';

/**
 * Runs a callback at a server-clock instant. Timer warnings and expiries go through it, so a
 * test can drive them with its own clock instead of waiting.
 */
export interface Scheduler {
  /** Replaces any job under `key`. */
  at(key: string, when: number, job: () => void): void;
  cancel(key: string): void;
  cancelAll(): void;
}

// setTimeout holds at most about 24.8 days; a long wait is re-armed in steps.
const MAX_DELAY_MS = 2 ** 31 - 1;

export class TimeoutScheduler implements Scheduler {
  private readonly jobs = new Map<string, NodeJS.Timeout>();

  constructor(private readonly clock: Clock) {}

  at(key: string, when: number, job: () => void): void {
    this.cancel(key);
    const delay = Math.max(0, when - this.clock.now().getTime());
    const timer = setTimeout(
      () => {
        this.jobs.delete(key);
        if (delay > MAX_DELAY_MS) this.at(key, when, job);
        else job();
      },
      Math.min(delay, MAX_DELAY_MS),
    );
    timer.unref();
    this.jobs.set(key, timer);
  }

  cancel(key: string): void {
    const timer = this.jobs.get(key);
    if (timer) clearTimeout(timer);
    this.jobs.delete(key);
  }

  cancelAll(): void {
    for (const timer of this.jobs.values()) clearTimeout(timer);
    this.jobs.clear();
  }
}
