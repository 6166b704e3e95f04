import { randomUUID } from 'node:crypto';

/** RAKOR_REQUIRE_CLUSTER=1 (CI): a missing PostgreSQL or Redis fails the run instead of skipping. */
export const clusterRequired = process.env.RAKOR_REQUIRE_CLUSTER === '1';

const warned = new Set<string>();

function missing(what: string, variable: string): null {
  if (clusterRequired) throw new Error(`RAKOR_REQUIRE_CLUSTER=1 but ${variable} is not set (eval "$(bash scripts/test-services.sh)")`);
  if (!warned.has(variable)) {
    warned.add(variable);
    console.warn(`\n\n  !!! ${what} TESTS SKIPPED: ${variable} is not set (eval "$(bash scripts/test-services.sh)" starts the services) !!!\n\n`);
  }
  return null;
}

/** The test Redis (RAKOR_TEST_REDIS_URL), or null with a loud notice. */
export function testRedisUrl(): string | null {
  return process.env.RAKOR_TEST_REDIS_URL || missing('REDIS', 'RAKOR_TEST_REDIS_URL');
}

/** The test PostgreSQL server (RAKOR_TEST_DATABASE_URL), or null with a loud notice. */
export function testDatabaseUrl(): string | null {
  return process.env.RAKOR_TEST_DATABASE_URL || missing('POSTGRESQL', 'RAKOR_TEST_DATABASE_URL');
}

/** Redis channels and keys of its own for one test's cluster: files run side by side on one Redis. */
export function redisPrefix(): string {
  return `rakor-t-${randomUUID().slice(0, 8)}`;
}
