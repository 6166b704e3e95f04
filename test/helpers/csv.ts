import { parse } from 'csv-parse/sync';

/** A CSV download read back as a spreadsheet reads it (csv-parse, as the directory import does): rows of cells, CRLF between rows. */
export function readCsv(text: string): string[][] {
  return parse(text, { record_delimiter: '\r\n', relax_column_count: true });
}
