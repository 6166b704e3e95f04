import PDFDocument from 'pdfkit';
import type { Block, ExportLetterhead, MinutesExport, TextRun } from '../../shared/minutes/export-model';
import { faceFor, registerFonts, type FontStyle } from './pdf-fonts';
import { signatureCells, type SignatureCell } from './signatures';

type Doc = PDFKit.PDFDocument;

// Points: A4 with 2.5 cm margins.
const MARGIN = (2.5 / 2.54) * 72;
const SIZE = { body: 12, table: 10, title: 14, note: 9 };
const HEADING_SIZES = { 1: 14, 2: 13, 3: 12, 4: 12 } as const;
const CELL_PAD = 4;

/**
 * Renders the notulen as an A4 PDF with its fonts embedded (pdf-fonts.ts): every character prints
 * as typed, in any reader, years from now.
 */
export async function renderPdf(m: MinutesExport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    info: { Title: m.meetingTitle },
    // Kept in memory until the end, so every page's footer can say how many pages there are.
    bufferPages: true,
  });
  registerFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 2 * MARGIN;
  if (m.letterhead) letterhead(doc, m.letterhead, width);
  title(doc, m.documentTitle);
  title(doc, m.meetingTitle);
  if (m.nomor !== null) {
    const shown = face(doc, m.nomor, 'regular');
    doc.fontSize(SIZE.body).text(shown, MARGIN, doc.y + 2, { width, align: 'center' });
  }
  doc.moveDown(1);
  headerBlock(doc, m.header, width);
  sectionTitle(doc, m.attendanceTitle);
  const attendance = m.attendance.map((a, i) => [String(i + 1), a.opd, a.person, a.status, a.arrived]);
  table(doc, m.attendanceColumns, attendance, [6, 26, 30, 24, 14], true);
  if (m.previousFollowUps.length > 0) {
    sectionTitle(doc, m.previousFollowUpsTitle);
    const previous = m.previousFollowUps.map((f) => [String(f.no), f.action, f.from, f.opds, f.due, f.status]);
    table(doc, m.previousFollowUpColumns, previous, [5, 30, 20, 17, 12, 16], true);
  }
  for (const b of m.body) block(doc, b, width);
  sectionTitle(doc, m.followUpsTitle);
  const followUps = m.followUps.map((f) => [String(f.no), f.action, f.opds, f.due, f.status]);
  table(doc, m.followUpColumns, followUps, [6, 40, 22, 16, 16], true);
  if (m.lampiran?.length) {
    sectionTitle(doc, m.lampiranTitle ?? '');
    block(doc, { type: 'list', ordered: true, items: m.lampiran.map((text) => [{ text }]) }, width);
  }
  const noteGap = SIZE.note * 2;
  const noteHeight = m.finalizedNote === null ? 0 : noteGap + doc.fontSize(SIZE.note).heightOfString(face(doc, m.finalizedNote, 'italic'), { width });
  signatures(doc, m.signatures, width, noteHeight);
  if (m.finalizedNote !== null) {
    const note = face(doc, m.finalizedNote, 'italic');
    doc.fontSize(SIZE.note).text(note, MARGIN, doc.y + noteGap, { width });
  }
  pageNumbers(doc, m.pageLabel, width);
  doc.end();
  return done;
}

/** Sets the face `text` prints in (pdf-fonts.ts) and gives the text as it prints. */
function face(doc: Doc, text: string, style: FontStyle): string {
  const f = faceFor(text, style);
  doc.font(f.font);
  return f.text;
}

const LOGO_BOX = 64;

/**
 * The kop surat as Indonesian official letters print it: the emblem on the left, the government,
 * the office, the address and contacts centred, and a double rule (thick over thin) under all.
 */
