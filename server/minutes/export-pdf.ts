import PDFDocument from 'pdfkit';
import type { Block, MinutesExport, TextRun } from '../../shared/minutes/export-model';

type Doc = PDFKit.PDFDocument;

// Points: A4 with 2.5 cm margins.
const MARGIN = (2.5 / 2.54) * 72;
const FONT = { regular: 'Times-Roman', bold: 'Times-Bold', italic: 'Times-Italic', boldItalic: 'Times-BoldItalic' };
const SIZE = { body: 12, table: 10, title: 14, note: 9 };
const HEADING_SIZES = { 1: 14, 2: 13, 3: 12, 4: 12 } as const;
const CELL_PAD = 4;

/** Renders the notulen as an A4 PDF with the standard Times fonts, so no font files ship. */
export async function renderPdf(m: MinutesExport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    info: { Title: m.meetingTitle },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 2 * MARGIN;
  title(doc, m.documentTitle);
  title(doc, m.meetingTitle);
  doc.moveDown(1);
  headerBlock(doc, m.header, width);
  sectionTitle(doc, m.attendanceTitle);
  const attendance = m.attendance.map((a, i) => [String(i + 1), a.opd, a.person, a.status, a.arrived]);
  table(doc, m.attendanceColumns, attendance, [6, 26, 30, 24, 14], true);
  for (const b of m.body) block(doc, b, width);
  sectionTitle(doc, m.followUpsTitle);
  const followUps = m.followUps.map((f) => [String(f.no), f.action, f.opds, f.due, f.status]);
  table(doc, m.followUpColumns, followUps, [6, 40, 22, 16, 16], true);
  const note = m.finalizedNote === null ? null : winAnsi(m.finalizedNote);
  const noteGap = SIZE.note * 2;
  const noteHeight = note === null ? 0 : noteGap + doc.font(FONT.italic).fontSize(SIZE.note).heightOfString(note, { width });
  signatures(doc, m.signatures, width, noteHeight);
  if (note !== null) {
    doc
      .font(FONT.italic)
      .fontSize(SIZE.note)
      .text(note, MARGIN, doc.y + noteGap, { width });
  }
  doc.end();
  return done;
}

// Windows-1252 characters above 0x7F that are not Latin-1: the standard fonts can draw them.
const CP1252_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const FALLBACKS: Record<string, string> = {
  '→': '->',
  '←': '<-',
  '↔': '<->',
  '⇒': '=>',
  '≤': '<=',
  '≥': '>=',
  '≠': '!=',
  '≈': '~',
  '−': '-',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '✓': 'v',
  '✔': 'v',
  '✗': 'x',
  '✘': 'x',
  '′': "'",
  '″': '"',
};

/**
 * The standard PDF fonts only know WinAnsi; anything else would come out as mojibake, so it is
 * approximated (arrows, accents on letters Latin-1 lacks) or shown as "?" so the loss is visible.
 */
export function winAnsi(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRAS.has(ch)) {
      out += ch;
    } else if (ch === '\t' || (code >= 0x2000 && code <= 0x200a) || code === 0x202f) {
      out += ' ';
    } else if (code < 0x20 || (code >= 0x7f && code < 0xa0) || code === 0x200d || (code >= 0xfe00 && code <= 0xfe0f)) {
      // Control characters, zero-width joiners and emoji variation selectors carry no glyph.
    } else if (ch in FALLBACKS) {
      out += FALLBACKS[ch];
    } else {
      const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
      out += base.length > 0 && [...base].every((c) => (c.codePointAt(0) ?? 0) <= 0xff) ? base : '?';
    }
  }
  return out;
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
  doc.font(FONT.bold).fontSize(SIZE.title).text(winAnsi(text), MARGIN, doc.y, { width, align: 'center' });
}

function sectionTitle(doc: Doc, text: string): void {
  doc.moveDown(1);
  doc.font(FONT.bold).fontSize(SIZE.body);
  // Keep the title with at least two lines of what follows.
  ensure(doc, doc.currentLineHeight(true) * 3);
  doc.text(winAnsi(text), MARGIN, doc.y);
  doc.moveDown(0.3);
}

function headerBlock(doc: Doc, header: [string, string][], width: number): void {
  const [wLabel, wColon] = [width * 0.26, width * 0.03];
  const wValue = width - wLabel - wColon;
  doc.font(FONT.regular).fontSize(SIZE.body);
  for (const [label, value] of header) {
    const [l, v] = [winAnsi(label), winAnsi(value)];
    const h = Math.max(doc.heightOfString(l, { width: wLabel }), doc.heightOfString(v, { width: wValue }));
    ensure(doc, h);
    const y = doc.y;
    doc.text(l, MARGIN, y, { width: wLabel });
    doc.text(':', MARGIN + wLabel, y, { width: wColon });
    doc.text(v, MARGIN + wLabel + wColon, y, { width: wValue });
    doc.y = y + h + 2;
  }
}

function fontOf(r: TextRun): string {
  if (r.bold && r.italic) return FONT.boldItalic;
  if (r.bold) return FONT.bold;
  return r.italic ? FONT.italic : FONT.regular;
}

