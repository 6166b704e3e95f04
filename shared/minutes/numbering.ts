/**
 * The nomor notulen: a pattern the secretariat sets once (the kop surat settings), filled with the
 * meeting's yearly number and its date. "{no:3}/NOT-RAKOR/SETDA/{tahun}" reads "007/NOT-RAKOR/SETDA/2026"
 * for the seventh minutes of 2026. The number itself is claimed in the database at the first
 * finalisation (server/store/sql-minutes.ts); this module only spells it.
 */

/** What a new installation numbers with until the admin sets its own pattern. */
export const DEFAULT_NUMBERING_PATTERN = '{no:3}/NOT-RAKOR/{bulan_romawi}/{tahun}';

/** The longest pattern the settings accept, and the widest zero-padding of `{no:N}`. */
export const NUMBERING_PATTERN_MAX = 80;
export const NUMBER_PAD_MAX = 6;

const ROMAN_MONTHS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'] as const;

/** Month 1..12 in Roman numerals, as Indonesian letters write it ("VI" for June). */
export function romanMonth(month: number): string {
  const roman = ROMAN_MONTHS[month - 1];
  if (!roman) throw new RangeError(`month ${month} is not 1..12`);
  return roman;
}

/** `{no}`, `{no:3}`, `{tahun}`, `{bulan}`, `{bulan_romawi}`: a token, or anything else in braces (refused). */
const TOKEN = /\{([^{}]*)\}/g;

export type PatternProblem =
  /** The pattern has no `{no}`: every minutes of a year would carry the same nomor. */
  | { problem: 'missingNo' }
  /** `{no}` twice: one number, printed twice, is a typing mistake. */
  | { problem: 'repeatedNo' }
  /** A `{...}` that is none of the tokens, e.g. a misspelt `{thn}`. */
  | { problem: 'unknownToken'; token: string }
  /** `{no:N}` with N outside 1..NUMBER_PAD_MAX. */
  | { problem: 'badPadding'; token: string }
  /** A stray `{` or `}`. */
  | { problem: 'unbalanced' };

/** Why the pattern cannot number minutes, or null when it can. */
export function patternProblem(pattern: string): PatternProblem | null {
  let numbers = 0;
  for (const [whole, inner = ''] of pattern.matchAll(TOKEN)) {
    const padded = /^no:(\d+)$/.exec(inner);
    if (inner === 'no' || padded) {
      numbers++;
      const width = padded ? Number(padded[1]) : 1;
      if (width < 1 || width > NUMBER_PAD_MAX) return { problem: 'badPadding', token: whole };
    } else if (inner !== 'tahun' && inner !== 'bulan' && inner !== 'bulan_romawi') return { problem: 'unknownToken', token: whole };
  }
  if (/[{}]/.test(pattern.replace(TOKEN, ''))) return { problem: 'unbalanced' };
  if (numbers === 0) return { problem: 'missingNo' };
  if (numbers > 1) return { problem: 'repeatedNo' };
  return null;
}

/**
 * The nomor for the `no`-th minutes of the year of `date` (YYYY-MM-DD, the meeting's date).
 * `{bulan}` is the month in two digits ("06"), `{bulan_romawi}` in Roman numerals ("VI").
 */
export function formatNomor(pattern: string, no: number, date: string): string {
  const [year = '', month = '1'] = date.split('-');
  const m = Number(month);
  return pattern.replace(TOKEN, (whole, inner: string) => {
    if (inner === 'no') return String(no);
    const padded = /^no:(\d+)$/.exec(inner);
    if (padded) return String(no).padStart(Number(padded[1]), '0');
    if (inner === 'tahun') return year;
    if (inner === 'bulan') return String(m).padStart(2, '0');
    if (inner === 'bulan_romawi') return romanMonth(m);
    return whole;
  });
}

/** The year a meeting's minutes are counted in: its own date's, not the day they were finalised. */
export function numberingYear(date: string): number {
  return Number(date.slice(0, 4));
}
