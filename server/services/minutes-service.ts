import * as Y from 'yjs';
import { roleCan, type Role } from '../../shared/domain/roles/roles';
import type { MinutesExport } from '../../shared/minutes/export-model';
import { followUpSchema, MINUTES_PARTS, type PreviousFollowUp, type FollowUpRecord, type MinutesStatus } from '../../shared/minutes/layout';
import type { Meeting, Opd, QueueEvent, QueueState } from '../../shared/protocol';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { MinutesRoom } from '../collab/minutes-room';
import type { MinutesRooms } from '../collab/minutes-rooms';
import { fillHeader, headerValues, reconcileTurns, seedBody } from '../collab/minutes-writer';
import { buildExport, exportLetterhead, followUpsOf } from '../minutes/build-export';
import { DEFAULT_NUMBERING_PATTERN, formatNomor, numberingYear } from '../../shared/minutes/numbering';
import { diffVersions, type MinutesDiff } from '../../shared/minutes/version-diff';
import type { MinutesVersion } from '../../shared/protocol/letterhead';
import type { MinutesStatusRecord, Store } from '../store/ports';
import type { ActiveSession } from './auth-service';
import type { EventBus } from '../events';
import { movesFloor } from '../../shared/domain/speaking-queue/floor-events';
import type { QueueService } from './queue-service';
import type { CarriedFollowUp } from '../../shared/protocol/follow-ups';
import { planSync, type SyncPlan } from './follow-up-sync';

const FOLLOW_UP_SYNC_MS = 300;

/** The earlier meetings' items a meeting lists: those the tracker brings back, and those listed before (`listed` keys). */
export type PreviousSource = (meeting: Meeting, listed: readonly string[]) => Promise<CarriedFollowUp[]>;
/** Who a follow-up change made in the minutes document is recorded as. */
const DOC_AUTHOR = 'Notulen rapat';

/** The tracker's values into the document's rows, by id (a server edit, origin 'tracker'). */
function pushIntoDocument(doc: Y.Doc, pushes: SyncPlan['pushes']): void {
  const byId = new Map(pushes.map((p) => [p.id, p]));
  for (const item of doc.getArray<unknown>(MINUTES_PARTS.followUps).toArray()) {
    if (!(item instanceof Y.Map)) continue;
    const map = item as Y.Map<unknown>;
    const push = byId.get(map.get('id') as string);
    if (!push) continue;
    if (push.status !== undefined) map.set('status', push.status);
    if (push.dueDate !== undefined) map.set('dueDate', push.dueDate);
  }
}

/**
 * The minutes around the Yjs rooms: what the server writes into them (sections, header),
 * finalisation and reopening, the follow-ups kept in SQLite, and the export structure.
 */
export class MinutesService {
  private readonly syncTimers = new Map<string, { timer: NodeJS.Timeout; room: MinutesRoom }>();
  /** Edits following the floor or the meeting, under way: close() waits for them. */
  private readonly pending = new Set<Promise<void>>();
  /** The follow-up sync under way per meeting: the next one waits for it. */
  private readonly syncChains = new Map<string, Promise<void>>();

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

  /**
   * Where the earlier meetings' items of a meeting come from (the tracker, follow-up-service.ts,
   * which itself writes through this service): given once at composition, in app.ts.
   */
  private previousSource: PreviousSource | null = null;

  setPreviousSource(source: PreviousSource): void {
    this.previousSource = source;
  }

