import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/**
 * Versioned migrations, run at boot in name order. Never edit a migration that has shipped:
 * add the next one.
 */
const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('setup_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema
        .createTable('opds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('short_name', 'text', (c) => c.notNull())
        .addColumn('short_key', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('group_name', 'text', (c) => c.notNull())
        .addColumn('head_name', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('head_title', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('archived_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('meetings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('start_time', 'text', (c) => c.notNull())
        .addColumn('end_time', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('chair_name', 'text', (c) => c.notNull())
        .addColumn('chair_title', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('notulis_json', 'text', (c) => c.notNull())
        .addColumn('default_allotment_minutes', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('meetings_date').on('meetings').column('date').execute();
      await db.schema
        .createTable('participants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
        .addColumn('opd_id', 'text', (c) => c.notNull().references('opds.id'))
        .addColumn('representative_name', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('representative_title', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('attendance', 'text', (c) => c.notNull())
        .addColumn('session', 'integer', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('allotment_minutes', 'integer')
        .execute();
      await db.schema.createIndex('participants_meeting').on('participants').columns(['meeting_id', 'position']).execute();
      await db.schema
        .createTable('links')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('participant_id', 'text')
        .addColumn('notulis_index', 'integer')
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('nonce', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('links_meeting').on('links').column('meeting_id').execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
        .addColumn('meeting_id', 'text', (c) => c.references('meetings.id').onDelete('cascade'))
        .addColumn('participant_id', 'text')
        .addColumn('link_id', 'text', (c) => c.references('links.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_link').on('sessions').column('link_id').execute();
    },
  },
  '0002_queue': {
    async up(db: Kysely<unknown>) {
      // The event log of each meeting's queue: appended before any broadcast, replayed to clients that fell behind.
      await db.schema
        .createTable('queue_events')
        .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('at', 'integer', (c) => c.notNull())
        .addColumn('body_json', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('queue_events_pk', ['meeting_id', 'seq'])
        .execute();
      // The state after the last event, so a restart does not replay the whole log.
      await db.schema
        .createTable('queue_state')
        .addColumn('meeting_id', 'text', (c) => c.primaryKey().references('meetings.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('phase', 'text', (c) => c.notNull())
        .addColumn('state_json', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0003_minutes': {
    async up(db: Kysely<unknown>) {
      // Every accepted Yjs update, appended before it is relayed; compacted into minutes_snapshots.
      await db.schema
        .createTable('minutes_updates')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
        .addColumn('update_blob', 'blob', (c) => c.notNull())
        .addColumn('at', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('minutes_updates_meeting').on('minutes_updates').columns(['meeting_id', 'id']).execute();
      await db.schema
        .createTable('minutes_snapshots')
        .addColumn('meeting_id', 'text', (c) => c.primaryKey().references('meetings.id').onDelete('cascade'))
        .addColumn('state_blob', 'blob', (c) => c.notNull())
        .addColumn('through_id', 'integer', (c) => c.notNull())
        .addColumn('at', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('minutes_status')
        .addColumn('meeting_id', 'text', (c) => c.primaryKey().references('meetings.id').onDelete('cascade'))
        .addColumn('finalized_at', 'text')
        .addColumn('finalized_by', 'text')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('reopened_at', 'text')
        .addColumn('reopened_by', 'text')
        .execute();
      // Each finalisation keeps the document as it was signed.
      await db.schema
        .createTable('minutes_versions')
        .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('state_blob', 'blob', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('minutes_versions_pk', ['meeting_id', 'version'])
        .execute();
      // The tindak lanjut of the document, kept in step with it, for tracking across meetings.
      await db.schema
        .createTable('follow_ups')
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('opd_ids_json', 'text', (c) => c.notNull())
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('follow_ups_pk', ['meeting_id', 'id'])
        .execute();
    },
  },
  '0004_video': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('meetings')
        .addColumn('floor_mode', 'text', (c) => c.notNull().defaultTo('floor'))
        .execute();
    },
  },
  '0005_video_presence': {
    async up(db: Kysely<unknown>) {
      // LiveKit may deliver a webhook twice: each handled event id is kept so a repeat changes nothing.
      await db.schema
        .createTable('video_webhook_events')
        .addColumn('event_id', 'text', (c) => c.primaryKey())
        .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
        .addColumn('received_at', 'text', (c) => c.notNull())
        .execute();
      // One row per connection to the call (LiveKit's participant sid), from webhooks and listParticipants.
      await db.schema
        .createTable('video_presence')
        .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
        .addColumn('sid', 'text', (c) => c.notNull())
        .addColumn('identity', 'text', (c) => c.notNull())
        .addColumn('participant_id', 'text')
        .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('joined_at', 'text', (c) => c.notNull())
        .addColumn('left_at', 'text')
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
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('input_json', 'text', (c) => c.notNull())
        .addColumn('archived_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // Each generated occurrence is an ordinary meeting; `date` is its slot in the plan (a hand
      // move changes the meeting's date, not the slot), `moved_from` the holiday it was moved from.
      await db.schema
        .createTable('series_occurrences')
        .addColumn('meeting_id', 'text', (c) => c.primaryKey().references('meetings.id').onDelete('cascade'))
        .addColumn('series_id', 'text', (c) => c.notNull().references('series.id').onDelete('cascade'))
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('group_label', 'text', (c) => c.notNull())
        .addColumn('extra', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('detached', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('cancelled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('moved_from', 'text')
        .execute();
      await db.schema.createIndex('series_occurrences_series').on('series_occurrences').columns(['series_id', 'date']).execute();
      await db.schema
        .createTable('holidays')
        .addColumn('date', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0007_meeting_plan': {
    async up(db: Kysely<unknown>) {
      // Sesi time windows and the agenda, as JSON: the timeline is computed from them, never queried inside.
      await db.schema
        .alterTable('meetings')
        .addColumn('sessions_json', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      await db.schema
        .alterTable('meetings')
        .addColumn('agenda_json', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
    },
  },
  '0008_queue_commands': {
    async up(db: Kysely<unknown>) {
      // Accepted queue commands by the client's command id: a retried press gets the same ack, no second event.
      await db.schema
        .createTable('queue_commands')
        .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
        .addColumn('command_id', 'text', (c) => c.notNull())
        .addColumn('expected_seq', 'integer')
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('result_seq', 'integer', (c) => c.notNull())
        .addColumn('at', 'integer', (c) => c.notNull())
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
      await sql`UPDATE opds SET position = (SELECT COUNT(*) FROM opds AS o WHERE o.group_name = opds.group_name AND o.rowid <= opds.rowid)`.execute(db);
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
      await sql`UPDATE meetings SET ics_sequence = MAX(0, CAST(ROUND((julianday(updated_at) - julianday('2020-01-01')) * 86400000.0) AS INTEGER) / 60000)`.execute(
        db,
      );
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations() {
    return Promise.resolve(migrations);
  },
};
