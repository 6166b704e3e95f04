import type { FollowUpStatus } from '../../minutes/layout';
import { fitText, hatchLines, type Rect, type Segment } from '../time-report/time-chart-layout';
import { COMPLETION_ORDER, type MonthCompletion, type OpdCompletion } from './completion';

/**
 * The geometry of the secretariat's two charts of tindak lanjut, in CSS pixels (FollowUpsAdmin
 * draws them as SVG): per OPD a stacked horizontal bar of its items by status, and per month the
 * number of items as columns with the share completed as a line. Each status has its own fill
 * *and* pattern (solid, diagonal stripes, empty outline, cross-hatch), counts are written on the
 * segments that have room, every row ends with its completion percent and its overdue count, so
 * the charts read without colour.
 */

/** The colours: a fill at least 3:1 against white for each graphic part, text at 4.5:1. */
export const COMPLETION_COLOURS = {
  text: '#1b2730',
  muted: '#52616b',
  grid: '#d6dee3',
  done: '#146c2e',
  in_progress: '#fbe3c4',
  in_progressLine: '#a15c07',
  open: '#ffffff',
  openStroke: '#52616b',
  cancelled: '#e4e7ec',
  cancelledLine: '#5c6670',
  overdue: '#b42318',
  column: '#e3f0f2',
  columnStroke: '#0f4c5c',
  columnDone: '#0f4c5c',
  line: '#6b3fa0',
} as const;

/** Text on a segment: white on the solid fill, dark (with a white halo) on the patterned ones. */
export const onSegmentText = (status: FollowUpStatus): string => (status === 'done' ? '#ffffff' : COMPLETION_COLOURS.text);

const CHAR_EM = 0.58;
const textWidth = (text: string, fontSize: number) => [...text].length * fontSize * CHAR_EM;
const STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000];

/** A count axis from 0: the smallest step of STEPS giving at most `maxTicks` intervals. */
export function countAxis(max: number, maxTicks: number): { step: number; max: number } {
  const top = Math.max(1, max);
  const step = STEPS.find((s) => Math.ceil(top / s) <= Math.max(1, maxTicks)) ?? Math.ceil(top / Math.max(1, maxTicks));
  return { step, max: Math.ceil(top / step) * step };
}

/** "\" lines: the mirror of hatchLines' "/" within the same box. */
function backHatch(r: Rect, gap: number): Segment[] {
  return hatchLines(r, gap).map((s) => ({ x1: 2 * r.x + r.width - s.x1, y1: s.y1, x2: 2 * r.x + r.width - s.x2, y2: s.y2 }));
}

/** The pattern of a status drawn in `r`: stripes for dalam proses, a cross-hatch for dibatalkan, none otherwise. */
export function statusPattern(status: FollowUpStatus, r: Rect, gap: number): Segment[] {
  if (status === 'in_progress') return hatchLines(r, gap);
  if (status === 'cancelled') return [...hatchLines(r, gap), ...backHatch(r, gap)];
  return [];
}

export interface LegendItem {
  key: string;
  label: string;
  box: Rect;
  /** The swatch's pattern; for the line's swatch, the line itself. */
  lines: Segment[];
  textX: number;
  midY: number;
}

/** Items flowing left to right, wrapping at `width`: the legend of both charts. */
function flowLegend(entries: readonly { key: string; label: string }[], width: number, fontSize: number, pattern: (key: string, box: Rect) => Segment[]) {
  const lineHeight = fontSize * 1.8;
  const swatch = fontSize * 1.1;
  const pad = fontSize * 0.6;
  const items: LegendItem[] = [];
  let x = 0;
  let line = 0;
  for (const e of entries) {
    const w = swatch + pad * 0.6 + textWidth(e.label, fontSize) + pad * 1.6;
    if (x > 0 && x + w > width) {
      x = 0;
      line++;
    }
    const midY = line * lineHeight + lineHeight / 2;
    const box = { x, y: midY - swatch / 2, width: swatch, height: swatch };
    items.push({ key: e.key, label: e.label, box, lines: pattern(e.key, box), textX: x + swatch + pad * 0.6, midY });
    x += w;
  }
  return { items, height: (line + 1) * lineHeight };
}

