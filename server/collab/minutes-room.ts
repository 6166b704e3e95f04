import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { MinutesLog, MinutesRepository } from '../store/ports';
import { COLLAB_CLOSE, MAX_COLLAB_MESSAGE_BYTES } from '../../shared/minutes/layout';
import { MinutesGuard, MISSING_DEPENDENCIES } from './minutes-guard';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

/** Origin of the updates replayed from the log at load: nothing to store or relay. */
const LOAD_ORIGIN = Symbol('load');
/** Origin of what another node stored (its message, or the log read again): relayed to this node's peers only. */
const REMOTE_ORIGIN = Symbol('remote');
/** Origin of the carets removed when a peer of this node leaves: the other nodes hear of it too. */
const LEAVE_ORIGIN = Symbol('leave');
/** A peer joining within this long of the last read of the log does not read it again (a failover brings hundreds at once). */
const CATCH_UP_FRESH_MS = 2000;
/**
 * How often a shared room with peers compares the stored log with what it heard: a node that
 * dies between storing an update and relaying it leaves the others without it, and a later
 * update does not always show the gap (the last keystroke before the crash has none after it).
 */
const LOG_CHECK_MS = 2000;

/** Origin of a change the server makes itself (a turn's section, the header): typed, never a client. */
export class ServerEdit {
  readonly updates: Uint8Array[] = [];
  constructor(readonly reason: string) {}
}

/** One open collaboration socket, as the room sees it. */
export interface CollabPeer {
  readonly canWrite: boolean;
  /** Session key, so a revoked link can be closed. */
  readonly linkId: string | null;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

export interface RoomOptions {
  /** After this many logged updates the log is folded into a snapshot. */
  compactEvery: number;
}

/** What a room needs besides its options: the log, held exclusively when it matters, and the other nodes. */
export interface RoomDeps {
  repo: MinutesRepository;
  /**
   * Runs `work` in one transaction that holds this meeting's minutes across every node: the
   * load, the server's own edits and the compaction read and write the log under it.
   */
  locked<T>(work: (repo: MinutesRepository) => Promise<T>): Promise<T>;
  /** Other nodes may write this document (REDIS_URL): the server's edits read the log first. */
  shared: boolean;
  /** Tells the other nodes of a stored update (with its id in the log), and of this node's carets. */
  relay: { update(update: Uint8Array, id: number): void; awareness(update: Uint8Array): void };
}

/**
 * One meeting's minutes in memory: the Y.Doc, its peers and its durable log. Everything that
 * touches the document runs through one queue (`run`), so an update is stored before it is
 * applied and relayed, and a sync answer never shows a peer what is not stored yet.
 */
export class MinutesRoom {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly peers = new Set<CollabPeer>();
  /** Finalised minutes take no update from anyone. */
  finalized = false;
  private chain: Promise<unknown> = Promise.resolve();
  private sinceCompact = 0;
  private readonly awarenessOf = new Map<CollabPeer, Set<number>>();
  /** When this node last read the whole log (shared rooms only). */
  private caughtUpAt = 0;
  /** Every stored update up to this id is in the document (shared rooms: what the log check starts from). */
  private through = 0;
  /** Ids past `through` this node stored or heard relayed: in the document. */
  private readonly heard = new Set<number>();
  /** Ids the last log check found stored and not heard: a second check still missing one reads the log. */
  private suspects = new Set<number>();
  private checkTimer: NodeJS.Timeout | null = null;
  /** Checks every client update against the document's shape before it is stored. */
  private readonly guard = new MinutesGuard();
  private changeListeners: (() => void)[] = [];

  private readonly repo: MinutesRepository;

