import { SCREEN_API } from '../../shared/protocol/api-screens';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPerson, pressOk, setUpMeeting } from '../helpers/meeting-people';
import { ShiftedClock, openIn } from '../helpers/screen-fit';
import { eventually } from '../helpers/wait';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';

const available = e2eAvailable();
const MIN = 60_000;
/** Screenshots for a person to look at, when RAKOR_SHOTS_DIR is set. */
const SHOTS = process.env.RAKOR_SHOTS_DIR;

describe.skipIf(!available)("the meeting's time chart on the chair's console", () => {
  const clock = new ShiftedClock();
  const e2e = useE2E({ app: { clock } });

  async function openChair(url: string, viewport: { width: number; height: number }): Promise<Page> {
    const ctx = await e2e.newContext({ viewport, locale: 'id-ID' });
    return openIn(ctx, url, e2e.errors);
  }

  /** What the chart shows: its rows by kind, the overrun segments, and whether anything sticks out sideways. */
  const chartOn = (page: Page) =>
    page.evaluate<{ opd: number; arahan: number; over: string[]; right: number; scrollWidth: number; summary: string; tableRows: number }>(`(() => {
      const chart = document.querySelector('[data-testid="time-chart"]');
      const rows = [...chart.querySelectorAll('[data-testid="time-chart-row"]')];
      return {
        opd: rows.filter((r) => r.dataset.kind === 'opd').length,
        arahan: rows.filter((r) => r.dataset.kind === 'arahan').length,
        over: rows.filter((r) => r.querySelector('[data-testid="time-chart-overrun"]')).map((r) => r.querySelector('title').textContent),
        right: chart.querySelector('svg').getBoundingClientRect().right,
        scrollWidth: document.documentElement.scrollWidth,
        summary: chart.querySelector('svg desc').textContent,
        tableRows: chart.querySelectorAll('table tbody tr').length,
      };
    })()`);

  it('TR4 during and after a short meeting the chart has one bar per OPD, the overrun only where there was one, and the PDF beside statistics.csv; nothing overflows at 390x844', async () => {
    clock.setTo('2022-06-13T00:30:00Z'); // Monday 13 June 2022, 08.30 WITA: the factory meeting's morning
    const { meeting, linkFor } = await setUpMeeting(e2e.app, ['Dinkes', 'Dinsos', 'Disdik', 'Dishub']);
    const chair = await openPerson(e2e.app, linkFor('chair'), meeting.id);
    try {
      await pressOk(chair, { type: 'meeting.start' });
      await pressOk(chair, { type: 'turn.next' });
      clock.advance(12 * MIN); // Dinkes: 12 of its 10 minutes
      await pressOk(chair, { type: 'turn.next' });
      clock.advance(6 * MIN); // Dinsos: 6, and Dinsos is still at the floor when the chair looks

      const laptop = await openChair(linkFor('chair').url, { width: 1366, height: 768 });
      const chart = laptop.getByTestId('time-chart');
      await chart.waitFor();
      await laptop.getByTestId('time-chart-svg').waitFor();
      const during = await chartOn(laptop);
      expect(during.opd).toBe(4);
      expect(during.arahan).toBe(1);
      expect(during.over).toEqual(['Dinkes: 12:00 / 10:00']);
      expect(await laptop.getByRole('img', { name: 'Waktu rapat: jatah dan realisasi' }).count()).toBe(1);
      const pdf = laptop.getByTestId('time-report-pdf');
      expect(await pdf.getAttribute('href')).toBe(SCREEN_API.meetingTimeReportPdf(meeting.id));
      expect(await pdf.textContent()).toBe('Unduh laporan waktu (PDF)');
      // Beside statistics.csv, in the same row of downloads.
      expect(await laptop.locator('.downloads a').allTextContents()).toEqual([
        'Unduh daftar hadir (CSV)',
        'Unduh statistik (CSV)',
        'Unduh laporan waktu (PDF)',
      ]);
      if (SHOTS) await chart.screenshot({ path: path.join(SHOTS, 'time-chart-1366.png') });

      await pressOk(chair, { type: 'turn.next' });
      clock.advance(9 * MIN); // Disdik: 9
      await pressOk(chair, { type: 'arahan.start' });
      clock.advance(2 * MIN);
      await pressOk(chair, { type: 'arahan.stop' });
      await pressOk(chair, { type: 'turn.next' });
      clock.advance(13 * MIN); // Dishub: 13
      await pressOk(chair, { type: 'meeting.end' });
      // The open console follows the meeting to its end.
      let seen = '';
      await eventually(
        async () => {
          const now = await chartOn(laptop);
          seen = `${now.over.join(', ')} | ${now.summary}`;
          return now.over.length === 2 && now.summary.includes('40:00');
        },
        { what: 'the open console to show the ended meeting', timeoutMs: 10_000, everyMs: 100, seen: () => seen },
      );
    } finally {
      chair.close();
    }

    const phone = await openChair(linkFor('chair').url, { width: 390, height: 844 });
    await phone.getByTestId('time-chart-svg').waitFor();
    await phone.getByTestId('time-chart').scrollIntoViewIfNeeded();
    const after = await chartOn(phone);
    expect(after.opd).toBe(4);
    expect(after.over).toEqual(['Dinkes: 12:00 / 10:00', 'Dishub: 13:00 / 10:00']);
    expect(after.summary).toBe('4 OPD berbicara 40:00 dari jatah 40:00, lebih 05:00; arahan pimpinan 02:00; tanggapan dan interupsi 00:00.');
    // The table for a screen reader: the four OPDs and the total.
    expect(after.tableRows).toBe(5);
    expect(after.right).toBeLessThanOrEqual(390);
    expect(after.scrollWidth).toBeLessThanOrEqual(390);
    if (SHOTS) await phone.getByTestId('time-chart').screenshot({ path: path.join(SHOTS, 'time-chart-390.png') });
    expect(e2e.errors).toEqual([]);
  });
});
