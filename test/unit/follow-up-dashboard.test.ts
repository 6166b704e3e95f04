import { describe, expect, it } from 'vitest';
import type { FollowUpStatus } from '../../shared/minutes/layout';
import { completionPercent, monthlyCompletion, opdCompletion, overallCompletion, type CountedFollowUp } from '../../shared/domain/follow-ups/completion';
import { countAxis, layoutMonthChart, layoutOpdChart, type MonthChartTexts, type OpdChartTexts } from '../../shared/domain/follow-ups/completion-chart';
import { filtersFromSearch, searchOfFilters } from '../../client/components/follow-ups/filter-state';
import { FOLLOW_UP_API } from '../../shared/protocol/follow-ups';
import { at } from '../helpers/at';

/** An item of `opds` (short names are the ids' capitalised), from a meeting on `date`. */
function item(status: FollowUpStatus, opds: string[], date = '2022-06-13', overdue = false): CountedFollowUp {
  return { status, overdue, opdIds: opds.map((o) => o.toLowerCase()), opdShortNames: opds, meetingDate: date };
}

const OPD_TEXTS: OpdChartTexts = {
  status: { done: 'Selesai', in_progress: 'Dalam proses', open: 'Belum', cancelled: 'Dibatalkan' },
  overdue: 'lewat batas waktu',
  axis: 'jumlah tindak lanjut',
};
const MONTH_TEXTS: MonthChartTexts = { items: 'Tindak lanjut', done: 'Selesai', share: '% selesai', month: (m) => m };

describe('the follow-up dashboard: its numbers', () => {
  it('FD1 per OPD: counts by status, overdue, completion = selesai ÷ (all − dibatalkan); a co-owned item counts for each owner', () => {
    const items = [
      item('done', ['Dinkes', 'Dinsos']),
      item('done', ['Dinkes']),
      item('in_progress', ['Dinkes'], '2022-06-13', true),
      item('open', ['Dinkes'], '2022-07-01', true),
      item('cancelled', ['Dinkes']),
      item('cancelled', ['Dinsos']),
      item('open', ['bappeda']),
    ];
    const rows = opdCompletion(items);
    // Sorted by short name, whatever its case.
    expect(rows.map((r) => [r.shortName, r.counts, r.total, r.overdue, r.completionPercent])).toEqual([
      ['bappeda', { open: 1, in_progress: 0, done: 0, cancelled: 0 }, 1, 0, 0],
      ['Dinkes', { open: 1, in_progress: 1, done: 2, cancelled: 1 }, 5, 2, 50],
      ['Dinsos', { open: 0, in_progress: 0, done: 1, cancelled: 1 }, 2, 0, 100],
    ]);
    // Filtered by an OPD: only its row, though its items have co-owners.
    expect(opdCompletion(items, { opdId: 'dinsos' }).map((r) => [r.opdId, r.total])).toEqual([['dinsos', 2]]);
    // Every item once.
    expect(overallCompletion(items)).toMatchObject({ total: 7, overdue: 2, completionPercent: 40 });
  });

  it.each([
    [{ open: 0, in_progress: 0, done: 0, cancelled: 0 }, null],
    [{ open: 0, in_progress: 0, done: 0, cancelled: 3 }, null],
    [{ open: 2, in_progress: 0, done: 1, cancelled: 9 }, 33],
    [{ open: 1, in_progress: 0, done: 2, cancelled: 0 }, 67],
    [{ open: 1, in_progress: 1, done: 0, cancelled: 0 }, 0],
    [{ open: 7, in_progress: 0, done: 1, cancelled: 0 }, 13],
  ])('FD1 completion of %o is %s percent (whole, half up; none with nothing to complete)', (counts, expected) => {
    expect(completionPercent(counts)).toBe(expected);
  });

  it('FD1 per month of the source meeting: from the first to the last, empty months in between, across a new year', () => {
    const months = monthlyCompletion([
      item('done', ['Dinkes'], '2022-11-07'),
      item('open', ['Dinkes'], '2022-11-28'),
      item('done', ['Dinsos'], '2023-02-06'),
      item('cancelled', ['Dinsos'], '2023-02-06'),
    ]);
    expect(months.map((m) => [m.month, m.total, m.counts.done, m.completionPercent])).toEqual([
      ['2022-11', 2, 1, 50],
      ['2022-12', 0, 0, null],
      ['2023-01', 0, 0, null],
      ['2023-02', 2, 1, 100],
    ]);
    expect(monthlyCompletion([])).toEqual([]);
  });
});

