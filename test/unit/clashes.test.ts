import { describe, expect, it } from 'vitest';
import { chairKey, clashesAmong, findClashes, placeKey, type ClashKind, type ClashSlot } from '../../shared/domain/schedule/clashes';
import type { TimeZone } from '../../shared/domain/time';

/** The draft on the form: Bupati Kutai Timur in Ruang Meranti with Dinkes and Dishub, 09.00–11.00 WITA. */
const DRAFT: ClashSlot = {
  id: null,
  title: 'Rakor Stunting',
  date: '2022-06-13',
  startTime: '09:00',
  endTime: '11:00',
  timeZone: 'Asia/Makassar',
  place: 'Ruang Meranti',
  mode: 'hybrid',
  chairName: 'Bupati Kutai Timur',
  opdIds: ['dinkes', 'dishub'],
};

/** Another saved meeting: by default nothing shared with the draft but its time. */
const saved = (over: Partial<ClashSlot> = {}): ClashSlot => ({
  id: 'm2',
  title: 'Rakor Kesehatan',
  date: '2022-06-13',
  startTime: '09:00',
  endTime: '11:00',
  timeZone: 'Asia/Makassar',
  place: 'Aula Bappeda',
  mode: 'hybrid',
  chairName: 'Sekda Kutai Timur',
  opdIds: ['bapenda'],
  ...over,
});

const zone = (z: 'WIB' | 'WITA' | 'WIT'): TimeZone => (({ WIB: 'Asia/Jakarta', WITA: 'Asia/Makassar', WIT: 'Asia/Jayapura' }) as const)[z];

/** The kinds of the one clash found, or null when none. */
function kindsOf(draft: ClashSlot, other: ClashSlot): ClashKind[] | null {
  const found = findClashes(draft, [other]);
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0]?.kinds ?? null;
}

describe('CW1 the windows overlap as instants, each read in its own zone', () => {
  it.each<[string, Partial<ClashSlot>, ClashKind[] | null]>([
    // given the other meeting (same chair)                                         then
    ['the same hours, same zone', { startTime: '09:00', endTime: '11:00' }, ['chair']],
    ['starting inside the draft', { startTime: '10:30', endTime: '12:00' }, ['chair']],
    ['containing the draft', { startTime: '08:00', endTime: '12:00' }, ['chair']],
    ['ending as the draft starts (touching is no clash)', { startTime: '08:00', endTime: '09:00' }, null],
    ['starting as the draft ends (touching is no clash)', { startTime: '11:00', endTime: '12:00' }, null],
    ['the next day', { date: '2022-06-14' }, null],
    ['08.30–09.30 WIB is 09.30–10.30 WITA: a clash', { startTime: '08:30', endTime: '09:30', timeZone: zone('WIB') }, ['chair']],
    ['10.00–11.00 WIB is 11.00–12.00 WITA: touching, no clash', { startTime: '10:00', endTime: '11:00', timeZone: zone('WIB') }, null],
    ['07.00–08.00 WIB is 08.00–09.00 WITA: touching, no clash', { startTime: '07:00', endTime: '08:00', timeZone: zone('WIB') }, null],
    ['11.30–12.30 WIT is 10.30–11.30 WITA: a clash', { startTime: '11:30', endTime: '12:30', timeZone: zone('WIT') }, ['chair']],
    ['12.00–13.00 WIT is 11.00–12.00 WITA: touching, no clash', { startTime: '12:00', endTime: '13:00', timeZone: zone('WIT') }, null],
  ])('CW1 given %s, when checked, then %j', (_what, over, expected) => {
    expect(kindsOf(DRAFT, saved({ chairName: DRAFT.chairName, ...over }))).toEqual(expected);
  });

  it('CW1 across midnight of the zones: 23.30 WIB on the 13th is 01.30 WIT on the 14th', () => {
    const late: ClashSlot = { ...DRAFT, date: '2022-06-13', startTime: '23:00', endTime: '23:59', timeZone: zone('WIB') };
    const early = saved({ date: '2022-06-14', startTime: '01:00', endTime: '02:00', timeZone: zone('WIT'), chairName: DRAFT.chairName });
    expect(findClashes(late, [early]).map((c) => [c.meetingId, c.date, c.kinds])).toEqual([['m2', '2022-06-14', ['chair']]]);
  });

  it('CW1 a slot whose window cannot be read, or ends before it starts, clashes with nothing', () => {
    const same = saved({ chairName: DRAFT.chairName });
    expect(findClashes({ ...DRAFT, startTime: '11:00', endTime: '09:00' }, [same])).toEqual([]);
    expect(findClashes({ ...DRAFT, date: 'kemarin' }, [same])).toEqual([]);
  });
});

