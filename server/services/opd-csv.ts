import chardet from 'chardet';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import type { MessageKey } from '../../shared/i18n';
import {
  OPD_KINDS,
  errorDetail,
  opdInputSchema,
  validationError,
  type CsvEncoding,
  type ErrorDetail,
  type OpdImportInput,
  type OpdInput,
} from '../../shared/protocol';
import { AppError } from '../errors';

/** The refusals of a file whose text cannot be trusted; the client shows them in the reader's language. */
const CSV_UNREADABLE: MessageKey = 'import.field.unreadable';
const CSV_GARBLED: MessageKey = 'import.field.garbled';

// chardet names for the single-byte Latin code pages. Excel on Windows in Indonesia saves "CSV
// (Comma delimited)" in Windows-1252; on a short, mostly ASCII directory chardet's language
// models hesitate between these (Rifa’i reads as Estonian windows-1257), and for the letters and
// punctuation a directory holds they differ only where Windows-1252 is the one Excel wrote.
const LATIN_SINGLE_BYTE = new Set([
  'ISO-8859-1',
  'ISO-8859-2',
  'ISO-8859-3',
  'ISO-8859-4',
  'ISO-8859-9',
  'ISO-8859-10',
  'ISO-8859-13',
  'ISO-8859-14',
  'ISO-8859-15',
  'ISO-8859-16',
  'windows-1250',
  'windows-1252',
  'windows-1254',
  'windows-1257',
  'windows-1258',
]);

// C0 and C1 control characters other than tab and line breaks: no spreadsheet writes them in text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are what gets refused.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

const refuse = (key: MessageKey) => new AppError('bad_request', key, {}, 'csv', [errorDetail('csv', { key, params: {} })]);

/**
 * The text of an uploaded directory file, from its bytes: UTF-8 (with or without BOM) stays
 * UTF-8; UTF-16 with a BOM (Excel's "Unicode text") is read as such; otherwise a file chardet
 * takes for a single-byte Latin code page is read as Windows-1252 with iconv-lite. Anything else
 * (a workbook, a non-Latin code page, bytes Windows-1252 leaves undefined) is refused with 400
 * rather than previewed as garbled names ready to import.
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length === 0) throw new AppError('bad_request', 'import.field.empty', {}, 'csv');
  if (buf[0] === 0xff && buf[1] === 0xfe) return checked(iconv.decode(buf.subarray(2), 'utf-16le'), 'utf-16le');
  if (buf[0] === 0xfe && buf[1] === 0xff) return checked(iconv.decode(buf.subarray(2), 'utf-16be'), 'utf-16be');
  // A NUL never appears in a CSV: a workbook (.xlsx is a zip), a picture, UTF-16 without BOM.
  if (buf.includes(0)) throw refuse(CSV_UNREADABLE);
  try {
    // fatal: any byte sequence that is not UTF-8 throws instead of becoming U+FFFD; the BOM is dropped.
    return checked(new TextDecoder('utf-8', { fatal: true }).decode(buf), 'utf-8');
  } catch (err) {
    if (err instanceof AppError) throw err;
  }
  const guess = chardet.analyse(buf)[0]?.name;
  if (!guess || !LATIN_SINGLE_BYTE.has(guess)) throw refuse(CSV_UNREADABLE);
  const text = iconv.decode(buf, 'win1252');
  // 0x81, 0x8D, 0x8F, 0x90 and 0x9D are not characters in Windows-1252.
  if (text.includes('\uFFFD')) throw refuse(CSV_UNREADABLE);
  return checked(text, 'windows-1252');
}

function checked(text: string, encoding: CsvEncoding): { text: string; encoding: CsvEncoding } {
  if (text.includes('\uFFFD')) throw refuse(encoding === 'utf-8' ? CSV_GARBLED : CSV_UNREADABLE);
  if (CONTROL.test(text)) throw refuse(CSV_UNREADABLE);
  return { text: text.replace(/^\uFEFF/, ''), encoding };
}

/** The import's text: pasted (already text, refused when it carries "�"), or decoded from the file's bytes. */
export function importText(input: OpdImportInput): { text: string; encoding: CsvEncoding } {
  if (input.file !== undefined) return decodeCsvBytes(Buffer.from(input.file, 'base64'));
  const text = input.csv ?? '';
  if (text.includes('\uFFFD')) throw refuse(CSV_GARBLED);
  return { text, encoding: 'utf-8' };
}

/** Column names accepted in the header row, English and Indonesian, mapped to the field. */
const COLUMN_ALIASES: Record<string, keyof OpdInput> = {
  name: 'name',
  nama: 'name',
  nama_opd: 'name',
  short_name: 'shortName',
  singkatan: 'shortName',
  kind: 'kind',
  jenis: 'kind',
  group: 'group',
  kelompok: 'group',
  head_name: 'headName',
  nama_kepala: 'headName',
  kepala: 'headName',
  head_title: 'headTitle',
  jabatan: 'headTitle',
  jabatan_kepala: 'headTitle',
  // The WhatsApp number, as secretariats head the column ("No. WA", "Nomor WhatsApp", "No HP").
  whatsapp: 'whatsapp',
  wa: 'whatsapp',
  no_wa: 'whatsapp',
  nomor_wa: 'whatsapp',
  no_whatsapp: 'whatsapp',
  nomor_whatsapp: 'whatsapp',
  whatsapp_kepala: 'whatsapp',
  no_hp: 'whatsapp',
  nomor_hp: 'whatsapp',
  hp: 'whatsapp',
};