describe('the follow-up dashboard: its charts', () => {
  const rows = opdCompletion([
    ...Array.from({ length: 6 }, () => item('done', ['Dinkes'])),
    ...Array.from({ length: 3 }, () => item('in_progress', ['Dinkes'], '2022-06-13', true)),
    item('open', ['Dinkes']),
    item('cancelled', ['Dinkes']),
    item('open', ['Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten'], '2022-06-13', true),
  ]);

  it('FD2 per OPD: segments in the order selesai, dalam proses, belum, dibatalkan, each as wide as its count on one axis; percent and overdue at the row end', () => {
    const layout = layoutOpdChart(rows, { width: 900, fontSize: 12, rowHeight: 28, texts: OPD_TEXTS });
    expect(layout.labelsAbove).toBe(false);
    const unit = layout.plot.width / layout.axisMax;
    const dinkes = at(
      layout.rows.filter((r) => r.fullLabel === 'Dinkes'),
      0,
      'Dinkes',
    );
    expect(dinkes.segments.map((s) => [s.status, s.count])).toEqual([
      ['done', 6],
      ['in_progress', 3],
      ['open', 1],
      ['cancelled', 1],
    ]);
    let x = layout.plot.x;
    for (const s of dinkes.segments) {
      expect(s.rect.x).toBeCloseTo(x, 6);
      expect(s.rect.width).toBeCloseTo(s.count * unit, 6);
      x += s.rect.width;
    }
    expect(dinkes.bar.width).toBeCloseTo(11 * unit, 6);
    // 6 ÷ (11 − 1); the overdue mark carries its count.
    expect([dinkes.percent, dinkes.overdue?.text]).toEqual(['60%', '3']);
    // The patterns tell the statuses apart without colour: stripes, none, cross-hatch.
    const lines = Object.fromEntries(dinkes.segments.map((s) => [s.status, s.lines.length]));
    expect(lines.done).toBe(0);
    expect(lines.open).toBe(0);
    expect(lines.in_progress).toBeGreaterThan(0);
    expect(lines.cancelled).toBeGreaterThan(0);
    // The wide segment has its count on it, a sliver of one does not when it has no room.
    expect(at(dinkes.segments, 0, 'done').label).toBe('6');
    const ticks = layout.ticks.map((t) => t.value);
    expect(ticks[0]).toBe(0);
    expect(ticks.at(-1)).toBe(layout.axisMax);
    expect(layout.axisMax).toBeGreaterThanOrEqual(11);
  });

  it.each([390 - 24, 600, 1100])('FD2 at %d px everything stays inside the width; a phone puts the labels above the bars and cuts none short', (width) => {
    const layout = layoutOpdChart(rows, { width, fontSize: width < 480 ? 11 : 12, rowHeight: 26, texts: OPD_TEXTS });
    expect(layout.labelsAbove).toBe(width < 520);
    for (const r of layout.rows) {
      expect(r.bar.x + r.bar.width).toBeLessThanOrEqual(layout.plot.x + layout.plot.width + 1e-6);
      expect(r.percentX).toBeLessThanOrEqual(width);
      if (r.overdue) expect(r.overdue.textX + 3 * layout.fontSize * 0.58).toBeLessThanOrEqual(width + 1e-6);
    }
    for (const l of layout.legend) expect(l.box.x + l.box.width).toBeLessThanOrEqual(width);
    const long = at(
      layout.rows.filter((r) => r.fullLabel.startsWith('Dinas Pekerjaan')),
      0,
      'long',
    );
    if (layout.labelsAbove) expect(long.label).toBe(long.fullLabel);
    else expect(long.label.endsWith('…') || long.label === long.fullLabel).toBe(true);
  });

  it('FD2 per month: columns as tall as their counts with the completed part inside, the line at the share completed, broken where nothing is to complete', () => {
    const months = monthlyCompletion([
      item('done', ['Dinkes'], '2022-01-10'),
      item('open', ['Dinkes'], '2022-01-10'),
      item('done', ['Dinkes'], '2022-01-24'),
      item('cancelled', ['Dinkes'], '2022-02-07'),
      item('done', ['Dinkes'], '2022-03-07'),
      item('open', ['Dinkes'], '2022-03-07'),
    ]);
    const layout = layoutMonthChart(months, { width: 600, plotHeight: 160, fontSize: 12, texts: MONTH_TEXTS });
    const [jan, feb, mar] = [at(layout.columns, 0, 'jan'), at(layout.columns, 1, 'feb'), at(layout.columns, 2, 'mar')];
    const base = layout.plot.y + layout.plot.height;
    const max = at(layout.countTicks, layout.countTicks.length - 1, 'top').value;
    const perItem = layout.plot.height / max;
    expect(jan.column?.height).toBeCloseTo(3 * perItem, 6);
    expect(jan.done?.height).toBeCloseTo(2 * perItem, 6);
    expect(jan.done && jan.done.y + jan.done.height).toBeCloseTo(base, 6);
    expect(jan.point?.y).toBeCloseTo(layout.plot.y + layout.plot.height * (1 - 67 / 100), 6);
    // February: one item, cancelled: a column, no completed part, no point; the line breaks there.
    expect([feb.column !== null, feb.done, feb.point]).toEqual([true, null, null]);
    expect(mar.point?.y).toBeCloseTo(layout.plot.y + layout.plot.height / 2, 6);
    expect(layout.lines).toHaveLength(2);
    expect([jan.countLabel?.text, jan.percentLabel?.text]).toEqual(['3', '67%']);
    expect(layout.percentTicks.map((t) => t.value)).toEqual([0, 50, 100]);
  });

  it('FD2 per month on a phone: thirty months fit, and their labels are thinned so none overlaps the next', () => {
    const items: CountedFollowUp[] = [];
    for (let i = 0; i < 30; i++) {
      const month = `${2021 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
      items.push(item(i % 2 ? 'done' : 'open', ['Dinkes'], `${month}-15`));
    }
    const texts = { ...MONTH_TEXTS, month: (m: string) => `Bln ${m}` };
    const layout = layoutMonthChart(monthlyCompletion(items), { width: 366, plotHeight: 140, fontSize: 11, texts });
    expect(layout.columns).toHaveLength(30);
    const labelled = layout.columns.filter((c) => c.monthLabel !== null);
    expect(labelled.length).toBeGreaterThan(1);
    expect(labelled.length).toBeLessThan(30);
    const labelWidth = 'Bln 2021-01'.length * 11 * 0.58;
    for (let i = 1; i < labelled.length; i++) expect(at(labelled, i, 'label').x - at(labelled, i - 1, 'label').x).toBeGreaterThanOrEqual(labelWidth);
    for (const c of layout.columns) if (c.column) expect(c.column.x + c.column.width).toBeLessThanOrEqual(layout.plot.x + layout.plot.width + 1e-6);
    expect(layout.plot.x + layout.plot.width).toBeLessThanOrEqual(366);
  });

  it.each([
    [1, 5, 1, 1],
    [7, 5, 2, 8],
    [11, 6, 2, 12],
    [48, 5, 10, 50],
    [230, 4, 100, 300],
  ])('FD2 a count axis up to %d with at most %d intervals steps by %d to %d', (max, ticks, step, top) => {
    expect(countAxis(max, ticks)).toEqual({ step, max: top });
  });
});

describe('the follow-up dashboard: its address', () => {
  it('FD6 the filters read from the address as the list’s query spells them, in one order; what a hand-edited address gets wrong is dropped', () => {
    const f = filtersFromSearch('?status=done,lupa,open,done&overdue=1&opdId=opd-1&seriesId=&x=1');
    expect(f).toEqual({ opdId: 'opd-1', status: ['open', 'done'], overdue: true });
    expect(searchOfFilters(f)).toBe('?opdId=opd-1&status=open%2Cdone&overdue=1');
    expect(filtersFromSearch(searchOfFilters(f))).toEqual(f);
    expect(filtersFromSearch(`?opdId=${'x'.repeat(65)}&overdue=ya`)).toEqual({});
    // The downloads carry the same query as the list.
    expect(FOLLOW_UP_API.xlsx(f)).toBe(`/api/follow-ups.xlsx${searchOfFilters(f)}`);
    expect(FOLLOW_UP_API.csv(f, 'recap')).toBe(`/api/follow-ups.csv${searchOfFilters(f)}&view=recap`);
    expect(FOLLOW_UP_API.csv({}, 'recap')).toBe('/api/follow-ups.csv?view=recap');
  });
});
