import { sql, type Kysely, type Selectable } from 'kysely';
import type { QueueEvent, QueueEventBody, QueueState } from '../../shared/protocol';
import type { Database, QueueCommandsTable } from './schema';
import { QUEUE_COMMAND_WINDOW, type QueueCommandRecord, type QueueRepository } from './ports';
import type { SqlDialectName } from './migrations';

/** The command window is trimmed once per this many events of a meeting. */
const PRUNE_EVERY = 32;

export class SqlQueueRepository implements QueueRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialectName,
  ) {}

  async lock(meetingId: string): Promise<void> {
    // SQLite: one process writes the database, and its transactions run one at a time already.
    // Outside a transaction a lock would end with its own statement: nothing to hold.
    if (this.dialect !== 'postgres' || !this.db.isTransaction) return;
    // A transaction-scoped advisory lock: released by the commit or rollback, by a crash too.
    await sql`select pg_advisory_xact_lock(hashtextextended(${`rakor.queue:${meetingId}`}, 0))`.execute(this.db);
  }

  async storedSeq(meetingId: string): Promise<number | null> {
    const row = await this.db.selectFrom('queue_state').select('seq').where('meeting_id', '=', meetingId).executeTakeFirst();
    return row ? row.seq : null;
  }

  async loadState(meetingId: string): Promise<QueueState | null> {
    const row = await this.db.selectFrom('queue_state').select('state_json').where('meeting_id', '=', meetingId).executeTakeFirst();
    return row ? (JSON.parse(row.state_json) as QueueState) : null;
  }

  async runningMeetingIds(): Promise<string[]> {
    const rows = await this.db.selectFrom('queue_state').select('meeting_id').where('phase', '=', 'running').execute();
    return rows.map((r) => r.meeting_id);
  }

  async append(events: readonly QueueEvent[], state: QueueState, command?: QueueCommandRecord): Promise<void> {
    if (events.length > 0) {
      await this.db
        .insertInto('queue_events')
        .values(events.map((e) => ({ meeting_id: e.meetingId, seq: e.seq, at: e.at, body_json: JSON.stringify(e.body) })))
        .execute();
    }
    const row = { meeting_id: state.meetingId, seq: state.seq, phase: state.phase, state_json: JSON.stringify(state) };
    await this.db
      .insertInto('queue_state')
      .values(row)
      .onConflict((oc) => oc.column('meeting_id').doUpdateSet({ seq: row.seq, phase: row.phase, state_json: row.state_json }))
      .execute();
    if (command) {
      await this.db
        .insertInto('queue_commands')
        .values({
          meeting_id: command.meetingId,
          command_id: command.commandId,
          expected_seq: command.expectedSeq,
          fingerprint: command.fingerprint,
          result_seq: command.resultSeq,
          at: command.at,
        })
        .execute();
      // A bounded window per meeting: a retry comes within seconds, not hundreds of events later.
      // Trimmed each time the seq passes a multiple of PRUNE_EVERY, not on every command.
      if (Math.floor(command.resultSeq / PRUNE_EVERY) > Math.floor((command.resultSeq - events.length) / PRUNE_EVERY)) {
        await this.db
          .deleteFrom('queue_commands')
          .where('meeting_id', '=', command.meetingId)
          .where('result_seq', '<', command.resultSeq - QUEUE_COMMAND_WINDOW)
          .execute();
      }
    }
  }

  async findCommand(meetingId: string, commandId: string): Promise<QueueCommandRecord | null> {
    const row = await this.db
      .selectFrom('queue_commands')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .where('command_id', '=', commandId)
      .executeTakeFirst();
    return row ? toCommand(row) : null;
  }

  async findCommandFrom(meetingId: string, expectedSeq: number, fingerprint: string): Promise<QueueCommandRecord | null> {
    const row = await this.db
      .selectFrom('queue_commands')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .where('expected_seq', '=', expectedSeq)
      .where('fingerprint', '=', fingerprint)
      .executeTakeFirst();
    return row ? toCommand(row) : null;
  }

  async eventsSince(meetingId: string, seq: number, limit: number): Promise<QueueEvent[]> {
    const rows = await this.db
      .selectFrom('queue_events')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ meetingId: r.meeting_id, seq: r.seq, at: r.at, body: JSON.parse(r.body_json) as QueueEventBody }));
  }
}

function toCommand(row: Selectable<QueueCommandsTable>): QueueCommandRecord {
  return {
    meetingId: row.meeting_id,
    commandId: row.command_id,
    expectedSeq: row.expected_seq,
    fingerprint: row.fingerprint,
    resultSeq: row.result_seq,
    at: row.at,
  };
}
