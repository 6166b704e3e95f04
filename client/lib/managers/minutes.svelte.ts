import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { API } from '../../../shared/protocol/api';
import type { ApiError } from '../../../shared/protocol';
import { PROTOCOL_VERSION } from '../../../shared/protocol/events';
import { reloadForNewVersion } from '../reload';
import {
  COLLAB_CLOSE,
  COLLAB_PATH,
  COLLAB_VERSION_PARAM,
  MINUTES_PARTS,
  type FollowUp,
  type HeaderField,
  type MinutesStatus,
  type PreviousFollowUp,
} from '../../../shared/minutes/layout';
import { api } from '../api';
import { asApiError } from '../errors';
import { CollabConnection, type CollabCloseReason, type SaveState } from './collab-connection.svelte';
import { reconnectsAfter } from './collab-save';
import {
  deleteFollowUp,
  emptyHeader,
  followUpArray,
  headerMap,
  insertFollowUp,
  patchFollowUp,
  readFollowUps,
  readHeader,
  readPreviousFollowUps,
  setHeaderField,
  type FollowUpPatch,
} from './minutes-doc';

export type { CollabCloseReason, SaveState } from './collab-connection.svelte';

export interface MinutesSessionOptions {
  meetingId: string;
  /** Notulis and admin: they write, keep an offline copy in IndexedDB and show their caret. */
  canWrite: boolean;
  /** `ws://host` or `wss://host`; this page's own origin when left out. */
  wsOrigin?: string;
}

/** IndexedDB answers in milliseconds; a browser where it hangs still connects after this. */
const IDB_WAIT_MS = 2_000;
/** Finalising first waits this long for the server to confirm the last keystrokes. */
const SAVE_WAIT_MS = 5_000;

/** The origin of this client's own edits of the header and follow-ups. */
const LOCAL_ORIGIN = Symbol('rakor-minutes-local');

