import { Migrator, sql, type Kysely } from 'kysely';
import { migrationProvider, type SqlDialectName } from './migrations';
import type { Database } from './schema';
import type { Repositories } from './ports';
import { SqlOpdRepository } from './sql-opds';
import { SqlMeetingRepository } from './sql-meetings';
import { SqlQueueRepository } from './sql-queue';
import { SqlMinutesRepository } from './sql-minutes';
import { SqlLetterheadRepository } from './sql-letterhead';
import { SqlFollowUpRepository } from './sql-follow-ups';
import { SqlMaterialRepository } from './sql-materials';
import { SqlVideoRepository } from './sql-video';
import { SqlScheduleRepository } from './sql-schedule';
import { SqlJobRepository, SqlSecretRepository } from './sql-cluster';
import { SqlLinkRepository, SqlSessionRepository, SqlSetupTokenRepository, SqlUserRepository } from './sql-access';

/** Every repository over one Kysely connection (or transaction); the same classes serve both dialects. */
export function sqlRepositories(db: Kysely<Database>, dialect: SqlDialectName): Repositories {
  return {
    secrets: new SqlSecretRepository(db),
    jobs: new SqlJobRepository(db),
    users: new SqlUserRepository(db),
    setupTokens: new SqlSetupTokenRepository(db),
    sessions: new SqlSessionRepository(db),
    opds: new SqlOpdRepository(db),
    meetings: new SqlMeetingRepository(db),
    links: new SqlLinkRepository(db),
    queue: new SqlQueueRepository(db, dialect),
    minutes: new SqlMinutesRepository(db, dialect),
    letterhead: new SqlLetterheadRepository(db),
    followUps: new SqlFollowUpRepository(db),
    materials: new SqlMaterialRepository(db),
    video: new SqlVideoRepository(db),
    schedule: new SqlScheduleRepository(db),
  };
}

/** Kysely's migrator over Rakor's migrations of that dialect, keeping its bookkeeping beside the tables. */
export async function createMigrator<DB>(db: Kysely<DB>, dialect: SqlDialectName): Promise<Migrator> {
  // Kysely looks for its migration tables in every schema unless it is told which: a database
  // with another Rakor (or any Kysely app) in another schema would make it skip creating its own.
  const migrationTableSchema = dialect === 'postgres' ? await currentSchema(db) : undefined;
  return new Migrator({ db, provider: migrationProvider(dialect), migrationTableSchema });
}

/** Migrates the database to the latest version; on PostgreSQL Kysely holds a lock meanwhile, so nodes booting together migrate once. */
export async function runMigrations<DB>(db: Kysely<DB>, dialect: SqlDialectName): Promise<void> {
  const migrator = await createMigrator(db, dialect);
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}

/** The schema unqualified names are created in: the first of search_path that exists. */
async function currentSchema<DB>(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('PostgreSQL has no schema to create the tables in: no schema of search_path exists (create one, or set search_path)');
  return schema;
}
