import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import type { Block, ExportLetterhead } from '../../shared/minutes/export-model';
import { formatNomor, patternProblem, romanMonth } from '../../shared/minutes/numbering';
import { diffLines, diffVersions } from '../../shared/minutes/version-diff';
import { letterheadInputSchema } from '../../shared/protocol/letterhead';
import { renderDocx } from '../../server/minutes/export-docx';
import { renderMarkdown } from '../../server/minutes/export-md';
import { renderPdf } from '../../server/minutes/export-pdf';
import { probeImage } from '../../server/minutes/logo-image';
import { demoLogoPng, encodePng } from '../../server/demo/logo';
import { sampleMinutes } from '../factories/minutes-export';

const STANDARD_FONTS = fileURLToPath(new URL('../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url));

/** Each page's text, spaces squeezed. */
async function pdfPages(buf: Buffer): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(buf), useSystemFonts: false, disableFontFace: true, standardFontDataUrl: STANDARD_FONTS }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(
      content.items
        .map((item) => ('str' in item ? item.str + (item.hasEOL ? ' ' : '') : ''))
        .join('')
        .replace(/\s+/g, ' '),
    );
  }
  await pdf.destroy();
  return pages;
}

const KOP: ExportLetterhead = {
  government: 'PEMERINTAH KABUPATEN KUTAI TIMUR',
  office: 'SEKRETARIAT DAERAH',
  addressLines: ['Jl. Soekarno-Hatta, Bukit Pelangi, Sangatta', 'Kutai Timur, Kalimantan Timur'],
  contactLine: 'Telepon (0549) 21001 · Pos-el setda@example.go.id',
  logo: { bytes: demoLogoPng(120), mime: 'image/png', widthPx: 120, heightPx: 120 },
};

const official = (overrides = {}) =>
  sampleMinutes({
    letterhead: KOP,
    nomor: 'Nomor: 007/NOT-RAKOR/SETDA/2022',
    signatures: { ...sampleMinutes().signatures, notulisNames: ['Rina Wulandari', 'Andi Saputra'] },
    ...overrides,
  });

describe('nomor notulen', () => {
  it('OD2 the pattern spells the yearly number with its padding, the year, the month and the Roman month', () => {
    expect(formatNomor('{no:3}/NOT-RAKOR/SETDA/{tahun}', 7, '2026-03-02')).toBe('007/NOT-RAKOR/SETDA/2026');
    expect(formatNomor('{no}/NOT/{bulan_romawi}/{tahun}', 12, '2022-06-13')).toBe('12/NOT/VI/2022');
    expect(formatNomor('{no:2}.{bulan}.{tahun}', 1234, '2022-11-30')).toBe('1234.11.2022');
    expect(formatNomor('{no:5}', 42, '2022-01-01')).toBe('00042');
    expect(Array.from({ length: 12 }, (_, i) => romanMonth(i + 1))).toEqual(['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII']);
    expect(() => romanMonth(13)).toThrow(RangeError);
  });

  it('OD2 a pattern without {no}, with it twice, with an unknown token, a bad padding or a stray brace is refused, naming why', () => {
    expect(patternProblem('NOT/{tahun}')).toEqual({ problem: 'missingNo' });
    expect(patternProblem('{no}/{no:3}')).toEqual({ problem: 'repeatedNo' });
    expect(patternProblem('{no}/{thn}')).toEqual({ problem: 'unknownToken', token: '{thn}' });
    expect(patternProblem('{no:0}')).toEqual({ problem: 'badPadding', token: '{no:0}' });
    expect(patternProblem('{no:9}')).toEqual({ problem: 'badPadding', token: '{no:9}' });
    expect(patternProblem('{no}/SETDA}')).toEqual({ problem: 'unbalanced' });
    expect(patternProblem('{no:3}/NOT-RAKOR/{bulan_romawi}/{tahun}')).toBeNull();
    const refused = letterheadInputSchema.safeParse({ government: 'PEMERINTAH KABUPATEN KUTAI TIMUR', numberingPattern: '{thn}/{no}' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ path: ['numberingPattern'], message: 'letterhead.field.unknownToken' });
  });
});