function letterhead(doc: Doc, k: ExportLetterhead, width: number): void {
  const top = doc.y;
  let logoBottom = top;
  if (k.logo) {
    const scale = Math.min(LOGO_BOX / k.logo.widthPx, LOGO_BOX / k.logo.heightPx);
    const [w, h] = [k.logo.widthPx * scale, k.logo.heightPx * scale];
    doc.image(Buffer.from(k.logo.bytes), MARGIN + (LOGO_BOX - w) / 2, top + (LOGO_BOX - h) / 2, { width: w, height: h });
    logoBottom = top + LOGO_BOX;
  }
  // Centred on the page, clear of the emblem: the same inset on both sides.
  const inset = k.logo ? LOGO_BOX + 8 : 0;
  const textWidth = width - 2 * inset;
  const lines: [string, FontStyle, number][] = [
    [k.government, 'bold', 14],
    ...(k.office ? [[k.office, 'bold', 16] as [string, FontStyle, number]] : []),
    ...k.addressLines.map((l): [string, FontStyle, number] => [l, 'regular', 10]),
    ...(k.contactLine ? [[k.contactLine, 'regular', 10] as [string, FontStyle, number]] : []),
  ];
  doc.y = top;
  lines.forEach(([text, style, size], i) => {
    const shown = face(doc, text, style);
    // The government's and the office's names keep one line each: smaller type rather than a wrap.
    let fitted = size;
    if (i < lines.length - k.addressLines.length - (k.contactLine ? 1 : 0)) {
      while (fitted > 9 && doc.fontSize(fitted).widthOfString(shown) > textWidth) fitted -= 0.5;
    }
    doc.fontSize(fitted).text(shown, MARGIN + inset, doc.y, { width: textWidth, align: 'center' });
  });
  const rule = Math.max(doc.y, logoBottom) + 6;
  doc.save();
  doc
    .lineWidth(2.2)
    .moveTo(MARGIN, rule)
    .lineTo(MARGIN + width, rule)
    .stroke();
  doc
    .lineWidth(0.8)
    .moveTo(MARGIN, rule + 3)
    .lineTo(MARGIN + width, rule + 3)
    .stroke();
  doc.restore();
  doc.x = MARGIN;
  doc.y = rule + 16;
}

/** "Halaman X dari Y" centred in the bottom margin of every page. */
function pageNumbers(doc: Doc, label: string, width: number): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would make pdfkit start a new page: lift it for the footer.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const text = face(doc, label.replace('{page}', String(i - range.start + 1)).replace('{pages}', String(range.count)), 'regular');
    doc.fontSize(SIZE.note).text(text, MARGIN, doc.page.height - margin / 2 - SIZE.note, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
}

