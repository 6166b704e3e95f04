import { describe, expect, it } from 'vitest';
import { renderTimeReportPdf } from '../../server/reports/time-report-pdf';
import { readPdf } from '../helpers/pdf-pages';
import { MIN, QueueHarness, T0, chair, fixtureMeeting } from '../helpers/queue-fixture';

/** A meeting of `n` OPDs where each speaks its allotment plus `over(i)` minutes, then ends. */
function heldMeeting(n: number, over: (i: number) => number) {
  const meeting = fixtureMeeting(n);
  const q = new QueueHarness(meeting);
  q.give({ type: 'meeting.start' }, chair, T0);
  let at = T0;
  for (let i = 0; i < n; i++) {
    q.give({ type: 'turn.next' }, chair, at);
    at += ((i < 2 ? 12 : 10) + over(i)) * MIN;
  }
  q.give({ type: 'meeting.end' }, chair, at);
  return { meeting, state: q.state, end: at };
}

describe('the PDF time report', () => {
  it('TR3 one A4 page in Bahasa Indonesia: title, day and date, times, place, every OPD with its minutes, and the chart as vector shapes', async () => {
    const { meeting, state, end } = heldMeeting(3, (i) => (i === 0 ? 3 : 0));
    const pdf = await readPdf(await renderTimeReportPdf(meeting, state, end + MIN));
    expect(pdf.pages).toBe(1);
    expect(pdf.size).toEqual([595, 842]);
    const text = pdf.texts[0] ?? '';
    for (const needle of [
      'LAPORAN WAKTU RAPAT',
      'Coffee Morning',
      'Senin, 13 Juni 2022',
      '08.30–11.45 WITA',
      '08.30–09.07 WITA',
      'Ruang Meranti',
      'D1',
      'D2',
      'D3',
      'Arahan pimpinan',
      'Jatah',
      'Bicara',
      'Lebih',
      '15:00',
      '12:00',
      '+03:00',
      '10:00',
      'menit',
    ])
      expect(text, needle).toContain(needle);
    expect(text).toContain('Jumlah OPD: Jatah 34:00 · Bicara 37:00 · Lebih 03:00');
    expect(text).toContain('Lama rapat 37:00 (rencana 3:15:00)');
    // Bars, outlines, the hatching and the grid are paths; no picture of a chart.
    expect(pdf.paths[0]).toBeGreaterThan(15);
    expect(pdf.images[0]).toBe(0);
  });

  it('TR3 forty OPDs still fit one page, every name on it', async () => {
    const { meeting, state, end } = heldMeeting(40, (i) => i % 3);
    const pdf = await readPdf(await renderTimeReportPdf(meeting, state, end));
    expect(pdf.pages).toBe(1);
    const text = pdf.texts[0] ?? '';
    for (let i = 1; i <= 40; i++) expect(text, `D${i}`).toMatch(new RegExp(`(^| )D${i} `));
    expect(text).toContain('Dicetak');
  });

  it('TR3 before the meeting starts the report says so and shows the plan', async () => {
    const meeting = fixtureMeeting(2);
    const q = new QueueHarness(meeting);
    const pdf = await readPdf(await renderTimeReportPdf(meeting, q.state, T0 - 60 * MIN));
    expect(pdf.pages).toBe(1);
    expect(pdf.texts[0]).toContain('belum dimulai');
    expect(pdf.texts[0]).toContain('12:00');
  });
});
