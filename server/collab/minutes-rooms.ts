import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { Cluster } from '../cluster/cluster';
import type { MinutesRepository, Store } from '../store/ports';
import { MinutesRoom, type RoomOptions } from './minutes-room';

export interface RoomsOptions extends RoomOptions {
  /** A room with no peer for this long is compacted and leaves memory. */
  idleMs: number;
}

/**
 * The minutes rooms in memory, opened on demand (a peer connects, the floor moves) and
 * unloaded when idle. `prepare` runs once per load, before any peer's message.
 */
export class MinutesRooms {
  private readonly rooms = new Map<string, Promise<MinutesRoom>>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private prepare: (room: MinutesRoom) => Promise<void> = async () => {};
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly cluster: Cluster,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly opts: RoomsOptions,
  ) {
    // Another node's stored updates and carets reach this node's peers of the room, if it is open here.
    cluster.on('minutes.update', ({ meetingId, update, id }) => {
      void this.peek(meetingId).then((room) => room?.applyRemote(Buffer.from(update, 'base64'), id));
    });
    cluster.on('minutes.awareness', ({ meetingId, update }) => {
      void this.peek(meetingId).then((room) => room?.applyRemoteAwareness(Buffer.from(update, 'base64')));
    });
    cluster.on('minutes.status', ({ meetingId }) => {
      void this.peek(meetingId).then((room) => room?.run(async () => (room.finalized = !!(await store.minutes.status(meetingId))?.finalizedAt)));
    });
    // Messages may have been lost while Redis was away: every open room reads its log again.
    cluster.onRecovered(() => {
      void this.all().then((rooms) => rooms.forEach((room) => void room.resync().catch((err: unknown) => logger.warn({ err }, 'minutes catch-up failed'))));
    });
  }

  /** Late binding: the minutes service prepares rooms and needs the rooms itself. */
  onPrepare(prepare: (room: MinutesRoom) => Promise<void>): void {
    this.prepare = prepare;
  }

  open(meetingId: string): Promise<MinutesRoom> {
    if (this.closed) return Promise.reject(new Error(`minutes rooms closed: ${meetingId} not opened`));
    let room = this.rooms.get(meetingId);
    if (!room) {
      room = this.load(meetingId);
      this.rooms.set(meetingId, room);
      room.catch(() => this.rooms.delete(meetingId));
    }
    void room.then((r) => this.touch(r)).catch(() => undefined);
    return room;
  }

  /** The room if it is in memory now, without loading it. */
  async peek(meetingId: string): Promise<MinutesRoom | null> {
    return (await this.rooms.get(meetingId)) ?? null;
  }

  async all(): Promise<MinutesRoom[]> {
    return Promise.all(this.rooms.values());
  }

  /** Re-arms the idle timer: an empty room unloads after idleMs. */
  touch(room: MinutesRoom): void {
    const old = this.idleTimers.get(room.meetingId);
    if (old) clearTimeout(old);
    this.idleTimers.delete(room.meetingId);
    // After close (a socket's close event comes late): the room was folded and left memory already.
    if (room.peers.size > 0 || this.closed) return;
    const timer = setTimeout(() => void this.unload(room), this.opts.idleMs);
    timer.unref();
    this.idleTimers.set(room.meetingId, timer);
  }

  /**
   * Flushes every room at shutdown: waits for what each one has queued (updates read from its
   * sockets, server edits), folds its log into a snapshot and lets it go. Every update is stored
   * before it is applied, so the fold loses nothing if it fails; it only spares the next load.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.idleTimers.values()) clearTimeout(t);
    this.idleTimers.clear();
    const rooms = await Promise.allSettled([...this.rooms.values()]);
    for (const r of rooms) {
      if (r.status !== 'fulfilled') continue;
      await r.value.compact().catch((err: unknown) => this.logger.error({ err }, 'minutes compaction at shutdown failed'));
      r.value.destroy();
    }
    this.rooms.clear();
  }

  private async load(meetingId: string): Promise<MinutesRoom> {
    const locked = <T>(work: (repo: MinutesRepository) => Promise<T>) =>
      this.store.transaction(async (repos) => {
        await repos.minutes.lock(meetingId);
        return work(repos.minutes);
      });
    const relay = {
      update: (update: Uint8Array, id: number) => this.cluster.publish('minutes.update', { meetingId, update: Buffer.from(update).toString('base64'), id }),
      awareness: (update: Uint8Array) => this.cluster.publish('minutes.awareness', { meetingId, update: Buffer.from(update).toString('base64') }),
    };
    const room = new MinutesRoom(meetingId, { repo: this.store.minutes, locked, shared: this.cluster.shared, relay }, this.clock, this.logger, this.opts);
    await room.load();
    await this.prepare(room);
    return room;
  }

  private async unload(room: MinutesRoom): Promise<void> {
    this.idleTimers.delete(room.meetingId);
    await room.compact();
    // A peer may have come, or the floor moved, while compacting.
    if (room.peers.size > 0 || this.rooms.get(room.meetingId) === undefined) return;
    this.rooms.delete(room.meetingId);
    await room.idle();
    room.destroy();
  }
}
