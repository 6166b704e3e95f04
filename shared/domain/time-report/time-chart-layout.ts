import type { TimeChart, TimeChartRowStatus } from './time-chart';
import { formatDuration } from './time-chart';

/**
 * The time chart's geometry, in the units of whoever draws it (CSS pixels in TimeChart.svelte,
 * points in the PDF time report): one function, so the screen and the paper show the same bars.
 * Each row is a horizontal bar on a minutes axis: the allotment as an outline, what was spoken as a
 * solid bar inside it, the overrun past the allotment hatched in the warning colour, and the chair's
 * arahan as a row of its own in its own colour. Hatching and the outline tell the parts apart
 * without colour; every row also carries its numbers as text.
 */

/** The colours of the chart: each at least 4.5:1 against white (the stroke of the outline too). */
export const TIME_CHART_COLOURS = {
  text: '#1b2730',
  muted: '#52616b',
  grid: '#d6dee3',
  plannedFill: '#e3f0f2',
  plannedStroke: '#52616b',
  spoken: '#0f4c5c',
  overrun: '#b42318',
  hatch: '#ffffff',
  arahan: '#6b3fa0',
} as const;

export type TimeChartRowKind = 'opd' | 'arahan' | 'responses';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface TimeChartRowLayout {
  kind: TimeChartRowKind;
  key: string;
  /** As it fits the label column (cut with "…" when longer). */
  label: string;
  fullLabel: string;
  status: TimeChartRowStatus;
  /** The row's band and its vertical middle, where its texts sit. */
  y: number;
  height: number;
  midY: number;
  /** The allotment, drawn as an outline; null for the arahan row (it has none). */
  planned: Rect | null;
  /** What was spoken within the allotment (all of it for the arahan row); null when nothing was. */
  spoken: Rect | null;
  /** What was spoken past the allotment; null unless over. */
  overrun: Rect | null;
  /** The overrun's hatching, clipped to it. */
  hatch: Segment[];
  /** "12:30 / 10:00" (spoken / allotted), "03:10" for arahan, or the skipped word. */
  value: string;
  spokenMs: number;
  allottedMs: number | null;
  overrunMs: number;
}

export interface TimeChartTick {
  minutes: number;
  x: number;
  label: string;
}

export type LegendSwatch = 'planned' | 'spoken' | 'overrun' | 'arahan';

export interface TimeChartLegendItem {
  swatch: LegendSwatch;
  label: string;
  /** The swatch's box; the label starts at textX on the line's middle, midY. */
  box: Rect;
  hatch: Segment[];
  textX: number;
  midY: number;
}

export interface TimeChartLayout {
  width: number;
  height: number;
  fontSize: number;
  /** Where the bars are: x of minute 0, and the width of the axis. */
  plot: Rect;
  /** The x where the value texts end (right aligned), or null without them. */
  valueRight: number | null;
  ticks: TimeChartTick[];
  /** The baseline of the axis and the middle of its labels' line. */
  axisY: number;
  axisLabelY: number;
  /** "menit", centred under the axis at axisTitleY. */
  axisTitle: string;
  axisTitleY: number;
  maxMinutes: number;
  legend: TimeChartLegendItem[];
  rows: TimeChartRowLayout[];
}

/** The words of the chart, from the reader's catalogue (the PDF's is Bahasa Indonesia). */
export interface TimeChartTexts {
  allotted: string;
  spoken: string;
  overrun: string;
  arahan: string;
  responses: string;
  minutes: string;
  skipped: string;
}

export interface TimeChartLayoutOptions {
  width: number;
  rowHeight: number;
  fontSize: number;
  /** Draw "spoken / allotted" at the end of each row (the PDF prints a table beside the chart instead). */
  values: boolean;
  texts: TimeChartTexts;
}

/** About the advance of an average character of a sans face, in ems: enough to reserve room, not to typeset. */
const CHAR_EM = 0.58;
const TICK_STEPS = [1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 240];
const MINUTE = 60_000;

const textWidth = (text: string, fontSize: number) => [...text].length * fontSize * CHAR_EM;

/** `text` cut to fit `width` with "…", whole when it fits. */
export function fitText(text: string, width: number, fontSize: number): string {
  const chars = [...text];
  // The epsilon: a label exactly as wide as the column is not cut by a rounding error.
  const max = Math.floor(width / (fontSize * CHAR_EM) + 1e-9);
  if (chars.length <= max) return text;
  return max <= 1 ? '…' : `${chars.slice(0, max - 1).join('')}…`;
}

/** Diagonal lines ("/") every `gap` units across `r`, each clipped to it. */
export function hatchLines(r: Rect, gap: number): Segment[] {
  const out: Segment[] = [];
  if (r.width <= 0 || r.height <= 0) return out;
  // Line k runs from (x0, bottom) up to (x0 + h, top); t is how far along it, 0..h.
  for (let x0 = r.x - r.height + gap / 2; x0 < r.x + r.width; x0 += gap) {
    const from = Math.max(0, r.x - x0);
    const to = Math.min(r.height, r.x + r.width - x0);
    if (to - from <= 0.01) continue;
    out.push({ x1: x0 + from, y1: r.y + r.height - from, x2: x0 + to, y2: r.y + r.height - to });
  }
  return out;
}

/** The axis step: the smallest of TICK_STEPS that keeps the ticks at most `maxTicks` apart. */
function tickStep(maxMinutes: number, maxTicks: number): number {
  return TICK_STEPS.find((s) => Math.ceil(maxMinutes / s) <= maxTicks) ?? (TICK_STEPS.at(-1) as number);
}

interface Datum {
  kind: TimeChartRowKind;
  key: string;
  label: string;
  status: TimeChartRowStatus;
  spokenMs: number;
  allottedMs: number | null;
}

