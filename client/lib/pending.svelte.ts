import type { ApiError } from '../../shared/protocol';
import { asApiError } from './errors';

/** One form's request in flight: whether it is busy, and the typed error of its last failure. */
export class Pending {
  busy = $state(false);
  error = $state<ApiError | null>(null);

  /** Runs `work`; a failure is kept in `error` and gives undefined, so the form stays as typed. */
  async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    this.busy = true;
    this.error = null;
    try {
      return await work();
    } catch (err) {
      this.error = asApiError(err);
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}