// ---------------------------------------------------------------- per OPD

export interface OpdChartTexts {
  status: Record<FollowUpStatus, string>;
  /** The legend's word for the overdue mark. */
  overdue: string;
  /** The count axis' title. */
  axis: string;
}

export interface OpdChartOptions {
  width: number;
  fontSize: number;
  /** The height of a bar's band. */
  rowHeight: number;
  texts: OpdChartTexts;
}

export interface ChartSegment {
  status: FollowUpStatus;
  count: number;
  rect: Rect;
  lines: Segment[];
  /** The count, when it fits on the segment. */
  label: string | null;
  labelX: number;
}

export interface OpdChartRow {
  opdId: string;
  label: string;
  fullLabel: string;
  /** Where the label's line sits: beside the bar, or above it on a narrow chart. */
  labelX: number;
  labelY: number;
  bar: Rect;
  midY: number;
  segments: ChartSegment[];
  /** "67%", or "–" with nothing left to complete. */
  percent: string;
  percentX: number;
  /** The overdue mark (a triangle) and its count; null without overdue items. */
  overdue: { path: string; textX: number; text: string } | null;
  figures: OpdCompletion;
}

export interface OpdChartLayout {
  width: number;
  height: number;
  fontSize: number;
  /** Labels above the bars (a phone) rather than in a column beside them. */
  labelsAbove: boolean;
  plot: Rect;
  legend: LegendItem[];
  ticks: { value: number; x: number }[];
  axisY: number;
  axisLabelY: number;
  axisTitle: string;
  axisTitleY: number;
  axisMax: number;
  rows: OpdChartRow[];
}

/** A triangle (the overdue mark) of side `size` centred on (cx, cy), as an SVG path. */
function triangle(cx: number, cy: number, size: number): string {
  const h = (size * Math.sqrt(3)) / 2;
  const f = (n: number) => n.toFixed(2);
  return `M${f(cx)} ${f(cy - h / 2)}L${f(cx + size / 2)} ${f(cy + h / 2)}L${f(cx - size / 2)} ${f(cy + h / 2)}Z`;
}

