import type { Opd } from '../../../shared/protocol';

/** What the picker searches: the OPD's short name, full name, head and group. */
export type OpdSearchable = Pick<Opd, 'id' | 'shortName' | 'name' | 'headName' | 'group'>;

/**
 * Lower case without diacritics, apostrophes or punctuation, so that "Rifa’i" meets "rifai",
 * "Kec. Sangatta" meets "kec sangatta" and "Sélatan" meets "selatan".
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’‘`ʼ]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * How well an OPD matches, best first. A short name that begins with what was typed comes
 * before everything else: that is how secretariats name OPDs ("Dinkes", "Bappeda").
 */
const RANK = {
  shortExact: 0,
  shortPrefix: 1,
  namePrefix: 2,
  shortWord: 2,
  nameWord: 3,
  head: 4,
  groupExact: 5,
  group: 6,
  anywhere: 7,
  /** Every word typed is found somewhere, in any order ("kesehatan dinas"). */
  words: 8,
} as const;

const startsWord = (field: string, needle: string) => field.startsWith(needle) || field.includes(` ${needle}`);

function rankOf(opd: OpdSearchable, needle: string, words: string[]): number | null {
  const short = foldText(opd.shortName);
  const name = foldText(opd.name);
  const head = foldText(opd.headName);
  const group = foldText(opd.group);
  if (short === needle) return RANK.shortExact;
  if (short.startsWith(needle)) return RANK.shortPrefix;
  if (name.startsWith(needle) || startsWord(short, needle)) return RANK.namePrefix;
  if (startsWord(name, needle)) return RANK.nameWord;
  if (startsWord(head, needle)) return RANK.head;
  if (group === needle) return RANK.groupExact;
  if (startsWord(group, needle)) return RANK.group;
  const all = [short, name, head, group];
  if (all.some((f) => f.includes(needle))) return RANK.anywhere;
  if (words.length > 1 && words.every((w) => all.some((f) => f.includes(w)))) return RANK.words;
  return null;
}

/**
 * The OPDs that match `query`, best first; OPDs of the same rank keep the order they came in
 * (the directory's: group, then the group's own order). An empty query matches nothing.
 */
export function matchOpds<T extends OpdSearchable>(opds: readonly T[], query: string): T[] {
  const needle = foldText(query);
  if (!needle) return [];
  const words = needle.split(' ');
  const ranked: { opd: T; rank: number; index: number }[] = [];
  opds.forEach((opd, index) => {
    const rank = rankOf(opd, needle, words);
    if (rank !== null) ranked.push({ opd, rank, index });
  });
  return ranked.sort((a, b) => a.rank - b.rank || a.index - b.index).map((r) => r.opd);
}
