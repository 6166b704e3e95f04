import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApplication, type AppOptions, type RakorApp } from '../../server/app';
import { systemClock, type Clock } from '../../server/clock';
import { silentLogger, type Logger } from '../../server/logger';
import type { Store } from '../../server/store/ports';
import type { SqlDialectName } from '../../server/store/migrations';
import { dropTestStore, openTestStore } from './test-store';
import { sharedLinkKey } from '../../server/store/open-store';

export interface TestApp {
  app: RakorApp;
  store: Store;
  baseUrl: string;
  dataDir: string;
  /** Stops the server and closes the database; the data folder (and its PostgreSQL schema) stays for a restart. */
  stop(): Promise<void>;
  /** Stops, drops the PostgreSQL schema, and deletes the data folder unless it was given. */
  close(): Promise<void>;
}

export interface TestAppOptions extends Partial<Omit<AppOptions, 'store' | 'logger'>> {
  dataDir?: string;
  /** The store to run on; default the project's (RAKOR_TEST_STORE). */
  storeKind?: SqlDialectName;
  clock?: Clock;
  clientDir?: string | null;
  /** Defaults to a silent logger; the fuzz test passes one that records errors. */
  logger?: Logger;
  /** A store shared with other apps (nodes of one cluster in one process): left open when this app stops. */
  store?: Store;
}

/** Apps running per data folder. */
const openApps = new Map<string, number>();

/**
 * The real app on an ephemeral port with a real database: SQLite in a temp folder, or (integration-pg)
 * a PostgreSQL schema of that folder's own (test-store.ts). The same folder given again opens the same data.
 */
export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rakor-test-'));
  const { store, linkKey } = opts.store ? { store: opts.store, linkKey: await sharedLinkKey(opts.store) } : await openTestStore(dataDir, opts.storeKind);
  openApps.set(dataDir, (openApps.get(dataDir) ?? 0) + 1);
  // PUBLIC_URL must carry the real port, so the app is built once port 0 is bound. The bound
  // socket itself is handed over (Node's listen(handle)), never closed and bound again: between
  // a close and a second listen another process could take the port.
  const bound = await bindEphemeral();
  const port = (bound.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  const app = createApplication(options(store, linkKey, baseUrl, opts));
  const listened = await app.listen(bound);
  if (listened !== port) throw new Error(`the app listens on ${listened}, not on the bound port ${port}`);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      await app.close();
      if (!opts.store) await store.close();
    } finally {
      openApps.set(dataDir, (openApps.get(dataDir) ?? 1) - 1);
    }
  };
  return {
    app,
    store,
    baseUrl,
    dataDir,
    stop,
    async close() {
      await stop();
      // A later app on the same folder may still run (a restart whose first app closes first): its schema stays until it closes.
      if (!openApps.get(dataDir)) await dropTestStore(dataDir);
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A TCP server bound to a free loopback port, listening, not yet serving: its handle goes to the app. */
function bindEphemeral(): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function options(store: Store, linkKey: Buffer, publicUrl: string, opts: TestAppOptions): AppOptions {
  return {
    store,
    clock: opts.clock ?? systemClock,
    logger: opts.logger ?? silentLogger(),
    linkKey: opts.linkKey ?? linkKey,
    publicUrl,
    sessionTtlMs: opts.sessionTtlMs ?? 3600_000,
    loginRateLimit: opts.loginRateLimit ?? 1000,
    linkRateLimit: opts.linkRateLimit ?? 1000,
    trustProxy: opts.trustProxy,
    clientDir: opts.clientDir ?? null,
    scheduler: opts.scheduler,
    minutesCity: opts.minutesCity,
    defaultTimeZone: opts.defaultTimeZone,
    minutesCompactEvery: opts.minutesCompactEvery,
    minutesIdleMs: opts.minutesIdleMs,
    video: opts.video,
    cluster: opts.cluster,
  };
}
