import { estimateOffset, type ClockEstimate, type ClockSample } from '../../../shared/domain/clock/offset';

/** Pings per measurement; the estimate keeps the samples of the last three measurements. */
export const PINGS = 5;
const KEPT = 3 * PINGS;

/** A screen's clock samples (R5): the recent ones only, since a laptop's clock drifts and networks change. */
export class ClockSamples {
  #samples: ClockSample[] = [];

  add(sample: ClockSample): void {
    this.#samples.push(sample);
  }

  /** At the end of a measurement: forgets all but the recent samples and estimates from them. */
  estimate(): ClockEstimate | null {
    this.#samples = this.#samples.slice(-KEPT);
    return estimateOffset(this.#samples);
  }
}

/** Before any ping answers: the server's time a join reported, against the local clock then. */
export function roughOffsetMs(serverNow: number, localNow: number): number {
  return serverNow - localNow;
}