/** Per OPD, one stacked bar on a shared count axis, laid out `width` wide. */
export function layoutOpdChart(rows: readonly OpdCompletion[], opts: OpdChartOptions): OpdChartLayout {
  const { width, fontSize, rowHeight, texts } = opts;
  const pad = fontSize * 0.6;
  const legend = flowLegend(
    [...COMPLETION_ORDER.map((s) => ({ key: s, label: texts.status[s] })), { key: 'overdue', label: texts.overdue }],
    width,
    fontSize,
    (key, box) => (key === 'overdue' ? [] : statusPattern(key as FollowUpStatus, box, box.width / 3)),
  );
  const top = legend.height + fontSize * 0.4;
  const longest = Math.max(0, ...rows.map((r) => textWidth(r.shortName, fontSize)));
  // A phone: the labels take their own line, the bars the whole width.
  const labelsAbove = width < 520;
  const labelWidth = labelsAbove ? 0 : Math.min(longest, width * 0.28) + pad;
  const markSize = fontSize * 0.95;
  const percentWidth = textWidth('100%', fontSize) + pad;
  const overdueWidth = markSize + pad * 0.5 + textWidth('999', fontSize) + pad * 0.5;
  const plotX = labelWidth;
  const plotWidth = Math.max(fontSize * 4, width - labelWidth - percentWidth - overdueWidth);
  const labelLine = labelsAbove ? fontSize * 1.5 : 0;
  const band = rowHeight + labelLine;

  const maxTotal = Math.max(1, ...rows.map((r) => r.total));
  const axis = countAxis(maxTotal, Math.max(2, Math.floor(plotWidth / (fontSize * 3.2))));
  const xOf = (n: number) => plotX + (n / axis.max) * plotWidth;
  const barHeight = rowHeight * 0.66;

  const laid = rows.map((r, i): OpdChartRow => {
    const y = top + i * band;
    const midY = y + labelLine + rowHeight / 2;
    const bar = { x: plotX, y: midY - barHeight / 2, width: xOf(r.total) - plotX, height: barHeight };
    let at = 0;
    const segments: ChartSegment[] = [];
    for (const status of COMPLETION_ORDER) {
      const count = r.counts[status];
      if (count === 0) continue;
      const rect = { x: xOf(at), y: bar.y, width: xOf(at + count) - xOf(at), height: barHeight };
      const text = String(count);
      segments.push({
        status,
        count,
        rect,
        lines: statusPattern(status, rect, Math.max(4, barHeight / 2.5)),
        label: rect.width >= textWidth(text, fontSize) + pad ? text : null,
        labelX: rect.x + rect.width / 2,
      });
      at += count;
    }
    const percentX = plotX + plotWidth + percentWidth;
    const markX = percentX + pad * 0.5 + markSize / 2;
    return {
      opdId: r.opdId,
      label: fitText(r.shortName, labelsAbove ? width : labelWidth - pad, fontSize),
      fullLabel: r.shortName,
      labelX: 0,
      labelY: labelsAbove ? y + labelLine / 2 : midY,
      bar,
      midY,
      segments,
      percent: r.completionPercent === null ? '–' : `${r.completionPercent}%`,
      percentX,
      overdue: r.overdue > 0 ? { path: triangle(markX, midY, markSize), textX: markX + markSize / 2 + pad * 0.4, text: String(r.overdue) } : null,
      figures: r,
    };
  });

  const axisY = top + rows.length * band + fontSize * 0.3;
  const axisLabelY = axisY + fontSize * 1.1;
  const ticks: { value: number; x: number }[] = [];
  for (let v = 0; v <= axis.max; v += axis.step) ticks.push({ value: v, x: xOf(v) });
  return {
    width,
    height: axisLabelY + fontSize * 2.1,
    fontSize,
    labelsAbove,
    plot: { x: plotX, y: top, width: plotWidth, height: rows.length * band },
    legend: legend.items,
    ticks,
    axisY,
    axisLabelY,
    axisTitle: texts.axis,
    axisTitleY: axisLabelY + fontSize * 1.3,
    axisMax: axis.max,
    rows: laid,
  };
}

// ---------------------------------------------------------------- per month

export interface MonthChartTexts {
  /** The columns' legend: the number of items, by the month of their source meeting. */
  items: string;
  done: string;
  /** The line's legend: the share completed. */
  share: string;
  /** "Jun 2022" for "2022-06". */
  month: (month: string) => string;
}

export interface MonthChartOptions {
  width: number;
  /** The height of the plot area alone. */
  plotHeight: number;
  fontSize: number;
  texts: MonthChartTexts;
}

export interface MonthColumn {
  month: string;
  /** The x of the slot's middle. */
  x: number;
  /** All items of the month, outlined; null for a month without items. */
  column: Rect | null;
  /** Its completed part, solid at the column's foot; null with none done. */
  done: Rect | null;
  /** The count above the column, when there is room across the slot. */
  countLabel: { text: string; y: number } | null;
  /** The line's point (share completed); null with nothing to complete. */
  point: { x: number; y: number } | null;
  percentLabel: { text: string; x: number; y: number } | null;
  /** The month under the axis; null where a label is skipped to keep them apart. */
  monthLabel: string | null;
  figures: MonthCompletion;
}

export interface MonthChartLayout {
  width: number;
  height: number;
  fontSize: number;
  plot: Rect;
  legend: LegendItem[];
  /** The counts on the left axis, the percents on the right. */
  countTicks: { value: number; y: number }[];
  percentTicks: { value: number; y: number }[];
  axisLabelY: number;
  /** The share completed as one or more polylines (a month with nothing to complete breaks it). */
  lines: string[];
  columns: MonthColumn[];
}

