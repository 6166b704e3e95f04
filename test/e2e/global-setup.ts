import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromiumPath, e2eRequired } from './chromium';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const E2E_CLIENT_DIR = path.join(root, 'dist/e2e-client');

/** Builds the client once for the e2e run, into its own folder so `npm start`'s build is untouched. */
export default async function setup(): Promise<void> {
  if (!chromiumPath()) {
    if (e2eRequired) throw new Error('RAKOR_REQUIRE_E2E=1 but no Chromium was found (set CHROMIUM_PATH or apt-get install chromium)');
    return;
  }
  fs.rmSync(E2E_CLIENT_DIR, { recursive: true, force: true });
  await build({
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: E2E_CLIENT_DIR, emptyOutDir: true },
  });
}