const REQUIRED: (keyof OpdInput)[] = ['name', 'shortName', 'kind', 'group'];

/**
 * The header of the template a secretariat downloads (client/public/templat-direktori-opd.csv):
 * the Indonesian column names, each one the importer reads (test G12 holds the file to this).
 */
export const TEMPLATE_COLUMNS = ['nama', 'singkatan', 'jenis', 'kelompok', 'nama_kepala', 'jabatan', 'no_wa'] as const;

/** Kinds as an Indonesian spreadsheet may write them: "lainnya" is the "other" the interface shows. */
const KIND_ALIASES: Record<string, string> = { lainnya: 'other', lain: 'other', 'lain-lain': 'other' };

export interface ParsedRow {
  line: number;
  opd: OpdInput;
}

export type CsvProblem = ErrorDetail & { line: number };

/** The kinds a file may write, "lainnya" for other as an Indonesian spreadsheet says it. */
const KINDS_LISTED = OPD_KINDS.map((k) => (k === 'other' ? 'lainnya' : k)).join(', ');

const problem = (line: number, field: string | undefined, key: MessageKey, params: Record<string, string | number> = {}): CsvProblem =>
  errorDetail(field, { key, params }, line) as CsvProblem;

// A dot counts as a space: "No. WA" is no_wa.
const normaliseHeader = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s.-]+/g, '_')
    .replace(/_$/, '');

export interface ParsedCsv {
  rows: ParsedRow[];
  problems: CsvProblem[];
  /**
   * Whether the file has a WhatsApp column. A file without one (a spreadsheet kept from before the
   * column existed) leaves the numbers of the units it updates as they are; an empty cell in the
   * column clears that unit's number.
   */
  hasWhatsapp: boolean;
}

/**
 * Reads the secretariat's directory spreadsheet: comma or semicolon separated (Excel in an
 * Indonesian locale writes semicolons), header row first, a BOM tolerated.
 */
export function parseOpdCsv(text: string): ParsedCsv {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, info: true, trim: true }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return { rows: [], problems: [problem(line, undefined, 'import.field.notCsv', { reason: (err as Error).message })], hasWhatsapp: false };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [problem(1, undefined, 'import.field.noHeader')], hasWhatsapp: false };
  const columns = header.record.map((h) => {
    const key = normaliseHeader(h);
    return Object.hasOwn(COLUMN_ALIASES, key) ? COLUMN_ALIASES[key] : undefined;
  });
  const missing = REQUIRED.filter((f) => !columns.includes(f));
  const hasWhatsapp = columns.includes('whatsapp');
  /** `{ column }`: the header as the file writes it ("singkatan"), so a problem points at the spreadsheet's own column. */
  const columnOf = (field: string | undefined): { column?: string } => {
    const at = field ? columns.indexOf(field as keyof OpdInput) : -1;
    const written = at >= 0 ? header.record[at]?.trim() : undefined;
    return written ? { column: written } : {};
  };
  if (missing.length > 0) {
    return {
      rows: [],
      problems: [problem(1, undefined, 'import.field.missingColumns', { missing: missing.join(', ') })],
      hasWhatsapp,
    };
  }

  const rows: ParsedRow[] = [];
  const problems: CsvProblem[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of body) {
    // csv-parse counts lines up to the record's end; a quoted field may span several lines,
    // and the secretariat looks for the line where the row starts.
    const line = info.lines - record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
    const raw: Record<string, string> = {};
    columns.forEach((field, i) => {
      if (field) raw[field] = record[i] ?? '';
    });
    if (raw.kind !== undefined) raw.kind = raw.kind.toLowerCase();
    if (raw.kind !== undefined && Object.hasOwn(KIND_ALIASES, raw.kind)) raw.kind = KIND_ALIASES[raw.kind] ?? raw.kind;
    const result = opdInputSchema.safeParse(raw);
    if (!result.success) {
      const e = validationError(result.error);
      const first = e.details?.[0];
      const found = columnOf(e.field);
      problems.push(
        e.field === 'kind'
          ? problem(line, e.field, 'field.kindOneOf', { kinds: KINDS_LISTED, got: raw.kind ?? '', ...found })
          : { ...(first ?? errorDetail(e.field, { key: 'field.invalid', params: {} })), line, params: { ...first?.params, ...found } },
      );
      continue;
    }
    const key = result.data.shortName.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push(problem(line, 'shortName', 'field.shortNameRepeated', { name: result.data.shortName, line: earlier, ...columnOf('shortName') }));
      continue;
    }
    seen.set(key, line);
    rows.push({ line, opd: result.data });
  }
  return { rows, problems, hasWhatsapp };
}