/** Mixed bold/italic runs flow as one paragraph; pdfkit wraps and breaks pages inside it. */
function richText(doc: Doc, runs: TextRun[], x: number, y: number, width: number): void {
  const parts = runs.filter((r) => r.text.length > 0);
  doc.fontSize(SIZE.body);
  if (parts.length === 0) {
    doc.font(FONT.regular).text(' ', x, y, { width });
    return;
  }
  parts.forEach((r, i) => {
    const continued = i < parts.length - 1;
    doc.font(fontOf(r));
    if (i === 0) doc.text(winAnsi(r.text), x, y, { width, continued });
    else doc.text(winAnsi(r.text), { continued });
  });
}

function block(doc: Doc, b: Block, width: number): void {
  switch (b.type) {
    case 'heading': {
      doc.moveDown(0.6);
      doc.font(b.level === 4 ? FONT.boldItalic : FONT.bold).fontSize(HEADING_SIZES[b.level]);
      const text = winAnsi(b.text);
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
        doc.font(FONT.regular).fontSize(SIZE.body);
        ensure(doc, doc.currentLineHeight(true));
        const y = doc.y;
        doc.text(b.ordered ? `${i + 1}.` : '•', MARGIN + 4, y, { width: indent - 4, lineBreak: false });
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
  const body = rows.map((r) => r.map(winAnsi));
  const header = head.map(winAnsi);
  doc.fontSize(SIZE.table);

  // Every row has a width for each of its cells (the callers pass one weight per column).
  const widthOf = (ws: number[], i: number): number => {
    const w = ws[i];
    if (w === undefined) throw new Error(`table: no width for column ${i + 1}`);
    return w;
  };
  const measure = (cells: string[], ws: number[], font: string): number => {
    doc.font(font);
    const heights = cells.map((c, i) => doc.heightOfString(c, { width: widthOf(ws, i) - 2 * CELL_PAD }));
    return Math.max(doc.currentLineHeight(), ...heights) + 2 * CELL_PAD;
  };
  const draw = (cells: string[], ws: number[], font: string, height: number, align: 'left' | 'center'): void => {
    const y = doc.y;
    let x = MARGIN;
    doc.font(font).lineWidth(0.5);
    cells.forEach((c, i) => {
      const w = widthOf(ws, i);
      doc.rect(x, y, w, height).stroke();
      doc.text(c, x + CELL_PAD, y + CELL_PAD, {
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

  const headHeight = measure(header, widths, FONT.bold);
  const drawHead = () => draw(header, widths, FONT.bold, headHeight, 'center');
  const usable = bottom(doc) - doc.page.margins.top - headHeight;
  const lines =
    body.length === 0 && placeholder
      ? [{ cells: ['—'], ws: [width], align: 'center' as const }]
      : body.map((cells) => ({ cells, ws: widths, align: 'left' as const }));

  // The header never stands alone at the foot of a page.
  const first = lines[0] ? Math.min(measure(lines[0].cells, lines[0].ws, FONT.regular), usable) : 0;
  ensure(doc, headHeight + first);
  drawHead();
  for (const line of lines) {
    // A row taller than a whole page is clipped (with an ellipsis) rather than split.
    const h = Math.min(measure(line.cells, line.ws, FONT.regular), usable);
    if (doc.y + h > bottom(doc)) {
      doc.addPage();
      drawHead();
    }
    draw(line.cells, line.ws, FONT.regular, h, line.align);
  }
  doc.x = MARGIN;
  doc.moveDown(0.5);
}

interface SignatureLine {
  text: string;
  font: string;
  underline?: boolean;
  /** Vertical space before the line, in lines: the room for a wet signature and stamp. */
  gapLines?: number;
}

/** `keepWith` is the height of what must stay on the signatures' page (the finalised note). */
function signatures(doc: Doc, s: MinutesExport['signatures'], width: number, keepWith: number): void {
  const half = width / 2;
  const gap = 4;
  const left: SignatureLine[] = [
    { text: 'Mengetahui,', font: FONT.regular },
    { text: s.chairRole, font: FONT.regular },
    { text: s.chairName, font: FONT.bold, underline: true, gapLines: gap },
    { text: s.chairTitle, font: FONT.regular },
  ];
  const right: SignatureLine[] = [
    { text: s.placeDate, font: FONT.regular },
    { text: s.notulisRole, font: FONT.regular },
    { text: s.notulisNames.join(', '), font: FONT.bold, gapLines: gap },
  ];
  doc.fontSize(SIZE.body);
  const lineHeight = doc.currentLineHeight(true);
  const measure = (lines: SignatureLine[]) =>
    lines.reduce((sum, l) => sum + (l.gapLines ?? 0) * lineHeight + doc.font(l.font).heightOfString(winAnsi(l.text), { width: half }), 0);

  doc.moveDown(2);
  // The two signatures, and the note that says which version they sign, share one page.
  ensure(doc, Math.max(measure(left), measure(right)) + keepWith);
  const top = doc.y;
  let end = top;
  for (const [lines, x] of [
    [left, MARGIN],
    [right, MARGIN + half],
  ] as const) {
    doc.y = top;
    for (const l of lines) {
      doc.font(l.font).text(winAnsi(l.text), x, doc.y + (l.gapLines ?? 0) * lineHeight, {
        width: half,
        align: 'center',
        underline: l.underline,
      });
    }
    end = Math.max(end, doc.y);
  }
  doc.x = MARGIN;
  doc.y = end;
}
