import { describe, expect, it } from 'vitest';
import { agendaFromTemplate } from '../../shared/domain/schedule/agenda';
import { addMinutes, dateInZone } from '../../shared/domain/time';
import { applyHolidays, nextWorkingDay } from '../../shared/domain/schedule/holidays';
import { generationWindow, groupMembers, occurrenceTimeline, planOccurrences, type DirectoryOpd, type SeriesRule } from '../../shared/domain/schedule/plan';
import { overrunMinutes } from '../../shared/domain/meeting/timeline';
import { recurrenceDates, recurrenceRuleText } from '../../shared/domain/schedule/rrule';
import { seriesInputSchema, type Recurrence, type RotationGroup } from '../../shared/protocol';
import { at, atLeast } from '../helpers/at';

const opd = (id: string, name: string, group: string, archived = false): Omit<DirectoryOpd, 'position'> => ({ id, name, shortName: id, group, archived });
/** Positions in each group as listed: the secretariat's order. */
const ordered = (units: Omit<DirectoryOpd, 'position'>[]): DirectoryOpd[] => {
  const next = new Map<string, number>();
  return units.map((u) => {
    const position = (next.get(u.group) ?? 0) + 1;
    next.set(u.group, position);
    return { ...u, position };
  });
};

/** A small Kutai Timur: two OPDs in each Asisten's group, two camats, one village; one unit archived. */
const DIRECTORY: DirectoryOpd[] = ordered([
  opd('Dinsos', 'Dinas Sosial', 'Asisten I'),
  opd('Dinkes', 'Dinas Kesehatan', 'Asisten I'),
  opd('Dispar', 'Dinas Pariwisata', 'Asisten I', true),
  opd('PUPR', 'Dinas Pekerjaan Umum', 'Asisten II'),
  opd('Dishub', 'Dinas Perhubungan', 'Asisten II'),
  opd('BKPSDM', 'Badan Kepegawaian', 'Asisten III'),
  opd('Kec. Sangatta Utara', 'Kecamatan Sangatta Utara', 'Camat'),
  opd('Kec. Bengalon', 'Kecamatan Bengalon', 'Camat'),
  opd('Desa Sekerat', 'Desa Sekerat', 'Kepala Desa'),
]);

const group = (name: string): RotationGroup => ({ kind: 'group', group: name });
const ASISTEN_ROTATION = [group('Asisten I'), group('Asisten II'), group('Asisten III'), group('Camat')];

/** The Coffee Morning of seed 000: every Monday from 13 June 2022, Asisten I, II, III, then the camats. */
const COFFEE_MORNING: SeriesRule = {
  recurrence: { kind: 'weekly', weekday: 'MO', interval: 1 },
  startDate: '2022-06-13',
  endDate: null,
  startTime: '08:30',
  durationMinutes: 195,
  defaultAllotmentMinutes: 10,
  agenda: '',
  rotation: ASISTEN_ROTATION,
  extra: null,
  holidayRule: 'next_working_day',
};

const rows = (series: SeriesRule, from: string, to: string, holidays: string[] = []) =>
  planOccurrences(series, holidays, DIRECTORY, from, to).map((o) => [o.date, o.groupLabel, o.extra, o.movedFrom]);

