import type {
  Ack,
  ApiError,
  ClockPong,
  JoinMeetingResult,
  JoinSnapshot,
  QueueCommandEnvelope,
  QueueCommandInput,
  QueueCommandResult,
  QueueEvent,
  QueueState,
} from '../../../shared/protocol';
import { ClockSamples, PINGS, roughOffsetMs } from './clock-samples';
import { QueueFollower } from './queue-follow';
import { sendCommand } from './queue-send';
import { request, type RakorSocket } from '../socket';

interface Press {
  at: number;
  inFlight: boolean;
  result: Promise<Ack<QueueCommandResult>>;
}

/**
 * A UUID v4 for one press. crypto.randomUUID exists only in secure contexts, and Rakor is often
 * opened over plain HTTP on an office network; getRandomValues is there in every context.
 */
export function newCommandId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  // Version 4 and the RFC 4122 variant (a DataView reads a byte as a number, or throws out of range).
  const bytes = new DataView(b.buffer);
  bytes.setUint8(6, (bytes.getUint8(6) & 0x0f) | 0x40);
  bytes.setUint8(8, (bytes.getUint8(8) & 0x3f) | 0x80);
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A second tap within this time of the first (a double tap or a bounce) is the same press. */
const DOUBLE_TAP_MS = 500;
const REPING_MS = 60_000;
const TICK_MS = 200;

/**
 * The client's mirror of one meeting's queue and its estimate of the server clock. The server
 * decides; this class applies its numbered events, catches up after a gap, and gives the
 * screens a `serverNow` to compute every countdown from.
 */
export class QueueManager {
  #state = $state.raw<QueueState | null>(null);
  #localNow = $state(Date.now());
  #offsetMs = $state(0);
  #rttMs = $state<number | null>(null);
  #lastError = $state<ApiError | null>(null);
  #inFlight = $state(0);
  /** Whether the socket is up: while it is down, presses would only time out, so screens offer none. */
  #connected = $state(true);
  /** The last press of each floor-moving command, to recognise the second tap of a double tap. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping for send(), read by no template or effect: deliberately not reactive.
  readonly #presses = new Map<string, Press>();
  readonly #follower = new QueueFollower();
  readonly #samples = new ClockSamples();
  #cleanups: (() => void)[] = [];

  constructor(
    private readonly socket: RakorSocket,
    private readonly meetingId: string,
  ) {}

  get state(): QueueState | null {
    return this.#state;
  }
  /** The server's time as this screen best knows it; re-read reactively every 200 ms. */
  get serverNow(): number {
    return this.#localNow + this.#offsetMs;
  }
  get offsetMs(): number {
    return this.#offsetMs;
  }
  get rttMs(): number | null {
    return this.#rttMs;
  }
  get lastError(): ApiError | null {
    return this.#lastError;
  }
  get busy(): boolean {
    return this.#inFlight > 0;
  }
  /** The socket is up; while it is not, the state shown is the last known and the clocks run on the last estimate. */
  get connected(): boolean {
    return this.#connected;
  }

