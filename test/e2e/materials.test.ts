import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { API } from '../../shared/protocol/api';
import { openPerson, pressOk, setUpMeeting } from '../helpers/meeting-people';
import { paparanPdf, TEXT_AS_PDF } from '../helpers/paparan-pdf';
import { eventually } from '../helpers/wait';
import { axeViolations } from './axe';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';

const available = e2eAvailable();

/** What the canvas of the projector's paparan holds: its CSS size, and how many sampled pixels are not white. */
async function canvasInk(page: Page): Promise<{ width: number; height: number; inked: number; sampled: number }> {
  return page.evaluate(`(() => {
    const c = document.querySelector('[data-testid=material-canvas]');
    const ctx = c.getContext('2d');
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let inked = 0, sampled = 0;
    for (let i = 0; i < data.length; i += 4 * 97) { sampled++; if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) inked++; }
    const r = c.getBoundingClientRect();
    return { width: r.width, height: r.height, inked, sampled };
  })()`);
}

/** Screenshots of the phone, the console and the projector for a person to look at, when RAKOR_SHOTS_DIR is set. */
const SHOTS = process.env.RAKOR_SHOTS_DIR;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `bahan-rapat-${name}.png`), fullPage: name.startsWith('phone') });
};

const noHorizontalScroll = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth <= innerWidth');

