import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/** What addColumn takes as a type: a name Kysely knows, or raw SQL (Kysely does not export the type by name). */
type DataTypeExpression = Parameters<CreateTableBuilder<string>['addColumn']>[1];

/** The SQL databases Rakor runs on: SQLite in DATA_DIR, or PostgreSQL at DATABASE_URL. */
export type SqlDialectName = 'sqlite' | 'postgres';

/** The column types that differ between the dialects; on SQLite each is what 0001-0010 shipped with. */
interface ColumnTypes {
  /**
   * Text. On PostgreSQL with the "C" collation: text orders byte by byte there as it does in SQLite
   * (BINARY), so every ORDER BY gives the same rows in the same order on both, whatever the
   * database's own locale is.
   */
  text: DataTypeExpression;
  /** Bytes: a Yjs update or state. */
  blob: DataTypeExpression;
  /** A 64-bit integer: times in milliseconds, ids of the minutes log (PostgreSQL's integer is 32-bit). */
  int64: DataTypeExpression;
  /** An id the database numbers itself, in insertion order. */
  autoIncrement(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
}

function columnTypes(dialect: SqlDialectName): ColumnTypes {
  if (dialect === 'sqlite') return { text: 'text', blob: 'blob', int64: 'integer', autoIncrement: (c) => c.autoIncrement() };
  return { text: sql`text collate "C"`, blob: 'bytea', int64: 'bigint', autoIncrement: (c) => c.generatedByDefaultAsIdentity() };
}

/**
 * Versioned migrations, run at boot in name order, the same list for both dialects. Never change
 * what a shipped migration does to an SQLite database: add the next one.
 */
function migrations(dialect: SqlDialectName): Record<string, Migration> {
  const t = columnTypes(dialect);
  return {
    '0001_initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('users')
          .addColumn('id', t.text, (c) => c.primaryKey())
          .addColumn('username', t.text, (c) => c.notNull().unique())
          .addColumn('password_hash', t.text, (c) => c.notNull())
          .addColumn('created_at', t.text, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('setup_tokens')
          .addColumn('token_hash', t.text, (c) => c.primaryKey())
          .addColumn('created_at', t.text, (c) => c.notNull())
          .addColumn('used_at', t.text)
          .execute();
        await db.schema
          .createTable('opds')
          .addColumn('id', t.text, (c) => c.primaryKey())
          .addColumn('name', t.text, (c) => c.notNull())
          .addColumn('short_name', t.text, (c) => c.notNull())
          .addColumn('short_key', t.text, (c) => c.notNull().unique())
          .addColumn('kind', t.text, (c) => c.notNull())
          .addColumn('group_name', t.text, (c) => c.notNull())
          .addColumn('head_name', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('head_title', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('archived_at', t.text)
          .addColumn('created_at', t.text, (c) => c.notNull())
          .addColumn('updated_at', t.text, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('meetings')
          .addColumn('id', t.text, (c) => c.primaryKey())
          .addColumn('title', t.text, (c) => c.notNull())
          .addColumn('kind', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('date', t.text, (c) => c.notNull())
          .addColumn('start_time', t.text, (c) => c.notNull())
          .addColumn('end_time', t.text, (c) => c.notNull())
          .addColumn('time_zone', t.text, (c) => c.notNull())
          .addColumn('place', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('mode', t.text, (c) => c.notNull())
          .addColumn('chair_name', t.text, (c) => c.notNull())
          .addColumn('chair_title', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('notulis_json', t.text, (c) => c.notNull())
          .addColumn('default_allotment_minutes', 'integer', (c) => c.notNull())
          .addColumn('created_at', t.text, (c) => c.notNull())
          .addColumn('updated_at', t.text, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('meetings_date').on('meetings').column('date').execute();
        await db.schema
          .createTable('participants')
          .addColumn('id', t.text, (c) => c.primaryKey())
          .addColumn('meeting_id', t.text, (c) => c.notNull().references('meetings.id').onDelete('cascade'))
          .addColumn('opd_id', t.text, (c) => c.notNull().references('opds.id'))
          .addColumn('representative_name', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('representative_title', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('attendance', t.text, (c) => c.notNull())
          .addColumn('session', 'integer', (c) => c.notNull())
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('allotment_minutes', 'integer')
          .execute();
        await db.schema.createIndex('participants_meeting').on('participants').columns(['meeting_id', 'position']).execute();
        await db.schema
          .createTable('links')
          .addColumn('id', t.text, (c) => c.primaryKey())
          .addColumn('meeting_id', t.text, (c) => c.notNull().references('meetings.id').onDelete('cascade'))
          .addColumn('role', t.text, (c) => c.notNull())
          .addColumn('participant_id', t.text)
          .addColumn('notulis_index', 'integer')
          .addColumn('label', t.text, (c) => c.notNull())
          .addColumn('nonce', t.text, (c) => c.notNull())
          .addColumn('token_hash', t.text, (c) => c.notNull().unique())
          .addColumn('created_at', t.text, (c) => c.notNull())
          .addColumn('revoked_at', t.text)
          .execute();
        await db.schema.createIndex('links_meeting').on('links').column('meeting_id').execute();
        await db.schema
          .createTable('sessions')
          .addColumn('id_hash', t.text, (c) => c.primaryKey())
          .addColumn('role', t.text, (c) => c.notNull())
          .addColumn('name', t.text, (c) => c.notNull())
          .addColumn('user_id', t.text, (c) => c.references('users.id').onDelete('cascade'))
          .addColumn('meeting_id', t.text, (c) => c.references('meetings.id').onDelete('cascade'))
          .addColumn('participant_id', t.text)
          .addColumn('link_id', t.text, (c) => c.references('links.id').onDelete('cascade'))
          .addColumn('created_at', t.text, (c) => c.notNull())
          .addColumn('expires_at', t.text, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('sessions_link').on('sessions').column('link_id').execute();
      },
    },
    '0002_queue': {
      async up(db: Kysely<unknown>) {
        // The event log of each meeting's queue: appended before any broadcast, replayed to clients that fell behind.
        await db.schema
          .createTable('queue_events')
          .addColumn('meeting_id', t.text, (c) => c.notNull().references('meetings.id').onDelete('cascade'))
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('at', t.int64, (c) => c.notNull())
          .addColumn('body_json', t.text, (c) => c.notNull())
          .addPrimaryKeyConstraint('queue_events_pk', ['meeting_id', 'seq'])
          .execute();
        // The state after the last event, so a restart does not replay the whole log.
        await db.schema
          .createTable('queue_state')
          .addColumn('meeting_id', t.text, (c) => c.primaryKey().references('meetings.id').onDelete('cascade'))
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('phase', t.text, (c) => c.notNull())
          .addColumn('state_json', t.text, (c) => c.notNull())
          .execute();
      },
    },
    '0003_minutes': {
      async up(db: Kysely<unknown>) {
        // Every accepted Yjs update, appended before it is relayed; compacted into minutes_snapshots.
        await db.schema
          .createTable('minutes_updates')
          .addColumn('id', t.int64, (c) => t.autoIncrement(c.primaryKey()))
          .addColumn('meeting_id', t.text, (c) => c.notNull().references('meetings.id').onDelete('cascade'))
          .addColumn('update_blob', t.blob, (c) => c.notNull())
          .addColumn('at', t.int64, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('minutes_updates_meeting').on('minutes_updates').columns(['meeting_id', 'id']).execute();
        await db.schema
          .createTable('minutes_snapshots')
          .addColumn('meeting_id', t.text, (c) => c.primaryKey().references('meetings.id').onDelete('cascade'))
          .addColumn('state_blob', t.blob, (c) => c.notNull())
          .addColumn('through_id', t.int64, (c) => c.notNull())
          .addColumn('at', t.int64, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('minutes_status')
          .addColumn('meeting_id', t.text, (c) => c.primaryKey().references('meetings.id').onDelete('cascade'))
          .addColumn('finalized_at', t.text)
          .addColumn('finalized_by', t.text)
          .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('reopened_at', t.text)
          .addColumn('reopened_by', t.text)
          .execute();
        // Each finalisation keeps the document as it was signed.
        await db.schema
          .createTable('minutes_versions')
          .addColumn('meeting_id', t.text, (c) => c.notNull().references('meetings.id').onDelete('cascade'))
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('state_blob', t.blob, (c) => c.notNull())
          .addColumn('created_at', t.text, (c) => c.notNull())
          .addColumn('created_by', t.text, (c) => c.notNull())
          .addPrimaryKeyConstraint('minutes_versions_pk', ['meeting_id', 'version'])
          .execute();
        // The tindak lanjut of the document, kept in step with it, for tracking across meetings.
        await db.schema
          .createTable('follow_ups')
          .addColumn('id', t.text, (c) => c.notNull())
          .addColumn('meeting_id', t.text, (c) => c.notNull().references('meetings.id').onDelete('cascade'))
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('action', t.text, (c) => c.notNull())
          .addColumn('opd_ids_json', t.text, (c) => c.notNull())
          .addColumn('due_date', t.text, (c) => c.notNull())
          .addColumn('status', t.text, (c) => c.notNull())
          .addColumn('updated_at', t.text, (c) => c.notNull())
          .addPrimaryKeyConstraint('follow_ups_pk', ['meeting_id', 'id'])
          .execute();
      },
    },
    '0004_video': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('meetings')
          .addColumn('floor_mode', t.text, (c) => c.notNull().defaultTo('floor'))
          .execute();
      },
    },
    '0005_video_presence': {
      async up(db: Kysely<unknown>) {
        // LiveKit may deliver a webhook twice: each handled event id is kept so a repeat changes nothing.
        await db.schema
          .createTable('video_webhook_events')
          .addColumn('event_id', t.text, (c) => c.primaryKey())
          .addColumn('meeting_id', t.text, (c) => c.notNull().references('meetings.id').onDelete('cascade'))
          .addColumn('received_at', t.text, (c) => c.notNull())
          .execute();
        // One row per connection to the call (LiveKit's participant sid), from webhooks and listParticipants.
        await db.schema
          .createTable('video_presence')
          .addColumn('meeting_id', t.text, (c) => c.notNull().references('meetings.id').onDelete('cascade'))
          .addColumn('sid', t.text, (c) => c.notNull())
          .addColumn('identity', t.text, (c) => c.notNull())
          .addColumn('participant_id', t.text)
          .addColumn('name', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('joined_at', t.text, (c) => c.notNull())
          .addColumn('left_at', t.text)
          .addPrimaryKeyConstraint('video_presence_pk', ['meeting_id', 'sid'])
          .execute();
        await db.schema.createIndex('video_presence_identity').on('video_presence').columns(['meeting_id', 'identity']).execute();
      },
    },
    '0006_schedule': {
      async up(db: Kysely<unknown>) {
        // A recurring series: its SeriesInput as JSON (the domain plans from it; nothing queries inside it).
        await db.schema
          .createTable('series')
          .addColumn('id', t.text, (c) => c.primaryKey())
          .addColumn('name', t.text, (c) => c.notNull())
          .addColumn('input_json', t.text, (c) => c.notNull())
          .addColumn('archived_at', t.text)
          .addColumn('created_at', t.text, (c) => c.notNull())
          .addColumn('updated_at', t.text, (c) => c.notNull())
          .execute();
        // Each generated occurrence is an ordinary meeting; `date` is its slot in the plan (a hand
        // move changes the meeting's date, not the slot), `moved_from` the holiday it was moved from.
        await db.schema
          .createTable('series_occurrences')
          .addColumn('meeting_id', t.text, (c) => c.primaryKey().references('meetings.id').onDelete('cascade'))
          .addColumn('series_id', t.text, (c) => c.notNull().references('series.id').onDelete('cascade'))
          .addColumn('date', t.text, (c) => c.notNull())
          .addColumn('group_label', t.text, (c) => c.notNull())
          .addColumn('extra', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('detached', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('cancelled', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('moved_from', t.text)
          .execute();
        await db.schema.createIndex('series_occurrences_series').on('series_occurrences').columns(['series_id', 'date']).execute();
        await db.schema
          .createTable('holidays')
          .addColumn('date', t.text, (c) => c.primaryKey())
          .addColumn('name', t.text, (c) => c.notNull())
          .addColumn('created_at', t.text, (c) => c.notNull())
          .execute();
      },
    },
    '0007_meeting_plan': {
      async up(db: Kysely<unknown>) {
        // Sesi time windows and the agenda, as JSON: the timeline is computed from them, never queried inside.
        await db.schema
          .alterTable('meetings')
          .addColumn('sessions_json', t.text, (c) => c.notNull().defaultTo('[]'))
          .execute();
        await db.schema
          .alterTable('meetings')
          .addColumn('agenda_json', t.text, (c) => c.notNull().defaultTo('[]'))
          .execute();
      },
    },
    '0008_queue_commands': {
      async up(db: Kysely<unknown>) {
        // Accepted queue commands by the client's command id: a retried press gets the same ack, no second event.
        await db.schema
          .createTable('queue_commands')
          .addColumn('meeting_id', t.text, (c) => c.notNull().references('meetings.id').onDelete('cascade'))
          .addColumn('command_id', t.text, (c) => c.notNull())
          .addColumn('expected_seq', 'integer')
          .addColumn('fingerprint', t.text, (c) => c.notNull())
          .addColumn('result_seq', 'integer', (c) => c.notNull())
          .addColumn('at', t.int64, (c) => c.notNull())
          .addPrimaryKeyConstraint('queue_commands_pk', ['meeting_id', 'command_id'])
          .execute();
        await db.schema.createIndex('queue_commands_expected').on('queue_commands').columns(['meeting_id', 'expected_seq']).execute();
      },
    },
    '0009_opd_position': {
      async up(db: Kysely<unknown>) {
        // A group's own order (the secretariat's list), not the alphabet. Existing units keep the order
        // they were added in (rowid: creation and import order).
        await db.schema
          .alterTable('opds')
          .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        if (dialect === 'sqlite') {
          await sql`UPDATE opds SET position = (SELECT COUNT(*) FROM opds AS o WHERE o.group_name = opds.group_name AND o.rowid <= opds.rowid)`.execute(db);
        } else {
          // PostgreSQL has no rowid, and a PostgreSQL database only ever starts at the latest schema
          // (migrate-to-postgres copies into it afterwards): the table is empty here. Creation order all the same.
          await sql`UPDATE opds SET position = (SELECT COUNT(*) FROM opds AS o WHERE o.group_name = opds.group_name AND (o.created_at, o.id) <= (opds.created_at, opds.id))`.execute(
            db,
          );
        }
      },
    },
    '0010_meeting_calendar_sequence': {
      async up(db: Kysely<unknown>) {
        // The SEQUENCE of a meeting's calendar events, raised when its date, time, place or
        // cancellation changes. Calendar files used to carry the minutes from 2020 to updated_at as
        // their SEQUENCE: start there, so calendars that imported them still take the next change.
        await db.schema
          .alterTable('meetings')
          .addColumn('ics_sequence', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        if (dialect === 'sqlite') {
          await sql`UPDATE meetings SET ics_sequence = MAX(0, CAST(ROUND((julianday(updated_at) - julianday('2020-01-01')) * 86400000.0) AS INTEGER) / 60000)`.execute(
            db,
          );
        } else {
          // The same arithmetic: whole milliseconds since 2020-01-01 UTC, divided by a minute, truncated.
          await sql`UPDATE meetings SET ics_sequence = GREATEST(0, div(round(extract(epoch from (updated_at::timestamptz - timestamptz '2020-01-01 00:00:00+00')) * 1000), 60000))::integer`.execute(
            db,
          );
        }
      },
    },
    '0011_cluster': {
      async up(db: Kysely<unknown>) {
        // Secrets every node must share, such as the link-signing key when the store is PostgreSQL.
        await db.schema
          .createTable('secrets')
          .addColumn('name', t.text, (c) => c.primaryKey())
          .addColumn('value', t.blob, (c) => c.notNull())
          .addColumn('created_at', t.text, (c) => c.notNull())
          .execute();
        // Periodic work that must run once in the cluster per period: whoever moves next_run_at on runs it.
        await db.schema
          .createTable('cluster_jobs')
          .addColumn('name', t.text, (c) => c.primaryKey())
          .addColumn('next_run_at', t.int64, (c) => c.notNull())
          .addColumn('owner', t.text)
          .addColumn('ran_at', t.int64)
          .execute();
      },
    },
    '0012_meeting_call_link': {
      async up(db: Kysely<unknown>) {
        // An external call link (Zoom, Meet, Jitsi...) for remote participants; '' for none.
        await db.schema
          .alterTable('meetings')
          .addColumn('external_call_url', t.text, (c) => c.notNull().defaultTo(''))
          .execute();
      },
    },
    '0013_video_upkeep': {
      async up(db: Kysely<unknown>) {
        // The last failure moving a meeting's floor in LiveKit: every node's chair sees it, and a restart keeps it.
        await db.schema
          .createTable('video_floor_errors')
          .addColumn('meeting_id', t.text, (c) => c.primaryKey().references('meetings.id').onDelete('cascade'))
          .addColumn('message', t.text, (c) => c.notNull())
          .addColumn('at', t.text, (c) => c.notNull())
          .execute();
        // Handled webhook ids are pruned by age: the periodic sweep deletes by received_at.
        await db.schema.createIndex('video_webhook_events_received').on('video_webhook_events').column('received_at').execute();
      },
    },
    '0014_follow_up_tracker': {
      async up(db: Kysely<unknown>) {
        // The tracker's own fields beside the document's: status and due date as the document last
        // held them (doc_*), so a sync tells whose edit is newer (server/services/follow-up-sync.ts).
        await db.schema
          .alterTable('follow_ups')
          .addColumn('doc_status', t.text, (c) => c.notNull().defaultTo(''))
          .execute();
        await db.schema
          .alterTable('follow_ups')
          .addColumn('doc_due_date', t.text, (c) => c.notNull().defaultTo(''))
          .execute();
        await db.schema
          .alterTable('follow_ups')
          .addColumn('created_at', t.text, (c) => c.notNull().defaultTo(''))
          .execute();
        await db.schema
          .alterTable('follow_ups')
          .addColumn('updated_by', t.text, (c) => c.notNull().defaultTo(''))
          .execute();
        await db.schema.createIndex('follow_ups_status').on('follow_ups').columns(['status', 'due_date']).execute();
        // One row per owner OPD, so an OPD's items are found by index on both dialects.
        await db.schema
          .createTable('follow_up_owners')
          .addColumn('meeting_id', t.text, (c) => c.notNull())
          .addColumn('follow_up_id', t.text, (c) => c.notNull())
          .addColumn('opd_id', t.text, (c) => c.notNull())
          .addPrimaryKeyConstraint('follow_up_owners_pk', ['meeting_id', 'follow_up_id', 'opd_id'])
          .addForeignKeyConstraint('follow_up_owners_item', ['meeting_id', 'follow_up_id'], 'follow_ups', ['meeting_id', 'id'], (c) => c.onDelete('cascade'))
          .execute();
        await db.schema.createIndex('follow_up_owners_opd').on('follow_up_owners').column('opd_id').execute();
        // Files people attach (progress evidence, bahan rapat): in the database, so every node serves them.
        await db.schema
          .createTable('stored_files')
          .addColumn('id', t.text, (c) => c.primaryKey())
          .addColumn('name', t.text, (c) => c.notNull())
          .addColumn('mime', t.text, (c) => c.notNull())
          .addColumn('size_bytes', 'integer', (c) => c.notNull())
          .addColumn('sha256', t.text, (c) => c.notNull())
          .addColumn('bytes', t.blob, (c) => c.notNull())
          .addColumn('created_at', t.text, (c) => c.notNull())
          .execute();
        // The history of a follow-up: who, when, what, the status it moved to, a link or a file.
        await db.schema
          .createTable('follow_up_notes')
          .addColumn('id', t.text, (c) => c.primaryKey())
          .addColumn('meeting_id', t.text, (c) => c.notNull())
          .addColumn('follow_up_id', t.text, (c) => c.notNull())
          .addColumn('created_at', t.text, (c) => c.notNull())
          .addColumn('author_name', t.text, (c) => c.notNull())
          .addColumn('author_opd_id', t.text)
          .addColumn('status_from', t.text)
          .addColumn('status_to', t.text)
          .addColumn('text', t.text, (c) => c.notNull())
          .addColumn('link_url', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('file_id', t.text, (c) => c.references('stored_files.id'))
          .addForeignKeyConstraint('follow_up_notes_item', ['meeting_id', 'follow_up_id'], 'follow_ups', ['meeting_id', 'id'], (c) => c.onDelete('cascade'))
          .execute();
        await db.schema.createIndex('follow_up_notes_item').on('follow_up_notes').columns(['meeting_id', 'follow_up_id', 'created_at']).execute();
        // What a later meeting decided about an earlier item: carried forward or closed, once per meeting and item.
        await db.schema
          .createTable('follow_up_reviews')
          .addColumn('meeting_id', t.text, (c) => c.notNull().references('meetings.id').onDelete('cascade'))
          .addColumn('from_meeting_id', t.text, (c) => c.notNull())
          .addColumn('follow_up_id', t.text, (c) => c.notNull())
          .addColumn('decision', t.text, (c) => c.notNull())
          .addColumn('decided_by', t.text, (c) => c.notNull())
          .addColumn('decided_at', t.text, (c) => c.notNull())
          .addPrimaryKeyConstraint('follow_up_reviews_pk', ['meeting_id', 'from_meeting_id', 'follow_up_id'])
          .addForeignKeyConstraint('follow_up_reviews_item', ['from_meeting_id', 'follow_up_id'], 'follow_ups', ['meeting_id', 'id'], (c) =>
            c.onDelete('cascade'),
          )
          .execute();
        // The standing page of an OPD: a long-lived link the secretariat can revoke (only its hash is kept).
        await db.schema
          .createTable('opd_page_links')
          .addColumn('token_hash', t.text, (c) => c.primaryKey())
          .addColumn('opd_id', t.text, (c) => c.notNull().references('opds.id').onDelete('cascade'))
          .addColumn('created_at', t.text, (c) => c.notNull())
          .addColumn('created_by', t.text, (c) => c.notNull())
          .addColumn('revoked_at', t.text)
          .execute();
        await db.schema.createIndex('opd_page_links_opd').on('opd_page_links').column('opd_id').execute();
        // Items stored before this migration: their document values are the ones they hold.
        await sql`update follow_ups set doc_status = status, doc_due_date = due_date, created_at = updated_at`.execute(db);
        if (dialect === 'sqlite')
          await sql`insert into follow_up_owners (meeting_id, follow_up_id, opd_id) select f.meeting_id, f.id, j.value from follow_ups f, json_each(f.opd_ids_json) j`.execute(
            db,
          );
        else
          await sql`insert into follow_up_owners (meeting_id, follow_up_id, opd_id) select f.meeting_id, f.id, j.value from follow_ups f, jsonb_array_elements_text(f.opd_ids_json::jsonb) as j(value)`.execute(
            db,
          );
      },
    },
    '0015_whatsapp': {
      async up(db: Kysely<unknown>) {
        // WhatsApp numbers for the one-tap reminders, as E.164 digits ("6281234567890"); '' for none.
        await db.schema
          .alterTable('opds')
          .addColumn('whatsapp', t.text, (c) => c.notNull().defaultTo(''))
          .execute();
        await db.schema
          .alterTable('participants')
          .addColumn('representative_whatsapp', t.text, (c) => c.notNull().defaultTo(''))
          .execute();
      },
    },
    '0016_letterhead': {
      async up(db: Kysely<unknown>) {
        // The kop surat: one row (id 1), set by the admin, printed on every notulen.
        await db.schema
          .createTable('letterhead')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('government', t.text, (c) => c.notNull())
          .addColumn('office', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('address', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('phone', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('email', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('website', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('numbering_pattern', t.text, (c) => c.notNull())
          .addColumn('logo_bytes', t.blob)
          .addColumn('logo_mime', t.text)
          .addColumn('logo_width', 'integer')
          .addColumn('logo_height', 'integer')
          .addColumn('logo_updated_at', t.text)
          .addColumn('updated_at', t.text, (c) => c.notNull())
          .addColumn('updated_by', t.text, (c) => c.notNull())
          .addCheckConstraint('letterhead_one_row', sql`id = 1`)
          .execute();
        // The nomor notulen: a counter per year, claimed in the finalisation's transaction, and the
        // number each meeting got; the unique (year, seq) is the last guard against a number given twice.
        await db.schema
          .createTable('minutes_number_counters')
          .addColumn('year', 'integer', (c) => c.primaryKey())
          .addColumn('last_seq', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('minutes_numbers')
          .addColumn('meeting_id', t.text, (c) => c.primaryKey().references('meetings.id').onDelete('cascade'))
          .addColumn('year', 'integer', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('nomor', t.text, (c) => c.notNull())
          .addColumn('assigned_at', t.text, (c) => c.notNull())
          .addUniqueConstraint('minutes_numbers_year_seq', ['year', 'seq'])
          .execute();
        // Who finalised a version, by role as well as by name (versions kept before: empty).
        await db.schema
          .alterTable('minutes_versions')
          .addColumn('created_role', t.text, (c) => c.notNull().defaultTo(''))
          .execute();
      },
    },
    '0017_materials': {
      async up(db: Kysely<unknown>) {
        // Bahan rapat: one current paparan per participant (a new upload replaces the row and its
        // file); participants are rewritten on every meeting edit, so no foreign key to them.
        await db.schema
          .createTable('meeting_materials')
          .addColumn('meeting_id', t.text, (c) => c.notNull().references('meetings.id').onDelete('cascade'))
          .addColumn('participant_id', t.text, (c) => c.notNull())
          .addColumn('file_id', t.text, (c) => c.notNull().references('stored_files.id'))
          .addColumn('title', t.text, (c) => c.notNull())
          .addColumn('page_count', 'integer', (c) => c.notNull())
          .addColumn('uploaded_at', t.text, (c) => c.notNull())
          .addColumn('uploaded_by', t.text, (c) => c.notNull())
          .addPrimaryKeyConstraint('meeting_materials_pk', ['meeting_id', 'participant_id'])
          .execute();
        // What the projector shows: in the database, so a restart and every node see the same page.
        await db.schema
          .createTable('material_displays')
          .addColumn('meeting_id', t.text, (c) => c.primaryKey().references('meetings.id').onDelete('cascade'))
          .addColumn('participant_id', t.text)
          .addColumn('page', 'integer', (c) => c.notNull())
          .addColumn('turn_id', t.text)
          .addColumn('updated_at', t.text, (c) => c.notNull())
          .execute();
      },
    },
  };
}

/** The migrations of one dialect, for Kysely's Migrator. */
export function migrationProvider(dialect: SqlDialectName): MigrationProvider {
  const list = migrations(dialect);
  return {
    getMigrations() {
      return Promise.resolve(list);
    },
  };
}
