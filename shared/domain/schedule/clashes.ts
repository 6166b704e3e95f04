import { instantInZone } from '../time/zoned';
import type { TimeZone } from '../time/zones';

/**
 * Clash warnings: two meetings clash when their time windows overlap as instants (each read in its
 * own zone, so 09.00 WITA and 08.30 WIB are compared as what they are) and they share the chair,
 * the room, or an invited OPD. A clash is a warning for the secretariat: nothing here refuses.
 */

export const CLASH_KINDS = ['chair', 'place', 'opd'] as const;
export type ClashKind = (typeof CLASH_KINDS)[number];

/** What clash detection needs of a meeting, saved or still a draft. */
export interface ClashSlot {
  /** null for a draft or a planned occurrence that is no meeting yet. */
  id: string | null;
  title: string;
  date: string;
  startTime: string;
  endTime: string;
  timeZone: TimeZone;
  place: string;
  /** An online meeting takes no room: its place never clashes. Absent: it does. */
  mode?: 'room' | 'online' | 'hybrid';
  chairName: string;
  opdIds: readonly string[];
}

/** Another meeting a slot clashes with, and why. */
export interface Clash {
  meetingId: string;
  title: string;
  date: string;
  startTime: string;
  endTime: string;
  timeZone: TimeZone;
  /** The other meeting's chair and place, as it spells them. */
  chairName: string;
  place: string;
  /** Why, in the order chair, place, OPD; never empty. */
  kinds: ClashKind[];
  /** The OPDs invited to both (empty unless `kinds` has 'opd'), in the slot's order. */
  opdIds: string[];
}

/**
 * Academic degrees follow a name after a comma ("Ardiansyah Sulaiman, S.Sos., M.Si."); honorifics
 * precede it ("Drs. H. Kasmidi Bulang"). Neither tells two people apart, so neither counts. Acting
 * prefixes (Plt., Pj.) do: the acting Bupati is another person than the Bupati.
 */
const HONORIFICS = new Set(['dr', 'drs', 'dra', 'ir', 'h', 'hj', 'prof', 'kh', 'bapak', 'bpk', 'ibu', 'sdr', 'sdri']);

/** Lower case, no diacritics, punctuation as space, one space between words. */
function folded(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** "Drs. H. Kasmidi  Bulang, S.T., M.M." and "kasmidi bulang" are one chair: "kasmidi bulang". */
export function chairKey(name: string): string {
  const beforeDegrees = name.split(',')[0] ?? '';
  const words = folded(beforeDegrees).split(' ').filter(Boolean);
  while (words.length > 1 && HONORIFICS.has(words[0] ?? '')) words.shift();
  return words.join(' ');
}

/** "Ruang Rapat  Lantai 2" and "ruang rapat lantai 2" are one room; '' is none. */
export function placeKey(place: string): string {
  return folded(place);
}

/** The slot's window as instants (ms); NaN bounds when its date or times cannot be read. */
export function slotWindow(slot: Pick<ClashSlot, 'date' | 'startTime' | 'endTime' | 'timeZone'>): { startMs: number; endMs: number } {
  return { startMs: instantInZone(slot.date, slot.startTime, slot.timeZone), endMs: instantInZone(slot.date, slot.endTime, slot.timeZone) };
}

/** True when the windows share a moment; one ending as the other starts does not. */
export function windowsOverlap(a: { startMs: number; endMs: number }, b: { startMs: number; endMs: number }): boolean {
  return a.startMs < b.endMs && b.startMs < a.endMs;
}

/** Why `slot` clashes with `other` (their windows already known to overlap), or null when it does not. */
function reasons(slot: ClashSlot, other: ClashSlot): Pick<Clash, 'kinds' | 'opdIds'> | null {
  const kinds: ClashKind[] = [];
  const chair = chairKey(slot.chairName);
  if (chair !== '' && chair === chairKey(other.chairName)) kinds.push('chair');
  const place = placeKey(slot.place);
  if (place !== '' && slot.mode !== 'online' && other.mode !== 'online' && place === placeKey(other.place)) kinds.push('place');
  const theirs = new Set(other.opdIds);
  const opdIds = [...new Set(slot.opdIds)].filter((id) => theirs.has(id));
  if (opdIds.length > 0) kinds.push('opd');
  return kinds.length > 0 ? { kinds, opdIds } : null;
}

function clashWith(other: ClashSlot & { id: string }, why: Pick<Clash, 'kinds' | 'opdIds'>): Clash {
  return {
    meetingId: other.id,
    title: other.title,
    date: other.date,
    startTime: other.startTime,
    endTime: other.endTime,
    timeZone: other.timeZone,
    chairName: other.chairName,
    place: other.place,
    ...why,
  };
}

const byStart = (a: Clash, b: Clash) => a.date.localeCompare(b.date) || a.startTime.localeCompare(b.startTime) || a.title.localeCompare(b.title, 'id');

/**
 * The meetings among `others` that `slot` clashes with, by date and start time. A meeting never
 * clashes with itself (same id), nor does a slot whose window cannot be read.
 */
export function findClashes(slot: ClashSlot, others: readonly ClashSlot[]): Clash[] {
  const window = slotWindow(slot);
  if (!(window.startMs < window.endMs)) return [];
  const out: Clash[] = [];
  for (const other of others) {
    if (other.id === null || other.id === slot.id) continue;
    if (!windowsOverlap(window, slotWindow(other))) continue;
    const why = reasons(slot, other);
    if (why) out.push(clashWith({ ...other, id: other.id }, why));
  }
  return out.sort(byStart);
}

/**
 * Every clash among saved meetings (the calendar): each meeting's id to the meetings it clashes
 * with (absent when none). Sorted by start, each meeting is held against those that start before
 * the earlier one ends, so a month of meetings costs little more than its overlaps.
 */
export function clashesAmong(slots: readonly (ClashSlot & { id: string })[]): Map<string, Clash[]> {
  const timed = slots
    .map((slot) => ({ slot, ...slotWindow(slot) }))
    .filter((t) => t.startMs < t.endMs)
    .sort((a, b) => a.startMs - b.startMs);
  const out = new Map<string, Clash[]>();
  const add = (id: string, clash: Clash) => out.set(id, [...(out.get(id) ?? []), clash]);
  for (const [i, a] of timed.entries()) {
    for (let j = i + 1; j < timed.length; j++) {
      const b = timed[j];
      if (!b || b.startMs >= a.endMs) break;
      if (b.slot.id === a.slot.id) continue;
      const ab = reasons(a.slot, b.slot);
      if (!ab) continue;
      add(a.slot.id, clashWith(b.slot, ab));
      const ba = reasons(b.slot, a.slot);
      if (ba) add(b.slot.id, clashWith(a.slot, ba));
    }
  }
  for (const list of out.values()) list.sort(byStart);
  return out;
}
