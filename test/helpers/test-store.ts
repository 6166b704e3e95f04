import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { loadOrCreateKey } from '../../server/auth/key-file';
import { sharedLinkKey } from '../../server/store/open-store';
import { createPool, openPostgresStore } from '../../server/store/pg-store';
import { openSqliteStore } from '../../server/store/sqlite-store';
import type { SqlDialectName } from '../../server/store/migrations';
import type { Database } from '../../server/store/schema';
import type { Store } from '../../server/store/ports';

/**
 * The store the integration tests run on: SQLite in the app's data folder, or with
 * RAKOR_TEST_STORE=postgres (the integration-pg project) a PostgreSQL schema of its own per data
 * folder in the database at RAKOR_TEST_DATABASE_URL.
 */
export const TEST_STORE: SqlDialectName = process.env.RAKOR_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';
export const onPostgres = TEST_STORE === 'postgres';

/** Says why a test that only makes sense on SQLite (its files in DATA_DIR) skips on PostgreSQL. */
export const SQLITE_ONLY = 'SQLite only: PostgreSQL keeps nothing in DATA_DIR';

/** The file in a data folder that names its PostgreSQL schema: the same folder reopens the same schema. */
const SCHEMA_FILE = 'rakor-test-pg-schema';
/** Every test schema starts so; a schema whose data folder is gone is dropped by the next run's set-up. */
export const TEST_SCHEMA_PREFIX = 'rakor_t_';

export function testDatabaseUrl(): string {
  const url = process.env.RAKOR_TEST_DATABASE_URL;
  if (!url) throw new Error('RAKOR_TEST_STORE=postgres needs RAKOR_TEST_DATABASE_URL (eval "$(bash scripts/test-services.sh)")');
  return url;
}

/** Runs `work` on one connection of the test database, as its owner, outside any test schema. */
export async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The PostgreSQL schema of a data folder: the first time a new one (a stale schema of that name
 * dropped first), named in a file in the folder; after that the same, so a restart on the same
 * folder finds its data. Its comment is the folder, for the clean-up of schemas left behind.
 */
export async function schemaOf(dataDir: string): Promise<string> {
  const file = path.join(dataDir, SCHEMA_FILE);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  let schema = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
  const fresh = schema === '';
  if (fresh) schema = `${TEST_SCHEMA_PREFIX}${randomBytes(6).toString('hex')}`;
  await withAdmin(async (c) => {
    if (fresh) await c.query(`drop schema if exists ${schema} cascade`);
    await c.query(`create schema if not exists ${schema}`);
    await c.query(`comment on schema ${schema} is ${pg.escapeLiteral(path.resolve(dataDir))}`);
  });
  if (fresh) fs.writeFileSync(file, `${schema}\n`);
  return schema;
}

