import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { withoutPassword } from '../config';
import { LINK_KEY_SECRET } from './open-store';
import { createPool, type PostgresStoreOptions } from './pg-store';
import type { Database } from './schema';
import { runMigrations } from './sql-repositories';
import { openSqliteStore } from './sqlite-store';

/** Every table, parents before the tables whose foreign keys point at them. */
export const TABLES_IN_COPY_ORDER = [
  'users',
  'setup_tokens',
  'opds',
  'meetings',
  'participants',
  'links',
  'sessions',
  'queue_events',
  'queue_state',
  'queue_commands',
  'minutes_updates',
  'minutes_snapshots',
  'minutes_status',
  'minutes_versions',
  'minutes_number_counters',
  'minutes_numbers',
  'letterhead',
  'follow_ups',
  'follow_up_owners',
  'stored_files',
  'meeting_materials',
  'material_displays',
  'follow_up_notes',
  'follow_up_reviews',
  'opd_page_links',
  'video_webhook_events',
  'video_presence',
  'video_floor_errors',
  'series',
  'series_occurrences',
  'holidays',
  'secrets',
  'cluster_jobs',
] as const satisfies readonly (keyof Database)[];

// A table the schema gains and the list forgets fails to compile here, instead of staying behind in SQLite.
type Forgotten = Exclude<keyof Database, (typeof TABLES_IN_COPY_ORDER)[number]>;
const everyTableCopied: [Forgotten] extends [never] ? true : Forgotten = true;
void everyTableCopied;

/** The copy sees rows as they are, whatever their table: one loose shape for all. */
type Rows = Record<string, Record<string, unknown>>;

/** A refusal the command explains to the person who ran it (no stack trace). */
export class CopyRefused extends Error {}

export interface CopyReport {
  /** Rows copied per table. */
  rows: Record<string, number>;
  /** Whether DATA_DIR's link key went into the secrets table (false: there was none, the first boot makes one). */
  linkKey: boolean;
}

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters for the widest table. */
const BATCH = 500;

/**
 * Copies the SQLite database in `dataDir` (migrated to the latest version first) and its link key
 * into the PostgreSQL database at `databaseUrl`, which must hold no row yet, in one transaction:
 * it lands whole or not at all. The SQLite files are only read.
 */
export async function copySqliteToPostgres(dataDir: string, databaseUrl: string, opts: PostgresStoreOptions = {}): Promise<CopyReport> {
  const file = path.join(dataDir, 'rakor.sqlite');
  if (!fs.existsSync(file)) throw new CopyRefused(`There is no SQLite database at ${file}: set DATA_DIR to the folder Rakor ran on.`);
  // The same schema version on both sides: bring the SQLite database to the latest version as a boot would.
  await (await openSqliteStore(dataDir)).close();
  const source = new Kysely<Rows>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file, { readonly: true, fileMustExist: true }) }) });
  const target = new Kysely<Rows>({ dialect: new PostgresDialect({ pool: createPool(databaseUrl, { ...opts, poolSize: 1 }) }) });
  try {
    await runMigrations(target, 'postgres');
    const keyFile = path.join(dataDir, 'link-key');
    const linkKey = fs.existsSync(keyFile) ? fs.readFileSync(keyFile) : null;
    const rows: Record<string, number> = {};
    await target.transaction().execute(async (trx) => {
      // Two copies started at once: the second waits here, then finds the first one's rows.
      await sql`select pg_advisory_xact_lock(hashtextextended('rakor.migrate-to-postgres', 0))`.execute(trx);
      const filled: string[] = [];
      for (const table of TABLES_IN_COPY_ORDER) {
        const n = await count(trx, table);
        if (n > 0) filled.push(`${table}: ${n} rows`);
      }
      if (filled.length > 0) {
        throw new CopyRefused(
          `The PostgreSQL database at ${withoutPassword(databaseUrl)} is not empty (${filled.join(', ')}). ` +
            'migrate-to-postgres copies into an empty database only: point DATABASE_URL at a new database, or drop the tables of this one first.',
        );
      }
      for (const table of TABLES_IN_COPY_ORDER) {
        const all = await source.selectFrom(table).selectAll().execute();
        refuseNulText(table, all);
        for (let i = 0; i < all.length; i += BATCH)
          await trx
            .insertInto(table)
            .values(all.slice(i, i + BATCH))
            .execute();
        const copied = await count(trx, table);
        if (copied !== all.length) throw new Error(`${table}: ${all.length} rows read, ${copied} in PostgreSQL`);
        rows[table] = copied;
      }
      // The log's ids were copied as they were: the next update is numbered after the last one.
      await sql`select setval(pg_get_serial_sequence('minutes_updates', 'id'), coalesce((select max(id) from minutes_updates), 0) + 1, false)`.execute(trx);
      if (linkKey) {
        // The key that signed every personal link so far: the same links keep working on PostgreSQL.
        await trx
          .insertInto('secrets')
          .values({ name: LINK_KEY_SECRET, value: linkKey, created_at: new Date().toISOString() })
          .onConflict((oc) => oc.column('name').doUpdateSet({ value: linkKey }))
          .execute();
      }
    });
    return { rows, linkKey: linkKey !== null };
  } finally {
    await source.destroy();
    await target.destroy();
  }
}

async function count(db: Kysely<Rows>, table: string): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** PostgreSQL cannot hold a NUL character in text, which SQLite took before Rakor refused it: say where it is, copy nothing. */
function refuseNulText(table: string, rows: readonly Record<string, unknown>[]): void {
  for (const row of rows) {
    for (const [column, value] of Object.entries(row)) {
      if (typeof value === 'string' && value.includes('\u0000')) {
        const key = JSON.stringify(row.id ?? row.meeting_id ?? row.name ?? row.token_hash ?? row.id_hash ?? '?');
        throw new CopyRefused(`${table}.${column} of the row ${key} holds a NUL character, which PostgreSQL cannot store: correct it in SQLite first.`);
      }
    }
  }
}
