import { describe, expect, it } from 'vitest';
import type { QueueCommandInput } from '../../shared/protocol';
import type { Actor } from '../../shared/domain/roles/roles';
import { formatDuration, timeChart, type TimeChartRow } from '../../shared/domain/time-report/time-chart';
import { hatchLines, layoutTimeChart, type TimeChartRowLayout, type TimeChartTexts } from '../../shared/domain/time-report/time-chart-layout';
import { translate } from '../../shared/i18n';
import { MIN, QueueHarness, T0, chair, fixtureMeeting, participant } from '../helpers/queue-fixture';
import { at, must } from '../helpers/at';

/** One step of a meeting: a command, by whom, at T0 + this many minutes ('admit' admits the newest request). */
type Step = [command: QueueCommandInput | 'admit', minute: number, actor?: Actor];

function drive(steps: Step[], n = 3): QueueHarness {
  const q = new QueueHarness(fixtureMeeting(n));
  for (const [command, minute, actor = chair] of steps) {
    const given: QueueCommandInput =
      command === 'admit' ? { type: 'request.admit', requestId: must(q.state.requests.at(-1), 'a request').id, allotmentMinutes: 3 } : command;
    const refused = q.give(given, actor, T0 + minute * MIN);
    if (refused) throw new Error(`${given.type} at minute ${minute} refused: ${refused}`);
  }
  return q;
}

type RowFigures = Pick<TimeChartRow, 'label' | 'allottedMs' | 'spokenMs' | 'overrunMs' | 'arahanMs' | 'responseMs' | 'status'>;
const figures = (r: TimeChartRow): RowFigures => ({
  label: r.label,
  allottedMs: r.allottedMs,
  spokenMs: r.spokenMs,
  overrunMs: r.overrunMs,
  arahanMs: r.arahanMs,
  responseMs: r.responseMs,
  status: r.status,
});
const row = (label: string, allotted: number, spoken: number, overrun: number, arahan: number, response: number, status: RowFigures['status']): RowFigures => ({
  label,
  allottedMs: allotted * MIN,
  spokenMs: spoken * MIN,
  overrunMs: overrun * MIN,
  arahanMs: arahan * MIN,
  responseMs: response * MIN,
  status,
});

const start: Step = [{ type: 'meeting.start' }, 0];
const next = (minute: number): Step => [{ type: 'turn.next' }, minute];

