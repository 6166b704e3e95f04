import { COLLAB_CLOSE } from '../../../shared/minutes/layout';

/**
 * How a writer's screen proves that the server holds its changes (see CollabConnection for the
 * protocol), as plain values: a ledger of local changes and of the server's answers on the
 * current socket, and the functions that move it. The connection holds the ledger and does the I/O.
 */

export type SaveState = 'saved' | 'saving' | 'offline';
/** Why the server closed the collaboration socket, named as in COLLAB_CLOSE. */
export type CollabCloseReason = keyof typeof COLLAB_CLOSE;

export function closeReasonOf(code: number): CollabCloseReason | null {
  const found = (Object.entries(COLLAB_CLOSE) as [CollabCloseReason, number][]).find(([, c]) => c === code);
  return found ? found[0] : null;
}

/**
 * 44xx closes are final (y-websocket's rule); so is the socket library's own size cap, since
 * reconnecting would only send the same too large change again.
 */
export function reconnectsAfter(code: number): boolean {
  return !(code >= 4400 && code < 4500) && code !== COLLAB_CLOSE.frameTooLarge;
}

export interface SaveLedger {
  /** Local changes made so far (each raises it). */
  revision: number;
  /** The highest revision the server has proven it holds. */
  confirmed: number;
  /** SyncStep1 messages out and SyncStep2 answers in, counted on the current socket only. */
  step1Sent: number;
  step2Received: number;
  /** The probe awaiting its answer: the `ordinal`-th SyncStep1 of the socket, sent at `revision`. */
  probe: { ordinal: number; revision: number } | null;
}

export const NEW_LEDGER: SaveLedger = { revision: 0, confirmed: 0, step1Sent: 0, step2Received: 0, probe: null };

/** The link to the server, as far as the save state needs it. */
export interface SaveLink {
  connected: boolean;
  offline: boolean;
  synced: boolean;
}

export function saveStateOf(ledger: SaveLedger, link: SaveLink): SaveState {
  if (link.offline) return 'offline';
  return link.synced && ledger.revision <= ledger.confirmed ? 'saved' : 'saving';
}

export function isSaved(ledger: SaveLedger, link: SaveLink): boolean {
  return link.connected && link.synced && ledger.revision <= ledger.confirmed;
}

/** A local change: typing, the header, follow-ups, undo, or the offline copy forwarded. */
export function changed(ledger: SaveLedger): SaveLedger {
  return { ...ledger, revision: ledger.revision + 1 };
}

/** A fresh socket: the provider sends its own SyncStep1 first, so ours are counted from 2. */
export function attached(ledger: SaveLedger): SaveLedger {
  return { ...ledger, step1Sent: 1, step2Received: 0, probe: null };
}

/** The socket went: a probe on it will never be answered. */
export function detached(ledger: SaveLedger): SaveLedger {
  return { ...ledger, probe: null };
}

/** Whether a probe would prove anything: changes the server has not confirmed. */
export function unconfirmed(ledger: SaveLedger): boolean {
  return ledger.revision > ledger.confirmed;
}

/** One SyncStep1 of ours went out; `probe`: it stands for every change made so far. */
export function step1Sent(ledger: SaveLedger, probe: boolean): SaveLedger {
  const ordinal = ledger.step1Sent + 1;
  return { ...ledger, step1Sent: ordinal, probe: probe ? { ordinal, revision: ledger.revision } : ledger.probe };
}

/**
 * A SyncStep2 arrived. The server answers a socket's messages in order, so the answer to the
 * probe (or a later one) proves the probe's changes; an earlier answer proves nothing.
 */
export function step2Received(ledger: SaveLedger): SaveLedger {
  const next = { ...ledger, step2Received: ledger.step2Received + 1 };
  const probe = next.probe;
  if (probe && next.step2Received >= probe.ordinal) {
    next.probe = null;
    if (probe.revision > next.confirmed) next.confirmed = probe.revision;
  }
  return next;
}
