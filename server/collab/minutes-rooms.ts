import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { MinutesRepository } from '../store/ports';
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
    private readonly repo: MinutesRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly opts: RoomsOptions,
  ) {}

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
    const room = new MinutesRoom(meetingId, this.repo, this.clock, this.logger, this.opts);
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
