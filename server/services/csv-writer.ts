/**
 * The one CSV writer of every download (statistics.csv, attendance.csv, links.csv), written for
 * the spreadsheet a secretariat opens them in: Excel.
 */

export type CsvCell = string | number;

/**
 * A text cell that Excel (or LibreOffice, Google Sheets) would run as a formula: one beginning
 * with "=", "+", "-" or "@", or with a tab or carriage return (OWASP, CSV injection). A name typed
 * as `=HYPERLINK(...)` in the directory must open as that text, never as a live formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: numbers as they are; text defused and quoted when it holds a separator, quote or line break. */
export function csvCell(value: CsvCell): string {
  if (typeof value === 'number') return String(value);
  // The leading apostrophe is how a spreadsheet is told "this is text"; it stays visible in a text editor.
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",;\n\r\t]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A whole file: comma separated, rows ending in CRLF (line breaks inside a cell stay as they are,
 * inside its quotes), and a UTF-8 BOM so that Excel reads the names' accents and ’ right.
 */
export function csvDocument(rows: readonly (readonly CsvCell[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
