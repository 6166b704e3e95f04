import type { QueueEvent, QueueState, QueueSyncResult } from '../../protocol/queue';
import { evolve } from './evolve';

export type MirrorOutcome = 'applied' | 'duplicate' | 'gap';

/**
 * A client's copy of the queue. Events apply in seq order; an old one is skipped; a jump
 * means something was missed, and the owner asks the server for `sinceSeq = state.seq`.
 */
export class QueueMirror {
  constructor(public state: QueueState) {}

  apply(event: QueueEvent): MirrorOutcome {
    if (event.meetingId !== this.state.meetingId || event.seq <= this.state.seq) return 'duplicate';
    if (event.seq !== this.state.seq + 1) return 'gap';
    this.state = evolve(this.state, event);
    return 'applied';
  }

  /** Applies what a sync answered; returns false if it still leaves a gap. */
  catchUp(result: QueueSyncResult): boolean {
    if (result.kind === 'snapshot') {
      if (result.state.seq >= this.state.seq || result.state.meetingId !== this.state.meetingId) this.state = result.state;
      return true;
    }
    for (const event of result.events) {
      if (this.apply(event) === 'gap') return false;
    }
    return true;
  }
}