describe('what changed between versions', () => {
  it('OD5 the line diff keeps the common lines and marks what was added and removed', () => {
    expect(diffLines(['a', 'b', 'c', 'd'], ['a', 'c', 'x', 'd'])).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'x' },
      { kind: 'same', text: 'd' },
    ]);
    expect(diffLines([], ['a'])).toEqual([{ kind: 'added', text: 'a' }]);
    expect(diffLines(['a'], [])).toEqual([{ kind: 'removed', text: 'a' }]);
  });

  it('OD5 a paragraph added, a header field changed and a follow-up row edited show in their parts, with the unchanged far away folded', () => {
    const before = sampleMinutes();
    const added: Block = { type: 'paragraph', runs: [{ text: 'Ralat: ', bold: true }, { text: 'rapat dilanjutkan pekan depan.' }] };
    const after = sampleMinutes({
      header: before.header.map(([l, v]): [string, string] => (l === 'Tempat' ? [l, 'Ruang Tempudau'] : [l, v])),
      body: [...before.body, added],
      followUps: before.followUps.map((f) => (f.no === 2 ? { ...f, status: 'Selesai' } : f)),
    });
    const diff = diffVersions(before, after, 2, 1);
    expect(diff.sections.map((s) => s.part)).toEqual(['header', 'body', 'followUps']);
    const [header, body, followUps] = diff.sections;
    expect(header?.lines).toContainEqual({ kind: 'removed', text: 'Tempat: Ruang Meranti, Kantor Bupati Kutai Timur, Bukit Pelangi' });
    expect(header?.lines).toContainEqual({ kind: 'added', text: 'Tempat: Ruang Tempudau' });
    expect(body).toMatchObject({ added: 1, removed: 0 });
    expect(body?.lines.at(-1)).toEqual({ kind: 'added', text: 'Ralat: rapat dilanjutkan pekan depan.' });
    expect(body?.lines[0]).toMatchObject({ kind: 'skipped' });
    expect(followUps).toMatchObject({ added: 1, removed: 1 });
    expect(diffVersions(before, before, 2, 1).sections).toEqual([]);
  });
});

