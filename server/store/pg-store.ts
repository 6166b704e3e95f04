import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from './schema';
import { RefuseNulText } from './nul-guard';
import type { Store } from './ports';
import { runMigrations, sqlRepositories } from './sql-repositories';

export interface PostgresStoreOptions {
  /** The schema the tables live in (search_path), e.g. one per test; default: the role's own search_path. */
  schema?: string;
  /** Connections of this process (node-postgres' default is 10). */
  poolSize?: number;
  /** Told of a pooled connection that failed while idle (PostgreSQL restarted, the network dropped); the pool replaces it. */
  onIdleError?: (err: Error) => void;
}

const INT8 = 20;
const BYTEA = 17;

/**
 * The parsers of this pool's connections, not pg's global ones (another pool in the process keeps
 * its own): int8 (bigint, count(*)) as a JS number, as SQLite's integers come back; a value past
 * 2^53 is an error, never a silently rounded number. bytea as a plain Uint8Array, as callers of
 * the minutes log expect it.
 */
function typeParsers(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8, (text: string) => {
    const n = Number(text);
    if (!Number.isSafeInteger(n)) throw new RangeError(`int8 ${text} does not fit a JS number`);
    return n;
  });
  const bytea = pg.types.getTypeParser(BYTEA, 'text') as (text: string) => Buffer;
  types.setTypeParser(BYTEA, (text: string) => {
    const buf = bytea(text);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  });
  return types;
}

/** A schema name as an identifier in `search_path`: lower-case letters, digits and underscores only. */
function checkedSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`not a schema name Rakor uses: ${JSON.stringify(schema)}`);
  return schema;
}

/** A pool of connections to `url` with Rakor's type parsers (and search_path, when a schema is given). */
export function createPool(url: string, opts: PostgresStoreOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    types: typeParsers(),
    ...(opts.schema ? { options: `-c search_path=${checkedSchema(opts.schema)}` } : {}),
  });
  pool.on('error', (err) => opts.onIdleError?.(err));
  return pool;
}

/**
 * Opens a pool to the PostgreSQL database at `url` and migrates it to the latest version before
 * returning. Nodes that boot together migrate once: the migrator holds an advisory lock.
 */
export async function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<Store> {
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: createPool(url, opts) }), plugins: [new RefuseNulText()] });
  try {
    await runMigrations(db, 'postgres');
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return {
    ...sqlRepositories(db, 'postgres'),
    transaction: (work) => db.transaction().execute((trx) => work(sqlRepositories(trx, 'postgres'))),
    close: () => db.destroy(),
  };
}
