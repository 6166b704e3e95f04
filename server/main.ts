import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApplication, VERSION } from './app';
import { systemClock } from './clock';
import { ConfigError, parseConfig, videoConfig } from './config';
import { createLogger } from './logger';
import { openStore } from './store/open-store';
import { LocalCluster, newNodeId } from './cluster/cluster';
import { RedisCluster } from './cluster/redis-cluster';

/** The project folder: the nearest one above this module with a package.json (server/ under tsx, dist/server/ once built). */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}

export const CLIENT_DIR = path.join(projectRoot(), 'dist/client');

/** The longest a drain may take before the process gives up and exits 1. */
const DRAIN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const { store, linkKey, location } = await openStore(config, { onIdleError: (err) => logger.warn({ err }, 'a pooled database connection failed') });
  const cluster = config.REDIS_URL
    ? await RedisCluster.connect(config.REDIS_URL, config.PORT, logger, config.REDIS_PREFIX)
    : new LocalCluster(newNodeId(config.PORT));
  const app = createApplication({
    store,
    cluster,
    clock: systemClock,
    logger,
    linkKey,
    publicUrl: config.PUBLIC_URL,
    sessionTtlMs: config.SESSION_TTL_HOURS * 3600_000,
    loginRateLimit: config.LOGIN_RATE_LIMIT,
    linkRateLimit: config.LINK_RATE_LIMIT,
    trustProxy: config.TRUST_PROXY,
    clientDir: CLIENT_DIR,
    minutesCity: config.MINUTES_CITY,
    defaultTimeZone: config.DEFAULT_TIME_ZONE,
    minutesCompactEvery: config.MINUTES_COMPACT_EVERY,
    video: videoConfig(config),
  });
  const port = await app.listen(config.PORT, config.HOST);
  logger.info({ port, data: location, version: VERSION, node: cluster.nodeId, shared: cluster.shared, video: config.LIVEKIT_URL ?? null }, 'rakor listening');
  console.log(`\n  Rakor ${VERSION} berjalan di ${config.PUBLIC_URL}  (data: ${location})`);

  const setupUrl = await app.setupUrl();
  if (setupUrl) {
    // Like Jupyter's token link: the first admin is created through this one-time URL.
    console.log('\n  Belum ada akun admin. Buka tautan sekali pakai ini untuk membuatnya:');
    console.log(`  No admin account yet. Open this one-time link to create it:\n\n    ${setupUrl}\n`);
  }

  // SIGTERM drains (app.close): nothing new is accepted, what is in flight finishes, the minutes
  // are flushed, every client is sent to reconnect; then exit 0. A second signal changes nothing
  // (npm and a terminal both pass on one Ctrl-C); past DRAIN_TIMEOUT_MS the process exits 1.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    logger.info({ signal }, 'draining');
    const force = setTimeout(() => {
      logger.error({ signal, timeoutMs: DRAIN_TIMEOUT_MS }, 'drain timed out');
      process.exit(1);
    }, DRAIN_TIMEOUT_MS);
    force.unref();
    try {
      await app.close();
      await store.close();
      logger.info({ ms: Date.now() - started }, 'drained');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('Rakor failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