  /**
   * The document's "Tindak lanjut rapat sebelumnya" brought up to date from the tracker, while it
   * is a draft: each item listed once stays listed, with its status now; finalisation freezes it.
   */
  async refreshPrevious(meetingId: string): Promise<void> {
    const source = this.previousSource;
    const meeting = await this.store.meetings.get(meetingId);
    if (!source || !meeting) return;
    const room = await this.rooms.open(meetingId);
    if (room.finalized) return;
    const listed = [...room.doc.getMap<string>(MINUTES_PARTS.previous).keys()];
    const items = await source(meeting, listed);
    if (room.finalized) return;
    const entries = new Map<string, string>(
      items.map((item, i) => {
        const entry: PreviousFollowUp = {
          order: i + 1,
          fromTitle: item.meetingTitle.slice(0, 200),
          fromDate: item.meetingDate,
          action: item.action,
          opds: item.opdShortNames,
          dueDate: item.dueDate,
          status: item.status,
          decision: item.decision,
          decidedBy: item.decidedBy,
        };
        return [`${item.meetingId}/${item.id}`, JSON.stringify(entry)];
      }),
    );
    await room.edit('previous', (doc) => {
      const map = doc.getMap<string>(MINUTES_PARTS.previous);
      for (const key of [...map.keys()]) if (!entries.has(key)) map.delete(key);
      for (const [key, value] of entries) if (map.get(key) !== value) map.set(key, value);
    });
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
      nomor: (await this.store.minutes.number(meetingId))?.nomor ?? null,
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
    // The earlier meetings' items are signed with the status they have now.
    await this.refreshPrevious(meetingId);
    const room = await this.rooms.open(meetingId);
    await room.run(async () => {
      const current = (await this.store.minutes.status(meetingId)) ?? emptyStatus(meetingId);
      if (current.finalizedAt) throw new AppError('conflict', 'errors.minutesFinalised');
      const now = this.clock.now().toISOString();
      const next: MinutesStatusRecord = { ...current, finalizedAt: now, finalizedBy: session.name, version: current.version + 1 };
      const state = Y.encodeStateAsUpdate(room.doc);
      const meeting = await this.store.meetings.get(meetingId);
      const pattern = (await this.store.letterhead.get())?.numberingPattern ?? DEFAULT_NUMBERING_PATTERN;
      await this.store.transaction(async (repos) => {
        // Another node finalising the same minutes waits here, then finds them final (or its version taken).
        await repos.minutes.lock(meetingId);
        const fresh = await repos.minutes.status(meetingId);
        if (fresh?.finalizedAt || (fresh?.version ?? 0) !== current.version) throw new AppError('conflict', 'errors.minutesFinalised');
        await repos.minutes.addVersion(meetingId, next.version, state, now, session.name, role);
        await repos.minutes.saveStatus(next);
        // The nomor, once: the first finalisation claims it from the meeting's year, a later one keeps it.
        if (meeting) await repos.minutes.claimNumber(meetingId, numberingYear(meeting.date), (seq) => formatNomor(pattern, seq, meeting.date), now);
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
    // What the tracker learnt while the minutes were final comes into the reopened draft.
    await this.syncFollowUps(room);
    this.bus.emit('minutes.changed', { meetingId });
    return this.status(meetingId, session);
  }

  async followUps(meetingId: string): Promise<FollowUpRecord[]> {
    const room = await this.rooms.open(meetingId);
    await this.syncFollowUps(room);
    const rows = await this.store.followUps.forMeeting(meetingId);
    const names = await this.opdNames(rows.flatMap((r) => r.opdIds));
    return rows.map((r) => ({ ...r, opdShortNames: r.opdIds.map((id) => names.get(id)?.shortName ?? '?') }));
  }

  async exportModel(meeting: Meeting): Promise<MinutesExport> {
    await this.refreshPrevious(meeting.id);
    const room = await this.rooms.open(meeting.id);
    await room.idle();
    const follow = followUpsOf(room.doc);
    const [queue, status, opds] = await Promise.all([
      this.queue.state(meeting.id),
      this.store.minutes.status(meeting.id),
      this.opdNames(follow.flatMap((f) => f.opdIds)),
    ]);
    return this.buildModel(room.doc, meeting, queue, status, opds);
  }

  /** Every finalised version, oldest first. */
  async versions(meetingId: string): Promise<MinutesVersion[]> {
    return (await this.store.minutes.versions(meetingId)).map((v) => ({
      version: v.version,
      finalizedAt: v.createdAt,
      finalizedBy: v.createdBy,
      finalizedRole: v.createdRole,
    }));
  }

  /** The notulen as version `version` froze it, with the note of who finalised it then; 404 for no such version. */
  async versionModel(meeting: Meeting, version: number): Promise<MinutesExport> {
    const v = await this.store.minutes.version(meeting.id, version);
    if (!v) throw new AppError('not_found', 'errors.minutesVersionUnknown', { version });
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, v.state);
      const opds = await this.opdNames(followUpsOf(doc).flatMap((f) => f.opdIds));
      const status: MinutesStatusRecord = {
        meetingId: meeting.id,
        finalizedAt: v.createdAt,
        finalizedBy: v.createdBy,
        version: v.version,
        reopenedAt: null,
        reopenedBy: null,
      };
      return await this.buildModel(doc, meeting, await this.queue.state(meeting.id), status, opds);
    } finally {
      doc.destroy();
    }
  }

  /** What changed from version `version - 1` to `version` (404 for version 1, which has nothing before it). */
  async versionDiff(meeting: Meeting, version: number): Promise<MinutesDiff> {
    if (version < 2) throw new AppError('not_found', 'errors.minutesVersionFirst');
    const [before, after] = await Promise.all([this.versionModel(meeting, version - 1), this.versionModel(meeting, version)]);
    return diffVersions(before, after, version, version - 1);
  }

  private async buildModel(
    doc: Y.Doc,
    meeting: Meeting,
    queue: QueueState | null,
    status: MinutesStatusRecord | null,
    opds: Map<string, Opd>,
  ): Promise<MinutesExport> {
    const [settings, number, materials] = await Promise.all([
      this.store.letterhead.get(),
      this.store.minutes.number(meeting.id),
      // The bahan rapat as they are now, for a finalised version too (they are not part of the document).
      this.store.materials.forMeeting(meeting.id),
    ]);
    const letterhead = exportLetterhead(settings, settings?.logo ? await this.store.letterhead.logo() : null);
    return buildExport({ doc, meeting, queue, opds: [...opds.values()], status, city: this.city, letterhead, nomor: number?.nomor ?? null, materials });
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
    // A tracker change that did not reach the document before a crash or a restart comes in now.
    this.scheduleFollowUpSync(room);
    if (!room.finalized && this.previousSource)
      this.track(this.refreshPrevious(room.meetingId).catch((err: unknown) => this.logger.error({ err }, 'earlier follow-ups could not be listed')));
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

  /**
   * The document and the tracker merged (follow-up-sync.ts): the tracker's newer status or due
   * date goes into a draft first, then the document's items are stored. One sync at a time per
   * meeting on this node; the minutes lock orders the nodes.
   */
  syncFollowUps(room: MinutesRoom): Promise<void> {
    const run = (this.syncChains.get(room.meetingId) ?? Promise.resolve()).then(() => this.syncOnce(room));
    const settled = run.catch(() => undefined);
    this.syncChains.set(room.meetingId, settled);
    void settled.then(() => {
      if (this.syncChains.get(room.meetingId) === settled) this.syncChains.delete(room.meetingId);
    });
    return run;
  }

  /** After the tracker changed an item of `meetingId`: its minutes take the change while they are a draft. */
  async trackerChanged(meetingId: string): Promise<void> {
    await this.syncFollowUps(await this.rooms.open(meetingId));
  }

  private async syncOnce(room: MinutesRoom): Promise<void> {
    const items = () => followUpsOf(room.doc).filter((f) => followUpSchema.safeParse(f).success);
    const context = (push: boolean) => ({
      meetingId: room.meetingId,
      editable: !room.finalized,
      push,
      now: this.clock.now().toISOString(),
      docAuthor: DOC_AUTHOR,
    });
    const { pushes } = planSync(items(), await this.store.followUps.forMeeting(room.meetingId), context(true));
    if (pushes.length > 0 && !room.finalized) await room.edit('tracker', (doc) => pushIntoDocument(doc, pushes));
    await this.store.transaction(async (repos) => {
      await repos.minutes.lock(room.meetingId);
      const plan = planSync(items(), await repos.followUps.forMeeting(room.meetingId), context(false));
      for (const row of plan.upserts) await repos.followUps.upsert(row);
      await repos.followUps.remove(room.meetingId, plan.removals);
    });
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