describe('recurrence', () => {
  it.each<[string, Recurrence, string, string | null, string, string[]]>([
    [
      'weekly on Monday',
      { kind: 'weekly', weekday: 'MO', interval: 1 },
      '2022-06-13',
      null,
      '2022-07-04',
      ['2022-06-13', '2022-06-20', '2022-06-27', '2022-07-04'],
    ],
    [
      'every two weeks',
      { kind: 'weekly', weekday: 'MO', interval: 2 },
      '2022-06-13',
      null,
      '2022-07-25',
      ['2022-06-13', '2022-06-27', '2022-07-11', '2022-07-25'],
    ],
    [
      'a start that is not on the rule waits for its weekday',
      { kind: 'weekly', weekday: 'FR', interval: 1 },
      '2022-06-13',
      null,
      '2022-06-30',
      ['2022-06-17', '2022-06-24'],
    ],
    [
      'day 31 takes the last day of shorter months',
      { kind: 'monthly_day', day: 31, interval: 1 },
      '2024-01-01',
      null,
      '2024-06-30',
      ['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31', '2024-06-30'],
    ],
    [
      'day 30 in February of a common year',
      { kind: 'monthly_day', day: 30, interval: 1 },
      '2023-01-01',
      null,
      '2023-03-31',
      ['2023-01-30', '2023-02-28', '2023-03-30'],
    ],
    ['day 29 in a leap February', { kind: 'monthly_day', day: 29, interval: 1 }, '2024-02-01', null, '2024-03-31', ['2024-02-29', '2024-03-29']],
    [
      'day 15 every two months',
      { kind: 'monthly_day', day: 15, interval: 2 },
      '2024-01-01',
      null,
      '2024-07-31',
      ['2024-01-15', '2024-03-15', '2024-05-15', '2024-07-15'],
    ],
    [
      'the first Monday',
      { kind: 'monthly_nth', nth: 1, weekday: 'MO', interval: 1 },
      '2024-01-01',
      null,
      '2024-04-30',
      ['2024-01-01', '2024-02-05', '2024-03-04', '2024-04-01'],
    ],
    [
      'the last Friday',
      { kind: 'monthly_nth', nth: -1, weekday: 'FR', interval: 1 },
      '2024-01-01',
      null,
      '2024-04-30',
      ['2024-01-26', '2024-02-23', '2024-03-29', '2024-04-26'],
    ],
    [
      'the fourth Thursday',
      { kind: 'monthly_nth', nth: 4, weekday: 'TH', interval: 1 },
      '2024-10-01',
      null,
      '2024-12-31',
      ['2024-10-24', '2024-11-28', '2024-12-26'],
    ],
    [
      'quarterly, first Friday, from the start month (seed 002)',
      { kind: 'quarterly', nth: 1, weekday: 'FR' },
      '2024-11-01',
      null,
      '2025-09-30',
      ['2024-11-01', '2025-02-07', '2025-05-02', '2025-08-01'],
    ],
    [
      'quarterly, last Wednesday',
      { kind: 'quarterly', nth: -1, weekday: 'WE' },
      '2024-01-01',
      null,
      '2024-12-31',
      ['2024-01-31', '2024-04-24', '2024-07-31', '2024-10-30'],
    ],
    [
      'the end date cuts the rule',
      { kind: 'weekly', weekday: 'MO', interval: 1 },
      '2022-06-13',
      '2022-06-27',
      '2022-12-31',
      ['2022-06-13', '2022-06-20', '2022-06-27'],
    ],
  ])('S8 %s', (_name, recurrence, start, end, to, expected) => {
    expect(recurrenceDates(recurrence, start, end, to)).toEqual(expected);
  });

  it('S8 month ends are rrule BYMONTHDAY 28..day with BYSETPOS=-1', () => {
    expect(recurrenceRuleText({ kind: 'monthly_day', day: 31, interval: 1 }, '2024-01-01')).toContain('BYMONTHDAY=28,29,30,31;BYSETPOS=-1');
    expect(recurrenceRuleText({ kind: 'quarterly', nth: 1, weekday: 'FR' }, '2024-11-01')).toContain('FREQ=MONTHLY;INTERVAL=3;BYDAY=+1FR');
  });

  it.each([
    [{ kind: 'monthly_nth', nth: 5, weekday: 'MO' }, 'recurrence.nth'],
    [{ kind: 'monthly_day', day: 32 }, 'recurrence.day'],
    [{ kind: 'weekly', weekday: 'XX' }, 'recurrence.weekday'],
    [{ kind: 'yearly' }, 'recurrence.kind'],
  ])('S15 the schema refuses the impossible recurrence %o at %s', (recurrence, field) => {
    const result = seriesInputSchema.safeParse({
      name: 'Rakor',
      recurrence,
      startDate: '2024-01-01',
      startTime: '08:30',
      durationMinutes: 60,
      timeZone: 'Asia/Makassar',
      chairName: 'Bupati',
      notulis: ['Rina'],
      rotation: [group('Camat')],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.')).toBe(field);
  });
});

describe('rotation', () => {
  it('S9 the Kutai Timur Coffee Morning rotates Asisten I, II, III, then the camats, week after week', () => {
    expect(rows(COFFEE_MORNING, '2022-06-13', '2022-08-01')).toEqual([
      ['2022-06-13', 'Asisten I', false, null],
      ['2022-06-20', 'Asisten II', false, null],
      ['2022-06-27', 'Asisten III', false, null],
      ['2022-07-04', 'Camat', false, null],
      ['2022-07-11', 'Asisten I', false, null],
      ['2022-07-18', 'Asisten II', false, null],
      ['2022-07-25', 'Asisten III', false, null],
      ['2022-08-01', 'Camat', false, null],
    ]);
  });

  it('S9 the rotation counts from the start date, whatever window is asked', () => {
    expect(rows(COFFEE_MORNING, '2022-07-04', '2022-07-11')).toEqual([
      ['2022-07-04', 'Camat', false, null],
      ['2022-07-11', 'Asisten I', false, null],
    ]);
  });

  it("S9 a directory group brings its active OPDs in the group's own order, not by name; a hand-picked list keeps its order", () => {
    // Dinas Sosial is first in the secretariat's list, though Dinas Kesehatan comes first by name.
    expect(groupMembers(group('Asisten I'), DIRECTORY).map((o) => o.id)).toEqual(['Dinsos', 'Dinkes']);
    expect(groupMembers(group('Asisten II'), DIRECTORY).map((o) => o.id)).toEqual(['PUPR', 'Dishub']);
    expect(groupMembers({ kind: 'opds', label: 'Ekonomi', opdIds: ['PUPR', 'Dispar', 'Dinsos', 'gone'] }, DIRECTORY).map((o) => o.id)).toEqual([
      'PUPR',
      'Dinsos',
    ]);
    const [first] = planOccurrences(COFFEE_MORNING, [], DIRECTORY, '2022-06-13', '2022-06-13');
    expect(first).toMatchObject({ startTime: '08:30', opdShortNames: ['Dinsos', 'Dinkes'], opdIds: ['Dinsos', 'Dinkes'] });
    // Reordered in the directory: the next occurrence follows.
    const moved = DIRECTORY.map((o) => (o.id === 'Dinkes' ? { ...o, position: 0 } : o));
    expect(groupMembers(group('Asisten I'), moved).map((o) => o.id)).toEqual(['Dinkes', 'Dinsos']);
  });
});

describe('holidays', () => {
  it.each([
    ['a Monday holiday moves to Tuesday', '2022-06-20', ['2022-06-20'], '2022-06-21'],
    ['two holidays in a row', '2022-06-20', ['2022-06-20', '2022-06-21'], '2022-06-22'],
    ['a Friday holiday moves over the weekend', '2022-06-17', ['2022-06-17'], '2022-06-20'],
  ])('S10 next working day: %s', (_name, date, holidays, expected) => {
    expect(nextWorkingDay(date, new Set(holidays))).toBe(expected);
  });

  it('S10 skip: the holiday has no meeting, and the next one takes the group it would have had', () => {
    expect(rows({ ...COFFEE_MORNING, holidayRule: 'skip' }, '2022-06-13', '2022-07-11', ['2022-06-20'])).toEqual([
      ['2022-06-13', 'Asisten I', false, null],
      ['2022-06-27', 'Asisten II', false, null],
      ['2022-07-04', 'Asisten III', false, null],
      ['2022-07-11', 'Camat', false, null],
    ]);
  });

  it('S10 next working day: the meeting moves with its group, and the rotation goes on', () => {
    expect(rows(COFFEE_MORNING, '2022-06-13', '2022-07-04', ['2022-06-20'])).toEqual([
      ['2022-06-13', 'Asisten I', false, null],
      ['2022-06-21', 'Asisten II', false, '2022-06-20'],
      ['2022-06-27', 'Asisten III', false, null],
      ['2022-07-04', 'Camat', false, null],
    ]);
  });

  it('S10 Lebaran 2024: a week of holidays and cuti bersama gives one meeting, and nobody loses a turn', () => {
    const lebaran = ['2024-04-08', '2024-04-09', '2024-04-10', '2024-04-11', '2024-04-12', '2024-04-15'];
    const series = { ...COFFEE_MORNING, startDate: '2024-04-01' };
    expect(rows(series, '2024-04-01', '2024-04-30', lebaran)).toEqual([
      ['2024-04-01', 'Asisten I', false, null],
      ['2024-04-16', 'Asisten II', false, '2024-04-08'],
      ['2024-04-22', 'Asisten III', false, null],
      ['2024-04-29', 'Camat', false, null],
    ]);
  });

  it('S10 a moved meeting that lands on a day the rule holds is dropped', () => {
    expect(applyHolidays(['2024-04-05', '2024-04-08'], new Set(['2024-04-05']), 'next_working_day')).toEqual([{ date: '2024-04-08', movedFrom: null }]);
  });
});

describe('the extra rule', () => {
  const withVillages: SeriesRule = {
    ...COFFEE_MORNING,
    extra: { recurrence: { kind: 'monthly_nth', nth: 1, weekday: 'MO', interval: 2 }, group: group('Kepala Desa'), name: '' },
  };

  it('S11 every two months the village heads take the Monday, and the rotation goes on after them', () => {
    expect(rows(withVillages, '2022-07-18', '2022-10-10')).toEqual([
      ['2022-07-18', 'Asisten II', false, null],
      ['2022-07-25', 'Asisten III', false, null],
      ['2022-08-01', 'Kepala Desa', true, null],
      ['2022-08-08', 'Camat', false, null],
      ['2022-08-15', 'Asisten I', false, null],
      ['2022-08-22', 'Asisten II', false, null],
      ['2022-08-29', 'Asisten III', false, null],
      ['2022-09-05', 'Camat', false, null],
      ['2022-09-12', 'Asisten I', false, null],
      ['2022-09-19', 'Asisten II', false, null],
      ['2022-09-26', 'Asisten III', false, null],
      ['2022-10-03', 'Kepala Desa', true, null],
      ['2022-10-10', 'Camat', false, null],
    ]);
    const village = at(planOccurrences(withVillages, [], DIRECTORY, '2022-08-01', '2022-08-01'), 0, 'occurrence');
    expect(village.opdShortNames).toEqual(['Desa Sekerat']);
  });

  it("S11 on another day the extra meeting is held beside the week's own", () => {
    const tuesdays: SeriesRule = {
      ...withVillages,
      extra: { ...withVillages.extra!, recurrence: { kind: 'monthly_nth', nth: 1, weekday: 'TU', interval: 2 } },
    };
    expect(rows(tuesdays, '2022-08-01', '2022-08-08')).toEqual([
      ['2022-08-01', 'Camat', false, null],
      ['2022-08-02', 'Kepala Desa', true, null],
      ['2022-08-08', 'Asisten I', false, null],
    ]);
  });

  it('S10 S11 a holiday moves the extra meeting too', () => {
    expect(rows(withVillages, '2022-08-01', '2022-08-02', ['2022-08-01'])).toEqual([['2022-08-02', 'Kepala Desa', true, '2022-08-01']]);
  });
});

describe('horizon', () => {
  it.each([
    ['8 weeks from today', '2022-06-13', 8, '2022-06-13', { from: '2022-06-13', to: '2022-08-07' }],
    ['a start in the future', '2022-07-01', 8, '2022-06-13', { from: '2022-07-01', to: '2022-08-07' }],
    ['one week', '2022-01-03', 1, '2022-06-15', { from: '2022-06-15', to: '2022-06-21' }],
  ])('S12 %s', (_name, startDate, horizonWeeks, today, expected) => {
    expect(generationWindow({ startDate, horizonWeeks }, today)).toEqual(expected);
  });

  it('S12 the horizon cuts the plan: 8 weeks bring 8 Mondays', () => {
    const { from, to } = generationWindow({ startDate: '2022-06-13', horizonWeeks: 8 }, '2022-06-13');
    const plan = planOccurrences(COFFEE_MORNING, [], DIRECTORY, from, to);
    expect(plan.map((o) => o.date)).toEqual(['2022-06-13', '2022-06-20', '2022-06-27', '2022-07-04', '2022-07-11', '2022-07-18', '2022-07-25', '2022-08-01']);
    const ended = planOccurrences({ ...COFFEE_MORNING, endDate: '2022-06-27' }, [], DIRECTORY, from, to);
    expect(ended.map((o) => o.date)).toEqual(['2022-06-13', '2022-06-20', '2022-06-27']);
  });

  it.each([
    ['2022-06-12T16:30:00Z', 'Asia/Makassar', '2022-06-13'],
    ['2022-06-12T16:30:00Z', 'Asia/Jakarta', '2022-06-12'],
    ['2022-06-12T15:30:00Z', 'Asia/Jayapura', '2022-06-13'],
  ])('S12 today at %s in %s is %s', (now, zone, expected) => {
    expect(dateInZone(new Date(now), zone)).toBe(expected);
  });

  it.each([
    ['08:30', 180, '11:30'],
    ['08:30', 195, '11:45'],
    ['22:00', 119, '23:59'],
    ['22:00', 120, null],
  ])('S12 S15 %s plus %i minutes ends at %s', (start, minutes, expected) => {
    expect(addMinutes(start, minutes)).toBe(expected);
  });
});

describe('agenda template', () => {
  it.each([
    ['an empty template keeps the default agenda', ' \n ', []],
    [
      'standard items by their first word, topics, minutes in parentheses',
      'Pembukaan\nPaparan OPD\nArahan Wakil Bupati (20 menit)\nP3K dalam APBD Perubahan (15)\nPenutup',
      [
        { kind: 'pembukaan', title: '', plannedMinutes: 10 },
        { kind: 'paparan', title: 'Paparan OPD', plannedMinutes: 0 },
        { kind: 'arahan', title: 'Arahan Wakil Bupati', plannedMinutes: 20 },
        { kind: 'topik', title: 'P3K dalam APBD Perubahan', plannedMinutes: 15 },
        { kind: 'penutup', title: '', plannedMinutes: 5 },
      ],
    ],
    [
      'without a paparan line the OPDs speak after the opening; bullets are dropped',
      '1. Pembukaan\n2. Netralitas ASN 10 menit\n- Penutup',
      [
        { kind: 'pembukaan', title: '', plannedMinutes: 10 },
        { kind: 'paparan', title: '', plannedMinutes: 0 },
        { kind: 'topik', title: 'Netralitas ASN', plannedMinutes: 10 },
        { kind: 'penutup', title: '', plannedMinutes: 5 },
      ],
    ],
    [
      'a second paparan line is a topic',
      'Paparan\nPaparan Bappeda (10)',
      [
        { kind: 'paparan', title: '', plannedMinutes: 0 },
        { kind: 'topik', title: 'Paparan Bappeda', plannedMinutes: 10 },
      ],
    ],
  ])('S12 %s', (_name, template, expected) => {
    expect(agendaFromTemplate(template)).toEqual(expected);
  });
});

describe('an occurrence that plans more than its slot', () => {
  /** Kutai Timur's Asisten I: 22 OPDs. */
  const asistenI = ordered(Array.from({ length: 22 }, (_, i) => opd(`OPD${i + 1}`, `Dinas ${String(i + 1).padStart(2, '0')}`, 'Asisten I')));

  it('S23 S12 22 speakers of 10 minutes in a 195-minute slot are flagged with the minutes over, as the meeting itself will be', () => {
    const o = at(planOccurrences({ ...COFFEE_MORNING, rotation: [group('Asisten I')] }, [], asistenI, '2022-06-13', '2022-06-13'), 0, 'occurrence');
    // Default agenda: pembukaan 10 + 22 x 10 + arahan 15 + penutup 5 = 250 minutes from 08.30: 12.40, the slot ends 11.45.
    expect(o).toMatchObject({ endTime: '11:45', plannedEndMinute: 12 * 60 + 40, overMinutes: 55 });
    expect(o.overMinutes).toBe(overrunMinutes(occurrenceTimeline(COFFEE_MORNING, asistenI)));
  });

  it("S23 a plan that ends exactly at the slot's end is not flagged", () => {
    // 10 + 10 x 10 + 15 + 5 = 130 minutes.
    const ten = asistenI.slice(0, 10);
    const o = at(
      planOccurrences({ ...COFFEE_MORNING, durationMinutes: 130, rotation: [group('Asisten I')] }, [], ten, '2022-06-13', '2022-06-13'),
      0,
      'occurrence',
    );
    expect(o).toMatchObject({ endTime: '10:40', plannedEndMinute: 10 * 60 + 40, overMinutes: 0 });
    // The series' agenda template counts too: a 20-minute topic pushes it over by 20.
    const [longer] = atLeast(
      planOccurrences(
        {
          ...COFFEE_MORNING,
          durationMinutes: 130,
          agenda: 'Pembukaan (10)\nTopik netralitas ASN (20)\nPaparan OPD\nArahan (15)\nPenutup (5)',
          rotation: [group('Asisten I')],
        },
        [],
        ten,
        '2022-06-13',
        '2022-06-13',
      ),
      1,
      'occurrence',
    );
    expect(longer.overMinutes).toBe(20);
  });
});
