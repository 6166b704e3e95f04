import * as Y from 'yjs';
import { roleCan, type Role } from '../../shared/domain/roles/roles';
import type { MinutesExport } from '../../shared/minutes/export-model';
import { followUpSchema, MINUTES_PARTS, type FollowUpRecord, type MinutesStatus } from '../../shared/minutes/layout';
import type { Meeting, Opd, QueueEvent } from '../../shared/protocol';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { MinutesRoom } from '../collab/minutes-room';
import type { MinutesRooms } from '../collab/minutes-rooms';
import { fillHeader, headerValues, reconcileTurns, seedBody } from '../collab/minutes-writer';
import { buildExport, followUpsOf } from '../minutes/build-export';
import type { MinutesStatusRecord, Store } from '../store/ports';
import type { ActiveSession } from './auth-service';
import type { EventBus } from '../events';
import { movesFloor } from '../../shared/domain/speaking-queue/floor-events';
import type { QueueService } from './queue-service';

const FOLLOW_UP_SYNC_MS = 300;

/**
 * The minutes around the Yjs rooms: what the server writes into them (sections, header),
 * finalisation and reopening, the follow-ups kept in SQLite, and the export structure.
 */
export class MinutesService {
  private readonly syncTimers = new Map<string, { timer: NodeJS.Timeout; room: MinutesRoom }>();
  /** Edits following the floor or the meeting, under way: close() waits for them. */
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly rooms: MinutesRooms,
    private readonly queue: QueueService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly city: string,
  ) {
    rooms.onPrepare((room) => this.prepare(room));
  }

  /** Only the notulis (and the secretariat) write the minutes. */
  canWrite(role: Role): boolean {
    return roleCan(role, 'minutes.write');
  }

  /** Follows the floor (on `queue.committed`): each turn that starts gets its section, each that ends its duration. */
  queueEvents(meetingId: string, events: readonly QueueEvent[]): void {
    if (!movesFloor(events)) return;
    this.track(this.follow(meetingId).catch((err: unknown) => this.logger.error({ err, meetingId }, 'minutes could not follow the floor')));
  }

  /** The header follows the meeting's edits (on `meeting.updated`). */
  meetingUpdated(meeting: Meeting): void {
    this.track(
      this.rooms
        .peek(meeting.id)
        .then(async (room) => {
          if (room) await room.edit('header', (doc) => fillHeader(doc, headerValues(meeting, null)));
        })
        .catch((err: unknown) => this.logger.error({ err }, 'minutes header update failed')),
    );
  }

  async status(meetingId: string, session: ActiveSession): Promise<MinutesStatus> {
    const record = (await this.store.minutes.status(meetingId)) ?? emptyStatus(meetingId);
    const finalized = record.finalizedAt !== null;
    const role = session.actor.role;
    return {
      meetingId,
      finalizedAt: record.finalizedAt,
      finalizedBy: record.finalizedBy,
      version: record.version,
      reopenedAt: record.reopenedAt,
      reopenedBy: record.reopenedBy,
      canEdit: !finalized && this.canWrite(role),
      canFinalize: !finalized && roleCan(role, 'minutes.finalize'),
      canReopen: finalized && roleCan(role, 'minutes.reopen'),
    };
  }

  /** Freezes the minutes: a versioned snapshot, the time and the person, and no more edits by anyone. */
  async finalize(meetingId: string, session: ActiveSession): Promise<MinutesStatus> {
    const role = session.actor.role;
    if (!roleCan(role, 'minutes.finalize')) throw new AppError('forbidden', 'errors.finaliseForbidden');
    // Refused before the room loads: a refusal must not write (loading seeds the document).
    if ((await this.store.minutes.status(meetingId))?.finalizedAt) throw new AppError('conflict', 'errors.minutesFinalised');
    const room = await this.rooms.open(meetingId);
    await room.run(async () => {
      const current = (await this.store.minutes.status(meetingId)) ?? emptyStatus(meetingId);
      if (current.finalizedAt) throw new AppError('conflict', 'errors.minutesFinalised');
      const now = this.clock.now().toISOString();
      const next: MinutesStatusRecord = { ...current, finalizedAt: now, finalizedBy: session.name, version: current.version + 1 };
      const state = Y.encodeStateAsUpdate(room.doc);
      await this.store.transaction(async (repos) => {
        await repos.minutes.addVersion(meetingId, next.version, state, now, session.name);
        await repos.minutes.saveStatus(next);
      });
      room.finalized = true;
    });
    this.bus.emit('minutes.changed', { meetingId });
    return this.status(meetingId, session);
  }

  async reopen(meetingId: string, session: ActiveSession): Promise<MinutesStatus> {
    if (!roleCan(session.actor.role, 'minutes.reopen')) throw new AppError('forbidden', 'errors.reopenForbidden');
    if (!(await this.store.minutes.status(meetingId))?.finalizedAt) throw new AppError('conflict', 'errors.minutesNotFinalised');
    const room = await this.rooms.open(meetingId);
    await room.run(async () => {
      const current = await this.store.minutes.status(meetingId);
      if (!current?.finalizedAt) throw new AppError('conflict', 'errors.minutesNotFinalised');
      await this.store.minutes.saveStatus({
        ...current,
        finalizedAt: null,
        finalizedBy: null,
        reopenedAt: this.clock.now().toISOString(),
        reopenedBy: session.name,
      });
      room.finalized = false;
    });
    this.bus.emit('minutes.changed', { meetingId });
    return this.status(meetingId, session);
  }

  async followUps(meetingId: string): Promise<FollowUpRecord[]> {
    const room = await this.rooms.open(meetingId);
    await this.syncFollowUps(room);
    const rows = await this.store.minutes.listFollowUps(meetingId);
    const names = await this.opdNames(rows.flatMap((r) => r.opdIds));
    return rows.map((r) => ({ ...r, opdShortNames: r.opdIds.map((id) => names.get(id)?.shortName ?? '?') }));
  }

  async exportModel(meeting: Meeting): Promise<MinutesExport> {
    const room = await this.rooms.open(meeting.id);
    await room.idle();
    const follow = followUpsOf(room.doc);
    const [queue, status, opds] = await Promise.all([
      this.queue.state(meeting.id),
      this.store.minutes.status(meeting.id),
      this.opdNames(follow.flatMap((f) => f.opdIds)),
    ]);
    return buildExport({ doc: room.doc, meeting, queue, opds: [...opds.values()], status, city: this.city });
  }

  /**
   * At shutdown, before the rooms close: the edits under way finish, and the follow-ups waiting
   * for their debounce are written to the store now rather than dropped.
   */
  async close(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    const waiting = [...this.syncTimers.values()];
    this.syncTimers.clear();
    for (const { timer, room } of waiting) {
      clearTimeout(timer);
      await this.syncFollowUps(room).catch((err: unknown) => this.logger.error({ err }, 'follow-up sync at shutdown failed'));
    }
  }

  private track(task: Promise<void>): void {
    this.pending.add(task);
    void task.finally(() => this.pending.delete(task));
  }

  /** Runs once when a room loads, before any peer's message. */
  private async prepare(room: MinutesRoom): Promise<void> {
    const status = await this.store.minutes.status(room.meetingId);
    room.finalized = !!status?.finalizedAt;
    const meeting = await this.store.meetings.get(room.meetingId);
    if (!meeting) return;
    const queue = await this.queue.state(room.meetingId);
    await room.edit('prepare', (doc) => {
      seedBody(doc);
      fillHeader(doc, headerValues(meeting, queue));
      // A restart in the middle of a turn, or events missed while the room was unloaded.
      reconcileTurns(doc, queue, meeting);
    });
    room.doc.getArray(MINUTES_PARTS.followUps).observeDeep(() => this.scheduleFollowUpSync(room));
  }

  private async follow(meetingId: string): Promise<void> {
    const room = await this.rooms.open(meetingId);
    const meeting = await this.store.meetings.get(meetingId);
    if (!meeting) return;
    const queue = await this.queue.state(meetingId);
    await room.edit('floor', (doc) => {
      fillHeader(doc, headerValues(meeting, queue));
      reconcileTurns(doc, queue, meeting);
    });
  }

  private scheduleFollowUpSync(room: MinutesRoom): void {
    const old = this.syncTimers.get(room.meetingId);
    if (old) clearTimeout(old.timer);
    const timer = setTimeout(() => {
      this.syncTimers.delete(room.meetingId);
      this.track(this.syncFollowUps(room).catch((err: unknown) => this.logger.error({ err }, 'follow-up sync failed')));
    }, FOLLOW_UP_SYNC_MS);
    timer.unref();
    this.syncTimers.set(room.meetingId, { timer, room });
  }

  /** The document's follow-ups into SQLite, in one go; a malformed row is skipped, not stored. */
  private async syncFollowUps(room: MinutesRoom): Promise<void> {
    const now = this.clock.now().toISOString();
    const rows = followUpsOf(room.doc)
      .filter((f) => followUpSchema.safeParse(f).success)
      .map((f, i) => ({ ...f, meetingId: room.meetingId, position: i + 1, updatedAt: now }));
    await this.store.transaction((repos) => repos.minutes.replaceFollowUps(room.meetingId, rows));
  }

  private async opdNames(ids: readonly string[]): Promise<Map<string, Opd>> {
    const unique = [...new Set(ids)];
    const opds = unique.length ? await this.store.opds.getMany(unique) : [];
    return new Map(opds.map((o) => [o.id, o]));
  }
}

function emptyStatus(meetingId: string): MinutesStatusRecord {
  return { meetingId, finalizedAt: null, finalizedBy: null, version: 0, reopenedAt: null, reopenedBy: null };
}
