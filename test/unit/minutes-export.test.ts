import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import type { Block, MinutesExport } from '../../shared/minutes/export-model';
import { renderDocx } from '../../server/minutes/export-docx';
import { renderMarkdown } from '../../server/minutes/export-md';
import { renderPdf } from '../../server/minutes/export-pdf';
import { sampleMinutes } from '../factories/minutes-export';
import { at } from '../helpers/at';

const STANDARD_FONTS = fileURLToPath(new URL('../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url));

const squeeze = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** What a reader of any of the three formats must find: one line of text each. */
function expectedTexts(m: MinutesExport): string[] {
  const paragraph = m.body.find((b): b is Extract<Block, { type: 'paragraph' }> => b.type === 'paragraph');
  return [
    m.documentTitle,
    m.meetingTitle,
    'Senin, 13 Juni 2022',
    '08.30–11.45 WITA',
    ...m.attendance.flatMap((a) => [a.opd, a.status]),
    ...(paragraph ? [paragraph.runs.map((r) => r.text).join('')] : []),
    ...m.followUps.flatMap((f) => [f.action, f.opds, f.due]),
    m.signatures.chairName,
    m.signatures.placeDate,
    ...m.signatures.notulisNames,
    ...(m.finalizedNote ? [m.finalizedNote] : []),
  ];
}

async function docxXml(m: MinutesExport): Promise<string> {
  const zip = await JSZip.loadAsync(await renderDocx(m));
  const xml = await zip.file('word/document.xml')?.async('string');
  if (xml === undefined) throw new Error('word/document.xml missing');
  return xml;
}

/** Word splits text into runs; dropping the tags joins them, and a paragraph end is a space. */
function docxText(xml: string): string {
  const text = xml
    .replace(/<\/w:p>|<w:tab\/>|<w:br\/>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
  return squeeze(text);
}

interface PdfText {
  pages: number;
  text: string;
  /** Each page's text with all whitespace removed. */
  pageTexts: string[];
  title: unknown;
}

async function pdfText(buf: Buffer): Promise<PdfText> {
  const pdf = await getDocument({
    data: new Uint8Array(buf),
    useSystemFonts: false,
    disableFontFace: true,
    standardFontDataUrl: STANDARD_FONTS,
  }).promise;
  const pageTexts: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    let page = '';
    for (const item of content.items) if ('str' in item) page += item.str + (item.hasEOL ? ' ' : '');
    pageTexts.push(page);
  }
  const text = pageTexts.join(' ');
  const meta = await pdf.getMetadata();
  const title = (meta.info as Record<string, unknown>).Title;
  await pdf.destroy();
  return { pages: pdf.numPages, text: squeeze(text), pageTexts: pageTexts.map((t) => t.replace(/\s+/g, '')), title };
}

/**
 * Table cells wrap, and each cell is drawn line by line before the next one, so a wrapped phrase
 * is still contiguous in the content stream, only with line breaks in it: compare without spaces.
 */
function expectAllInPdf(text: string, needles: string[]): void {
  const flat = text.replace(/\s+/g, '');
  for (const needle of needles) expect(flat, needle).toContain(needle.replace(/\s+/g, ''));
}

const empty = (): MinutesExport => sampleMinutes({ attendance: [], followUps: [], body: [] });

describe('minutes export: Word', () => {
  it('M8 the Word export holds the header, attendance, body, follow-ups and signatures', async () => {
    const m = sampleMinutes();
    const xml = await docxXml(m);
    expect(xml.startsWith('<?xml')).toBe(true);
    expect(xml).toContain('<w:document');
    const text = docxText(xml);
    for (const needle of expectedTexts(m)) expect(text, needle).toContain(squeeze(needle));
    expect(text).toContain('Rina Wulandari, Andi Saputra');
    expect(text).toContain('Mengetahui,');
  });

  it('M8 the Word export prints a "—" row for empty attendance and follow-ups', async () => {
    const xml = await docxXml(empty());
    expect(xml).toContain('<w:document');
    expect(docxText(xml).match(/—/g)?.length).toBe(2);
  });

  it('M8 pasted control characters and line breaks do not corrupt the Word file', async () => {
    const m = sampleMinutes({
      body: [{ type: 'paragraph', runs: [{ text: 'Baris satu\u0001\nBaris dua → 📎' }] }],
    });
    const xml = await docxXml(m);
    expect(xml).not.toContain('\u0001');
    expect(xml).toContain('<w:br/>');
    expect(docxText(xml)).toContain('Baris satu Baris dua → 📎');
  });
});

describe('minutes export: PDF', () => {
  it('M8 the PDF export holds the same texts and carries the meeting title', async () => {
    const m = sampleMinutes();
    const buf = await renderPdf(m);
    expect(buf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text, title } = await pdfText(buf);
    expectAllInPdf(text, expectedTexts(m));
    expect(title).toBe(m.meetingTitle);
  });

  it('M8 a long body flows over several pages without cutting table rows', async () => {
    const paragraphs: Block[] = Array.from({ length: 200 }, (_, n) => ({
      type: 'paragraph',
      runs: [{ text: `Paragraf ${n + 1}: `, bold: true }, { text: 'laporan OPD tentang capaian program prioritas daerah.' }],
    }));
    const attendance = Array.from({ length: 60 }, (_, n) => ({
      opd: `OPD ${n + 1}`,
      person: `Peserta ${n + 1}`,
      status: n % 3 === 0 ? 'Izin: rapat di provinsi, diwakili staf' : 'Hadir di ruang',
      arrived: '08.30 WITA',
    }));
    const { pages, text, pageTexts } = await pdfText(await renderPdf(sampleMinutes({ body: paragraphs, attendance })));
    expect(pages).toBeGreaterThanOrEqual(4);
    expectAllInPdf(text, ['Paragraf 1:', 'Paragraf 200:', 'OPD 60', 'Kasmidi Bulang']);
    // A row cut by a page break would have its cells, or a cell's two lines, on two pages.
    for (const [n, a] of attendance.entries()) {
      const row = [n + 1, a.opd, a.person, a.status, a.arrived].join('').replace(/\s+/g, '');
      expect(pageTexts.filter((t) => t.includes(row)).length, row).toBe(1);
    }
    // The attendance spans pages, and each of its pages starts again with the column titles.
    expect(pageTexts.filter((t) => t.includes('NoOPDNamaKehadiranDatang')).length).toBeGreaterThanOrEqual(2);
  });

  it('M8 the PDF embeds its fonts and prints every character as typed: diacritics, "≥", "→", "✓"; an emoji shows as "?" (one per code point)', async () => {
    const odd = 'Pemaparan André → lampiran ≥ 80% ✓ selesai 📎 👍🏽 Ŝ ő';
    const m = sampleMinutes({
      meetingTitle: `Coffee Morning ${odd}`,
      body: [
        { type: 'paragraph', runs: [{ text: odd }] },
        { type: 'paragraph', runs: [{ text: 'Realisasi ≥ 61 persen → APBD Perubahan', bold: true }] },
      ],
      followUps: [{ no: 1, action: odd, opds: 'Dinkes', due: '-', status: '✓ Selesai' }],
    });
    const buf = await renderPdf(m);
    const { text, title } = await pdfText(buf);
    expectAllInPdf(text, ['Pemaparan André → lampiran ≥ 80% ✓ selesai ? ?? Ŝ ő', 'Realisasi ≥ 61 persen → APBD Perubahan', '✓ Selesai', '08.30–11.45 WITA']);
    // The document info is UTF-16, so the title keeps the original characters.
    expect(title).toBe(m.meetingTitle);
    // Every face is embedded (a subset of DejaVu), none of the reader's standard fonts is relied on.
    const raw = buf.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSerif\b/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
    expect(raw).toContain('/FontFile2');
    expect(raw).not.toMatch(/\/BaseFont \/(Times|Helvetica|Courier)/);
  });

  it('M8 empty attendance, follow-ups and body still give a PDF', async () => {
    const { text } = await pdfText(await renderPdf(empty()));
    expectAllInPdf(text, ['NOTULEN RAPAT', 'Daftar Hadir', 'Tindak Lanjut', 'Kasmidi Bulang']);
    expect(text.match(/—/g)?.length).toBe(2);
  });
});

describe('minutes export: Markdown', () => {
  it('M8 the Markdown export holds the same texts in order', () => {
    const m = sampleMinutes();
    const md = renderMarkdown(m);
    // Read past the emphasis markers, as a reader of the rendered page would.
    const text = squeeze(md.replace(/\*\*/g, '').replace(/(?<!\\)_/g, ''));
    for (const needle of expectedTexts(m)) expect(text, needle).toContain(needle);
    expect(md.startsWith('# NOTULEN RAPAT\n')).toBe(true);
    expect(md).toContain('## Pembukaan');
    expect(md).toContain('### Dinas Kesehatan');
    expect(md).toContain('**Tanggapan Pimpinan:** ');
    expect(md).toContain('(_booster_)');
    expect(md).toContain('1. Kebutuhan anggaran P3K');
    expect(md).toContain('| Sangatta Selatan | 72% | 24% |');
    const order = ['Daftar Hadir', 'Pembukaan', 'Penutup', 'Tindak Lanjut', 'Mengetahui,', 'Difinalkan'].map((s) => md.indexOf(s));
    expect(order.every((pos, n) => pos >= 0 && (n === 0 || pos > at(order, n - 1, 'previous heading')))).toBe(true);
  });

  it('M8 a "|" inside a table cell is escaped', () => {
    const m = sampleMinutes({
      attendance: [{ opd: 'Dinkes: Dinas Kesehatan', person: 'Budi | Staf Ahli', status: 'Hadir di ruang', arrived: '' }],
    });
    const md = renderMarkdown(m);
    expect(md).toContain('| 1 | Dinkes: Dinas Kesehatan | Budi \\| Staf Ahli | Hadir di ruang |  |');
  });

  it('M8 empty attendance, follow-ups and body still give Markdown with "—" rows', () => {
    const md = renderMarkdown(empty());
    expect(md).toContain('## Daftar Hadir');
    expect(md.match(/^\| — \|/gm)?.length).toBe(2);
    expect(md).toContain('**Kasmidi Bulang**');
  });
});