  /** Takes the snapshot from the first `meeting:join`, then follows events; returns the cleanup. */
  start(join: JoinSnapshot): () => void {
    this.adopt(join);
    const onEvent = (event: QueueEvent) => this.#onEvent(event);
    // The server's nodes may have lost events between them: ask for what came after our seq.
    const onCheck = () => void this.resync();
    const onConnect = () => {
      this.#connected = true;
      // A phone back from a dead spot may have slept, and its clock been set meanwhile: measure again.
      void this.measureClock();
    };
    const onDisconnect = () => (this.#connected = false);
    this.#connected = this.socket.connected;
    this.socket.on('queue:event', onEvent);
    this.socket.on('queue:check', onCheck);
    this.socket.on('connect', onConnect);
    this.socket.on('disconnect', onDisconnect);
    const tick = setInterval(() => (this.#localNow = Date.now()), TICK_MS);
    const reping = setInterval(() => void this.measureClock(), REPING_MS);
    // A tab back from the background shows the right time at once, and re-measures.
    const onVisible = () => {
      if (document.visibilityState === 'visible') {
        this.#localNow = Date.now();
        void this.measureClock();
      }
    };
    document.addEventListener('visibilitychange', onVisible);
    this.#cleanups.push(
      () => this.socket.off('queue:event', onEvent),
      () => this.socket.off('queue:check', onCheck),
      () => this.socket.off('connect', onConnect),
      () => this.socket.off('disconnect', onDisconnect),
      () => clearInterval(tick),
      () => clearInterval(reping),
      () => document.removeEventListener('visibilitychange', onVisible),
    );
    void this.measureClock();
    return () => this.stop();
  }

  /**
   * A join (first load or reconnect) brings either a snapshot, taken when newer than what we hold,
   * or the events missed since our seq; a gap left after them asks for the rest.
   */
  adopt(join: JoinMeetingResult): void {
    const action = this.#follower.joined(join);
    if (action === 'show') this.#state = this.#follower.state;
    else if (action === 'resync') void this.resync();
    // A first rough estimate until the pings answer.
    if (this.#rttMs === null) this.#offsetMs = roughOffsetMs(join.serverNow, Date.now());
  }

  stop(): void {
    for (const c of this.#cleanups.splice(0)) c();
  }

  /** NTP-style: several pings, keep the one with the lowest round trip. */
  async measureClock(): Promise<void> {
    for (let i = 0; i < PINGS; i++) {
      if (!this.socket.connected) return;
      const sentAt = Date.now();
      let res: Ack<ClockPong>;
      try {
        res = await request(this.socket, 'clock:ping', {}, 5000);
      } catch {
        return;
      }
      if ('data' in res) this.#samples.add({ sentAt, serverNow: res.data.serverNow, receivedAt: Date.now() });
    }
    const estimate = this.#samples.estimate();
    if (estimate) {
      this.#offsetMs = estimate.offsetMs;
      this.#rttMs = estimate.rttMs;
    }
  }

  /**
   * Sends one press of a command, with its own command id (a retry after a lost ack sends the
   * same id again, so the server does it once). Chair commands that move the floor carry the seq
   * this screen saw (`withSeq`), so a press on a stale view is refused; a second press of the same
   * such command while the first is in flight, or within a double tap of it, is the same press:
   * it is not sent again and gets the first one's answer.
   */
  send(command: QueueCommandInput, withSeq = false): Promise<Ack<QueueCommandResult>> {
    const key = JSON.stringify(command);
    const now = Date.now();
    if (withSeq) {
      const last = this.#presses.get(key);
      if (last && (last.inFlight || now - last.at < DOUBLE_TAP_MS)) return last.result;
    }
    const press: Press = { at: now, inFlight: true, result: Promise.resolve({ error: { code: 'internal', message: '' } }) };
    press.result = this.#deliver({
      meetingId: this.meetingId,
      commandId: newCommandId(),
      command,
      expectedSeq: withSeq ? this.#state?.seq : undefined,
    }).finally(() => (press.inFlight = false));
    if (withSeq) this.#presses.set(key, press);
    return press.result;
  }

  async #deliver(envelope: QueueCommandEnvelope): Promise<Ack<QueueCommandResult>> {
    this.#inFlight++;
    try {
      // Retries with the same id after a lost ack or a node that was shutting down (queue-send.ts).
      const res = await sendCommand(this.socket, envelope);
      this.#lastError = 'error' in res ? res.error : null;
      if ('error' in res && res.error.code === 'stale_seq') await this.resync();
      return res;
    } finally {
      this.#inFlight--;
    }
  }

  clearError(): void {
    this.#lastError = null;
  }

  /** Asks for what was missed since the last applied seq. */
  async resync(): Promise<void> {
    const applied = await this.#follower.resync((sinceSeq) => request(this.socket, 'queue:sync', { meetingId: this.meetingId, sinceSeq }, 8000));
    if (applied) this.#state = this.#follower.state;
  }

  #onEvent(event: QueueEvent): void {
    const action = this.#follower.event(event);
    if (action === 'show') this.#state = this.#follower.state;
    else if (action === 'resync') void this.resync();
  }
}
