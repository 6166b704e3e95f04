import { parse } from 'csv-parse/sync';
import { OPD_KINDS, opdInputSchema, validationError, type OpdInput } from '../../shared/protocol';

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
};

const REQUIRED: (keyof OpdInput)[] = ['name', 'shortName', 'kind', 'group'];

export interface ParsedRow {
  line: number;
  opd: OpdInput;
}

export interface CsvProblem {
  line: number;
  field?: string;
  message: string;
}

const normaliseHeader = (h: string) => h.trim().toLowerCase().replace(/[\s-]+/g, '_');

/**
 * Reads the secretariat's directory spreadsheet: comma or semicolon separated (Excel in an
 * Indonesian locale writes semicolons), header row first, a BOM tolerated.
 */
export function parseOpdCsv(text: string): { rows: ParsedRow[]; problems: CsvProblem[] } {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, info: true, trim: true }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return { rows: [], problems: [{ line, message: `The file is not valid CSV: ${(err as Error).message}` }] };
  }
  if (records.length === 0) return { rows: [], problems: [{ line: 1, message: 'The file has no header row.' }] };

  const [header, ...body] = records;
  const columns = header.record.map((h) => COLUMN_ALIASES[normaliseHeader(h)]);
  const missing = REQUIRED.filter((f) => !columns.includes(f));
  if (missing.length > 0) {
    return {
      rows: [],
      problems: [{ line: 1, message: `The header row lacks the column(s): ${missing.join(', ')}. Expected: name,short_name,kind,group,head_name,head_title.` }],
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
    const result = opdInputSchema.safeParse(raw);
    if (!result.success) {
      const e = validationError(result.error);
      const message = e.field === 'kind' ? `kind must be one of ${OPD_KINDS.join(', ')} (got "${raw.kind}")` : e.message;
      problems.push({ line, field: e.field, message });
      continue;
    }
    const key = result.data.shortName.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({ line, field: 'shortName', message: `short_name "${result.data.shortName}" is already on line ${earlier}` });
      continue;
    }
    seen.set(key, line);
    rows.push({ line, opd: result.data });
  }
  return { rows, problems };
}