/** The chart of `chart` laid out `width` wide: a legend line (or more), one row per OPD, arahan and tanggapan, and the axis. */
export function layoutTimeChart(chart: TimeChart, opts: TimeChartLayoutOptions): TimeChartLayout {
  const { width, rowHeight, fontSize, texts } = opts;
  const data: Datum[] = chart.rows.map((r) => ({ kind: 'opd', key: r.key, label: r.label, status: r.status, spokenMs: r.spokenMs, allottedMs: r.allottedMs }));
  const { totals } = chart;
  data.push({
    kind: 'arahan',
    key: 'arahan',
    label: texts.arahan,
    status: totals.arahanMs > 0 ? 'done' : 'waiting',
    spokenMs: totals.arahanMs,
    allottedMs: null,
  });
  if (totals.responseTurns > 0) {
    data.push({
      kind: 'responses',
      key: 'responses',
      label: texts.responses,
      status: 'done',
      spokenMs: totals.responseMs,
      allottedMs: totals.responseAllottedMs,
    });
  }

  const pad = fontSize * 0.6;
  const longest = Math.max(...data.map((d) => textWidth(d.label, fontSize)));
  const labelWidth = Math.min(longest, width * 0.35) + pad;
  const valueWidth = opts.values ? textWidth('00:00 / 00:00', fontSize) + pad : pad;
  const plotX = labelWidth;
  const plotWidth = Math.max(fontSize * 4, width - labelWidth - valueWidth);

  // The legend: items flow left to right and wrap, one line per fontSize * 1.8.
  const lineHeight = fontSize * 1.8;
  const swatch = fontSize * 1.1;
  const legend: TimeChartLegendItem[] = [];
  const items: [LegendSwatch, string][] = [
    ['planned', texts.allotted],
    ['spoken', texts.spoken],
    ['overrun', texts.overrun],
    ['arahan', texts.arahan],
  ];
  let lx = 0;
  let line = 0;
  for (const [kind, label] of items) {
    const itemWidth = swatch + pad * 0.6 + textWidth(label, fontSize) + pad * 1.6;
    if (lx > 0 && lx + itemWidth > width) {
      lx = 0;
      line++;
    }
    const midY = line * lineHeight + lineHeight / 2;
    const box = { x: lx, y: midY - swatch / 2, width: swatch, height: swatch };
    legend.push({ swatch: kind, label, box, hatch: kind === 'overrun' ? hatchLines(box, swatch / 3) : [], textX: lx + swatch + pad * 0.6, midY });
    lx += itemWidth;
  }
  const rowsTop = (line + 1) * lineHeight + fontSize * 0.4;

  const maxMs = Math.max(MINUTE, ...data.map((d) => Math.max(d.spokenMs, d.allottedMs ?? 0)));
  const maxTicks = Math.max(2, Math.floor(plotWidth / (fontSize * 3.2)));
  const step = tickStep(maxMs / MINUTE, maxTicks);
  const maxMinutes = Math.max(step, Math.ceil(maxMs / MINUTE / step) * step);
  const xOf = (ms: number) => plotX + (ms / (maxMinutes * MINUTE)) * plotWidth;

  const rows = data.map((d, i): TimeChartRowLayout => {
    const y = rowsTop + i * rowHeight;
    const midY = y + rowHeight / 2;
    const outer = rowHeight * 0.72;
    const inner = rowHeight * 0.42;
    const allotted = d.allottedMs;
    const within = allotted === null ? d.spokenMs : Math.min(d.spokenMs, allotted);
    const over = allotted === null ? 0 : Math.max(0, d.spokenMs - allotted);
    const planned = allotted === null || allotted <= 0 ? null : { x: plotX, y: midY - outer / 2, width: xOf(allotted) - plotX, height: outer };
    // The arahan row has no allotment to sit in: its bar is as thick as an outline.
    const thick = allotted === null ? outer : inner;
    const spoken = within > 0 ? { x: plotX, y: midY - thick / 2, width: xOf(within) - plotX, height: thick } : null;
    const overrun = over > 0 && allotted !== null ? { x: xOf(allotted), y: midY - outer / 2, width: xOf(d.spokenMs) - xOf(allotted), height: outer } : null;
    const value =
      d.status === 'skipped'
        ? texts.skipped
        : allotted === null
          ? formatDuration(d.spokenMs)
          : `${d.status === 'waiting' ? '–' : formatDuration(d.spokenMs)} / ${formatDuration(allotted)}`;
    return {
      kind: d.kind,
      key: d.key,
      label: fitText(d.label, labelWidth - pad, fontSize),
      fullLabel: d.label,
      status: d.status,
      y,
      height: rowHeight,
      midY,
      planned,
      spoken,
      overrun,
      hatch: overrun ? hatchLines(overrun, Math.max(3, outer / 2.5)) : [],
      value,
      spokenMs: d.spokenMs,
      allottedMs: allotted,
      overrunMs: over,
    };
  });

  const axisY = rowsTop + rows.length * rowHeight + fontSize * 0.3;
  const axisLabelY = axisY + fontSize * 1.1;
  const ticks: TimeChartTick[] = [];
  for (let m = 0; m <= maxMinutes; m += step) ticks.push({ minutes: m, x: xOf(m * MINUTE), label: String(m) });
  return {
    width,
    height: axisLabelY + fontSize * 1.9,
    fontSize,
    plot: { x: plotX, y: rowsTop, width: plotWidth, height: rows.length * rowHeight },
    valueRight: opts.values ? width : null,
    ticks,
    axisY,
    axisLabelY,
    axisTitle: texts.minutes,
    axisTitleY: axisLabelY + fontSize * 1.25,
    maxMinutes,
    legend,
    rows,
  };
}
