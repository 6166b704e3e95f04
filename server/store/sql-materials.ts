import type { Kysely } from 'kysely';
import type { Database } from './schema';
import type { MaterialDisplayRow, MaterialRepository, MaterialRow, StoredFile } from './ports';

/**
 * Bahan rapat over Kysely, the same on SQLite and PostgreSQL. `put` and `remove` write several
 * rows: the service runs them inside store.transaction, so a refused or failed upload leaves nothing.
 */
export class SqlMaterialRepository implements MaterialRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async put(row: Omit<MaterialRow, 'fileName' | 'sizeBytes'>, file: StoredFile): Promise<void> {
    const before = await this.db
      .selectFrom('meeting_materials')
      .select('file_id')
      .where('meeting_id', '=', row.meetingId)
      .where('participant_id', '=', row.participantId)
      .executeTakeFirst();
    await this.db
      .insertInto('stored_files')
      .values({ id: file.id, name: file.name, mime: file.mime, size_bytes: file.sizeBytes, sha256: file.sha256, bytes: file.bytes, created_at: file.createdAt })
      .execute();
    const values = { file_id: row.fileId, title: row.title, page_count: row.pageCount, uploaded_at: row.uploadedAt, uploaded_by: row.uploadedBy };
    await this.db
      .insertInto('meeting_materials')
      .values({ meeting_id: row.meetingId, participant_id: row.participantId, ...values })
      .onConflict((oc) => oc.columns(['meeting_id', 'participant_id']).doUpdateSet(values))
      .execute();
    // The old paparan is gone for good: a meeting keeps one per OPD, and 20 MB files add up.
    if (before && before.file_id !== row.fileId) await this.db.deleteFrom('stored_files').where('id', '=', before.file_id).execute();
  }

  async forMeeting(meetingId: string): Promise<MaterialRow[]> {
    return (await this.rows().where('m.meeting_id', '=', meetingId).orderBy('m.participant_id').execute()).map(toRow);
  }

  async get(meetingId: string, participantId: string): Promise<MaterialRow | null> {
    const r = await this.rows().where('m.meeting_id', '=', meetingId).where('m.participant_id', '=', participantId).executeTakeFirst();
    return r ? toRow(r) : null;
  }

  async remove(meetingId: string, participantId: string): Promise<boolean> {
    const before = await this.db
      .selectFrom('meeting_materials')
      .select('file_id')
      .where('meeting_id', '=', meetingId)
      .where('participant_id', '=', participantId)
      .executeTakeFirst();
    if (!before) return false;
    await this.db.deleteFrom('meeting_materials').where('meeting_id', '=', meetingId).where('participant_id', '=', participantId).execute();
    await this.db.deleteFrom('stored_files').where('id', '=', before.file_id).execute();
    return true;
  }

  async display(meetingId: string): Promise<MaterialDisplayRow | null> {
    const r = await this.db.selectFrom('material_displays').selectAll().where('meeting_id', '=', meetingId).executeTakeFirst();
    return r ? { meetingId: r.meeting_id, participantId: r.participant_id, page: r.page, turnId: r.turn_id, updatedAt: r.updated_at } : null;
  }

  async setDisplay(row: MaterialDisplayRow): Promise<void> {
    const values = { participant_id: row.participantId, page: row.page, turn_id: row.turnId, updated_at: row.updatedAt };
    await this.db
      .insertInto('material_displays')
      .values({ meeting_id: row.meetingId, ...values })
      .onConflict((oc) => oc.column('meeting_id').doUpdateSet(values))
      .execute();
  }

  async clearDisplayUnlessTurn(meetingId: string, currentTurnId: string | null, at: string): Promise<boolean> {
    // One statement: of two nodes hearing the same floor change, one clears and one finds nothing to do.
    const result = await this.db
      .updateTable('material_displays')
      .set({ participant_id: null, page: 1, turn_id: null, updated_at: at })
      .where('meeting_id', '=', meetingId)
      .where('participant_id', 'is not', null)
      .where((eb) => (currentTurnId === null ? eb('turn_id', 'is not', null) : eb.or([eb('turn_id', 'is', null), eb('turn_id', '!=', currentTurnId)])))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  private rows() {
    return this.db
      .selectFrom('meeting_materials as m')
      .innerJoin('stored_files as f', 'f.id', 'm.file_id')
      .select(['m.meeting_id', 'm.participant_id', 'm.file_id', 'm.title', 'm.page_count', 'm.uploaded_at', 'm.uploaded_by', 'f.name', 'f.size_bytes']);
  }
}

function toRow(r: {
  meeting_id: string;
  participant_id: string;
  file_id: string;
  title: string;
  page_count: number;
  uploaded_at: string;
  uploaded_by: string;
  name: string;
  size_bytes: number;
}): MaterialRow {
  return {
    meetingId: r.meeting_id,
    participantId: r.participant_id,
    fileId: r.file_id,
    title: r.title,
    pageCount: r.page_count,
    uploadedAt: r.uploaded_at,
    uploadedBy: r.uploaded_by,
    fileName: r.name,
    sizeBytes: Number(r.size_bytes),
  };
}
