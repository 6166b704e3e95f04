import PDFDocument from 'pdfkit';
import type { Meeting, QueueState } from '../../shared/protocol';
import { translate, type MessageKey, type MessageParams } from '../../shared/i18n';
import { heldOn } from '../../shared/domain/speaking-queue/projection';
import { formatDuration, timeChart, type TimeChart } from '../../shared/domain/time-report/time-chart';
import {
  TIME_CHART_COLOURS as C,
  layoutTimeChart,
  type Rect,
  type Segment,
  type TimeChartLayout,
  type TimeChartRowLayout,
  type TimeChartTexts,
} from '../../shared/domain/time-report/time-chart-layout';
import { clockInZone, dateInZone, formatMeetingDate, formatTimeRange, zoneLabel } from '../../shared/domain/time';
import { faceFor, registerFonts, type FontStyle } from '../minutes/pdf-fonts';

type Doc = PDFKit.PDFDocument;

/** Points: A4 with 1.5 cm margins, kept by hand (pdfkit's own margins would start a page on their own). */
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = (1.5 / 2.54) * 72;
const CONTENT = PAGE.width - 2 * MARGIN;
/** The table beside the chart: jatah, bicara and lebih, each this wide. */
const COLUMN = 54;
const TABLE_GAP = 10;
const MAX_ROW = 18;
const MAX_FONT = 9;
/** What the totals under the chart take: three lines and a gap. */
const FOOTER = 58;

const id = (key: MessageKey, params?: MessageParams) => translate('id', key, params);

export function timeChartTexts(locale: 'id' | 'en' = 'id'): TimeChartTexts {
  const t = (key: MessageKey) => translate(locale, key);
  return {
    allotted: t('queue.timeChart.allotted'),
    spoken: t('queue.timeChart.spoken'),
    overrun: t('queue.timeChart.overrun'),
    arahan: t('queue.timeChart.arahan'),
    responses: t('queue.timeChart.responses'),
    minutes: t('queue.timeChart.minutes'),
    skipped: t('queue.timeChart.skipped'),
  };
}

/**
 * The meeting's time on one A4 page, in Bahasa Indonesia: who it was, when and where; the chart
 * (time-chart-layout.ts, the one the console draws) as vector shapes with a table of its figures
 * on the same rows; and the totals. Rows shrink to keep about 40 OPDs on the page.
 */
export async function renderTimeReportPdf(meeting: Meeting, state: QueueState, now: number): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0, info: { Title: `${id('queue.timeReport.title')}: ${meeting.title}` } });
  registerFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const chart = timeChart(state, meeting, now);
  let y = header(doc, meeting, state);
  y = figure(doc, chart, y + 10);
  totals(doc, chart, y + 8);
  printed(doc, meeting, now);
  doc.end();
  return done;
}

/** Sets the face and size `text` prints in (pdf-fonts.ts) and gives the text as it prints. */
function face(doc: Doc, text: string, style: FontStyle, size: number): string {
  const f = faceFor(text, style);
  doc.font(f.font).fontSize(size);
  return f.text;
}

/** One line of text whose vertical middle is `midY`, never wrapped. */
function line(
  doc: Doc,
  text: string,
  x: number,
  midY: number,
  opts: { style?: FontStyle; size: number; colour?: string; width?: number; align?: 'left' | 'right' | 'center' },
) {
  const shown = face(doc, text, opts.style ?? 'regular', opts.size);
  doc.fillColor(opts.colour ?? C.text);
  const top = midY - doc.currentLineHeight() / 2;
  if (opts.width === undefined) doc.text(shown, x, top, { lineBreak: false });
  else doc.text(shown, x, top, { width: opts.width, align: opts.align ?? 'left', lineBreak: false });
}

/** `text` shortened with "…" until it is at most `width` wide in the current face. */
function fitted(doc: Doc, text: string, style: FontStyle, size: number, width: number): string {
  let shown = text;
  face(doc, shown, style, size);
  while (shown.length > 1 && doc.widthOfString(shown) > width) shown = `${[...shown].slice(0, -2).join('')}…`;
  return shown;
}

