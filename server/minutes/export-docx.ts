import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  ImageRun,
  LevelFormat,
  PageNumber,
  Packer,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type FileChild,
  type IRunOptions,
} from 'docx';
import type { Block, ExportLetterhead, MinutesExport, TextRun as MinutesRun } from '../../shared/minutes/export-model';
import { signatureCells } from './signatures';

// Measurements are in twips (1/1440 inch): A4 with 2.5 cm margins leaves 9072 twips of text.
const CM = 567;
const PAGE = { width: 11906, height: 16838, margin: Math.round(2.5 * CM) };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
const FONT = 'Times New Roman';
/** Half-points, as docx counts font sizes. */
const SIZE = { body: 24, small: 20, title: 28 };
const HEADING_SIZES = [28, 26, 24, 24] as const;

const BULLET_REF = 'minutes-bullet';
const ORDERED_REF = 'minutes-ordered';

/** Renders the notulen as an official Word document (A4, Times New Roman 12 pt). */
export async function renderDocx(m: MinutesExport): Promise<Buffer> {
  // Each numbered list gets its own instance so that it restarts at 1.
  let listInstance = 0;
  const nextList = (): number => ++listInstance;

  const children: FileChild[] = [
    ...(m.letterhead ? letterhead(m.letterhead) : []),
    centred(m.documentTitle, SIZE.title),
    centred(m.meetingTitle, SIZE.title),
    ...(m.nomor !== null ? [new Paragraph({ alignment: AlignmentType.CENTER, children: lines(m.nomor) })] : []),
    spacer(),
    headerTable(m.header),
    sectionTitle(m.attendanceTitle),
    gridTable(
      m.attendanceColumns,
      m.attendance.map((a, i) => [String(i + 1), a.opd, a.person, a.status, a.arrived]),
      [6, 26, 30, 24, 14],
    ),
    ...(m.previousFollowUps.length > 0
      ? [
          sectionTitle(m.previousFollowUpsTitle),
          gridTable(
            m.previousFollowUpColumns,
            m.previousFollowUps.map((f) => [String(f.no), f.action, f.from, f.opds, f.due, f.status]),
            [5, 30, 20, 17, 12, 16],
          ),
        ]
      : []),
    ...m.body.flatMap((b) => block(b, nextList)),
    sectionTitle(m.followUpsTitle),
    gridTable(
      m.followUpColumns,
      m.followUps.map((f) => [String(f.no), f.action, f.opds, f.due, f.status]),
      [6, 40, 22, 16, 16],
    ),
    ...(m.lampiran?.length
      ? [sectionTitle(m.lampiranTitle ?? ''), ...block({ type: 'list', ordered: true, items: m.lampiran.map((text) => [{ text }]) }, nextList)]
      : []),
    spacer(),
    signatureTable(m.signatures),
  ];
  if (m.finalizedNote !== null) {
    children.push(
      new Paragraph({
        spacing: { before: 480 },
        children: lines(m.finalizedNote, { italics: true, size: SIZE.small }),
      }),
    );
  }

  const doc = new Document({
    title: m.meetingTitle,
    styles: {
      default: {
        document: { run: { font: FONT, size: SIZE.body }, paragraph: { spacing: { after: 80 } } },
        ...headingStyles(),
      },
    },
    numbering: {
      config: [listDefinition(BULLET_REF, LevelFormat.BULLET, '\u2022'), listDefinition(ORDERED_REF, LevelFormat.DECIMAL, '%1.')],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
          },
        },
        footers: { default: pageFooter(m.pageLabel) },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** "Halaman X dari Y": Word counts the pages itself (the PAGE and NUMPAGES fields). */
function pageFooter(label: string): Footer {
  const [before = '', rest = ''] = label.split('{page}');
  const [middle = '', after = ''] = rest.split('{pages}');
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ size: SIZE.small, children: [clean(before), PageNumber.CURRENT, clean(middle), PageNumber.TOTAL_PAGES, clean(after)] })],
      }),
    ],
  });
}

/** Twips to the pixels (96 to the inch) docx sizes images in. */
const PX_PER_TWIP = 96 / 1440;
const LOGO_TWIPS = 1300;

/**
 * The kop surat: the emblem on the left, the lines centred (with as much room on the right as the
 * emblem takes on the left, so they sit in the middle of the page), a thick-thin double rule under it.
 */
