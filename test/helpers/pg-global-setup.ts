import fs from 'node:fs';
import pg from 'pg';
import { TEST_SCHEMA_PREFIX } from './test-store';

export const clusterRequired = process.env.RAKOR_REQUIRE_CLUSTER === '1';

/**
 * Drops the test schemas whose data folder is gone: those a test left for a restart and never
 * closed, or those of a run that was killed. Schemas of a run still going keep their folders.
 */
async function dropOrphanSchemas(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; dir: string | null }>(
      `select n.nspname as name, obj_description(n.oid, 'pg_namespace') as dir from pg_namespace n where n.nspname like $1`,
      [`${TEST_SCHEMA_PREFIX}%`],
    );
    for (const { name, dir } of rows) {
      if (dir && fs.existsSync(dir)) continue;
      await client.query(`drop schema if exists ${name} cascade`);
    }
  } finally {
    await client.end();
  }
}

/** The integration-pg project's set-up: a loud skip without a database (a failure under RAKOR_REQUIRE_CLUSTER=1), else a clean database. */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  const url = process.env.RAKOR_TEST_DATABASE_URL;
  if (!url) {
    const why = 'RAKOR_TEST_DATABASE_URL is not set (eval "$(bash scripts/test-services.sh)" starts PostgreSQL and sets it)';
    if (clusterRequired) throw new Error(`RAKOR_REQUIRE_CLUSTER=1 but ${why}`);
    console.warn(`\n\n  !!! POSTGRESQL INTEGRATION TESTS SKIPPED: ${why} !!!\n\n`);
    return undefined;
  }
  try {
    await dropOrphanSchemas(url);
  } catch (err) {
    throw new Error(`PostgreSQL at RAKOR_TEST_DATABASE_URL does not answer: ${err instanceof Error ? err.message : String(err)}`);
  }
  return () => dropOrphanSchemas(url);
}
