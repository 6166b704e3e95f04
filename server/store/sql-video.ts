import type { Kysely, Selectable } from 'kysely';
import type { Database, VideoPresenceTable } from './schema';
import type { FloorError, PresenceRecord, VideoRepository } from './ports';

function toRecord(r: Selectable<VideoPresenceTable>): PresenceRecord {
  return {
    meetingId: r.meeting_id,
    sid: r.sid,
    identity: r.identity,
    participantId: r.participant_id,
    name: r.name,
    joinedAt: r.joined_at,
    leftAt: r.left_at,
  };
}

export class SqlVideoRepository implements VideoRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async recordEvent(eventId: string, meetingId: string, at: string): Promise<boolean> {
    const result = await this.db
      .insertInto('video_webhook_events')
      .values({ event_id: eventId, meeting_id: meetingId, received_at: at })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async pruneEvents(before: string): Promise<number> {
    const result = await this.db.deleteFrom('video_webhook_events').where('received_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async floorError(meetingId: string): Promise<FloorError | null> {
    const row = await this.db.selectFrom('video_floor_errors').select(['message', 'at']).where('meeting_id', '=', meetingId).executeTakeFirst();
    return row ?? null;
  }

  async setFloorError(meetingId: string, error: FloorError): Promise<void> {
    await this.db
      .insertInto('video_floor_errors')
      .values({ meeting_id: meetingId, message: error.message, at: error.at })
      .onConflict((oc) => oc.column('meeting_id').doUpdateSet({ message: error.message, at: error.at }))
      .execute();
  }

  async clearFloorError(meetingId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('video_floor_errors').where('meeting_id', '=', meetingId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async joined(record: Omit<PresenceRecord, 'leftAt'>): Promise<boolean> {
    const result = await this.db
      .insertInto('video_presence')
      .values({
        meeting_id: record.meetingId,
        sid: record.sid,
        identity: record.identity,
        participant_id: record.participantId,
        name: record.name,
        joined_at: record.joinedAt,
        left_at: null,
      })
      .onConflict((oc) => oc.columns(['meeting_id', 'sid']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async left(record: Omit<PresenceRecord, 'leftAt'> & { leftAt: string }): Promise<boolean> {
    const existing = await this.db
      .selectFrom('video_presence')
      .select(['left_at', 'joined_at'])
      .where('meeting_id', '=', record.meetingId)
      .where('sid', '=', record.sid)
      .executeTakeFirst();
    if (existing) {
      if (existing.left_at !== null) return false;
      await this.db
        .updateTable('video_presence')
        // LiveKit's webhook times are whole seconds and a join may be known to the millisecond: a leave is never before its join.
        .set({ left_at: record.leftAt < existing.joined_at ? existing.joined_at : record.leftAt })
        .where('meeting_id', '=', record.meetingId)
        .where('sid', '=', record.sid)
        .execute();
      return true;
    }
    await this.db
      .insertInto('video_presence')
      .values({
        meeting_id: record.meetingId,
        sid: record.sid,
        identity: record.identity,
        participant_id: record.participantId,
        name: record.name,
        joined_at: record.joinedAt,
        left_at: record.leftAt,
      })
      .execute();
    return true;
  }

  async list(meetingId: string): Promise<PresenceRecord[]> {
    const rows = await this.db.selectFrom('video_presence').selectAll().where('meeting_id', '=', meetingId).orderBy('joined_at').orderBy('sid').execute();
    return rows.map(toRecord);
  }

  async connected(meetingId: string): Promise<PresenceRecord[]> {
    const rows = await this.db
      .selectFrom('video_presence')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .where('left_at', 'is', null)
      .orderBy('joined_at')
      .orderBy('sid')
      .execute();
    return rows.map(toRecord);
  }
}
