import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, or CHROMIUM_PATH; null when neither exists. */
export function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

export const e2eRequired = process.env.RAKOR_REQUIRE_E2E === '1';

/** True when the e2e tests can run; a loud notice when they will be skipped. */
export function e2eAvailable(): boolean {
  const found = chromiumPath();
  if (found) return true;
  if (e2eRequired) throw new Error('RAKOR_REQUIRE_E2E=1 but no Chromium was found (set CHROMIUM_PATH or apt-get install chromium)');
  console.warn('\n\n  !!! END-TO-END TESTS SKIPPED: no Chromium found (set CHROMIUM_PATH or apt-get install chromium) !!!\n\n');
  return false;
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no Chromium');
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
