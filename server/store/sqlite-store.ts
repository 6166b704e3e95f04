import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import type { Database } from './schema';
import { RefuseNulText } from './nul-guard';
import type { Store } from './ports';
import { runMigrations, sqlRepositories } from './sql-repositories';

/**
 * The database holds every session and link hash and the admin's password hash: readable by its
 * owner only, like the link key. SQLite creates its -wal and -shm files with the database file's
 * own mode, so the main file is created 0600 before SQLite opens it; an older database (and any
 * journal left beside it) made with the umask's mode is tightened.
 */
function ownerOnly(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(f, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

/** How many distinct statements stay prepared: Rakor's queries are a few hundred texts at most. */
const STATEMENTS_KEPT = 1000;

/**
 * Kysely asks better-sqlite3 to prepare every query it runs, again and again for the same text:
 * a queue command's eight statements spent more time being compiled by SQLite than being run.
 * The same text gets its prepared statement back (statements run synchronously under Kysely's
 * connection lock, one at a time; SQLite prepares a statement again by itself after a migration).
 */
function preparedOnce(sqlite: BetterSqlite3.Database): SqliteDatabase {
  const kept = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = kept.get(text);
      if (!statement) {
        statement = sqlite.prepare(text);
        if (kept.size >= STATEMENTS_KEPT) kept.delete(kept.keys().next().value as string);
        kept.set(text, statement);
      }
      return statement;
    },
  };
}

/**
 * Opens (or creates) the SQLite database `rakor.sqlite` in `dataDir`, in WAL mode, and
 * migrates it to the latest version before returning.
 */
export async function openSqliteStore(dataDir: string): Promise<Store> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, 'rakor.sqlite');
  ownerOnly(file);
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a committed write survives a crash of the process (kill -9); only a power
  // cut may lose the last commits, and the editors' browsers keep their own copy of the minutes.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: preparedOnce(sqlite) }), plugins: [new RefuseNulText()] });
  await runMigrations(db, 'sqlite');
  return {
    ...sqlRepositories(db, 'sqlite'),
    transaction: (work) => db.transaction().execute((trx) => work(sqlRepositories(trx, 'sqlite'))),
    close: () => db.destroy(),
  };
}