function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** Starts a new page unless `height` still fits on this one. */
function ensure(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function title(doc: Doc, text: string): void {
  const width = doc.page.width - 2 * MARGIN;
  const shown = face(doc, text, 'bold');
  doc.fontSize(SIZE.title).text(shown, MARGIN, doc.y, { width, align: 'center' });
}

function sectionTitle(doc: Doc, text: string): void {
  doc.moveDown(1);
  const shown = face(doc, text, 'bold');
  doc.fontSize(SIZE.body);
  // Keep the title with at least two lines of what follows.
  ensure(doc, doc.currentLineHeight(true) * 3);
  doc.text(shown, MARGIN, doc.y);
  doc.moveDown(0.3);
}

function headerBlock(doc: Doc, header: [string, string][], width: number): void {
  const [wLabel, wColon] = [width * 0.26, width * 0.03];
  const wValue = width - wLabel - wColon;
  doc.fontSize(SIZE.body);
  for (const [label, value] of header) {
    const [l, v] = [faceFor(label, 'regular'), faceFor(value, 'regular')];
    const h = Math.max(doc.font(l.font).heightOfString(l.text, { width: wLabel }), doc.font(v.font).heightOfString(v.text, { width: wValue }));
    ensure(doc, h);
    const y = doc.y;
    doc.font(l.font).text(l.text, MARGIN, y, { width: wLabel });
    doc.text(':', MARGIN + wLabel, y, { width: wColon });
    doc.font(v.font).text(v.text, MARGIN + wLabel + wColon, y, { width: wValue });
    doc.y = y + h + 2;
  }
}

function styleOf(r: TextRun): FontStyle {
  if (r.bold && r.italic) return 'boldItalic';
  if (r.bold) return 'bold';
  return r.italic ? 'italic' : 'regular';
}

/** Mixed bold/italic runs flow as one paragraph; pdfkit wraps and breaks pages inside it. */
function richText(doc: Doc, runs: TextRun[], x: number, y: number, width: number): void {
  const parts = runs.filter((r) => r.text.length > 0);
  doc.fontSize(SIZE.body);
  if (parts.length === 0) {
    doc.text(face(doc, ' ', 'regular'), x, y, { width });
    return;
  }
  parts.forEach((r, i) => {
    const continued = i < parts.length - 1;
    const shown = face(doc, r.text, styleOf(r));
    if (i === 0) doc.text(shown, x, y, { width, continued });
    else doc.text(shown, { continued });
  });
}

function block(doc: Doc, b: Block, width: number): void {
  switch (b.type) {
    case 'heading': {
      doc.moveDown(0.6);
      const text = face(doc, b.text, b.level === 4 ? 'boldItalic' : 'bold');
      doc.fontSize(HEADING_SIZES[b.level]);
      // A heading alone at the foot of a page reads as a mistake: keep two lines after it.
      ensure(doc, doc.heightOfString(text, { width }) + SIZE.body * 2.5);
      doc.text(text, MARGIN, doc.y, { width });
      doc.moveDown(0.2);
      return;
    }
    case 'paragraph':
      richText(doc, b.runs, MARGIN, doc.y, width);
      doc.moveDown(0.4);
      return;
    case 'list': {
      const indent = 22;
      b.items.forEach((item, i) => {
        const marker = face(doc, b.ordered ? `${i + 1}.` : '•', 'regular');
        doc.fontSize(SIZE.body);
        ensure(doc, doc.currentLineHeight(true));
        const y = doc.y;
        doc.text(marker, MARGIN + 4, y, { width: indent - 4, lineBreak: false });
        richText(doc, item, MARGIN + indent, y, width - indent);
        doc.moveDown(0.2);
      });
      doc.moveDown(0.3);
      return;
    }
    case 'table': {
      const cols = Math.max(0, ...b.rows.map((r) => r.length));
      if (cols === 0) return;
      const rows = b.rows.map((r) => Array.from({ length: cols }, (_, i) => r[i] ?? ''));
      const [head, ...rest] = rows;
      if (!head) return;
      doc.moveDown(0.3);
      table(doc, head, rest, Array<number>(cols).fill(1), false);
      return;
    }
  }
}

/**
 * A ruled table whose rows never split across pages: each row is measured first and, when it
 * does not fit, goes to the next page under a repeated header row. `placeholder` prints one
 * "—" row for an empty list so the section visibly says "none".
 */
function table(doc: Doc, head: string[], rows: string[][], weights: number[], placeholder: boolean): void {
  const width = doc.page.width - 2 * MARGIN;
  const total = weights.reduce((s, w) => s + w, 0);
  const widths = weights.map((w) => (width * w) / total);
  const body = rows;
  const header = head;
  doc.fontSize(SIZE.table);

  // Every row has a width for each of its cells (the callers pass one weight per column).
  const widthOf = (ws: number[], i: number): number => {
    const w = ws[i];
    if (w === undefined) throw new Error(`table: no width for column ${i + 1}`);
    return w;
  };
  // Each cell in its own face: a "✓" in one cell sets that cell in the sans, not the whole row.
  const measure = (cells: string[], ws: number[], style: FontStyle): number => {
    const heights = cells.map((c, i) => doc.heightOfString(face(doc, c, style), { width: widthOf(ws, i) - 2 * CELL_PAD }));
    return Math.max(doc.currentLineHeight(), ...heights) + 2 * CELL_PAD;
  };
  const draw = (cells: string[], ws: number[], style: FontStyle, height: number, align: 'left' | 'center'): void => {
    const y = doc.y;
    let x = MARGIN;
    doc.lineWidth(0.5);
    cells.forEach((c, i) => {
      const w = widthOf(ws, i);
      doc.rect(x, y, w, height).stroke();
      doc.text(face(doc, c, style), x + CELL_PAD, y + CELL_PAD, {
        width: w - 2 * CELL_PAD,
        // One point of slack so rounding never drops the last measured line.
        height: height - 2 * CELL_PAD + 1,
        ellipsis: true,
        align,
      });
      x += w;
    });
    doc.y = y + height;
  };

  const headHeight = measure(header, widths, 'bold');
  const drawHead = () => draw(header, widths, 'bold', headHeight, 'center');
  const usable = bottom(doc) - doc.page.margins.top - headHeight;
  const lines =
    body.length === 0 && placeholder
      ? [{ cells: ['—'], ws: [width], align: 'center' as const }]
      : body.map((cells) => ({ cells, ws: widths, align: 'left' as const }));

  // The header never stands alone at the foot of a page.
  const first = lines[0] ? Math.min(measure(lines[0].cells, lines[0].ws, 'regular'), usable) : 0;
  ensure(doc, headHeight + first);
  drawHead();
  for (const line of lines) {
    // A row taller than a whole page is clipped (with an ellipsis) rather than split.
    const h = Math.min(measure(line.cells, line.ws, 'regular'), usable);
    if (doc.y + h > bottom(doc)) {
      doc.addPage();
      drawHead();
    }
    draw(line.cells, line.ws, 'regular', h, line.align);
  }
  doc.x = MARGIN;
  doc.moveDown(0.5);
}

/** `keepWith` is the height of what must stay on the last signatures' page (the finalised note). */
function signatures(doc: Doc, s: MinutesExport['signatures'], width: number, keepWith: number): void {
  const half = width / 2;
  const gap = 3.5;
  doc.fontSize(SIZE.body);
  const lineHeight = doc.currentLineHeight(true);
  const cells = signatureCells(s);
  // A lone signature stands on the right, under the place and date, as letters sign.
  const rows: (SignatureCell | null)[][] = [];
  const start = cells.length === 1 ? [null, ...cells] : cells;
  for (let i = 0; i < start.length; i += 2) rows.push([start[i] ?? null, start[i + 1] ?? null]);
  const text = (t: string, style: FontStyle) => doc.heightOfString(face(doc, t, style), { width: half - 12 });
  const cellHeight = (c: SignatureCell | null) =>
    c === null
      ? 0
      : [...c.above.map((t) => text(t, 'regular')), gap * lineHeight, text(c.name, 'bold'), ...c.below.map((t) => text(t, 'regular'))].reduce(
          (a, b) => a + b,
          0,
        );
  const rowHeight = (row: (SignatureCell | null)[]) => Math.max(...row.map(cellHeight)) + lineHeight;
  const placeHeight = text(s.placeDate || ' ', 'regular') + lineHeight * 0.5;
  const total = placeHeight + rows.reduce((sum, r) => sum + rowHeight(r), 0);

  doc.moveDown(2);
  const page = bottom(doc) - doc.page.margins.top;
  // Together with the note on one page when they fit one; else row by row, the first with the date.
  ensure(doc, total + keepWith <= page ? total + keepWith : placeHeight + rowHeight(rows[0] ?? []));
  if (s.placeDate) doc.text(face(doc, s.placeDate, 'regular'), MARGIN + half, doc.y, { width: half, align: 'center' });
  doc.y += lineHeight * 0.5;
  rows.forEach((row, n) => {
    if (n > 0) ensure(doc, rowHeight(row) + (n === rows.length - 1 ? keepWith : 0));
    const top = doc.y;
    // The titles end on one baseline and the lines signed on share one height, across the row.
    const aboveOf = (c: SignatureCell) => c.above.reduce((sum, t) => sum + text(t, 'regular'), 0);
    const above = Math.max(...row.map((c) => (c ? aboveOf(c) : 0)));
    const lineY = top + above + gap * lineHeight;
    let end = top;
    row.forEach((cell, col) => {
      if (!cell) return;
      const x = MARGIN + col * half;
      doc.y = top + above - aboveOf(cell);
      for (const t of cell.above) doc.text(face(doc, t, 'regular'), x, doc.y, { width: half, align: 'center' });
      doc.save();
      doc
        .lineWidth(0.6)
        .moveTo(x + half * 0.18, lineY)
        .lineTo(x + half * 0.82, lineY)
        .stroke();
      doc.restore();
      doc.text(face(doc, cell.name, 'bold'), x, lineY + 3, { width: half, align: 'center' });
      for (const t of cell.below) doc.text(face(doc, t, 'regular'), x, doc.y, { width: half, align: 'center' });
      end = Math.max(end, doc.y);
    });
    doc.x = MARGIN;
    doc.y = end + lineHeight;
  });
}
