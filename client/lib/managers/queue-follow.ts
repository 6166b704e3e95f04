import { QueueMirror } from '../../../shared/domain/speaking-queue/mirror';
import type { Ack, JoinMeetingResult, QueueEvent, QueueState, QueueSyncResult } from '../../../shared/protocol';

/** show: the state changed; resync: events were missed, ask for those since `seq`; none: nothing new. */
export type FollowAction = 'show' | 'resync' | 'none';

/**
 * How a screen follows the server's queue (R3, R11): the snapshot of a join, then numbered
 * events in order, and a sync's answer after a gap. Plain state: the manager shows `state`.
 */
export class QueueFollower {
  #mirror: QueueMirror | null = null;
  #syncing = false;

  get state(): QueueState | null {
    return this.#mirror?.state ?? null;
  }
  /** The last seq applied: a sync asks for what came after it. */
  get seq(): number | null {
    return this.#mirror?.state.seq ?? null;
  }

  /** A fresh join (first load or reconnect) brings a snapshot; one older than what we hold is ignored. */
  adopt(snapshot: QueueState): boolean {
    if (this.#mirror && snapshot.seq < this.#mirror.state.seq) return false;
    this.#mirror = new QueueMirror(snapshot);
    return true;
  }

  /**
   * The answer to a join: a snapshot (the first join, or one too far behind), or, on a reconnect
   * that sent its seq, the events missed since; a gap left after them asks for the rest.
   */
  joined(join: JoinMeetingResult): FollowAction {
    if (join.queue !== undefined) return this.adopt(join.queue) ? 'show' : 'none';
    if (!this.#mirror) return 'resync';
    return this.#mirror.catchUp({ kind: 'events', events: join.events }) ? 'show' : 'resync';
  }

  event(event: QueueEvent): FollowAction {
    if (!this.#mirror) return 'none';
    const outcome = this.#mirror.apply(event);
    return outcome === 'applied' ? 'show' : outcome === 'gap' ? 'resync' : 'none';
  }

  /**
   * Asks for what was missed since the last applied seq, one sync at a time; `ask` sends
   * `queue:sync` on the screen's socket. A sync cut off (offline) is left to the next reconnect's
   * join. True when the answer was applied.
   */
  async resync(ask: (sinceSeq: number) => Promise<Ack<QueueSyncResult>>): Promise<boolean> {
    const sinceSeq = this.seq;
    if (this.#syncing || sinceSeq === null) return false;
    this.#syncing = true;
    try {
      const res = await ask(sinceSeq);
      if (!('data' in res)) return false;
      this.synced(res.data);
      return true;
    } catch {
      return false;
    } finally {
      this.#syncing = false;
    }
  }

  /** The answer to a sync: the missed events, or a snapshot when too far behind or ahead. */
  synced(result: QueueSyncResult): void {
    this.#mirror?.catchUp(result);
  }
}
