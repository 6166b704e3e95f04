import { createRequire } from 'node:module';
import { openSync, type Font } from 'fontkit';

/**
 * The fonts the PDF notulen embeds: DejaVu Serif (the `dejavu-fonts-ttf` package, free to embed),
 * with DejaVu Sans for the strings the serif has no glyph for (check marks, some symbols). Every
 * character of Bahasa Indonesia, the diacritics of names, "≥", "→" and "✓" print as they are typed;
 * the file is fit for archiving because nothing depends on a reader's own fonts.
 */
export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';

const require = createRequire(import.meta.url);
const file = (name: string): string => require.resolve(`dejavu-fonts-ttf/ttf/${name}.ttf`);

const SERIF: Record<FontStyle, string> = {
  regular: file('DejaVuSerif'),
  bold: file('DejaVuSerif-Bold'),
  italic: file('DejaVuSerif-Italic'),
  boldItalic: file('DejaVuSerif-BoldItalic'),
};
const SANS: Record<FontStyle, string> = {
  regular: file('DejaVuSans'),
  bold: file('DejaVuSans-Bold'),
  italic: file('DejaVuSans-Oblique'),
  boldItalic: file('DejaVuSans-BoldOblique'),
};

/** The names the fonts are registered under in a document (registerFonts). */
export const FONT_NAMES: Record<'serif' | 'sans', Record<FontStyle, string>> = {
  serif: { regular: 'Serif', bold: 'Serif-Bold', italic: 'Serif-Italic', boldItalic: 'Serif-BoldItalic' },
  sans: { regular: 'Sans', bold: 'Sans-Bold', italic: 'Sans-Italic', boldItalic: 'Sans-BoldItalic' },
};

let opened: { serif: Font; sans: Font } | null = null;
/** The regular faces, opened once: the other styles cover the same characters. */
function faces(): { serif: Font; sans: Font } {
  opened ??= { serif: openSync(SERIF.regular), sans: openSync(SANS.regular) };
  return opened;
}

/** Registers every face on a pdfkit document under FONT_NAMES. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const style of Object.keys(SERIF) as FontStyle[]) {
    doc.registerFont(FONT_NAMES.serif[style], SERIF[style]);
    doc.registerFont(FONT_NAMES.sans[style], SANS[style]);
  }
}

/**
 * Text as the PDF can hold it: control characters, zero-width joiners and emoji variation
 * selectors dropped (they carry no glyph), tabs and odd spaces made spaces.
 */
export function printable(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\n') out += ch;
    else if (ch === '\t' || (code >= 0x2000 && code <= 0x200a) || code === 0x202f) out += ' ';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0) || code === 0x200b || code === 0x200d || (code >= 0xfe00 && code <= 0xfe0f)) continue;
    else out += ch;
  }
  return out;
}

const covers = (font: Font, text: string): boolean => [...text].every((ch) => ch === '\n' || font.hasGlyphForCodePoint(ch.codePointAt(0) ?? 0));

/**
 * The face a string prints in, and the string as it prints: the serif when it has every glyph,
 * else the sans when that has them; a character neither has (an emoji) becomes "?" in the sans, so
 * the loss is visible rather than an empty box.
 */
export function faceFor(text: string, style: FontStyle): { font: string; text: string } {
  const clean = printable(text);
  const { serif, sans } = faces();
  if (covers(serif, clean)) return { font: FONT_NAMES.serif[style], text: clean };
  const shown = [...clean].map((ch) => (ch === '\n' || sans.hasGlyphForCodePoint(ch.codePointAt(0) ?? 0) ? ch : '?')).join('');
  return { font: FONT_NAMES.sans[style], text: shown };
}
