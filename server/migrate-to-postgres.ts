import path from 'node:path';
import { ConfigError, parseConfig, withoutPassword } from './config';
import { copySqliteToPostgres, CopyRefused } from './store/copy-to-postgres';

/**
 * `npm run migrate-to-postgres`: copies everything in DATA_DIR (the SQLite database, with the
 * minutes logs, snapshots and versions, and the link key, so printed links keep working) into
 * the empty PostgreSQL database at DATABASE_URL, in one transaction. Stop Rakor first: writes
 * made during the copy would stay behind in SQLite.
 */
async function run(): Promise<void> {
  const config = parseConfig(process.env);
  if (!config.DATABASE_URL)
    throw new CopyRefused('Set DATABASE_URL to the empty PostgreSQL database to copy into, e.g. postgres://rakor:secret@localhost:5432/rakor.');
  const dataDir = path.resolve(config.DATA_DIR);
  const report = await copySqliteToPostgres(dataDir, config.DATABASE_URL);
  const total = Object.values(report.rows).reduce((a, b) => a + b, 0);
  console.log(`Copied ${total} rows from ${dataDir} to ${withoutPassword(config.DATABASE_URL)}:`);
  for (const [table, n] of Object.entries(report.rows)) console.log(`  ${table.padEnd(22)} ${n}`);
  console.log(
    report.linkKey
      ? '  the link key of DATA_DIR: existing personal links and QR codes keep working'
      : '  no link key in DATA_DIR: the first boot on PostgreSQL makes one',
  );
  console.log('\nStart Rakor with DATABASE_URL set; DATA_DIR is no longer read for data.');
}

run().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof CopyRefused) console.error(err.message);
  else console.error(`migrate-to-postgres failed, nothing was copied: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