describe('the kop surat, the nomor, the pages and the signatures', () => {
  it('OD3 the PDF prints the kop lines and the nomor on the first page, "Halaman X dari N" on every page, and one signature per notulis', async () => {
    const paragraphs: Block[] = Array.from({ length: 120 }, (_, n) => ({
      type: 'paragraph',
      runs: [{ text: `Paragraf ${n + 1}: laporan capaian program prioritas daerah.` }],
    }));
    const buf = await renderPdf(official({ body: paragraphs }));
    const pages = await pdfPages(buf);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const first = pages[0] ?? '';
    for (const line of [
      'PEMERINTAH KABUPATEN KUTAI TIMUR',
      'SEKRETARIAT DAERAH',
      'Jl. Soekarno-Hatta, Bukit Pelangi, Sangatta',
      'Nomor: 007/NOT-RAKOR/SETDA/2022',
    ])
      expect(first).toContain(line);
    expect(first.indexOf('PEMERINTAH KABUPATEN KUTAI TIMUR')).toBeLessThan(first.indexOf('NOTULEN RAPAT'));
    // The kop is the first page's alone.
    expect(pages.slice(1).some((p) => p.includes('SEKRETARIAT DAERAH'))).toBe(false);
    pages.forEach((p, i) => expect(p).toContain(`Halaman ${i + 1} dari ${pages.length}`));
    const last = pages.at(-1) ?? '';
    expect(last).toContain('Rina Wulandari');
    expect(last).toContain('Andi Saputra');
    expect(last.match(/Notulis/g)?.length).toBe(2);
    expect(last).toContain('Mengetahui,');
    // The emblem is in the file, as an image.
    expect(buf.toString('latin1')).toMatch(/\/Subtype \/Image/);
  });

  it('OD3 without a kop surat nor a nomor the PDF starts with its title, as before, and has no image', async () => {
    const buf = await renderPdf(sampleMinutes());
    const pages = await pdfPages(buf);
    expect(pages[0]?.trimStart().startsWith('NOTULEN RAPAT')).toBe(true);
    expect(pages[0]).not.toContain('Nomor:');
    expect(buf.toString('latin1')).not.toMatch(/\/Subtype \/Image/);
    pages.forEach((p, i) => expect(p).toContain(`Halaman ${i + 1} dari ${pages.length}`));
  });

  it('OD3 the Word file carries the kop, the emblem, the nomor, PAGE and NUMPAGES fields in its footer, and two notulis signatures', async () => {
    const zip = await JSZip.loadAsync(await renderDocx(official()));
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const text = xml.replace(/<[^>]+>/g, '');
    for (const line of ['PEMERINTAH KABUPATEN KUTAI TIMUR', 'SEKRETARIAT DAERAH', 'Kutai Timur, Kalimantan Timur', 'Nomor: 007/NOT-RAKOR/SETDA/2022'])
      expect(text).toContain(line);
    expect(text.indexOf('PEMERINTAH KABUPATEN')).toBeLessThan(text.indexOf('NOTULEN RAPAT'));
    expect(xml).toContain('w:val="thickThinSmallGap"');
    expect(Object.keys(zip.files).some((f) => /^word\/media\/.+\.png$/.test(f))).toBe(true);
    // The signatures: "Notulis" once per notulis, each name in a paragraph of its own.
    const signatures = text.slice(text.lastIndexOf('Mengetahui,'));
    expect(signatures.match(/Notulis/g)?.length).toBe(2);
    expect(xml).toMatch(/<w:t[^>]*>Rina Wulandari<\/w:t>/);
    expect(xml).toMatch(/<w:t[^>]*>Andi Saputra<\/w:t>/);
    const footerName = Object.keys(zip.files).find((f) => /^word\/footer\d*\.xml$/.test(f));
    const footer = (footerName && (await zip.file(footerName)?.async('string'))) || '';
    expect(footer).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
    expect(footer).toMatch(/<w:instrText[^>]*>\s*NUMPAGES\s*<\/w:instrText>/);
    expect(footer.replace(/<[^>]+>/g, '')).toContain('Halaman');
    expect(footer.replace(/<[^>]+>/g, '')).toContain('dari');
  });

  it('OD3 the Markdown puts the kop lines and the nomor above the text and one signature per notulis', () => {
    const md = renderMarkdown(official());
    expect(md.startsWith('**PEMERINTAH KABUPATEN KUTAI TIMUR**')).toBe(true);
    expect(md).toContain('Nomor: 007/NOT\\-RAKOR/SETDA/2022'.replace('\\-', '-'));
    expect(md.match(/^Notulis {2}$/gm)?.length).toBe(2);
    expect(md).toContain('**Andi Saputra**');
    expect(renderMarkdown(sampleMinutes()).startsWith('# NOTULEN RAPAT')).toBe(true);
  });

  it('OD3 with no chair a lone notulis signs on the right, and the export still builds', async () => {
    const m = sampleMinutes({ signatures: { ...sampleMinutes().signatures, chairName: '', chairTitle: '', notulisNames: ['Rina Wulandari'] } });
    const pages = await pdfPages(await renderPdf(m));
    expect(pages.at(-1)).toContain('Rina Wulandari');
    expect(pages.at(-1)).not.toContain('Mengetahui,');
  });
});

describe('the logo, by its bytes', () => {
  it('OD1 a PNG and a JPEG are told by their first bytes, with their size; a text file named logo.png is neither', () => {
    expect(probeImage(encodePng(40, 30, () => [0, 0, 0, 255]))).toEqual({ mime: 'image/png', widthPx: 40, heightPx: 30 });
    // A minimal baseline JPEG header: SOI, APP0 (JFIF), SOF0 with 16 x 8.
    const jpeg = Buffer.from([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08,
      0x00, 0x08, 0x00, 0x10, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
    ]);
    expect(probeImage(jpeg)).toEqual({ mime: 'image/jpeg', widthPx: 16, heightPx: 8 });
    expect(probeImage(Buffer.from('Ini bukan gambar, hanya teks.\n'))).toBeNull();
    expect(probeImage(new Uint8Array())).toBeNull();
  });
});
