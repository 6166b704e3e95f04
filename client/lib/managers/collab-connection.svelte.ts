import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import {
  NEW_LEDGER,
  attached,
  changed,
  closeReasonOf,
  detached,
  isSaved,
  saveStateOf,
  step1Sent,
  step2Received,
  unconfirmed,
  type CollabCloseReason,
  type SaveLedger,
  type SaveState,
} from './collab-save';

export type { CollabCloseReason, SaveState } from './collab-save';

/** y-websocket's message type for the sync protocol (y-protocols/sync follows it). */
const MESSAGE_SYNC = 0;
/** A pause in typing this long sends the probe that turns "saving" into "saved". */
const PROBE_DELAY_MS = 400;
/**
 * y-websocket drops a connection that heard nothing for 30 s. A reader alone in the document
 * hears nothing (it sends no presence), so a quiet socket is asked for the state vector.
 */
const KEEPALIVE_CHECK_MS = 10_000;
const QUIET_MS = 12_000;

/**
 * The state of one y-websocket connection as a person needs it: online or not, why the server
 * closed it, and for a writer whether the server holds every local change.
 *
 * Save state: every local change raises `revision`. After a pause in typing this sends its own
 * SyncStep1 (a state-vector probe) on the provider's socket. The server handles a connection's
 * messages in order and stores each update before reading the next, so its SyncStep2 answer to
 * a probe sent after our edits proves it holds them: the probe's revision is then `confirmed`.
 * Answers are counted per socket, so the answer to an older probe (or to the provider's own
 * SyncStep1) never confirms newer edits. After a reconnect the provider answers the server's
 * SyncStep1 with everything the server lacks (offline edits included), and a probe sent right
 * after that answer confirms it. The counting itself is plain functions of a ledger (collab-save.ts).
 */
export class CollabConnection {
  #connected = $state(false);
  #offline = $state(false);
  #synced = $state(false);
  #ledger = $state.raw<SaveLedger>(NEW_LEDGER);
  #closeReason = $state<CollabCloseReason | null>(null);
  #stopped = $state(false);

  /** The socket whose answers are being counted in the ledger. */
  #ws: WebSocket | null = null;
  #probeTimer: ReturnType<typeof setTimeout> | null = null;
  #waiters: (() => void)[] = [];
  #cleanups: (() => void)[] = [];

