import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [new RefuseNulText()] });
  await runMigrations(db, 'sqlite');
  return {
    ...sqlRepositories(db, 'sqlite'),
    transaction: (work) => db.transaction().execute((trx) => work(sqlRepositories(trx, 'sqlite'))),
    close: () => db.destroy(),
  };
}
