import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import type { MinutesExport } from '../../shared/minutes/export-model';
import { renderDocx } from '../../server/minutes/export-docx';
import { renderMarkdown } from '../../server/minutes/export-md';
import { renderPdf } from '../../server/minutes/export-pdf';
import { buildExport } from '../../server/minutes/build-export';
import { MINUTES_PARTS } from '../../shared/minutes/layout';
import * as Y from 'yjs';
import { sampleMinutes } from '../factories/minutes-export';
import { fixtureMeeting } from '../helpers/queue-fixture';

const STANDARD_FONTS = fileURLToPath(new URL('../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url));

const ACARA = '1. Pembukaan\n2. Paparan OPD\n3. Arahan pimpinan';

/** The minutes with a three-line Acara, as a notulis types it. */
function withAcara(extra: Partial<MinutesExport> = {}): MinutesExport {
  const m = sampleMinutes(extra);
  return { ...m, header: m.header.map(([label, value]) => [label, label === 'Acara' ? ACARA : value] as [string, string]) };
}

async function documentXml(m: MinutesExport): Promise<string> {
  const zip = await JSZip.loadAsync(await renderDocx(m));
  const xml = await zip.file('word/document.xml')?.async('string');
  if (xml === undefined) throw new Error('word/document.xml missing');
  return xml;
}

/** The Word paragraph (w:p) holding `needle`. */
function paragraphWith(xml: string, needle: string): string {
  const found = xml.match(/<w:p>.*?<\/w:p>|<w:p [^>]*>.*?<\/w:p>/gs)?.find((p) => p.includes(needle));
  if (!found) throw new Error(`no paragraph holds ${needle}`);
  return found;
}

/** The texts of a paragraph's runs, with "\n" where Word breaks the line. */
function linesOf(paragraph: string): string[] {
  const flat = paragraph
    .replace(/<w:br\/>/g, '\u2028')
    .replace(/<w:t(?: [^>]*)?>(.*?)<\/w:t>/g, '$1\u2029')
    .replace(/<[^>]+>/g, '');
  return flat.replace(/\u2029/g, '').split('\u2028');
}

describe('the exports keep what was typed: HTML stays text', () => {
  const hostile = '<script>alert("rakor")</script> & <img src=x onerror=alert(1)> &lt;b&gt;';

  it('E4 raw HTML typed by a notulis comes out of the Markdown export inert: <, > and & as entities, everywhere', () => {
    const m = sampleMinutes({
      meetingTitle: `Rakor ${hostile}`,
      header: [['Acara', hostile]],
      attendance: [{ opd: `Dinkes: ${hostile}`, person: hostile, status: 'Hadir di ruang', arrived: '' }],
      body: [
        { type: 'heading', level: 3, text: hostile },
        { type: 'paragraph', runs: [{ text: hostile }, { text: ` ${hostile}`, bold: true }] },
        { type: 'list', ordered: false, items: [[{ text: hostile, italic: true }]] },
        { type: 'table', rows: [['Kolom'], [hostile]] },
      ],
      followUps: [{ no: 1, action: hostile, opds: 'Dinkes', due: '-', status: 'Belum' }],
    });
    const md = renderMarkdown(m);
    // The only markup of Rakor's own is <br> in table cells and headings; nothing of the notulis's.
    expect(md.replace(/<br>/g, '')).not.toMatch(/[<>]/);
    expect(md).not.toContain('<script');
    expect(md).toContain('&lt;script&gt;alert("rakor")&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt; &amp;lt;b&amp;gt;');
    // Each place it was typed: title, header, attendance, heading, paragraph, bold, list, table, follow-up.
    expect(md.split('&lt;script&gt;').length - 1).toBe(10);
  });

  it('E4 tags typed into a heading or a table cell of the document reach the export as the text typed, not stripped', () => {
    const doc = new Y.Doc();
    const typed = 'Anggaran <b> & <script>x</script> tetap';
    const text = (value: string) => {
      const t = new Y.XmlText();
      t.insert(0, value);
      return t;
    };
    // One text node with a bold part, as the editor writes it (toString() would give "<bold> tebal</bold>").
    const headingText = text(typed);
    headingText.insert(typed.length, ' tebal', { bold: true });
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', '3');
    heading.insert(0, [headingText]);
    const cell = new Y.XmlElement('tableCell');
    const cellParagraph = new Y.XmlElement('paragraph');
    cellParagraph.insert(0, [text(typed)]);
    cell.insert(0, [cellParagraph]);
    const row = new Y.XmlElement('tableRow');
    row.insert(0, [cell]);
    const table = new Y.XmlElement('table');
    table.insert(0, [row]);
    doc.getXmlFragment(MINUTES_PARTS.body).insert(0, [heading, table]);
    const m = buildExport({ doc, meeting: fixtureMeeting(), queue: null, opds: [], status: null, city: '' });
    expect(m.body).toEqual([
      { type: 'heading', level: 3, text: `${typed} tebal` },
      { type: 'table', rows: [[typed]] },
    ]);
    expect(renderMarkdown(m)).toContain('### Anggaran &lt;b&gt; &amp; &lt;script&gt;x&lt;/script&gt; tetap tebal');
  });

  it('E4 a typed line that would open a heading, list, quote or setext underline stays a plain line', () => {
    const typed = 'Catatan:\n# bukan judul\n- bukan daftar\n1. bukan nomor\n> bukan kutipan\n===';
    const md = renderMarkdown(sampleMinutes({ body: [{ type: 'paragraph', runs: [{ text: typed }] }] }));
    expect(md).toContain('Catatan:  \n\\# bukan judul  \n\\- bukan daftar  \n1\\. bukan nomor  \n&gt; bukan kutipan  \n\\===');
    // A break at the end of a bold run, the next line in a plain run: still guarded.
    const split = renderMarkdown(sampleMinutes({ body: [{ type: 'paragraph', runs: [{ text: 'Tebal\n', bold: true }, { text: '- lanjut' }] }] }));
    expect(split).toContain('**Tebal**  \n\\- lanjut');
  });
});

describe('the exports keep what was typed: line breaks stay line breaks', () => {
  it('E5 a multi-line Acara keeps its lines in the Word export (w:br), and so does a heading with a break', async () => {
    const xml = await documentXml(withAcara({ body: [{ type: 'heading', level: 3, text: 'Laporan Dinkes\nBidang P2P' }] }));
    const acara = paragraphWith(xml, 'Pembukaan');
    // No w:t may hold a raw line break: Word would show it as a space, one run-on line.
    expect(xml).not.toMatch(/<w:t(?: [^>]*)?>[^<]*\n/);
    expect(linesOf(acara)).toEqual(['1. Pembukaan', '2. Paparan OPD', '3. Arahan pimpinan']);
    expect(linesOf(paragraphWith(xml, 'Laporan Dinkes'))).toEqual(['Laporan Dinkes', 'Bidang P2P']);
  });

  it('E5 the PDF export sets each line of the Acara on its own line', async () => {
    const pdf = await getDocument({
      data: new Uint8Array(await renderPdf(withAcara())),
      useSystemFonts: false,
      disableFontFace: true,
      standardFontDataUrl: STANDARD_FONTS,
    }).promise;
    const content = await (await pdf.getPage(1)).getTextContent();
    const rows = new Map<string, number>();
    for (const item of content.items) if ('str' in item && item.str.trim()) rows.set(item.str.trim(), item.transform[5] as number);
    await pdf.destroy();
    const ys = ['1. Pembukaan', '2. Paparan OPD', '3. Arahan pimpinan'].map((line) => rows.get(line));
    expect(ys.every((y) => typeof y === 'number')).toBe(true);
    // Three lines, each below the one before (PDF y grows upwards).
    expect(ys[0]! > ys[1]! && ys[1]! > ys[2]!).toBe(true);
  });

  it("E5 the Markdown export breaks the Acara's lines (hard breaks), guarding each line's start", () => {
    const md = renderMarkdown(withAcara());
    expect(md).toContain('**Acara**: 1. Pembukaan  \n2\\. Paparan OPD  \n3\\. Arahan pimpinan');
  });
});