describe.skipIf(!available)('bahan rapat in the browser', () => {
  const e2e = useE2E();

  it('BR6 BR8 BR9 an OPD uploads its paparan on a 390x844 phone; the chair shows it, the projector renders its pages with pdf.js at 1366x768 and 1920x1080; the minutes list it', async () => {
    const { meeting, linkFor } = await setUpMeeting(e2e.app);
    const chairSocket = await openPerson(e2e.app, linkFor('chair'), meeting.id);

    // The chair's console is open from the start: the list follows the uploads as they come.
    const chair = await e2e.open(linkFor('chair').url);
    await chair.setViewportSize({ width: 1366, height: 768 });
    await chair.getByTestId('materials-empty').waitFor();

    // The Dinkes representative, on a phone.
    const phone = await e2e.open(linkFor('participant', 0).url, { phone: true });
    await phone.getByTestId('open-material-upload').click();
    const panel = phone.getByTestId('material-upload');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('Hanya PDF, paling besar 20 MB.');
    await phone.getByTestId('material-none').waitFor();

    // A text file named .pdf: refused, in Bahasa Indonesia, and nothing is listed.
    await phone.getByTestId('material-file').setInputFiles({ name: 'paparan.pdf', mimeType: 'application/pdf', buffer: TEXT_AS_PDF });
    await phone.getByTestId('material-submit').click();
    await eventually(async () => (await phone.getByTestId('material-error').textContent())?.includes('Paparan harus berupa PDF') ?? false, {
      what: 'the refusal in Bahasa Indonesia',
    });
    expect(await phone.getByTestId('material-none').isVisible()).toBe(true);

    await phone.getByTestId('material-file').setInputFiles({ name: 'Paparan Dinkes.pdf', mimeType: 'application/pdf', buffer: await paparanPdf(3) });
    await phone.getByTestId('material-submit').click();
    await phone.getByTestId('material-notice').waitFor();
    expect(await phone.getByTestId('material-notice').textContent()).toContain('Paparan terunggah.');
    expect(await phone.getByTestId('material-current-title').textContent()).toBe('Paparan Dinkes');
    expect(await phone.getByTestId('material-current-meta').textContent()).toMatch(/^Paparan Dinkes\.pdf · 3 halaman · \d+ kB$/);
    expect(await noHorizontalScroll(phone)).toBe(true);
    expect(await axeViolations(phone)).toEqual([]);
    await shot(phone, 'phone-upload');
    // Touch targets of a phone.
    for (const testid of ['material-submit', 'material-delete']) {
      const box = await phone.getByTestId(testid).boundingBox();
      expect(box?.height ?? 0, testid).toBeGreaterThanOrEqual(44);
    }

    // The chair's list has it already, before the meeting starts (materials:changed).
    const row = chair.getByTestId('material-row');
    await row.waitFor();

    // The meeting runs; Dinkes has the floor.
    await pressOk(chairSocket, { type: 'meeting.start' });
    await pressOk(chairSocket, { type: 'turn.next' });

    expect(await row.textContent()).toContain('Paparan Dinkes');
    expect(await row.textContent()).toContain('3 halaman');
    expect(await row.getByRole('link', { name: 'Buka paparan Dinkes di tab baru' }).getAttribute('target')).toBe('_blank');

    const projector = await e2e.open(linkFor('projector').url);
    // pdf.js parses in its own worker, a same-origin script the CSP allows (not its main-thread fallback).
    const workers: string[] = [];
    projector.on('worker', (w) => workers.push(w.url()));
    await projector.setViewportSize({ width: 1366, height: 768 });
    await projector.getByTestId('projector-stage').waitFor();
    expect(await projector.getByTestId('material-stage').count()).toBe(0);

    await chair.getByTestId('material-show').click();
    await chair.getByTestId('material-page').waitFor();
    expect(await chair.getByTestId('material-page').textContent()).toBe('Halaman 1 / 3');
    const stage = projector.getByTestId('material-stage');
    await eventually(async () => (await stage.getAttribute('data-page')) === '1', { what: 'page 1 rendered on the projector', timeoutMs: 15_000 });
    expect(
      workers.some((url) => url.startsWith(e2e.app.baseUrl) && url.includes('pdf.worker')),
      workers.join(', '),
    ).toBe(true);
    const first = await canvasInk(projector);
    expect(first.inked / first.sampled, 'page 1 is not blank').toBeGreaterThan(0.05);
    // Fitted: the whole page inside the screen, as wide or as high as it allows (16:9 on 16:9, under the caption).
    expect(first.width).toBeLessThanOrEqual(1366);
    expect(first.height).toBeLessThanOrEqual(768);
    expect(first.width).toBeGreaterThan(1100);

    await chair.getByTestId('material-next').click();
    await eventually(async () => (await stage.getAttribute('data-page')) === '2', { what: 'page 2 rendered on the projector', timeoutMs: 10_000 });
    expect(await projector.getByTestId('material-stage-page').textContent()).toBe('Halaman 2 / 3');
    expect((await canvasInk(projector)).inked).toBeGreaterThan(0);
    expect(await axeViolations(chair)).toEqual([]);
    expect(await axeViolations(projector)).toEqual([]);
    await chair.getByTestId('materials-panel').scrollIntoViewIfNeeded();
    await shot(chair, 'chair-1366x768');
    await shot(projector, 'projector-1366x768');

    // A screen shared through the call wins: while ProjectorVideo shows its stage, the paparan steps aside.
    await projector.evaluate(
      "document.querySelector('.projector-screen').insertAdjacentHTML('beforeend', '<div data-testid=screen-share id=fake-share></div>')",
    );
    await eventually(async () => !(await stage.isVisible()), { what: 'the paparan hidden under a shared screen' });
    await projector.evaluate("document.getElementById('fake-share').remove()");
    await eventually(() => stage.isVisible(), { what: 'the paparan back once the share ends' });

    // The floor OPD turns its own page from its phone.
    await phone.getByTestId('material-upload').getByRole('button', { name: 'Tutup' }).click();
    await phone.getByTestId('phone-material-controls').waitFor();
    await eventually(async () => (await phone.getByTestId('material-page').textContent()) === 'Halaman 2 / 3', { what: 'the phone follows the page' });
    await phone.getByTestId('material-next').click();
    await eventually(async () => (await stage.getAttribute('data-page')) === '3', { what: 'page 3 from the phone', timeoutMs: 10_000 });
    await eventually(async () => (await chair.getByTestId('material-page').textContent()) === 'Halaman 3 / 3', { what: 'the chair follows the page' });
    expect(await phone.getByTestId('material-next').isDisabled()).toBe(true);
    expect(await noHorizontalScroll(phone)).toBe(true);
    expect(await axeViolations(phone)).toEqual([]);
    await shot(phone, 'phone-floor');

    // A bigger room screen: the page grows with it.
    await projector.setViewportSize({ width: 1920, height: 1080 });
    let big = await canvasInk(projector);
    // Resized, the canvas is cleared and drawn again: wait for the new drawing, not only the new size.
    await eventually(
      async () => {
        big = await canvasInk(projector);
        return big.width > 1500 && big.inked / big.sampled > 0.05;
      },
      { what: 'the page refitted and drawn at 1920x1080', seen: () => JSON.stringify(big) },
    );
    expect([big.width <= 1920, big.height <= 1080]).toEqual([true, true]);
    await shot(projector, 'projector-1920x1080');

    // Hidden: the projector's own view is back.
    await chair.getByTestId('material-hide').click();
    await eventually(async () => (await projector.getByTestId('material-stage').count()) === 0, { what: 'the paparan hidden' });
    expect(await projector.getByTestId('current-speaker').isVisible()).toBe(true);

    // The minutes list the paparan as lampiran.
    const md = (await chairSocket.client.getText(API.minutesExport(meeting.id, 'md'))).body;
    expect(md).toContain('## Lampiran');
    expect(md).toContain('1. Dinkes — Paparan Dinkes (3 halaman)');

    // No page broke the CSP or threw; the one refusal above is the browser's note of a 415.
    expect(e2e.errors.filter((e) => !e.includes('status of 415'))).toEqual([]);
    chairSocket.close();
  });
});