describe('the time chart: planned against spoken per OPD, with arahan and overrun', () => {
  it.each<{ name: string; given: Step[]; now: number; then: RowFigures[]; totals: Record<string, number> }>([
    {
      name: 'before the start every OPD waits with its allotment and nothing spoken',
      given: [],
      now: 0,
      then: [row('D1', 12, 0, 0, 0, 0, 'waiting'), row('D2', 12, 0, 0, 0, 0, 'waiting'), row('D3', 10, 0, 0, 0, 0, 'waiting')],
      totals: { allottedMs: 34 * MIN, spokenMs: 0, meetingMs: 0, scheduledMs: 195 * MIN, floorMs: 0 },
    },
    {
      name: 'an OPD over its allotment has the excess as overrun; the arahan in its turn is counted apart; a skipped OPD speaks nothing',
      given: [
        start,
        next(1),
        [{ type: 'arahan.start' }, 10],
        [{ type: 'arahan.stop' }, 13],
        next(19), // D1: 1..10 and 13..19 = 15 min spoken, 3 min arahan
        [{ type: 'turn.skip', turnId: 'p-o3' }, 20],
        [{ type: 'turn.finish' }, 27], // D2: 8 min
        [{ type: 'meeting.end' }, 30],
      ],
      now: 40,
      then: [row('D1', 12, 15, 3, 3, 0, 'done'), row('D2', 12, 8, 0, 0, 0, 'done'), row('D3', 10, 0, 0, 0, 0, 'skipped')],
      totals: { allottedMs: 34 * MIN, spokenMs: 23 * MIN, overrunMs: 3 * MIN, arahanMs: 3 * MIN, floorMs: 26 * MIN, meetingMs: 30 * MIN },
    },
    {
      name: 'an extension widens the allotment: spoken within it is no overrun',
      given: [start, next(0), [{ type: 'turn.extend', minutes: 2 }, 5], next(13)],
      now: 14,
      then: [row('D1', 14, 13, 0, 0, 0, 'done'), row('D2', 12, 1, 0, 0, 0, 'speaking'), row('D3', 10, 0, 0, 0, 0, 'waiting')],
      totals: { spokenMs: 14 * MIN, overrunMs: 0, meetingMs: 14 * MIN },
    },
    {
      name: 'a running turn counts up to now, and the meeting lasts until now',
      given: [start, next(2)],
      now: 16,
      then: [row('D1', 12, 14, 2, 0, 0, 'speaking'), row('D2', 12, 0, 0, 0, 0, 'waiting'), row('D3', 10, 0, 0, 0, 0, 'waiting')],
      totals: { spokenMs: 14 * MIN, overrunMs: 2 * MIN, meetingMs: 16 * MIN },
    },
    {
      name: "a tanggapan is its OPD's response time, not its paparan, and the totals count it apart",
      given: [
        start,
        next(0),
        [{ type: 'request.create', kind: 'response' }, 3, participant('o3')],
        ['admit', 4],
        next(10), // D1 ends; D3's tanggapan (3 min allotted) takes the floor
        next(14), // the tanggapan spoke 4 min; D2 speaks
        next(20),
      ],
      now: 20,
      then: [row('D1', 12, 10, 0, 0, 0, 'done'), row('D2', 12, 6, 0, 0, 0, 'done'), row('D3', 10, 0, 0, 0, 4, 'speaking')],
      totals: { spokenMs: 16 * MIN, responseMs: 4 * MIN, responseAllottedMs: 3 * MIN, responseTurns: 1, floorMs: 20 * MIN },
    },
  ])('TR1 $name', ({ given, now, then, totals }) => {
    const q = drive(given);
    const chart = timeChart(q.state, fixtureMeeting(), T0 + now * MIN);
    expect(chart.rows.map(figures)).toEqual(then);
    expect(chart.totals).toMatchObject(totals);
  });

  it('TR1 rows follow the speaking order and keep their place in it', () => {
    const q = drive([start, [{ type: 'queue.reorder', turnIds: ['p-o2', 'p-o1', 'p-o3'] }, 0]]);
    const chart = timeChart(q.state, fixtureMeeting(), T0);
    expect(chart.rows.map((r) => [r.position, r.label])).toEqual([
      [1, 'D2'],
      [2, 'D1'],
      [3, 'D3'],
    ]);
  });

  it('TR1 durations read as mm:ss, and h:mm:ss past an hour', () => {
    expect([0, 59_999, 65_000, 12 * MIN, 61 * MIN + 5_000, -5].map(formatDuration)).toEqual(['00:00', '00:59', '01:05', '12:00', '1:01:05', '00:00']);
  });
});

const TEXTS: TimeChartTexts = {
  allotted: translate('id', 'queue.timeChart.allotted'),
  spoken: translate('id', 'queue.timeChart.spoken'),
  overrun: translate('id', 'queue.timeChart.overrun'),
  arahan: translate('id', 'queue.timeChart.arahan'),
  responses: translate('id', 'queue.timeChart.responses'),
  minutes: translate('id', 'queue.timeChart.minutes'),
  skipped: translate('id', 'queue.timeChart.skipped'),
};

