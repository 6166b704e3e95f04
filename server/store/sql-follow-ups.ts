import { sql, type Kysely } from 'kysely';
import type { FollowUpStatus } from '../../shared/minutes/layout';
import type { ReviewDecision } from '../../shared/protocol/follow-ups';
import type { Database, FollowUpsTable } from './schema';
import type { FollowUpListRow, FollowUpRepository, FollowUpRow, FollowUpSearch, ProgressNoteRow, ReviewRow, StoredFile, StoredFileMeta } from './ports';

function toRow(r: FollowUpsTable): FollowUpRow {
  return {
    id: r.id,
    meetingId: r.meeting_id,
    position: r.position,
    action: r.action,
    opdIds: JSON.parse(r.opd_ids_json) as string[],
    dueDate: r.due_date,
    status: r.status as FollowUpStatus,
    docStatus: (r.doc_status || r.status) as FollowUpStatus,
    docDueDate: r.doc_due_date,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

/** The tracker over Kysely: the same queries on SQLite and PostgreSQL. */
export class SqlFollowUpRepository implements FollowUpRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async forMeeting(meetingId: string): Promise<FollowUpRow[]> {
    const rows = await this.db.selectFrom('follow_ups').selectAll().where('meeting_id', '=', meetingId).orderBy('position').execute();
    return rows.map(toRow);
  }

  async get(meetingId: string, id: string): Promise<FollowUpRow | null> {
    const row = await this.db.selectFrom('follow_ups').selectAll().where('meeting_id', '=', meetingId).where('id', '=', id).executeTakeFirst();
    return row ? toRow(row) : null;
  }

  async upsert(row: FollowUpRow): Promise<void> {
    const values = {
      id: row.id,
      meeting_id: row.meetingId,
      position: row.position,
      action: row.action,
      opd_ids_json: JSON.stringify(row.opdIds),
      due_date: row.dueDate,
      status: row.status,
      doc_status: row.docStatus,
      doc_due_date: row.docDueDate,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
      updated_by: row.updatedBy,
    };
    const { id: _id, meeting_id: _meeting, created_at: _created, ...changes } = values;
    await this.db
      .insertInto('follow_ups')
      .values(values)
      .onConflict((oc) => oc.columns(['meeting_id', 'id']).doUpdateSet(changes))
      .execute();
    await this.db.deleteFrom('follow_up_owners').where('meeting_id', '=', row.meetingId).where('follow_up_id', '=', row.id).execute();
    const owners = [...new Set(row.opdIds)];
    if (owners.length)
      await this.db
        .insertInto('follow_up_owners')
        .values(owners.map((opdId) => ({ meeting_id: row.meetingId, follow_up_id: row.id, opd_id: opdId })))
        .execute();
  }

  async remove(meetingId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    // Children first: SQLite enforces the cascades only with foreign_keys on, so nothing relies on them.
    for (const table of ['follow_up_owners', 'follow_up_notes'] as const)
      await this.db.deleteFrom(table).where('meeting_id', '=', meetingId).where('follow_up_id', 'in', ids).execute();
    await this.db.deleteFrom('follow_up_reviews').where('from_meeting_id', '=', meetingId).where('follow_up_id', 'in', ids).execute();
    await this.db.deleteFrom('follow_ups').where('meeting_id', '=', meetingId).where('id', 'in', ids).execute();
  }

  async search(query: FollowUpSearch): Promise<FollowUpListRow[]> {
    let q = this.db
      .selectFrom('follow_ups as f')
      .innerJoin('meetings as m', 'm.id', 'f.meeting_id')
      .leftJoin('series_occurrences as so', 'so.meeting_id', 'f.meeting_id')
      .selectAll('f')
      .select(['m.title as meeting_title', 'm.date as meeting_date', 'm.time_zone as meeting_time_zone', 'so.series_id as series_id'])
      .select((eb) =>
        eb
          .selectFrom('follow_up_notes as n')
          .whereRef('n.meeting_id', '=', 'f.meeting_id')
          .whereRef('n.follow_up_id', '=', 'f.id')
          .select(eb.fn.countAll<number>().as('c'))
          .as('note_count'),
      );
    if (query.opdIds) {
      const opdIds = query.opdIds;
      if (opdIds.length === 0) return [];
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('follow_up_owners as o')
            .select(sql<number>`1`.as('one'))
            .whereRef('o.meeting_id', '=', 'f.meeting_id')
            .whereRef('o.follow_up_id', '=', 'f.id')
            .where('o.opd_id', 'in', opdIds),
        ),
      );
    }
    if (query.meetingIds) {
      if (query.meetingIds.length === 0) return [];
      q = q.where('f.meeting_id', 'in', query.meetingIds);
    }
    if (query.seriesId) q = q.where('so.series_id', '=', query.seriesId);
    if (query.statuses) {
      if (query.statuses.length === 0) return [];
      q = q.where('f.status', 'in', query.statuses);
    }
    if (query.dueBefore) q = q.where('f.due_date', '!=', '').where('f.due_date', '<', query.dueBefore);
    if (query.meetingBefore) q = q.where('m.date', '<', query.meetingBefore);
    const rows = await q.orderBy('m.date', 'desc').orderBy('f.meeting_id').orderBy('f.position').execute();
    return rows.map((r) => ({
      ...toRow(r),
      meetingTitle: r.meeting_title,
      meetingDate: r.meeting_date,
      meetingTimeZone: r.meeting_time_zone,
      seriesId: r.series_id ?? null,
      noteCount: Number(r.note_count ?? 0),
    }));
  }

  async addNote(note: ProgressNoteRow): Promise<void> {
    await this.db
      .insertInto('follow_up_notes')
      .values({
        id: note.id,
        meeting_id: note.meetingId,
        follow_up_id: note.followUpId,
        created_at: note.createdAt,
        author_name: note.authorName,
        author_opd_id: note.authorOpdId,
        status_from: note.statusFrom,
        status_to: note.statusTo,
        text: note.text,
        link_url: note.linkUrl,
        file_id: note.fileId,
      })
      .execute();
  }

  async notes(meetingId: string, followUpId: string): Promise<ProgressNoteRow[]> {
    const rows = await this.db
      .selectFrom('follow_up_notes')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .where('follow_up_id', '=', followUpId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      meetingId: r.meeting_id,
      followUpId: r.follow_up_id,
      createdAt: r.created_at,
      authorName: r.author_name,
      authorOpdId: r.author_opd_id,
      statusFrom: r.status_from as FollowUpStatus | null,
      statusTo: r.status_to as FollowUpStatus | null,
      text: r.text,
      linkUrl: r.link_url,
      fileId: r.file_id,
    }));
  }

  async addFile(file: StoredFile): Promise<void> {
    await this.db
      .insertInto('stored_files')
      .values({
        id: file.id,
        name: file.name,
        mime: file.mime,
        size_bytes: file.sizeBytes,
        sha256: file.sha256,
        bytes: file.bytes,
        created_at: file.createdAt,
      })
      .execute();
  }

  async fileMeta(ids: readonly string[]): Promise<StoredFileMeta[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('stored_files').select(['id', 'name', 'mime', 'size_bytes', 'sha256', 'created_at']).where('id', 'in', ids).execute();
    return rows.map((r) => ({ id: r.id, name: r.name, mime: r.mime, sizeBytes: r.size_bytes, sha256: r.sha256, createdAt: r.created_at }));
  }

  async file(id: string): Promise<StoredFile | null> {
    const r = await this.db.selectFrom('stored_files').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) return null;
    return { id: r.id, name: r.name, mime: r.mime, sizeBytes: r.size_bytes, sha256: r.sha256, createdAt: r.created_at, bytes: new Uint8Array(r.bytes) };
  }

  async fileCount(): Promise<number> {
    const row = await this.db
      .selectFrom('stored_files')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async addReview(review: ReviewRow): Promise<boolean> {
    const result = await this.db
      .insertInto('follow_up_reviews')
      .values({
        meeting_id: review.meetingId,
        from_meeting_id: review.fromMeetingId,
        follow_up_id: review.followUpId,
        decision: review.decision,
        decided_by: review.decidedBy,
        decided_at: review.decidedAt,
      })
      .onConflict((oc) => oc.columns(['meeting_id', 'from_meeting_id', 'follow_up_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async reviews(meetingId: string): Promise<ReviewRow[]> {
    const rows = await this.db.selectFrom('follow_up_reviews').selectAll().where('meeting_id', '=', meetingId).execute();
    return rows.map((r) => ({
      meetingId: r.meeting_id,
      fromMeetingId: r.from_meeting_id,
      followUpId: r.follow_up_id,
      decision: r.decision as ReviewDecision,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
    }));
  }

  async addPageLink(opdId: string, tokenHash: string, createdAt: string, createdBy: string): Promise<void> {
    await this.revokePageLinks(opdId, createdAt);
    await this.db
      .insertInto('opd_page_links')
      .values({ token_hash: tokenHash, opd_id: opdId, created_at: createdAt, created_by: createdBy, revoked_at: null })
      .execute();
  }

  async revokePageLinks(opdId: string, at: string): Promise<number> {
    const result = await this.db
      .updateTable('opd_page_links')
      .set({ revoked_at: at })
      .where('opd_id', '=', opdId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async pageLinkOpd(tokenHash: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('opd_page_links')
      .select('opd_id')
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row?.opd_id ?? null;
  }

  async activePageLink(opdId: string): Promise<{ createdAt: string; createdBy: string } | null> {
    const row = await this.db
      .selectFrom('opd_page_links')
      .select(['created_at', 'created_by'])
      .where('opd_id', '=', opdId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row ? { createdAt: row.created_at, createdBy: row.created_by } : null;
  }
}
