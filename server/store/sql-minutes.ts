import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';
import type { MinutesLog, MinutesNumberRecord, MinutesRepository, MinutesStatusRecord, MinutesVersionRecord } from './ports';
import type { SqlDialectName } from './migrations';

export class SqlMinutesRepository implements MinutesRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialectName,
  ) {}

  async load(meetingId: string): Promise<MinutesLog> {
    const snap = await this.db.selectFrom('minutes_snapshots').select(['state_blob', 'through_id']).where('meeting_id', '=', meetingId).executeTakeFirst();
    const rows = await this.db
      .selectFrom('minutes_updates')
      .select(['id', 'update_blob'])
      .where('meeting_id', '=', meetingId)
      .where('id', '>', snap?.through_id ?? 0)
      .orderBy('id')
      .execute();
    return {
      snapshot: snap ? new Uint8Array(snap.state_blob) : null,
      snapshotThrough: snap?.through_id ?? 0,
      updates: rows.map((r) => ({ id: r.id, update: new Uint8Array(r.update_blob) })),
    };
  }

  async lock(meetingId: string): Promise<void> {
    // As the queue's lock (sql-queue.ts): SQLite's one writer needs none; outside a transaction nothing is held.
    if (this.dialect !== 'postgres' || !this.db.isTransaction) return;
    await sql`select pg_advisory_xact_lock(hashtextextended(${`rakor.minutes:${meetingId}`}, 0))`.execute(this.db);
  }

  async appendUpdate(meetingId: string, update: Uint8Array, at: number): Promise<number> {
    const row = await this.db
      .insertInto('minutes_updates')
      .values({ meeting_id: meetingId, update_blob: update, at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /**
   * The snapshot and the trim of the log it covers, in one transaction: a crash leaves either the
   * old snapshot with the whole log or the new snapshot with the rest of it, never a gap.
   */
  async compact(meetingId: string, state: Uint8Array, throughId: number, at: number): Promise<void> {
    const fold = async (db: Kysely<Database>) => {
      await db
        .insertInto('minutes_snapshots')
        .values({ meeting_id: meetingId, state_blob: state, through_id: throughId, at })
        .onConflict((oc) => oc.column('meeting_id').doUpdateSet({ state_blob: state, through_id: throughId, at }))
        .execute();
      await db.deleteFrom('minutes_updates').where('meeting_id', '=', meetingId).where('id', '<=', throughId).execute();
    };
    if (this.db.isTransaction) await fold(this.db);
    else await this.db.transaction().execute(fold);
  }

  async updateCount(meetingId: string): Promise<number> {
    const row = await this.db
      .selectFrom('minutes_updates')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async logHead(meetingId: string, afterId: number): Promise<{ snapshotThrough: number; ids: number[] }> {
    const snap = await this.db.selectFrom('minutes_snapshots').select('through_id').where('meeting_id', '=', meetingId).executeTakeFirst();
    const rows = await this.db.selectFrom('minutes_updates').select('id').where('meeting_id', '=', meetingId).where('id', '>', afterId).orderBy('id').execute();
    return { snapshotThrough: snap?.through_id ?? 0, ids: rows.map((r) => r.id) };
  }

  async status(meetingId: string): Promise<MinutesStatusRecord | null> {
    const r = await this.db.selectFrom('minutes_status').selectAll().where('meeting_id', '=', meetingId).executeTakeFirst();
    if (!r) return null;
    return {
      meetingId: r.meeting_id,
      finalizedAt: r.finalized_at,
      finalizedBy: r.finalized_by,
      version: r.version,
      reopenedAt: r.reopened_at,
      reopenedBy: r.reopened_by,
    };
  }

  async saveStatus(s: MinutesStatusRecord): Promise<void> {
    const row = {
      meeting_id: s.meetingId,
      finalized_at: s.finalizedAt,
      finalized_by: s.finalizedBy,
      version: s.version,
      reopened_at: s.reopenedAt,
      reopened_by: s.reopenedBy,
    };
    await this.db
      .insertInto('minutes_status')
      .values(row)
      .onConflict((oc) =>
        oc.column('meeting_id').doUpdateSet({
          finalized_at: row.finalized_at,
          finalized_by: row.finalized_by,
          version: row.version,
          reopened_at: row.reopened_at,
          reopened_by: row.reopened_by,
        }),
      )
      .execute();
  }

  async addVersion(meetingId: string, version: number, state: Uint8Array, createdAt: string, createdBy: string, createdRole = ''): Promise<void> {
    await this.db
      .insertInto('minutes_versions')
      .values({ meeting_id: meetingId, version, state_blob: state, created_at: createdAt, created_by: createdBy, created_role: createdRole })
      .execute();
  }

  async versions(meetingId: string): Promise<MinutesVersionRecord[]> {
    const rows = await this.db
      .selectFrom('minutes_versions')
      .select(['meeting_id', 'version', 'created_at', 'created_by', 'created_role'])
      .where('meeting_id', '=', meetingId)
      .orderBy('version')
      .execute();
    return rows.map((r) => ({ meetingId: r.meeting_id, version: r.version, createdAt: r.created_at, createdBy: r.created_by, createdRole: r.created_role }));
  }

  async version(meetingId: string, version: number): Promise<(MinutesVersionRecord & { state: Uint8Array }) | null> {
    const r = await this.db.selectFrom('minutes_versions').selectAll().where('meeting_id', '=', meetingId).where('version', '=', version).executeTakeFirst();
    if (!r) return null;
    return {
      meetingId: r.meeting_id,
      version: r.version,
      createdAt: r.created_at,
      createdBy: r.created_by,
      createdRole: r.created_role,
      state: new Uint8Array(r.state_blob),
    };
  }

  async number(meetingId: string): Promise<MinutesNumberRecord | null> {
    const r = await this.db.selectFrom('minutes_numbers').selectAll().where('meeting_id', '=', meetingId).executeTakeFirst();
    return r ? { meetingId: r.meeting_id, year: r.year, seq: r.seq, nomor: r.nomor, assignedAt: r.assigned_at } : null;
  }

  async claimNumber(meetingId: string, year: number, spell: (seq: number) => string, at: string): Promise<MinutesNumberRecord> {
    const claim = async (db: Kysely<Database>): Promise<MinutesNumberRecord> => {
      const have = await new SqlMinutesRepository(db, this.dialect).number(meetingId);
      if (have) return have;
      // One statement reads and bumps the year's counter: PostgreSQL holds the row for the rest
      // of the transaction, so a second finaliser waits and gets the next number.
      const { last_seq: seq } = await db
        .insertInto('minutes_number_counters')
        .values({ year, last_seq: 1 })
        .onConflict((oc) => oc.column('year').doUpdateSet((eb) => ({ last_seq: eb('minutes_number_counters.last_seq', '+', 1) })))
        .returning('last_seq')
        .executeTakeFirstOrThrow();
      const record = { meetingId, year, seq, nomor: spell(seq), assignedAt: at };
      await db.insertInto('minutes_numbers').values({ meeting_id: meetingId, year, seq, nomor: record.nomor, assigned_at: at }).execute();
      return record;
    };
    return this.db.isTransaction ? claim(this.db) : this.db.transaction().execute(claim);
  }
}
