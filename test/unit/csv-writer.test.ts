import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument } from '../../server/services/csv-writer';
import { readCsv } from '../helpers/csv';

/** Splits a document of csvDocument back into rows of cells, the way a spreadsheet does. */
function readBack(doc: string): string[][] {
  expect(doc.startsWith('\uFEFF')).toBe(true);
  return readCsv(doc.slice(1));
}

describe('the CSV writer of every download', () => {
  it('E1 a text cell that a spreadsheet would run as a formula gets a leading apostrophe', () => {
    const table: [string, string][] = [
      ['=SUM(A1:A9)', `'=SUM(A1:A9)`],
      ['+62 812 0000', `'+62 812 0000`],
      ['-Dinsos', `'-Dinsos`],
      ['@Budi', `'@Budi`],
      ['\tTab', `"'\tTab"`],
      ['\rCR', `"'\rCR"`],
      ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
      ['Dinkes', 'Dinkes'],
      ['Rifa’i', 'Rifa’i'],
      ['a-b = c', 'a-b = c'],
      ['Bidang; Umum', '"Bidang; Umum"'],
      ['', ''],
    ];
    for (const [value, written] of table) expect(csvCell(value), JSON.stringify(value)).toBe(written);
    // Numbers are data, never formulas.
    expect(csvCell(-3)).toBe('-3');
  });

  it('E1 any text reads back as written (behind the apostrophe when it starts like a formula), rows in CRLF, with the BOM', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'grapheme-composite', maxLength: 12 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
        (rows) => {
          const doc = csvDocument(rows);
          expect(doc.endsWith('\r\n')).toBe(true);
          const expected = rows.map((r) => r.map((cell) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)));
          expect(readBack(doc)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