describe('the time chart laid out: the same bars on the screen and in the PDF', () => {
  const ended = drive([
    start,
    next(0),
    [{ type: 'arahan.start' }, 12],
    [{ type: 'arahan.stop' }, 16],
    next(18), // D1: 14 min spoken of 12, 4 min arahan
    [{ type: 'request.create', kind: 'point_of_order' }, 19, participant('o1')],
    ['admit', 19],
    next(24), // D2: 6 min of 12
    next(26), // D1's interupsi: 2 min of 3
    [{ type: 'meeting.end' }, 30], // D3: 4 min of 10
  ]);
  const chart = timeChart(ended.state, fixtureMeeting(), T0 + 40 * MIN);
  const layout = layoutTimeChart(chart, { width: 600, rowHeight: 24, fontSize: 12, values: true, texts: TEXTS });
  const byKey = (key: string): TimeChartRowLayout =>
    must(
      layout.rows.find((r) => r.key === key),
      key,
    );
  const xOfMinutes = (m: number) => layout.plot.x + (m / layout.maxMinutes) * layout.plot.width;

  it('TR2 one row per OPD, then the arahan row and the tanggapan/interupsi row, in that order', () => {
    expect(layout.rows.map((r) => r.kind)).toEqual(['opd', 'opd', 'opd', 'arahan', 'responses']);
    expect(layout.rows.map((r) => r.fullLabel)).toEqual(['D1', 'D2', 'D3', 'Arahan pimpinan', 'Tanggapan & interupsi']);
    // Rows do not overlap and stay inside the chart.
    layout.rows.forEach((r, i) => {
      if (i > 0) expect(r.y).toBeGreaterThanOrEqual(at(layout.rows, i - 1, 'row').y + at(layout.rows, i - 1, 'row').height);
      expect(r.y + r.height).toBeLessThanOrEqual(layout.height);
    });
  });

  it('TR2 bar lengths are proportional to the minutes, on an axis that holds the longest', () => {
    expect(layout.maxMinutes).toBeGreaterThanOrEqual(14);
    const d1 = byKey('o1');
    const d2 = byKey('o2');
    const d3 = byKey('o3');
    // Planned bars: 12, 12 and 10 minutes.
    expect(must(d1.planned, 'planned').width).toBeCloseTo(xOfMinutes(12) - layout.plot.x, 6);
    expect(must(d3.planned, 'planned').width / must(d2.planned, 'planned').width).toBeCloseTo(10 / 12, 6);
    // Spoken within the allotment: 12 of D1's 14, D2's 6, D3's 4.
    expect(must(d1.spoken, 'spoken').width).toBeCloseTo(must(d1.planned, 'planned').width, 6);
    expect(must(d2.spoken, 'spoken').width / must(d3.spoken, 'spoken').width).toBeCloseTo(6 / 4, 6);
    // The ticks are whole minutes, evenly spaced from 0 to the axis's end.
    expect(at(layout.ticks, 0, 'tick')).toMatchObject({ minutes: 0, x: layout.plot.x });
    expect(must(layout.ticks.at(-1), 'last tick').x).toBeCloseTo(layout.plot.x + layout.plot.width, 6);
  });

  it('TR2 the overrun segment is there only when an OPD spoke past its allotment, and spans exactly the excess, hatched', () => {
    const d1 = byKey('o1');
    const overrun = must(d1.overrun, 'the overrun of D1');
    expect(overrun.x).toBeCloseTo(xOfMinutes(12), 6);
    expect(overrun.x + overrun.width).toBeCloseTo(xOfMinutes(14), 6);
    expect(d1.overrunMs).toBe(2 * MIN);
    expect(d1.hatch.length).toBeGreaterThan(0);
    for (const s of d1.hatch) {
      for (const [x, y] of [
        [s.x1, s.y1],
        [s.x2, s.y2],
      ] as const) {
        expect(x).toBeGreaterThanOrEqual(overrun.x - 1e-6);
        expect(x).toBeLessThanOrEqual(overrun.x + overrun.width + 1e-6);
        expect(y).toBeGreaterThanOrEqual(overrun.y - 1e-6);
        expect(y).toBeLessThanOrEqual(overrun.y + overrun.height + 1e-6);
      }
    }
    for (const key of ['o2', 'o3', 'responses']) {
      expect(byKey(key).overrun, key).toBeNull();
      expect(byKey(key).hatch, key).toEqual([]);
    }
  });

  it('TR2 the arahan row is one bar of the arahan time, with no allotment; the values read mm:ss', () => {
    const arahan = byKey('arahan');
    expect(arahan.planned).toBeNull();
    expect(arahan.overrun).toBeNull();
    expect(must(arahan.spoken, 'arahan bar').width).toBeCloseTo(xOfMinutes(4) - layout.plot.x, 6);
    expect(layout.rows.map((r) => r.value)).toEqual(['14:00 / 12:00', '06:00 / 12:00', '04:00 / 10:00', '04:00', '02:00 / 03:00']);
    expect(layout.legend.map((l) => l.label)).toEqual(['Jatah', 'Bicara', 'Lebih dari jatah', 'Arahan pimpinan']);
  });

  it('TR2 without arahan or tanggapan there is still the arahan row (at zero) and no tanggapan row; a skipped or waiting OPD reads so', () => {
    const q = drive([start, next(0), [{ type: 'turn.skip', turnId: 'p-o3' }, 1]]);
    const l = layoutTimeChart(timeChart(q.state, fixtureMeeting(), T0 + 5 * MIN), { width: 340, rowHeight: 22, fontSize: 11, values: true, texts: TEXTS });
    expect(l.rows.map((r) => r.kind)).toEqual(['opd', 'opd', 'opd', 'arahan']);
    expect(l.rows.map((r) => r.value)).toEqual(['05:00 / 12:00', '– / 12:00', 'dilewati', '00:00']);
    expect(must(l.rows.at(-1), 'arahan').spoken).toBeNull();
  });

  it('TR2 a phone-wide chart keeps every bar, label and value inside its width; long names are cut with "…"', () => {
    const meeting = fixtureMeeting(3);
    meeting.participants[1] = { ...at(meeting.participants, 1, 'p'), opdShortName: 'Dinas Pemberdayaan Masyarakat dan Desa' };
    const q = new QueueHarness(meeting);
    q.give({ type: 'meeting.start' }, chair, T0);
    q.give({ type: 'turn.next' }, chair, T0);
    const l = layoutTimeChart(timeChart(q.state, meeting, T0 + 30 * MIN), { width: 330, rowHeight: 22, fontSize: 11, values: true, texts: TEXTS });
    const long = at(l.rows, 1, 'row');
    expect(long.fullLabel).toBe('Dinas Pemberdayaan Masyarakat dan Desa');
    expect(long.label.endsWith('…')).toBe(true);
    expect(long.label.length).toBeLessThan(long.fullLabel.length);
    // A label that fits the column is whole: the arahan row's, at a phone's width.
    expect(
      must(
        l.rows.find((r) => r.kind === 'arahan'),
        'arahan',
      ).label,
    ).toBe('Arahan pimpinan');
    for (const r of l.rows)
      for (const rect of [r.planned, r.spoken, r.overrun]) if (rect) expect(rect.x + rect.width).toBeLessThanOrEqual(330 - 11 * 0.58 * 13);
    for (const item of l.legend) expect(item.box.x).toBeLessThan(330);
    expect(must(l.ticks.at(-1), 'tick').x).toBeLessThanOrEqual(330);
  });

  it('TR2 the hatching of a rectangle stays inside it', () => {
    const r = { x: 10, y: 5, width: 3, height: 12 };
    const lines = hatchLines(r, 4);
    expect(lines.length).toBeGreaterThan(0);
    for (const s of lines) for (const x of [s.x1, s.x2]) expect(x >= 10 - 1e-9 && x <= 13 + 1e-9).toBe(true);
    expect(hatchLines({ x: 0, y: 0, width: 0, height: 10 }, 4)).toEqual([]);
  });
});