function letterhead(k: ExportLetterhead): FileChild[] {
  const side = k.logo ? LOGO_TWIPS + 100 : 0;
  const middle = TEXT_WIDTH - 2 * side;
  const text = (t: string, run: IRunOptions) => new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 0 }, children: lines(t, run) });
  const texts = [
    text(k.government, { bold: true, size: 28 }),
    ...(k.office ? [text(k.office, { bold: true, size: 32 })] : []),
    ...k.addressLines.map((l) => text(l, { size: SIZE.small })),
    ...(k.contactLine ? [text(k.contactLine, { size: SIZE.small })] : []),
  ];
  const cellOf = (width: number, content: Paragraph[]) =>
    new TableCell({ width: { size: width, type: WidthType.DXA }, verticalAlign: VerticalAlign.CENTER, children: content.length ? content : [spacer()] });
  const cells = [cellOf(middle, texts)];
  if (k.logo) {
    const scale = Math.min(LOGO_TWIPS / k.logo.widthPx, LOGO_TWIPS / k.logo.heightPx) * PX_PER_TWIP;
    const image = new ImageRun({
      type: k.logo.mime === 'image/png' ? 'png' : 'jpg',
      data: k.logo.bytes,
      transformation: { width: Math.round(k.logo.widthPx * scale), height: Math.round(k.logo.heightPx * scale) },
      altText: { name: 'logo', description: `Lambang ${k.government}`, title: k.government },
    });
    cells.unshift(cellOf(side, [new Paragraph({ alignment: AlignmentType.LEFT, children: [image] })]));
    cells.push(cellOf(side, []));
  }
  return [
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: k.logo ? [side, middle, side] : [middle],
      layout: TableLayoutType.FIXED,
      borders: TableBorders.NONE,
      rows: [new TableRow({ cantSplit: true, children: cells })],
    }),
    new Paragraph({
      spacing: { after: 240 },
      border: { bottom: { style: BorderStyle.THICK_THIN_SMALL_GAP, size: 24, color: '000000', space: 1 } },
      children: [],
    }),
  ];
}

// Heading styles are redefined so that Word's blue theme headings do not leak into an official
// document: black, the body font, shrinking with depth.
function headingStyles() {
  const style = (size: number) => ({
    run: { font: FONT, size, bold: true, color: '000000' },
    paragraph: { spacing: { before: 240, after: 120 }, keepNext: true },
  });
  return {
    heading1: style(HEADING_SIZES[0]),
    heading2: style(HEADING_SIZES[1]),
    heading3: style(HEADING_SIZES[2]),
    heading4: { ...style(HEADING_SIZES[3]), run: { ...style(HEADING_SIZES[3]).run, italics: true } },
  };
}

function listDefinition(reference: string, format: (typeof LevelFormat)[keyof typeof LevelFormat], text: string) {
  return {
    reference,
    levels: [
      {
        level: 0,
        format,
        text,
        alignment: AlignmentType.START,
        style: { paragraph: { indent: { left: 720, hanging: 360 } } },
      },
    ],
  };
}

function centred(text: string, size: number): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: lines(text, { bold: true, size }),
  });
}

function spacer(): Paragraph {
  return new Paragraph({ children: [] });
}

function sectionTitle(text: string): Paragraph {
  return new Paragraph({
    spacing: { before: 240, after: 120 },
    keepNext: true,
    children: lines(text, { bold: true }),
  });
}

// Control characters pasted from other programs are invalid in XML, and Word refuses the whole file.
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are what gets removed.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function clean(text: string): string {
  return text.replace(XML_INVALID, '');
}

/** A "\n" typed inside a run becomes a line break, which a w:t cannot hold. */
function runs(list: MinutesRun[], extra: IRunOptions = {}): TextRun[] {
  return list.flatMap((r) => lines(r.text, { ...extra, bold: r.bold, italics: r.italic }));
}

/**
 * One text as runs split at its line breaks (w:br): a multi-line Acara or a heading with a
 * break keeps its lines, where a "\n" inside one w:t would run them together.
 */
function lines(text: string, run: IRunOptions = {}): TextRun[] {
  return clean(text)
    .split(/\r?\n/)
    .map((line, i) => new TextRun({ ...run, text: line, break: i > 0 ? 1 : undefined }));
}

const HEADING_NAMES = ['Heading1', 'Heading2', 'Heading3', 'Heading4'] as const;