  constructor(
    private readonly provider: WebsocketProvider,
    private readonly doc: Y.Doc,
    /** Writers track their changes; readers only follow. */
    private readonly tracksChanges: boolean,
  ) {
    const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
      if (status === 'connected') {
        this.#connected = true;
        this.#offline = false;
        this.#closeReason = null;
        this.#stopped = false;
        this.#attachSocket();
      } else if (status === 'disconnected') {
        this.#markOffline();
      }
    };
    const onClose = (event: CloseEvent | null) => {
      // Also fires for an attempt that never opened: that is offline too.
      this.#markOffline();
      const reason = event ? closeReasonOf(event.code) : null;
      // An unnamed close (the server gone after "restarting") keeps the reason we have.
      if (reason) this.#closeReason = reason;
    };
    const onClosed = () => (this.#stopped = true);
    const onSync = (synced: boolean) => {
      if (synced) this.#synced = true;
    };
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      // Everything but what the server sent is ours to have confirmed: typing, the header,
      // follow-ups, undo, and the offline copy (which the provider forwards like an edit).
      if (!this.tracksChanges || origin === this.provider) return;
      this.#ledger = changed(this.#ledger);
      this.#scheduleProbe(PROBE_DELAY_MS);
    };
    provider.on('status', onStatus);
    provider.on('connection-close', onClose);
    provider.on('closed', onClosed);
    provider.on('sync', onSync);
    doc.on('update', onUpdate);
    const keepalive = setInterval(() => {
      if (this.#ws && Date.now() - provider.wsLastMessageReceived > QUIET_MS) this.#sendStep1();
    }, KEEPALIVE_CHECK_MS);
    this.#cleanups.push(
      () => provider.off('status', onStatus),
      () => provider.off('connection-close', onClose),
      () => provider.off('closed', onClosed),
      () => provider.off('sync', onSync),
      () => doc.off('update', onUpdate),
      () => clearInterval(keepalive),
    );
  }

  get connected(): boolean {
    return this.#connected;
  }
  /** The server's document has arrived on the current connection. */
  get synced(): boolean {
    return this.#synced;
  }
  get saveState(): SaveState {
    return saveStateOf(this.#ledger, this.#link());
  }
  get closeReason(): CollabCloseReason | null {
    return this.#closeReason;
  }
  get stopped(): boolean {
    return this.#stopped;
  }

  /** Resolves true once the server holds every local change, false when not proven in time. */
  whenSaved(timeoutMs: number): Promise<boolean> {
    if (!this.tracksChanges || this.#isSaved()) return Promise.resolve(true);
    this.#scheduleProbe(0);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      this.#waiters.push(done);
    });
  }

  reconnect(): void {
    this.#stopped = false;
    this.provider.connect();
  }

  destroy(): void {
    this.#clearProbeTimer();
    this.#detachSocket();
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
  }

  #markOffline(): void {
    this.#connected = false;
    this.#offline = true;
    this.#synced = false;
    this.#detachSocket();
  }

  /** Starts counting on a fresh socket; the provider sends its own SyncStep1 right after. */
  #attachSocket(): void {
    this.#detachSocket();
    const ws = this.provider.ws;
    if (!ws) return;
    this.#ws = ws;
    this.#ledger = attached(this.#ledger);
    // Added after the provider's onmessage, so this runs once the provider has handled (and
    // answered) the message.
    ws.addEventListener('message', this.#onMessage);
  }

  #detachSocket(): void {
    this.#ws?.removeEventListener('message', this.#onMessage);
    this.#ws = null;
    this.#ledger = detached(this.#ledger);
  }

  #onMessage = (event: MessageEvent): void => {
    if (!(event.data instanceof ArrayBuffer)) return;
    let kind: number;
    try {
      const decoder = decoding.createDecoder(new Uint8Array(event.data));
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
      kind = decoding.readVarUint(decoder);
    } catch {
      return;
    }
    if (kind === syncProtocol.messageYjsSyncStep1) {
      // The server asked what we have, and the provider has just sent it everything it lacks
      // (offline edits, the IndexedDB copy): have that answer confirmed too.
      if (this.tracksChanges) {
        this.#ledger = changed(this.#ledger);
        this.#scheduleProbe(0);
      }
    } else if (kind === syncProtocol.messageYjsSyncStep2) {
      const answered = this.#ledger.probe;
      this.#ledger = step2Received(this.#ledger);
      if (answered && !this.#ledger.probe && this.#isSaved()) for (const wake of this.#waiters.splice(0)) wake();
      // Edits made while a probe was out need a probe of their own.
      if (!this.#ledger.probe && unconfirmed(this.#ledger) && this.#probeTimer === null) this.#scheduleProbe(PROBE_DELAY_MS);
    }
  };

  #link(): { connected: boolean; offline: boolean; synced: boolean } {
    return { connected: this.#connected, offline: this.#offline, synced: this.#synced };
  }

  #isSaved(): boolean {
    return isSaved(this.#ledger, this.#link());
  }

  #scheduleProbe(delayMs: number): void {
    this.#clearProbeTimer();
    this.#probeTimer = setTimeout(() => {
      this.#probeTimer = null;
      this.#sendProbe();
    }, delayMs);
  }

  #clearProbeTimer(): void {
    if (this.#probeTimer !== null) clearTimeout(this.#probeTimer);
    this.#probeTimer = null;
  }

  #sendProbe(): void {
    // Offline: the reconnect's exchange carries the edits, and the SyncStep1 branch probes then.
    if (!unconfirmed(this.#ledger) || !this.#ws) return;
    // The provider's own flag follows too: its 'sync' event fires again with the answer.
    this.provider.synced = false;
    this.#sendStep1(true);
  }

  /** `probe`: this SyncStep1 stands for every change made so far. */
  #sendStep1(probe = false): boolean {
    const ws = this.#ws;
    if (!ws || ws !== this.provider.ws || ws.readyState !== WebSocket.OPEN) return false;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    ws.send(encoding.toUint8Array(encoder));
    this.#ledger = step1Sent(this.#ledger, probe);
    return true;
  }
}
