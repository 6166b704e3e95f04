import type { Clock } from '../../server/clock';
import type { Scheduler } from '../../server/services/scheduler';

/** A clock the test moves by hand, and a scheduler that fires due jobs when the clock moves. */
export class ManualClock implements Clock, Scheduler {
  private jobs = new Map<string, { when: number; job: () => void }>();

  constructor(public ms: number) {}

  now(): Date {
    return new Date(this.ms);
  }

  at(key: string, when: number, job: () => void): void {
    this.jobs.set(key, { when, job });
  }

  cancel(key: string): void {
    this.jobs.delete(key);
  }

  cancelAll(): void {
    this.jobs.clear();
  }

  /** When the job under `key` is due, or null. */
  due(key: string): number | null {
    return this.jobs.get(key)?.when ?? null;
  }

  /** Moves time forward and runs every job that fell due, in time order. */
  advance(ms: number): void {
    this.ms += ms;
    const due = [...this.jobs.entries()].filter(([, j]) => j.when <= this.ms).sort((a, b) => a[1].when - b[1].when);
    for (const [key, j] of due) {
      this.jobs.delete(key);
      j.job();
    }
  }
}