  constructor(
    readonly meetingId: string,
    private readonly deps: RoomDeps,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly opts: RoomOptions,
  ) {
    this.repo = deps.repo;
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === LOAD_ORIGIN) return;
      if (origin instanceof ServerEdit) {
        // Held back until stored: see edit().
        origin.updates.push(update);
        return;
      }
      this.broadcast(syncMessage(update), origin);
      this.changed();
    });
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      const ids = [...added, ...updated, ...removed];
      if (origin && typeof origin === 'object' && this.peers.has(origin as CollabPeer)) {
        const own = this.awarenessOf.get(origin as CollabPeer) ?? new Set<number>();
        added.forEach((id) => own.add(id));
        removed.forEach((id) => own.delete(id));
        this.awarenessOf.set(origin as CollabPeer, own);
      }
      const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids);
      const enc = encoding.createEncoder();
      encoding.writeVarUint(enc, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(enc, update);
      this.broadcast(encoding.toUint8Array(enc), null);
      // This node's peers' carets, and their removal when they leave, reach the other nodes' peers.
      if (origin === LEAVE_ORIGIN || this.peers.has(origin as CollabPeer)) this.deps.relay.awareness(update);
    });
  }

  /** Runs `work` after everything queued before it: the room's one door to its document. */
  run<T>(work: () => Promise<T> | T): Promise<T> {
    const next = this.chain.then(work, work);
    // The queue goes on after a failed task; the caller hears of the failure.
    this.chain = next.catch(() => undefined);
    return next;
  }

  /**
   * Loads the snapshot and every later update, completely, before anything else runs. A stored
   * blob that cannot be read is skipped and reported: the rest of the minutes still open.
   */
  load(): Promise<void> {
    return this.run(async () => {
      const log = await this.deps.locked((repo) => repo.load(this.meetingId));
      const apply = (blob: Uint8Array, what: string) => {
        try {
          Y.applyUpdate(this.doc, blob, LOAD_ORIGIN);
        } catch (err) {
          this.logger.error({ err, meetingId: this.meetingId, what }, 'stored minutes update unreadable, skipped');
        }
      };
      Y.transact(
        this.doc,
        () => {
          if (log.snapshot) apply(log.snapshot, 'snapshot');
          for (const u of log.updates) apply(u.update, `update ${u.id}`);
        },
        LOAD_ORIGIN,
      );
      this.sinceCompact = log.updates.length;
      this.guard.reset(this.doc);
      this.tookLog(log);
      if (this.deps.shared && !this.checkTimer) {
        this.checkTimer = setInterval(() => {
          if (this.peers.size === 0) return;
          void this.run(() => this.checkLog()).catch((err: unknown) => this.logger.warn({ err, meetingId: this.meetingId }, 'minutes log check failed'));
        }, LOG_CHECK_MS);
        this.checkTimer.unref();
      }
    });
  }

  /** A change by the server itself: applied, stored, and only then relayed. */
  edit(reason: string, change: (doc: Y.Doc) => void): Promise<void> {
    return this.run(async () => {
      // Decided on the stored document: on several nodes, another may have written this turn's
      // section a moment ago, and the lock makes the next writer see it (once in the cluster).
      const update = await this.deps.locked(async (repo) => {
        if (this.deps.shared) await this.catchUp(repo);
        const origin = new ServerEdit(reason);
        this.doc.transact(() => change(this.doc), origin);
        const [first, ...rest] = origin.updates;
        if (!first) return null;
        const merged = rest.length === 0 ? first : Y.mergeUpdates(origin.updates);
        this.guard.mirror(merged);
        return { merged, id: await this.store(merged, repo) };
      });
      if (!update) return;
      this.broadcast(syncMessage(update.merged), null);
      this.deps.relay.update(update.merged, update.id);
      this.changed();
      await this.compactIfDue();
    });
  }

  /** An update another node stored (`id` in the log): into the document, and to this node's peers. */
  applyRemote(update: Uint8Array, id: number): Promise<void> {
    return this.run(async () => {
      try {
        this.guard.mirror(update);
        Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
        this.hear(id);
      } catch (err) {
        this.logger.warn({ err, meetingId: this.meetingId }, 'minutes update from another node unreadable, left to the log');
      }
      // It builds on something this node never heard (relayed by a node that died first): the log has it.
      const store = this.doc.store;
      if ((store.pendingStructs !== null || store.pendingDs !== null) && this.clock.now().getTime() - this.caughtUpAt > CATCH_UP_FRESH_MS / 2) {
        await this.deps.locked((repo) => this.catchUp(repo));
      }
    });
  }

  /** Carets of another node's peers. */
  applyRemoteAwareness(update: Uint8Array): void {
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN);
    } catch (err) {
      this.logger.warn({ err, meetingId: this.meetingId }, 'minutes carets from another node unreadable');
    }
  }

  /** Reads the log again and takes what this node missed (messages lost while Redis was away). */
  resync(): Promise<void> {
    return this.run(() => this.deps.locked((repo) => this.catchUp(repo)));
  }

  join(peer: CollabPeer): void {
    this.peers.add(peer);
    void this.run(async () => {
      // On several nodes a peer may come from a node that died: it holds what that node stored and
      // never relayed. Reading the log first gives this node the same, so the peer's changes apply.
      if (this.deps.shared && this.clock.now().getTime() - this.caughtUpAt > CATCH_UP_FRESH_MS) await this.deps.locked((repo) => this.catchUp(repo));
      // The server's state first; the peer answers with what only it has.
      const enc = encoding.createEncoder();
      encoding.writeVarUint(enc, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(enc, this.doc);
      peer.send(encoding.toUint8Array(enc));
      const states = [...this.awareness.getStates().keys()];
      if (states.length > 0) {
        const aw = encoding.createEncoder();
        encoding.writeVarUint(aw, MESSAGE_AWARENESS);
        encoding.writeVarUint8Array(aw, awarenessProtocol.encodeAwarenessUpdate(this.awareness, states));
        peer.send(encoding.toUint8Array(aw));
      }
    });
  }

  leave(peer: CollabPeer): void {
    this.peers.delete(peer);
    const ids = this.awarenessOf.get(peer);
    this.awarenessOf.delete(peer);
    if (ids && ids.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...ids], LEAVE_ORIGIN);
  }

  /** One message from a peer, in arrival order. Read-only peers' changes are dropped unheard. */
  receive(peer: CollabPeer, message: Uint8Array): Promise<void> {
    if (message.length > MAX_COLLAB_MESSAGE_BYTES) {
      this.logger.warn({ meetingId: this.meetingId, bytes: message.length }, 'minutes message too large');
      peer.close(COLLAB_CLOSE.tooLarge, 'too large');
      return Promise.resolve();
    }
    return this.run(() => this.handle(peer, message)).catch((err: unknown) => {
      // A message we cannot read, or a store that failed: this peer starts over, nobody else notices.
      this.logger.warn({ err, meetingId: this.meetingId }, 'minutes message refused');
      peer.close(COLLAB_CLOSE.unreadable, 'bad message');
    });
  }

  private async handle(peer: CollabPeer, message: Uint8Array): Promise<void> {
    if (!this.peers.has(peer)) return;
    const decoder = decoding.createDecoder(message);
    const kind = decoding.readVarUint(decoder);
    if (kind === MESSAGE_SYNC) {
      const step = decoding.readVarUint(decoder);
      if (step === syncProtocol.messageYjsSyncStep1) {
        const enc = encoding.createEncoder();
        encoding.writeVarUint(enc, MESSAGE_SYNC);
        syncProtocol.writeSyncStep2(enc, this.doc, decoding.readVarUint8Array(decoder));
        peer.send(encoding.toUint8Array(enc));
      } else if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
        const update = decoding.readVarUint8Array(decoder);
        if (!peer.canWrite || this.finalized) return;
        if (!adds(update, this.doc)) return;
        let refusal = this.guard.check(update);
        if (refusal !== null && this.deps.shared) {
          // Perhaps it builds on what another node stored and this one has not heard: read the log, try again.
          this.guard.reset(this.doc);
          await this.deps.locked((repo) => this.catchUp(repo));
          if (!adds(update, this.doc)) return;
          refusal = this.guard.check(update);
        }
        if (refusal === MISSING_DEPENDENCIES) {
          // Incomplete, not wrong: dropped, and the peer is asked for everything this document
          // lacks (its answer brings the missing changes and this one together).
          this.guard.reset(this.doc);
          const enc = encoding.createEncoder();
          encoding.writeVarUint(enc, MESSAGE_SYNC);
          syncProtocol.writeSyncStep1(enc, this.doc);
          peer.send(encoding.toUint8Array(enc));
          return;
        }
        if (refusal !== null) {
          // The twin took the update on trial: it goes back to the document as it is.
          this.guard.reset(this.doc);
          this.logger.warn({ meetingId: this.meetingId, refusal }, 'minutes update refused: it would break the document');
          // Its later messages build on the refused one: none of them is read.
          this.leave(peer);
          peer.close(COLLAB_CLOSE.refused, 'refused');
          return;
        }
        let id: number;
        try {
          // On several nodes appends hold the meeting's minutes too: ids are then committed in
          // order, which the compaction's trim and the log check rely on.
          id = this.deps.shared ? await this.deps.locked((repo) => this.store(update, repo)) : await this.store(update);
        } catch (err) {
          this.guard.reset(this.doc);
          throw err;
        }
        Y.applyUpdate(this.doc, update, peer);
        this.deps.relay.update(update, id);
        await this.compactIfDue();
      }
    } else if (kind === MESSAGE_AWARENESS) {
      if (!peer.canWrite) return;
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), peer);
    }
  }

  /** Folds the log into one snapshot, e.g. before the room leaves memory. */
  compact(): Promise<void> {
    return this.run(() => this.compactNow());
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.push(listener);
    return () => (this.changeListeners = this.changeListeners.filter((l) => l !== listener));
  }

  /** Resolves when everything queued so far has run. */
  idle(): Promise<void> {
    return this.run(() => undefined);
  }

  destroy(): void {
    if (this.checkTimer) clearInterval(this.checkTimer);
    this.checkTimer = null;
    this.awareness.destroy();
    this.doc.destroy();
  }

  private async store(update: Uint8Array, repo: MinutesRepository = this.repo): Promise<number> {
    const id = await repo.appendUpdate(this.meetingId, update, this.clock.now().getTime());
    this.sinceCompact += 1;
    this.hear(id);
    return id;
  }

  /** An update with this log id is in the document (only a shared room keeps count). */
  private hear(id: number): void {
    if (this.deps.shared && id > this.through) this.heard.add(id);
  }

  /** Every stored update up to `id` is in the document: the ids heard up to there need no keeping. */
  private advance(id: number): void {
    this.through = Math.max(this.through, id);
    for (const h of this.heard) if (h <= this.through) this.heard.delete(h);
  }

  /** After reading the whole log: everything in it is in the document. */
  private tookLog(log: MinutesLog): void {
    this.advance(Math.max(log.snapshotThrough, log.updates.at(-1)?.id ?? 0));
    this.suspects.clear();
  }

  /**
   * Compares the stored log with what this node stored and heard. An id stored and unheard at
   * two checks in a row (not a relay on its way) means a lost one: the log is read again. A
   * compaction by another node folds ids this node cannot check one by one: read again too.
   */
  private async checkLog(): Promise<void> {
    const head = await this.repo.logHead(this.meetingId, this.through);
    const unknown = head.ids.filter((id) => !this.heard.has(id));
    if (head.snapshotThrough > this.through || unknown.some((id) => this.suspects.has(id))) {
      await this.deps.locked((repo) => this.catchUp(repo));
      return;
    }
    this.suspects = new Set(unknown);
    // Ids are committed in order (appends hold the lock): everything before the first unheard one is here.
    const first = unknown[0] ?? Number.POSITIVE_INFINITY;
    const here = head.ids.filter((id) => id < first).at(-1);
    if (here !== undefined) this.advance(here);
  }

  /** Applies the stored log to the document: what is new (another node's) reaches this node's peers. */
  private async catchUp(repo: MinutesRepository): Promise<void> {
    this.caughtUpAt = this.clock.now().getTime();
    const log = await repo.load(this.meetingId);
    this.tookLog(log);
    const before = Y.encodeStateVector(this.doc);
    for (const blob of [...(log.snapshot ? [log.snapshot] : []), ...log.updates.map((u) => u.update)]) {
      try {
        Y.applyUpdate(this.doc, blob, REMOTE_ORIGIN);
      } catch (err) {
        this.logger.error({ err, meetingId: this.meetingId }, 'stored minutes update unreadable, skipped');
      }
    }
    if (!sameVector(before, Y.encodeStateVector(this.doc))) this.guard.reset(this.doc);
  }

  private async compactIfDue(): Promise<void> {
    if (this.sinceCompact >= this.opts.compactEvery) await this.compactNow();
  }

  /**
   * Folds the stored log, as stored, into one snapshot, holding the meeting's minutes: the
   * snapshot holds exactly the updates it trims, whatever this node's document has seen (on
   * several nodes, another's update may be stored and not yet here; issue 9 lost updates by
   * folding something other than what was trimmed).
   */
  private async compactNow(): Promise<void> {
    if (this.sinceCompact === 0) return;
    await this.deps.locked(async (repo) => {
      const log = await repo.load(this.meetingId);
      const last = log.updates.at(-1);
      if (!last) return;
      const folded = new Y.Doc();
      Y.transact(folded, () => {
        for (const blob of [...(log.snapshot ? [log.snapshot] : []), ...log.updates.map((u) => u.update)]) {
          try {
            Y.applyUpdate(folded, blob);
          } catch (err) {
            this.logger.error({ err, meetingId: this.meetingId }, 'stored minutes update unreadable, left out of the snapshot');
          }
        }
      });
      await repo.compact(this.meetingId, Y.encodeStateAsUpdate(folded), last.id, this.clock.now().getTime());
      folded.destroy();
    });
    this.sinceCompact = 0;
  }

  private broadcast(message: Uint8Array, except: unknown): void {
    for (const peer of this.peers) if (peer !== except) peer.send(message);
  }

  private changed(): void {
    for (const l of this.changeListeners) l();
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

function sameVector(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function syncMessage(update: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, MESSAGE_SYNC);
  syncProtocol.writeUpdate(enc, update);
  return encoding.toUint8Array(enc);
}

/**
 * Whether `update` may hold anything the document lacks: a reconnecting peer resends what the
 * server has. New structs always count; a delete set is kept too (re-applying it is harmless).
 */
function adds(update: Uint8Array, doc: Y.Doc): boolean {
  const decoded = Y.decodeUpdate(Y.diffUpdate(update, Y.encodeStateVector(doc)));
  return decoded.structs.length > 0 || decoded.ds.clients.size > 0;
}