/** The title and the meeting's particulars; gives the y under them. */
function header(doc: Doc, meeting: Meeting, state: QueueState): number {
  let y = MARGIN;
  const title = face(doc, id('queue.timeReport.title').toUpperCase(), 'bold', 14);
  doc.fillColor(C.text).text(title, MARGIN, y, { width: CONTENT, align: 'center' });
  y = doc.y + 2;
  const name = face(doc, meeting.title, 'bold', 12);
  doc.text(name, MARGIN, y, { width: CONTENT, align: 'center' });
  y = doc.y + 10;

  const zone = zoneLabel(meeting.timeZone);
  const held =
    state.startedAt === null
      ? id('queue.timeReport.notStarted')
      : state.endedAt === null
        ? id('queue.timeReport.running', { start: clockInZone(state.startedAt, meeting.timeZone) })
        : `${clockInZone(state.startedAt, meeting.timeZone)}–${clockInZone(state.endedAt, meeting.timeZone)} ${zone}`;
  const chair = [meeting.chairName, meeting.chairTitle].filter(Boolean).join(', ');
  const rows: [string, string][] = [
    [id('queue.timeReport.date'), formatMeetingDate(heldOn(state, meeting))],
    [id('queue.timeReport.plannedTime'), formatTimeRange(meeting.startTime, meeting.endTime, meeting.timeZone)],
    [id('queue.timeReport.actualTime'), held],
    [id('queue.timeReport.place'), meeting.place || '–'],
  ];
  if (chair) rows.push([id('queue.timeReport.chair'), chair]);
  const labelWidth = 110;
  for (const [label, value] of rows) {
    const l = face(doc, label, 'regular', 10);
    doc.fillColor(C.text).text(l, MARGIN, y, { width: labelWidth, lineBreak: false });
    doc.text(':', MARGIN + labelWidth, y, { lineBreak: false });
    const v = face(doc, value, 'regular', 10);
    doc.text(v, MARGIN + labelWidth + 10, y, { width: CONTENT - labelWidth - 10 });
    y = doc.y + 1;
  }
  doc
    .moveTo(MARGIN, y + 4)
    .lineTo(MARGIN + CONTENT, y + 4)
    .lineWidth(0.75)
    .strokeColor(C.text)
    .stroke();
  return y + 4;
}

/** The chart on the left, its figures on the same rows at the right; gives the y under it. */
function figure(doc: Doc, chart: TimeChart, top: number): number {
  const rowCount = chart.rows.length + 1 + (chart.totals.responseTurns > 0 ? 1 : 0);
  const available = PAGE.height - MARGIN - FOOTER - top;
  // The legend and the axis take about 6 lines of the font; the rows share the rest.
  let fontSize = MAX_FONT;
  let rowHeight = Math.min(MAX_ROW, (available - 6 * fontSize) / rowCount);
  fontSize = Math.max(4.5, Math.min(MAX_FONT, rowHeight * 0.62));
  rowHeight = Math.min(MAX_ROW, (available - 6 * fontSize) / rowCount);
  const chartWidth = CONTENT - 3 * COLUMN - TABLE_GAP;
  const layout = layoutTimeChart(chart, { width: chartWidth, rowHeight, fontSize, values: false, texts: timeChartTexts('id') });

  doc.save();
  doc.translate(MARGIN, top);
  zebra(doc, layout);
  drawChart(doc, layout);
  table(doc, layout, chartWidth + TABLE_GAP);
  doc.restore();
  return top + layout.height;
}

/** Every other row shaded across the chart and the table, so a row reads across. */
function zebra(doc: Doc, layout: TimeChartLayout): void {
  layout.rows.forEach((r, i) => {
    if (i % 2 === 1) doc.rect(0, r.y, CONTENT, r.height).fill('#f4f6f8');
  });
}

function rect(doc: Doc, r: Rect): Doc {
  return doc.rect(r.x, r.y, r.width, r.height);
}

function lines(doc: Doc, segments: Segment[], colour: string, width: number): void {
  if (segments.length === 0) return;
  for (const s of segments) doc.moveTo(s.x1, s.y1).lineTo(s.x2, s.y2);
  doc.lineWidth(width).strokeColor(colour).stroke();
}

