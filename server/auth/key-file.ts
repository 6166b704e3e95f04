import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Loads the link-signing key from DATA_DIR, creating it (readable by the owner only) on first boot. */
export function loadOrCreateKey(dataDir: string): Buffer {
  const file = path.join(dataDir, 'link-key');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    const existing = fs.readFileSync(file);
    if (existing.length >= 32) return existing;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = randomBytes(32);
  fs.writeFileSync(file, key, { mode: 0o600, flag: 'w' });
  return key;
}
