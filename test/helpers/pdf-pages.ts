import { fileURLToPath } from 'node:url';
import { OPS, getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const STANDARD_FONTS = fileURLToPath(new URL('../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url));

export interface PdfPages {
  pages: number;
  /** Each page's text, spaces squeezed. */
  texts: string[];
  /** How many paths (rectangles and lines) and images each page paints. */
  paths: number[];
  images: number[];
  /** Width and height of the first page in points. */
  size: [number, number];
}

/** The PDF as pdf.js reads it: its pages, their text, and what they paint. */
export async function readPdf(buf: Buffer | Uint8Array): Promise<PdfPages> {
  const pdf = await getDocument({ data: new Uint8Array(buf), useSystemFonts: false, disableFontFace: true, standardFontDataUrl: STANDARD_FONTS }).promise;
  const out: PdfPages = { pages: pdf.numPages, texts: [], paths: [], images: [], size: [0, 0] };
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    if (n === 1) {
      const [, , w = 0, h = 0] = page.view;
      out.size = [Math.round(w), Math.round(h)];
    }
    let text = '';
    for (const item of (await page.getTextContent()).items) if ('str' in item) text += `${item.str} `;
    out.texts.push(text.replace(/\s+/g, ' ').trim());
    const ops = await page.getOperatorList();
    out.paths.push(ops.fnArray.filter((f) => f === OPS.constructPath).length);
    out.images.push(ops.fnArray.filter((f) => f === OPS.paintImageXObject || f === OPS.paintInlineImageXObject).length);
  }
  await pdf.destroy();
  return out;
}
