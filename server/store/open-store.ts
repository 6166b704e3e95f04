import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadOrCreateKey } from '../auth/key-file';
import { withoutPassword, type Config } from '../config';
import type { Store } from './ports';
import { openPostgresStore, type PostgresStoreOptions } from './pg-store';
import { openSqliteStore } from './sqlite-store';

/** The secret that signs personal links: the same on every node, or every printed QR code breaks on the next node. */
export const LINK_KEY_SECRET = 'link-key';

export interface OpenedStore {
  store: Store;
  /** The link-signing key: from the database when it is PostgreSQL, else from DATA_DIR. */
  linkKey: Buffer;
  /** Where the data lives, fit for a log line: DATA_DIR, or DATABASE_URL without its password. */
  location: string;
}

/**
 * The store the configuration names: PostgreSQL at DATABASE_URL, or else SQLite in DATA_DIR
 * exactly as before; migrated to the latest version, with its link key.
 */
export async function openStore(config: Pick<Config, 'DATA_DIR' | 'DATABASE_URL'>, pgOptions: PostgresStoreOptions = {}): Promise<OpenedStore> {
  if (config.DATABASE_URL) {
    const store = await openPostgresStore(config.DATABASE_URL, pgOptions);
    try {
      return { store, linkKey: await sharedLinkKey(store), location: withoutPassword(config.DATABASE_URL) };
    } catch (err) {
      await store.close();
      throw err;
    }
  }
  const dataDir = path.resolve(config.DATA_DIR);
  const store = await openSqliteStore(dataDir);
  return { store, linkKey: loadOrCreateKey(dataDir), location: dataDir };
}

/** The link key every node reads from the database; the first node to boot makes it. */
export async function sharedLinkKey(store: Store): Promise<Buffer> {
  return Buffer.from(await store.secrets.getOrCreate(LINK_KEY_SECRET, () => randomBytes(32)));
}