function defaultWsOrigin(): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}`;
}

/**
 * One meeting's minutes on this screen: the Yjs document, its socket to the server (see
 * CollabConnection for how "saved" is proven), for writers an offline copy in IndexedDB, the
 * header and follow-ups mirrored as plain values, and the server's status of the minutes.
 */
export class MinutesSession {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly meetingId: string;
  readonly canWrite: boolean;
  readonly #connection: CollabConnection;

  #followUps = $state.raw<FollowUp[]>([]);
  #previous = $state.raw<PreviousFollowUp[]>([]);
  #header = $state.raw<Record<HeaderField, string>>(emptyHeader());
  #status = $state.raw<MinutesStatus | null>(null);
  #statusError = $state.raw<ApiError | null>(null);
  #actionError = $state.raw<ApiError | null>(null);
  #busy = $state(false);

  #persistence: IndexeddbPersistence | null = null;
  #started = false;
  #destroyed = false;
  #statusRequest = 0;
  #cleanups: (() => void)[] = [];

  constructor(options: MinutesSessionOptions) {
    this.meetingId = options.meetingId;
    this.canWrite = options.canWrite;
    // The room name is the meeting id: the provider connects to `${origin}/collab/<meetingId>`.
    this.provider = new WebsocketProvider(`${options.wsOrigin ?? defaultWsOrigin()}${COLLAB_PATH}`, options.meetingId, this.doc, {
      connect: false,
      // Every change goes through the server, which decides who may write: tabs of one browser
      // (a notulis and a participant link, say) must not hand each other updates directly.
      disableBc: true,
      params: { [COLLAB_VERSION_PARAM]: String(PROTOCOL_VERSION) },
      // 44xx closes are final, and so is the socket library's own size cap (see reconnectsAfter).
      shouldReconnect: (event: CloseEvent) => reconnectsAfter(event.code),
    });
    // Readers send no presence: the server would drop it anyway. With a null local state the
    // caret plugin's setLocalStateField calls are no-ops, so they still see the writers' carets.
    if (!this.canWrite) this.provider.awareness.setLocalState(null);
    // The server was upgraded while this tab was open: load its client (the offline copy keeps unsent edits).
    const onOutdated = (event: CloseEvent | null) => {
      if (event?.code === COLLAB_CLOSE.outdated) reloadForNewVersion();
    };
    this.provider.on('connection-close', onOutdated);
    this.#cleanups.push(() => this.provider.off('connection-close', onOutdated));
    this.#connection = new CollabConnection(this.provider, this.doc, this.canWrite);
    this.#observeDocument();

    if (this.canWrite && typeof indexedDB !== 'undefined') {
      // The offline copy loads first, so the first exchange with the server already carries it.
      const persistence = new IndexeddbPersistence(`rakor-minutes-${options.meetingId}`, this.doc);
      this.#persistence = persistence;
      const fallback = setTimeout(() => this.#start(), IDB_WAIT_MS);
      void persistence.whenSynced.then(() => {
        clearTimeout(fallback);
        this.#start();
      });
      this.#cleanups.push(() => clearTimeout(fallback));
    } else {
      this.#start();
    }
  }

  get connected(): boolean {
    return this.#connection.connected;
  }
  /** The server's document has arrived on the current connection. */
  get synced(): boolean {
    return this.#connection.synced;
  }
  /** "saving" after a local change until the server proves it holds it; "offline" while disconnected. */
  get saveState(): SaveState {
    return this.#connection.saveState;
  }
  /** Set when the server closed the socket with a COLLAB_CLOSE code; cleared on reconnect. */
  get closeReason(): CollabCloseReason | null {
    return this.#connection.closeReason;
  }
  /** The server refused the connection for good (a 44xx close): `reconnect()` tries again. */
  get stopped(): boolean {
    return this.#connection.stopped;
  }
  /** The earlier meetings' items the server lists in this document ("Tindak lanjut rapat sebelumnya"), read-only. */
  get previousFollowUps(): PreviousFollowUp[] {
    return this.#previous;
  }

  get followUps(): FollowUp[] {
    return this.#followUps;
  }
  get header(): Record<HeaderField, string> {
    return this.#header;
  }
  get status(): MinutesStatus | null {
    return this.#status;
  }
  get statusError(): ApiError | null {
    return this.#statusError;
  }
  /** The error of the last finalise or reopen. */
  get actionError(): ApiError | null {
    return this.#actionError;
  }
  get busy(): boolean {
    return this.#busy;
  }
  /** Whether this screen may change the document now: a writer, and the minutes not final. */
  get editable(): boolean {
    return this.canWrite && this.#status?.canEdit === true;
  }

  async refreshStatus(): Promise<void> {
    const request = ++this.#statusRequest;
    try {
      const status = await api.get<MinutesStatus>(API.minutesStatus(this.meetingId));
      // A slower, older answer must not overwrite a newer one.
      if (request === this.#statusRequest) {
        this.#status = status;
        this.#statusError = null;
      }
    } catch (err) {
      if (request === this.#statusRequest) this.#statusError = asApiError(err);
    }
  }

  finalize(): Promise<boolean> {
    return this.#act(API.minutesFinalize(this.meetingId));
  }

  reopen(): Promise<boolean> {
    return this.#act(API.minutesReopen(this.meetingId));
  }

  /**
   * True once the server holds every local change (at once for readers), false when that is
   * not proven in time. The document travels on its own socket, the finalise request on HTTP:
   * finalising waits for this so the last keystrokes are in the final version.
   */
  whenSaved(timeoutMs = SAVE_WAIT_MS): Promise<boolean> {
    return this.#connection.whenSaved(timeoutMs);
  }

  /** Appends an empty follow-up; returns its id, or null when this screen may not write. */
  addFollowUp(): string | null {
    return this.editable ? insertFollowUp(this.doc, LOCAL_ORIGIN) : null;
  }

  updateFollowUp(id: string, patch: FollowUpPatch): void {
    if (this.editable) patchFollowUp(this.doc, id, patch, LOCAL_ORIGIN);
  }

  removeFollowUp(id: string): void {
    if (this.editable) deleteFollowUp(this.doc, id, LOCAL_ORIGIN);
  }

  setAgenda(text: string): void {
    if (this.editable) setHeaderField(this.doc, 'agenda', text, LOCAL_ORIGIN);
  }

  /** After a refused connection (see `stopped`), e.g. once a too large change was undone. */
  reconnect(): void {
    if (!this.#destroyed) this.#connection.reconnect();
  }

  /**
   * After the server refused a change of this screen (`refused`): every later local change
   * builds on it, so the local copy (and the offline one in IndexedDB) is thrown away and the
   * page loads the server's version again.
   */
  async discardLocalCopy(): Promise<void> {
    await this.#persistence?.clearData();
    this.#persistence = null;
    location.reload();
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    this.#connection.destroy();
    // Disconnecting tells the others that this caret is gone.
    this.provider.destroy();
    void this.#persistence?.destroy();
    this.doc.destroy();
  }

  #start(): void {
    if (this.#started || this.#destroyed) return;
    this.#started = true;
    this.provider.connect();
  }

  #observeDocument(): void {
    const header = headerMap(this.doc);
    const followUps = followUpArray(this.doc);
    const onHeader = () => (this.#header = readHeader(this.doc));
    const onFollowUps = () => (this.#followUps = readFollowUps(this.doc));
    const previous = this.doc.getMap(MINUTES_PARTS.previous);
    const onPrevious = () => (this.#previous = readPreviousFollowUps(this.doc));
    header.observe(onHeader);
    followUps.observeDeep(onFollowUps);
    previous.observe(onPrevious);
    this.#cleanups.push(
      () => header.unobserve(onHeader),
      () => followUps.unobserveDeep(onFollowUps),
      () => previous.unobserve(onPrevious),
    );
  }

  async #act(url: string): Promise<boolean> {
    this.#busy = true;
    this.#actionError = null;
    try {
      this.#status = await api.post<MinutesStatus>(url);
      // A refresh still in flight predates this answer.
      this.#statusRequest++;
      return true;
    } catch (err) {
      this.#actionError = asApiError(err);
      return false;
    } finally {
      this.#busy = false;
    }
  }
}
