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
  // The client as it ships: vitest runs with NODE_ENV=test, under which Vite would build Svelte's dev mode.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(root, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: E2E_CLIENT_DIR, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