/** Per month, a column of its items (the completed part solid) on a left count axis and a line of the share completed on a right 0–100% axis. */
export function layoutMonthChart(months: readonly MonthCompletion[], opts: MonthChartOptions): MonthChartLayout {
  const { width, fontSize, texts, plotHeight } = opts;
  const pad = fontSize * 0.6;
  const legend = flowLegend(
    [
      { key: 'items', label: texts.items },
      { key: 'done', label: texts.done },
      { key: 'share', label: texts.share },
    ],
    width,
    fontSize,
    (key, box) => (key === 'share' ? [{ x1: box.x, y1: box.y + box.height / 2, x2: box.x + box.width, y2: box.y + box.height / 2 }] : []),
  );
  const maxTotal = Math.max(1, ...months.map((m) => m.total));
  const axis = countAxis(maxTotal, Math.max(2, Math.floor(plotHeight / (fontSize * 2.4))));
  const leftWidth = textWidth(String(axis.max), fontSize) + pad;
  const rightWidth = textWidth('100%', fontSize) + pad;
  // Room above the plot for the tallest column's count.
  const top = legend.height + fontSize * 1.6;
  const plot = { x: leftWidth, y: top, width: Math.max(fontSize * 4, width - leftWidth - rightWidth), height: plotHeight };
  const yOfCount = (n: number) => plot.y + plot.height * (1 - n / axis.max);
  const yOfPercent = (p: number) => plot.y + plot.height * (1 - p / 100);
  const slot = months.length ? plot.width / months.length : plot.width;
  const columnWidth = Math.min(slot * 0.62, fontSize * 4);
  const longestMonth = Math.max(0, ...months.map((m) => textWidth(texts.month(m.month), fontSize)));
  const every = Math.max(1, Math.ceil((longestMonth + pad) / slot));
  const percentFits = slot >= textWidth('100%', fontSize) + pad * 0.5;

  const columns = months.map((m, i): MonthColumn => {
    const x = plot.x + slot * (i + 0.5);
    const left = x - columnWidth / 2;
    const base = plot.y + plot.height;
    const column = m.total > 0 ? { x: left, y: yOfCount(m.total), width: columnWidth, height: base - yOfCount(m.total) } : null;
    const done = m.counts.done > 0 ? { x: left, y: yOfCount(m.counts.done), width: columnWidth, height: base - yOfCount(m.counts.done) } : null;
    const count = String(m.total);
    const countLabel = column && slot >= textWidth(count, fontSize) + 2 ? { text: count, y: column.y - fontSize * 0.7 } : null;
    const point = m.completionPercent === null ? null : { x, y: yOfPercent(m.completionPercent) };
    let percentLabel: MonthColumn['percentLabel'] = null;
    if (point && percentFits && m.completionPercent !== null) {
      // Above the point, unless the column's count is there; then below it, if that stays in the plot.
      const above = point.y - fontSize * 0.9;
      const below = point.y + fontSize * 1.0;
      const clear = (y: number) => !countLabel || Math.abs(y - countLabel.y) > fontSize * 1.1;
      const y = above > plot.y - fontSize * 0.2 && clear(above) ? above : below < base - fontSize * 0.4 && clear(below) ? below : null;
      if (y !== null) percentLabel = { text: `${m.completionPercent}%`, x, y };
    }
    return { month: m.month, x, column, done, countLabel, point, percentLabel, monthLabel: i % every === 0 ? texts.month(m.month) : null, figures: m };
  });

  const lines: string[] = [];
  let current: string[] = [];
  for (const c of columns) {
    if (!c.point) {
      if (current.length) lines.push(current.join(''));
      current = [];
      continue;
    }
    current.push(`${current.length ? 'L' : 'M'}${c.point.x.toFixed(2)} ${c.point.y.toFixed(2)}`);
  }
  if (current.length) lines.push(current.join(''));

  const countTicks: { value: number; y: number }[] = [];
  for (let v = 0; v <= axis.max; v += axis.step) countTicks.push({ value: v, y: yOfCount(v) });
  const percentTicks = [0, 50, 100].map((value) => ({ value, y: yOfPercent(value) }));
  const axisLabelY = plot.y + plot.height + fontSize * 1.2;
  return {
    width,
    height: axisLabelY + fontSize * 1.2,
    fontSize,
    plot,
    legend: legend.items,
    countTicks,
    percentTicks,
    axisLabelY,
    lines,
    columns,
  };
}