describe('CW2 the same chair, whatever the case, the spaces, the honorifics and the degrees', () => {
  it.each<[string, string, boolean]>([
    // given the draft's chair       the other's chair                              then a clash
    ['Bupati Kutai Timur', 'bupati  kutai timur', true],
    ['Bupati Kutai Timur', ' BUPATI Kutai-Timur ', true],
    ['Drs. H. Kasmidi Bulang, S.T., M.M.', 'kasmidi bulang', true],
    ['Dr. Ir. Hj. Siti Rahmah', 'Siti  Rahmah, M.Si.', true],
    ['Bupati Kutai Timur', 'Wakil Bupati Kutai Timur', false],
    ['Bupati Kutai Timur', 'Plt. Bupati Kutai Timur', false],
    ['', '', false],
  ])('CW2 given %j and %j, then a clash: %s', (ours, theirs, clash) => {
    expect(kindsOf({ ...DRAFT, chairName: ours }, saved({ chairName: theirs }))).toEqual(clash ? ['chair'] : null);
  });

  it.each([
    ['Drs. H. Kasmidi Bulang, S.T., M.M.', 'kasmidi bulang'],
    ['Bupati   Kutai Timur', 'bupati kutai timur'],
    ['H.', 'h'],
  ])('CW2 chairKey(%j) is %j', (name, key) => {
    expect(chairKey(name)).toBe(key);
  });
});

describe('CW3 the same room, whatever the case and spaces; no room, or an online meeting, never clashes', () => {
  it.each<[string, Partial<ClashSlot>, Partial<ClashSlot>, ClashKind[] | null]>([
    // given the draft's room          the other's                              then
    ['the same room', { place: 'Ruang Rapat Lantai 2' }, { place: 'ruang rapat  lantai 2' }, ['place']],
    ['punctuation aside', { place: 'Ruang Meranti, Kantor Bupati' }, { place: 'Ruang Meranti Kantor Bupati.' }, ['place']],
    ['another room', { place: 'Ruang Meranti' }, { place: 'Ruang Tempudau' }, null],
    ['both without a room', { place: '' }, { place: '' }, null],
    ['only spaces', { place: '   ' }, { place: '   ' }, null],
    ['the draft is online only', { place: 'Zoom Pemkab', mode: 'online' }, { place: 'Zoom Pemkab' }, null],
    ['the other is online only', { place: 'Ruang Meranti' }, { place: 'Ruang Meranti', mode: 'online' }, null],
    ['a hybrid meeting takes its room', { place: 'Ruang Meranti', mode: 'hybrid' }, { place: 'Ruang Meranti', mode: 'room' }, ['place']],
  ])('CW3 given %s, then %j', (_what, ours, theirs, expected) => {
    expect(kindsOf({ ...DRAFT, ...ours }, saved(theirs))).toEqual(expected);
  });

  it('CW3 placeKey folds diacritics, case and punctuation', () => {
    expect(placeKey('  Gedung Serba Guna – Lt. 2 ')).toBe('gedung serba guna lt 2');
    expect(placeKey('Balai Désa')).toBe('balai desa');
  });
});

describe('CW4 at least one OPD invited to both', () => {
  it.each<[string, string[], string[], ClashKind[] | null, string[]]>([
    // given the draft's OPDs     the other's                  then kinds   shared ids (the draft's order)
    ['one shared', ['dinkes', 'dishub'], ['bapenda', 'dishub'], ['opd'], ['dishub']],
    ['two shared', ['dinkes', 'dishub', 'pupr'], ['pupr', 'dinkes'], ['opd'], ['dinkes', 'pupr']],
    ['none shared', ['dinkes'], ['dishub'], null, []],
    ['none invited yet', [], ['dishub'], null, []],
  ])('CW4 given %s, then %j with %j', (_what, ours, theirs, kinds, ids) => {
    const found = findClashes({ ...DRAFT, opdIds: ours }, [saved({ opdIds: theirs })]);
    expect(found[0]?.kinds ?? null).toEqual(kinds);
    expect(found[0]?.opdIds ?? []).toEqual(ids);
  });

  it('CW4 every reason at once, in the order chair, place, OPD, with what the other meeting is', () => {
    const other = saved({ chairName: 'bupati kutai timur', place: 'RUANG MERANTI', opdIds: ['dishub'], startTime: '10:00', endTime: '12:00' });
    expect(findClashes(DRAFT, [other])).toEqual([
      {
        meetingId: 'm2',
        title: 'Rakor Kesehatan',
        date: '2022-06-13',
        startTime: '10:00',
        endTime: '12:00',
        timeZone: 'Asia/Makassar',
        chairName: 'bupati kutai timur',
        place: 'RUANG MERANTI',
        kinds: ['chair', 'place', 'opd'],
        opdIds: ['dishub'],
      },
    ]);
  });
});

