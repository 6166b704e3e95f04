import PDFDocument from 'pdfkit';

/**
 * A paparan as an OPD would export its slides: `pages` landscape pages, each with a coloured band
 * and its page number written large, so a rendered page is far from blank and tells which it is.
 */
export function paparanPdf(pages: number, title = 'Paparan Dinkes'): Promise<Buffer> {
  const doc = new PDFDocument({ size: [960, 540], margin: 0, autoFirstPage: false, info: { Title: title } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  for (let n = 1; n <= pages; n++) {
    doc.addPage();
    doc.rect(0, 0, 960, 120).fill(n % 2 ? '#0b5c7a' : '#7a3b0b');
    doc.fillColor('#ffffff').fontSize(40).text(title, 40, 40);
    doc.fillColor('#111111').fontSize(160).text(`Halaman ${n}`, 40, 220);
  }
  doc.end();
  return done;
}

/** Starts like a PDF, then is nothing pdf.js can open. */
export const BROKEN_PDF = Buffer.from('%PDF-1.7\nthis is not a document at all, only words after the header\n');

/** A text file that only calls itself .pdf. */
export const TEXT_AS_PDF = Buffer.from('Paparan Dinas Kesehatan triwulan III\n');
