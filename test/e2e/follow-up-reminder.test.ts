import { beforeAll, describe, expect, it } from 'vitest';
import { API, PAGES } from '../../shared/protocol/api';
import { followUpWorld, P3K } from '../helpers/follow-up-world';
import { ShiftedClock } from '../helpers/screen-fit';
import { at, must } from '../helpers/at';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';

const available = e2eAvailable();

describe.skipIf(!available)('one-tap WhatsApp reminders of follow-ups', () => {
  const clock = new ShiftedClock();
  const e2e = useE2E({ app: { clock } });
  let world: Awaited<ReturnType<typeof followUpWorld>>;

  beforeAll(async () => {
    world = await followUpWorld(e2e.app, clock);
    // Dinkes has a number in the directory; Dinsos has none.
    const patched = await world.admin.patch(API.opd(at(world.opds, 0, 'Dinkes').id), { whatsapp: '0812-3456-7890' });
    expect(patched.status).toBe(200);
  });

  it('FT12 an open item due soon or overdue opens WhatsApp to its owner OPD with the text filled in; an owner without a number is said so', async () => {
    const page = await e2e.newPage({ viewport: { width: 1366, height: 768 }, cookie: world.admin.cookie });
    await page.goto(`${e2e.app.baseUrl}${PAGES.followUpsAdmin}`);
    await page.getByTestId('follow-up-table').waitFor();
    // Opened directly, the top bar already speaks (it draws before the page's own texts come).
    expect(await page.locator('nav').first().innerText()).not.toMatch(/\b[a-z]+\.[a-z]+(\.[a-z]+)?\b/i);
    const row = page.getByTestId('follow-up-row').filter({ hasText: P3K });
    const link = row.getByTestId('follow-up-reminder').first();
    await link.waitFor();
    expect(await link.textContent()).toContain('Ingatkan Dinkes via WhatsApp');
    const href = must(await link.getAttribute('href'), 'the wa.me address');
    expect(href.startsWith('https://wa.me/6281234567890?text=')).toBe(true);
    expect(await link.getAttribute('target')).toBe('_blank');
    const text = decodeURIComponent(href.split('?text=')[1] ?? '');
    expect(text).toContain(P3K);
    expect(text).toContain(world.meeting.title);
    expect(text).toMatch(/terlambat \d+ hari|\d+ hari lagi|hari ini|besok/);
    expect(await row.getByText('Nomor WhatsApp Dinsos belum diisi di direktori').count()).toBe(1);
    // A closed item offers none.
    const done = page.locator('[data-testid="follow-up-row"][data-status="done"]');
    if ((await done.count()) > 0) expect(await done.first().getByTestId('follow-up-reminder').count()).toBe(0);
    await page.close();
  });
});