/** The schema named in the data folder, if it has one. */
function knownSchema(dataDir: string): string | null {
  try {
    return fs.readFileSync(path.join(dataDir, SCHEMA_FILE), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** DATABASE_URL for a server process on that data folder's schema (its search_path as a connection option). */
export async function databaseUrlOf(dataDir: string): Promise<string> {
  const url = new URL(testDatabaseUrl());
  url.searchParams.set('options', `-c search_path=${await schemaOf(dataDir)}`);
  return url.toString();
}

export interface OpenedTestStore {
  store: Store;
  linkKey: Buffer;
}

/** Opens the data folder's store, as main.ts would: SQLite and the key file there, or its PostgreSQL schema and the key in it. */
export async function openTestStore(dataDir: string, kind: SqlDialectName = TEST_STORE): Promise<OpenedTestStore> {
  if (kind === 'sqlite') return { store: await openSqliteStore(dataDir), linkKey: loadOrCreateKey(dataDir) };
  // A few connections per app: a test file runs several apps, and the machine runs several files.
  const store = await openPostgresStore(testDatabaseUrl(), { schema: await schemaOf(dataDir), poolSize: 4 });
  return { store, linkKey: await sharedLinkKey(store) };
}

/** Drops the data folder's PostgreSQL schema, if it has one (nothing to do on SQLite: its folder goes). */
export async function dropTestStore(dataDir: string): Promise<void> {
  const schema = process.env.RAKOR_TEST_DATABASE_URL ? knownSchema(dataDir) : null;
  if (schema) await withAdmin((c) => c.query(`drop schema if exists ${schema} cascade`));
}

/** Environment for a server process (server/main.ts) on the data folder's store. */
export async function childStoreEnv(dataDir: string): Promise<Record<string, string>> {
  // Empty is unset: a DATABASE_URL in the shell of whoever runs the SQLite tests stays out of them.
  return { DATABASE_URL: onPostgres ? await databaseUrlOf(dataDir) : '' };
}

/**
 * A second connection to a data folder's database, for what a test checks beside the app's ports:
 * rows as stored, and whether anything was written at all.
 */
export interface StoreInspector {
  db: Kysely<Database>;
  /** Grows with every committed write (SQLite's data_version; on PostgreSQL a counter of written rows). */
  writes(): Promise<number>;
  /** "table:rows" for every table, to say what a write changed. */
  counts(): Promise<string>;
  close(): Promise<void>;
}

export async function inspectStore(dataDir: string, kind: SqlDialectName = TEST_STORE): Promise<StoreInspector> {
  if (kind === 'sqlite') {
    const raw = new BetterSqlite3(path.join(dataDir, 'rakor.sqlite'), { readonly: true, fileMustExist: true });
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
    return {
      db,
      writes: () => Promise.resolve(raw.pragma('data_version', { simple: true }) as number),
      counts: () => {
        const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%'").all() as {
          name: string;
        }[];
        return Promise.resolve(tables.map(({ name }) => `${name}:${(raw.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n}`).join(' '));
      },
      close: () => db.destroy(),
    };
  }
  const schema = await schemaOf(dataDir);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: createPool(testDatabaseUrl(), { schema, poolSize: 2 }) }) });
  let counting: Promise<void> | null = null;
  const tables = async () =>
    (
      await sql<{
        name: string;
      }>`select table_name as name from information_schema.tables where table_schema = ${schema} and table_type = 'BASE TABLE' and table_name not like 'kysely_%' order by table_name`.execute(
        db,
      )
    ).rows.map((r) => r.name);
  return {
    db,
    writes: async () => {
      counting ??= countWrites(db, schema);
      await counting;
      return Number((await sql<{ n: string }>`select last_value as n from ${sql.id(schema, 'rakor_test_writes')}`.execute(db)).rows[0]?.n ?? 0);
    },
    counts: async () => {
      const parts: string[] = [];
      for (const name of await tables()) {
        const row = (await sql<{ n: number }>`select count(*) as n from ${sql.table(name)}`.execute(db)).rows[0];
        parts.push(`${name}:${row?.n ?? 0}`);
      }
      return parts.join(' ');
    },
    close: () => db.destroy(),
  };
}

/**
 * PostgreSQL has no data_version: a trigger on every table of the test schema counts the rows
 * written into a sequence of its own (test instrumentation, never in a real schema). Installed once per schema.
 */
async function countWrites(db: Kysely<Database>, schema: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`rakor.test-writes:${schema}`}, 0))`.execute(trx);
    const installed =
      await sql`select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = ${schema} and c.relname = 'rakor_test_writes'`.execute(
        trx,
      );
    if (installed.rows.length > 0) return;
    await sql`create sequence ${sql.id(schema, 'rakor_test_writes')}`.execute(trx);
    await sql`select nextval(${`${schema}.rakor_test_writes`})`.execute(trx);
    await sql
      .raw(
        `create function ${schema}.rakor_test_count_write() returns trigger language plpgsql as $$ begin perform nextval('${schema}.rakor_test_writes'); return null; end $$`,
      )
      .execute(trx);
    const tables = await sql<{
      name: string;
    }>`select table_name as name from information_schema.tables where table_schema = ${schema} and table_type = 'BASE TABLE' and table_name not like 'kysely_%'`.execute(
      trx,
    );
    for (const { name } of tables.rows) {
      await sql
        .raw(
          `create trigger rakor_test_count_write after insert or update or delete on ${schema}.${name} for each row execute function ${schema}.rakor_test_count_write()`,
        )
        .execute(trx);
    }
  });
}

export interface EmptyDatabase<DB> {
  db: Kysely<DB>;
  dialect: SqlDialectName;
  /** Closes the connection and removes the database. */
  drop(): Promise<void>;
}

/** An empty database of the test store's dialect, no migration run: for tests of the migrations themselves. */
export async function emptyDatabase<DB>(): Promise<EmptyDatabase<DB>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rakor-db-'));
  const db = onPostgres
    ? new Kysely<DB>({ dialect: new PostgresDialect({ pool: createPool(testDatabaseUrl(), { schema: await schemaOf(dir), poolSize: 2 }) }) })
    : new Kysely<DB>({ dialect: new SqliteDialect({ database: new BetterSqlite3(path.join(dir, 'db.sqlite')) }) });
  return {
    db,
    dialect: TEST_STORE,
    async drop() {
      await db.destroy();
      await dropTestStore(dir);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