function drawChart(doc: Doc, layout: TimeChartLayout): void {
  const { fontSize: fs, plot } = layout;
  for (const item of layout.legend) {
    if (item.swatch === 'planned') rect(doc, item.box).lineWidth(0.75).fillAndStroke(C.plannedFill, C.plannedStroke);
    else rect(doc, item.box).fill(item.swatch === 'spoken' ? C.spoken : item.swatch === 'arahan' ? C.arahan : C.overrun);
    lines(doc, item.hatch, C.hatch, 0.8);
    line(doc, item.label, item.textX, item.midY, { size: fs });
  }
  // The grid at every tick, then the bars over it.
  for (const tick of layout.ticks) {
    doc.moveTo(tick.x, plot.y).lineTo(tick.x, layout.axisY).lineWidth(0.4).strokeColor(C.grid).stroke();
    line(doc, tick.label, tick.x - 20, layout.axisLabelY, { size: fs, colour: C.muted, width: 40, align: 'center' });
  }
  doc
    .moveTo(plot.x, layout.axisY)
    .lineTo(plot.x + plot.width, layout.axisY)
    .lineWidth(0.75)
    .strokeColor(C.text)
    .stroke();
  line(doc, layout.axisTitle, plot.x, layout.axisTitleY, { size: fs, colour: C.muted, width: plot.width, align: 'center' });
  for (const r of layout.rows) bar(doc, r, layout);
}

function bar(doc: Doc, r: TimeChartRowLayout, layout: TimeChartLayout): void {
  const fs = layout.fontSize;
  const style: FontStyle = r.kind === 'opd' ? 'regular' : 'italic';
  line(doc, fitted(doc, r.fullLabel, style, fs, layout.plot.x - fs * 0.6), 0, r.midY, { size: fs, style });
  if (r.planned) rect(doc, r.planned).lineWidth(0.6).fillAndStroke(C.plannedFill, C.plannedStroke);
  if (r.spoken) rect(doc, r.spoken).fill(r.kind === 'arahan' ? C.arahan : C.spoken);
  if (r.overrun) {
    rect(doc, r.overrun).fill(C.overrun);
    lines(doc, r.hatch, C.hatch, 0.8);
  }
}

/** The figures of every row, right aligned in three columns starting at `x`, under their titles. */
function table(doc: Doc, layout: TimeChartLayout, x: number): void {
  const fs = layout.fontSize;
  const titleY = layout.plot.y - fs * 0.9;
  const titles: MessageKey[] = ['queue.stat.allotted', 'queue.stat.spoken', 'queue.stat.overrun'];
  titles.forEach((key, i) => line(doc, id(key), x + i * COLUMN, titleY, { size: fs, style: 'bold', width: COLUMN - 4, align: 'right' }));
  for (const r of layout.rows) {
    const skipped = r.status === 'skipped';
    const waiting = r.status === 'waiting' && r.kind === 'opd';
    const cells = [
      r.allottedMs === null ? '–' : formatDuration(r.allottedMs),
      skipped ? id('queue.timeChart.skipped') : waiting ? '–' : formatDuration(r.spokenMs),
      r.overrunMs > 0 ? `+${formatDuration(r.overrunMs)}` : '–',
    ];
    cells.forEach((text, i) =>
      line(doc, text, x + i * COLUMN, r.midY, {
        size: fs,
        style: i === 2 && r.overrunMs > 0 ? 'bold' : 'regular',
        colour: i === 2 && r.overrunMs > 0 ? C.overrun : C.text,
        width: COLUMN - 4,
        align: 'right',
      }),
    );
  }
}

function totals(doc: Doc, chart: TimeChart, top: number): void {
  const t = chart.totals;
  const d = formatDuration;
  const texts = [
    `${id('queue.timeChart.total')}: ${id('queue.stat.allotted')} ${d(t.allottedMs)} · ${id('queue.stat.spoken')} ${d(t.spokenMs)} · ${id('queue.stat.overrun')} ${d(t.overrunMs)}`,
    id('queue.timeReport.floor', { floor: d(t.floorMs), spoken: d(t.spokenMs), arahan: d(t.arahanMs), responses: d(t.responseMs) }),
    id('queue.timeReport.duration', { actual: d(t.meetingMs), planned: d(t.scheduledMs) }),
  ];
  doc
    .moveTo(MARGIN, top)
    .lineTo(MARGIN + CONTENT, top)
    .lineWidth(0.5)
    .strokeColor(C.grid)
    .stroke();
  texts.forEach((text, i) => line(doc, text, MARGIN, top + 8 + i * 13, { size: 9, style: i === 0 ? 'bold' : 'regular', width: CONTENT }));
}

function printed(doc: Doc, meeting: Meeting, now: number): void {
  const at = `${formatMeetingDate(dateInZone(now, meeting.timeZone))} ${clockInZone(now, meeting.timeZone)} ${zoneLabel(meeting.timeZone)}`;
  line(doc, id('queue.timeReport.printed', { at }), MARGIN, PAGE.height - MARGIN + 6, { size: 7, colour: C.muted, width: CONTENT, align: 'right' });
}