function block(b: Block, nextList: () => number): FileChild[] {
  switch (b.type) {
    case 'heading':
      return [new Paragraph({ style: HEADING_NAMES[b.level - 1], children: lines(b.text) })];
    case 'paragraph':
      return [new Paragraph({ alignment: AlignmentType.JUSTIFIED, children: runs(b.runs) })];
    case 'list': {
      const instance = nextList();
      const reference = b.ordered ? ORDERED_REF : BULLET_REF;
      return b.items.map((item) => new Paragraph({ numbering: { reference, level: 0, instance }, children: runs(item) }));
    }
    case 'table': {
      const width = Math.max(0, ...b.rows.map((r) => r.length));
      if (width === 0) return [];
      const rows = b.rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
      const [head, ...rest] = rows;
      if (!head) return [];
      return [gridTable(head, rest, Array<number>(width).fill(1), false), spacer()];
    }
  }
}

/** Splits the text width in proportion to the given weights. */
function columnWidths(weights: number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  return weights.map((w) => Math.floor((TEXT_WIDTH * w) / total));
}

/** Column `i`'s width: the callers pass one weight per column, so a missing one is a bug. */
function widthOf(widths: number[], i: number): number {
  const w = widths[i];
  if (w === undefined) throw new Error(`table: no width for column ${i + 1}`);
  return w;
}

function cell(text: string, width: number, opts: { bold?: boolean; span?: number; centre?: boolean } = {}): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    columnSpan: opts.span,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: clean(text)
      .split(/\r?\n/)
      .map(
        (line) =>
          new Paragraph({
            spacing: { after: 0 },
            alignment: opts.centre ? AlignmentType.CENTER : AlignmentType.LEFT,
            children: [new TextRun({ text: line, bold: opts.bold })],
          }),
      ),
  });
}

/**
 * A bordered table with a bold header row repeated on every page. With `placeholder`, an empty
 * table shows one "—" row so that the reader sees "none" rather than a table that looks cut off.
 */
function gridTable(head: string[], rows: string[][], weights: number[], placeholder = true): Table {
  const widths = columnWidths(weights);
  const headRow = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: head.map((h, i) => cell(h, widthOf(widths, i), { bold: true, centre: true })),
  });
  const bodyRows =
    rows.length === 0 && placeholder
      ? [
          new TableRow({
            children: [cell('\u2014', TEXT_WIDTH, { span: head.length, centre: true })],
          }),
        ]
      : rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, widthOf(widths, i))) }));
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [headRow, ...bodyRows],
  });
}

/** The "label : value" block under the title: borderless, with the colons aligned. */
function headerTable(header: [string, string][]): Table {
  const widths = columnWidths([26, 3, 71]);
  const labelWidth = widthOf(widths, 0);
  const colonWidth = widthOf(widths, 1);
  const valueWidth = widthOf(widths, 2);
  const plain = (text: string, width: number) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      children: [new Paragraph({ spacing: { after: 40 }, children: lines(text) })],
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: header.map(([label, value]) => new TableRow({ children: [plain(label, labelWidth), plain(':', colonWidth), plain(value, valueWidth)] })),
  });
}

/** The chair's signature (when there is one), then one per notulis, two to a row; a lone one on the right. */
function signatureTable(s: MinutesExport['signatures']): Table {
  const half = Math.floor(TEXT_WIDTH / 2);
  const line = (text: string, run: IRunOptions = {}) => new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 0 }, children: lines(text, run) });
  // Room for a wet signature and the office stamp, then the line signed on.
  const blank = () => [line(''), line(''), line('')];
  const signedOn = (name: string) =>
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 120, after: 0 },
      indent: { left: Math.round(half * 0.18), right: Math.round(half * 0.18) },
      border: { top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 4 } },
      children: lines(name, { bold: true }),
    });
  const column = (children: Paragraph[]) => new TableCell({ width: { size: half, type: WidthType.DXA }, children: children.length ? children : [spacer()] });
  const cells = signatureCells(s);
  const placed = cells.length === 1 ? [null, ...cells] : cells;
  const rows: TableRow[] = [new TableRow({ children: [column([]), column([line(s.placeDate), line('')])] })];
  for (let i = 0; i < placed.length; i += 2) {
    rows.push(
      new TableRow({
        cantSplit: true,
        children: [placed[i], placed[i + 1]].map((c) =>
          column(c ? [...c.above.map((t) => line(t)), ...blank(), signedOn(c.name), ...c.below.map((t) => line(t)), line('')] : []),
        ),
      }),
    );
  }
  return new Table({
    width: { size: half * 2, type: WidthType.DXA },
    columnWidths: [half, half],
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows,
  });
}
