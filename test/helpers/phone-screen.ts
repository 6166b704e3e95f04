import { io } from 'socket.io-client';
import { QueueFollower } from '../../client/lib/managers/queue-follow';
import { sendCommand } from '../../client/lib/managers/queue-send';
import { request } from '../../client/lib/socket';
import { PROTOCOL_VERSION, type Ack, type JoinMeetingResult, type QueueCommandInput, type QueueEvent, type QueueState } from '../../shared/protocol';
import type { TestSocket } from './socket-client';

/**
 * A meeting screen in node, following the queue with the browser client's own decisions: the
 * client's `QueueFollower` (plain TypeScript, the same module QueueManager uses) adopts joins,
 * applies events and asks for a resync on a gap; around it, this class does what
 * MeetingConnection and QueueManager do with the socket, which is a rune module with DOM timers
 * and cannot run here: join again on every connect with the last seq applied (one round trip),
 * and one resync at a time.
 */
export class PhoneScreen {
  readonly socket: TestSocket;
  readonly #follower = new QueueFollower();
  #joins = 0;
  /** The seq this screen showed after each change, in order: a mirror never goes back. */
  readonly seqs: number[] = [];
  /** Why the last join failed, if it did (a reconnect that could not join is a failed run). */
  joinError: string | null = null;

  constructor(
    baseUrl: string,
    cookie: string,
    private readonly meetingId: string,
    /** More handshake headers, e.g. the test front's pin to a node. */
    headers: Record<string, string> = {},
  ) {
    // The client's own options (client/lib/socket.ts) but a short first delay: the fuzz drops often.
    this.socket = io(baseUrl, {
      transports: ['websocket'],
      extraHeaders: { ...headers, cookie },
      forceNew: true,
      reconnectionDelay: 20,
      reconnectionDelayMax: 200,
    });
    this.socket.on('connect', () => void this.#join());
  }

  /** The seq this screen holds (0 before the first join). */
  get seq(): number {
    return this.#follower.seq ?? 0;
  }

  get state(): QueueState | null {
    return this.#follower.state;
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

  /**
   * A press that must get through while nodes die and drain (the cluster tests and bench): the
   * client's own resend (queue-send.ts), one command id, many attempts. Its seq; a refusal, or no
   * answer at all, throws.
   */
  async press(command: QueueCommandInput, ackTimeoutMs = 1000): Promise<number> {
    const envelope = { meetingId: this.meetingId, commandId: crypto.randomUUID(), command };
    const res = await sendCommand(this.socket, envelope, { ackTimeoutMs, attempts: 40, reconnectWaitMs: ackTimeoutMs });
    if ('data' in res) return res.data.seq;
    throw new Error(`command refused: ${res.error.code} ${res.error.message}`);
  }

  // MeetingConnection.#join: the first join takes the snapshot, a reconnect sends the seq it holds.
  async #join(): Promise<void> {
    let res: Ack<JoinMeetingResult>;
    try {
      const sinceSeq = this.#follower.seq || undefined;
      res = await request(this.socket, 'meeting:join', { meetingId: this.meetingId, protocolVersion: PROTOCOL_VERSION, sinceSeq }, 10_000);
    } catch {
      return; // The next reconnect joins again.
    }
    if ('error' in res) {
      this.joinError = res.error.code;
      return;
    }
    this.#joins++;
    if (this.#joins === 1) {
      this.socket.on('queue:event', (event) => this.#onEvent(event));
      this.socket.on('queue:check', () => void this.resync());
    }
    this.#act(this.#follower.joined(res.data));
  }

  // QueueManager.resync: the follower's own, over this socket.
  async resync(): Promise<void> {
    const applied = await this.#follower.resync((sinceSeq) => request(this.socket, 'queue:sync', { meetingId: this.meetingId, sinceSeq }, 8000));
    if (applied) this.#shown();
  }

  // QueueManager.#onEvent
  #onEvent(event: QueueEvent): void {
    this.#act(this.#follower.event(event));
  }

  #act(action: 'show' | 'resync' | 'none'): void {
    if (action === 'show') this.#shown();
    else if (action === 'resync') void this.resync();
  }

  #shown(): void {
    const seq = this.#follower.seq;
    if (seq !== null) this.seqs.push(seq);
  }
}
