import { io } from 'socket.io-client';
import { QueueMirror } from '../../shared/domain/speaking-queue/mirror';
import { PROTOCOL_VERSION, type Ack, type JoinMeetingResult, type QueueEvent, type QueueState, type QueueSyncResult } from '../../shared/protocol';
import type { TestSocket } from './socket-client';

/**
 * A meeting screen's queue as the browser client keeps it, in node: a socket that reconnects by
 * itself, joins again on every connect, and the same follow-and-resync decisions as
 * client/lib/managers/meeting-connection.svelte.ts (#join) and queue.svelte.ts (adopt, resync,
 * #onEvent), over the same shared QueueMirror. Those managers are rune modules with DOM timers
 * and cannot run in the integration project, so their decisions are copied here line for line;
 * a change there must be made here too (until they live in shared/ and both import them).
 */
export class QueueFollower {
  readonly socket: TestSocket;
  #mirror: QueueMirror | null = null;
  #syncing = false;
  #joins = 0;
  /** The seq this screen showed after each change, in order: a mirror never goes back. */
  readonly seqs: number[] = [];
  /** Why the last join failed, if it did (a reconnect that could not join is a failed run). */
  joinError: string | null = null;

  constructor(
    baseUrl: string,
    cookie: string,
    private readonly meetingId: string,
  ) {
    // The client's own options (client/lib/socket.ts) but a short first delay: the fuzz drops often.
    this.socket = io(baseUrl, { transports: ['websocket'], extraHeaders: { cookie }, forceNew: true, reconnectionDelay: 20, reconnectionDelayMax: 200 });
    this.socket.on('connect', () => void this.#join());
  }

  get state(): QueueState | null {
    return this.#mirror?.state ?? null;
  }
  /** Joins done, the first one included. */
  get joins(): number {
    return this.#joins;
  }

  /**
   * What a weak network does: the connected transport drops and socket.io-client reconnects on its
   * own. Only a connected one: closing an attempt still opening stalls the manager until its 20 s
   * connect timeout, which no network does.
   */
  drop(): void {
    if (this.socket.connected) this.socket.io.engine.close();
  }

  close(): void {
    this.socket.disconnect();
  }

  // MeetingConnection.#join: the first join starts the manager, a later one adopts and resyncs.
  async #join(): Promise<void> {
    let res: Ack<JoinMeetingResult>;
    try {
      res = await this.socket.timeout(10_000).emitWithAck('meeting:join', { meetingId: this.meetingId, protocolVersion: PROTOCOL_VERSION });
    } catch {
      return; // The next reconnect joins again.
    }
    if ('error' in res) {
      this.joinError = res.error.code;
      return;
    }
    this.#joins++;
    if (this.#joins === 1) {
      this.#adopt(res.data);
      this.socket.on('queue:event', (event) => this.#onEvent(event));
    } else {
      this.#adopt(res.data);
      await this.resync();
    }
  }

  // QueueManager.adopt: a fresh join brings a snapshot newer than what is held.
  #adopt(join: JoinMeetingResult): void {
    if (!this.#mirror || join.queue.seq >= this.#mirror.state.seq) {
      this.#mirror = new QueueMirror(join.queue);
      this.#shown();
    }
  }

  // QueueManager.resync: one at a time; a sync cut off is left to the next reconnect's join.
  async resync(): Promise<void> {
    if (this.#syncing || !this.#mirror) return;
    this.#syncing = true;
    try {
      const res: Ack<QueueSyncResult> = await this.socket.timeout(8000).emitWithAck('queue:sync', { meetingId: this.meetingId, sinceSeq: this.#mirror.state.seq });
      if ('data' in res) {
        this.#mirror.catchUp(res.data);
        this.#shown();
      }
    } catch {
      // Offline: the reconnect's join brings a snapshot.
    } finally {
      this.#syncing = false;
    }
  }

  // QueueManager.#onEvent
  #onEvent(event: QueueEvent): void {
    if (!this.#mirror) return;
    const outcome = this.#mirror.apply(event);
    if (outcome === 'applied') this.#shown();
    else if (outcome === 'gap') void this.resync();
  }

  #shown(): void {
    if (this.#mirror) this.seqs.push(this.#mirror.state.seq);
  }
}