describe('CW5 which meetings are held against the slot', () => {
  it('CW5 a meeting never clashes with itself (editing), nor with a slot that is no meeting', () => {
    const self = saved({ id: 'm1', chairName: DRAFT.chairName });
    expect(findClashes({ ...DRAFT, id: 'm1' }, [self])).toEqual([]);
    expect(findClashes(DRAFT, [{ ...self, id: null }])).toEqual([]);
    expect(findClashes({ ...DRAFT, id: 'm1' }, [self, saved({ id: 'm3', chairName: DRAFT.chairName })]).map((c) => c.meetingId)).toEqual(['m3']);
  });

  it('CW5 the clashes come by date and start time', () => {
    const chair = DRAFT.chairName;
    const found = findClashes({ ...DRAFT, startTime: '08:00', endTime: '12:00' }, [
      saved({ id: 'c', startTime: '11:00', endTime: '11:30', chairName: chair }),
      saved({ id: 'a', startTime: '08:00', endTime: '09:00', chairName: chair }),
      saved({ id: 'b', startTime: '08:30', endTime: '09:00', timeZone: zone('WIB'), chairName: chair }),
    ]);
    expect(found.map((c) => c.meetingId)).toEqual(['a', 'b', 'c']);
  });
});

describe('CW7 clashes among saved meetings (the calendar)', () => {
  const m = (id: string, startTime: string, endTime: string, over: Partial<ClashSlot> = {}): ClashSlot & { id: string } => ({
    ...saved({ startTime, endTime, ...over }),
    id,
  });

  it('CW7 each side of a clash hears of the other; a meeting apart, or touching, hears of nothing', () => {
    const map = clashesAmong([
      m('coffee', '08:30', '11:30', { chairName: 'Wakil Bupati', place: 'Ruang Meranti', opdIds: ['dinkes', 'dinsos'] }),
      m('stunting', '10:00', '12:00', { chairName: 'wakil  bupati', place: 'Aula', opdIds: ['dinkes'] }),
      m('pad', '12:00', '13:00', { chairName: 'Wakil Bupati', place: 'Aula', opdIds: ['dinkes'] }),
      m('camat', '08:00', '09:00', { chairName: 'Asisten I', place: 'Ruang Tempudau', opdIds: ['kec-bengalon'] }),
    ]);
    expect(map.get('coffee')?.map((c) => [c.meetingId, c.kinds, c.opdIds])).toEqual([['stunting', ['chair', 'opd'], ['dinkes']]]);
    expect(map.get('stunting')?.map((c) => [c.meetingId, c.kinds, c.opdIds])).toEqual([['coffee', ['chair', 'opd'], ['dinkes']]]);
    expect(map.has('pad')).toBe(false);
    expect(map.has('camat')).toBe(false);
  });

  it('CW7 zones are compared as instants there too, and each list comes by start', () => {
    const map = clashesAmong([
      m('wib', '08:00', '10:00', { timeZone: zone('WIB'), place: 'Ruang Meranti' }),
      m('wita-a', '08:00', '09:00', { place: 'ruang meranti' }),
      m('wita-b', '10:00', '10:30', { place: 'Ruang Meranti' }),
      m('wit', '13:00', '14:00', { timeZone: zone('WIT'), place: 'Ruang Meranti' }),
    ]);
    // 08.00–10.00 WIB is 09.00–11.00 WITA: it meets wita-b only; 13.00 WIT is 12.00 WITA, clear of all.
    expect(map.get('wib')?.map((c) => c.meetingId)).toEqual(['wita-b']);
    expect(map.get('wita-b')?.map((c) => c.meetingId)).toEqual(['wib']);
    expect(map.has('wita-a')).toBe(false);
    expect(map.has('wit')).toBe(false);
  });
});
