import { describe, expect, it } from 'vitest';
import { DEFAULT_AGENDA, meetingInputSchema, validationError, type AgendaItem, type Meeting, type SessionWindow } from '../../shared/protocol';
import { fromMinutes } from '../../shared/domain/time';
import { formatPlannedTurn, planTimeline, type TimelineInput } from '../../shared/domain/meeting/timeline';
import { invitationSubject, invitationText, plannedTurnText } from '../../shared/domain/meeting/invitation';
import { fixtureMeeting } from '../helpers/queue-fixture';
import { at, get } from '../helpers/at';

/** Speakers as [short name, sesi, own allotment]. */
type Speaker = [string, number, number | null];

function input(speakers: Speaker[], extra: Partial<TimelineInput> = {}): TimelineInput {
  return {
    startTime: '08:30',
    endTime: '11:45',
    defaultAllotmentMinutes: 10,
    participants: speakers.map(([short, session, allotmentMinutes], i) => ({ id: short, opdShortName: short, session, position: i + 1, allotmentMinutes })),
    ...extra,
  };
}

/** "label HH:MM-HH:MM" per planned item, block by block. */
function rows(t: ReturnType<typeof planTimeline>): string[][] {
  return t.blocks.map((b) =>
    b.items.map((i) => `${i.kind === 'turn' ? i.title : i.title || i.kind} ${fromMinutes(i.startMinute)}-${fromMinutes(i.endMinute)}`),
  );
}

const agenda = (...items: [AgendaItem['kind'], number, string?][]): AgendaItem[] =>
  items.map(([kind, plannedMinutes, title]) => ({ kind, plannedMinutes, title: title ?? '' }));
const win = (number: 1 | 2, startTime: string, endTime: string): SessionWindow => ({ number, startTime, endTime });

describe('planned timeline', () => {
  const cases: [rule: string, given: TimelineInput, then: string[][], warnings: [session: number | null, overMinutes: number][]][] = [
    [
      'S21 S22 no agenda: the default one (pembukaan 10, paparan, arahan 15, penutup 5) from the meeting start',
      input([
        ['Dinkes', 1, null],
        ['Dinsos', 1, 12],
      ]),
      [['pembukaan 08:30-08:40', 'Dinkes 08:40-08:50', 'Dinsos 08:50-09:02', 'arahan 09:02-09:17', 'penutup 09:17-09:22']],
      [],
    ],
    [
      'S22 the paparan slot takes the speakers in speaking order, each with its own or the default allotment',
      input(
        [
          ['Bappeda', 1, 15],
          ['Dinkes', 1, null],
          ['BPKAD', 1, 5],
        ],
        { agenda: agenda(['topik', 20, 'Netralitas ASN'], ['paparan', 0], ['penutup', 5]) },
      ),
      [['Netralitas ASN 08:30-08:50', 'Bappeda 08:50-09:05', 'Dinkes 09:05-09:15', 'BPKAD 09:15-09:20', 'penutup 09:20-09:25']],
      [],
    ],
    [
      'S22 without windows sesi 1 speaks before sesi 2, whatever the list order',
      input(
        [
          ['Camat A', 2, null],
          ['Dinkes', 1, null],
          ['Camat B', 2, null],
        ],
        { agenda: agenda(['paparan', 0]) },
      ),
      [['Dinkes 08:30-08:40', 'Camat A 08:40-08:50', 'Camat B 08:50-09:00']],
      [],
    ],
    [
      'S22 with windows: the opening starts sesi 1, each sesi speaks from its window, the closing ends the last sesi',
      input(
        [
          ['Dinkes', 1, null],
          ['Camat A', 2, null],
          ['Dinsos', 1, null],
        ],
        { sessions: [win(2, '10:00', '11:45'), win(1, '08:30', '09:45')] },
      ),
      [
        ['pembukaan 08:30-08:40', 'Dinkes 08:40-08:50', 'Dinsos 08:50-09:00'],
        ['Camat A 10:00-10:10', 'arahan 10:10-10:25', 'penutup 10:25-10:30'],
      ],
      [],
    ],
    [
      'S23 the plan passes the planned end: a warning with the minutes over',
      input([
        ['A', 1, 60],
        ['B', 1, 60],
        ['C', 1, 60],
      ]),
      [['pembukaan 08:30-08:40', 'A 08:40-09:40', 'B 09:40-10:40', 'C 10:40-11:40', 'arahan 11:40-11:55', 'penutup 11:55-12:00']],
      [[null, 15]],
    ],
    [
      "S23 a sesi that passes its own window's end warns, the other does not",
      input(
        [
          ['A', 1, 30],
          ['B', 1, 30],
          ['C', 2, 10],
        ],
        { sessions: [win(1, '08:30', '09:30'), win(2, '10:00', '11:45')] },
      ),
      [
        ['pembukaan 08:30-08:40', 'A 08:40-09:10', 'B 09:10-09:40'],
        ['C 10:00-10:10', 'arahan 10:10-10:25', 'penutup 10:25-10:30'],
      ],
      [[1, 10]],
    ],
    [
      'S22 a plan exactly at the planned end does not warn',
      input([['A', 1, 165]]),
      [['pembukaan 08:30-08:40', 'A 08:40-11:25', 'arahan 11:25-11:40', 'penutup 11:40-11:45']],
      [],
    ],
    ['S22 no speakers: the agenda alone', input([]), [['pembukaan 08:30-08:40', 'arahan 08:40-08:55', 'penutup 08:55-09:00']], []],
  ];

  it.each(cases)('%s', (_rule, given, then, warnings) => {
    const timeline = planTimeline(given);
    expect(rows(timeline)).toEqual(then);
    expect(timeline.warnings.map((w) => [w.session, w.overMinutes])).toEqual(warnings);
  });

  it('S22 each OPD\'s planned turn reads "Dinkes, 09.24 WITA"', () => {
    const timeline = planTimeline(
      input(
        [
          ['Bappeda', 1, 44],
          ['Dinkes', 1, null],
        ],
        { agenda: DEFAULT_AGENDA.slice() },
      ),
    );
    expect(formatPlannedTurn(get(timeline.turns, 'Dinkes', 'turn of Dinkes'), 'Asia/Makassar')).toBe('Dinkes, 09.24 WITA');
    expect(formatPlannedTurn(get(timeline.turns, 'Dinkes', 'turn of Dinkes'), 'Asia/Jakarta', 'en')).toBe('Dinkes, 09:24 WIB');
  });
});

describe('sessions and agenda in the meeting schema', () => {
  const base = {
    title: 'Rakor',
    date: '2021-09-03',
    startTime: '08:00',
    endTime: '12:00',
    timeZone: 'Asia/Makassar',
    chairName: 'Bupati',
    notulis: ['Rina'],
    participants: [
      { opdId: 'a', session: 1 },
      { opdId: 'b', session: 2 },
    ],
  };
  const fieldOf = (extra: object) => {
    const r = meetingInputSchema.safeParse({ ...base, ...extra });
    return r.success ? null : [validationError(r.error).field, validationError(r.error).details?.[0]?.message];
  };

  it.each([
    ['S20 sesi 2 overlapping sesi 1', { sessions: [win(1, '08:00', '10:00'), win(2, '09:30', '12:00')] }, ['sessions.1.startTime', 'overlaps sesi 1']],
    [
      'S20 a window ending before it starts',
      { sessions: [win(1, '10:00', '09:00'), win(2, '10:00', '12:00')] },
      ['sessions.0.endTime', 'the end must be after the start'],
    ],
    [
      'S20 a window before the meeting starts',
      { sessions: [win(1, '07:00', '10:00'), win(2, '10:00', '12:00')] },
      ['sessions.0.startTime', 'before the meeting starts'],
    ],
    [
      'S20 a window past the planned end',
      { sessions: [win(1, '08:00', '10:00'), win(2, '10:00', '12:30')] },
      ['sessions.1.endTime', "after the meeting's planned end"],
    ],
    ['S20 sesi 2 before sesi 1', { sessions: [win(1, '10:00', '12:00'), win(2, '08:00', '10:00')] }, ['sessions.1.startTime', 'sesi 2 must come after sesi 1']],
    ['S20 the same sesi twice', { sessions: [win(1, '08:00', '09:00'), win(1, '10:00', '11:00')] }, ['sessions.1.number', 'sesi 1 is listed twice']],
    ['S20 sesi 2 participants without a sesi-2 window', { sessions: [win(1, '08:00', '10:00')] }, ['participants.1.session', 'sesi 2 has no time window']],
    ['S21 an agenda without the paparan slot', { agenda: agenda(['pembukaan', 10]) }, ['agenda', 'the agenda needs the paparan slot (where the OPDs speak)']],
    ['S21 two paparan slots', { agenda: agenda(['paparan', 0], ['paparan', 0]) }, ['agenda.1.kind', 'only one paparan slot']],
    ['S21 a topic without a title', { agenda: agenda(['paparan', 0], ['topik', 10]) }, ['agenda.1.title', 'required']],
    ['S21 a negative duration', { agenda: agenda(['paparan', 0], ['arahan', -5]) }, ['agenda.1.plannedMinutes', 'at least 0 minutes']],
  ])('%s is refused naming the field', (_name, extra, expected) => {
    expect(fieldOf(extra)).toEqual(expected);
  });

  it.each([
    ['S20 no windows, no agenda (the meetings made before sessions existed)', {}],
    ['S20 back-to-back windows', { sessions: [win(1, '08:00', '10:00'), win(2, '10:00', '12:00')] }],
    ['S21 an agenda with its paparan slot and a topic', { agenda: agenda(['pembukaan', 5], ['paparan', 0], ['topik', 20, 'Netralitas ASN']) }],
  ])('%s is accepted', (_name, extra) => {
    expect(fieldOf(extra)).toBeNull();
  });
});

describe('invitations', () => {
  function meeting(): Meeting {
    const m = fixtureMeeting(3);
    return { ...m, title: 'Coffee Morning Lingkup Asisten I', chairName: 'Kasmidi Bulang', chairTitle: 'Wakil Bupati' };
  }

  it('I1 the text in Bahasa Indonesia carries title, day and date, time with zone, place, mode, the planned turn and the link', () => {
    const m = meeting();
    const p = { ...at(m.participants, 1, 'participant'), attendance: 'remote' as const };
    const text = invitationText(m, p, 'https://rakor.example.go.id/l/abc', 'whatsapp');
    expect(text).toContain('Yth. Dinas 2');
    expect(text).toContain('u.p. Kepala 2, Kepala Dinas');
    expect(text).toContain('*Coffee Morning Lingkup Asisten I*');
    expect(text).toContain('Hari/tanggal: Senin, 13 Juni 2022');
    expect(text).toContain('Waktu: 08.30–11.45 WITA');
    expect(text).toContain('Tempat: Ruang Meranti');
    expect(text).toContain('Bentuk: Hibrida (di ruang rapat dan daring)');
    expect(text).toContain('Pimpinan rapat: Kasmidi Bulang, Wakil Bupati');
    // pembukaan 10 + D1's 12 minutes: D2 speaks at 08.52 for its own 12 minutes.
    expect(text).toContain('Jadwal paparan D2: pukul 08.52–09.04 WITA (12 menit)');
    expect(text).toContain('Kehadiran: daring');
    expect(text.split('\n')).toContain('https://rakor.example.go.id/l/abc');
    expect(plannedTurnText(m, p.id)).toBe('08.52 WITA (12 menit)');
    expect(invitationSubject(m)).toBe('Undangan: Coffee Morning Lingkup Asisten I, Senin, 13 Juni 2022');
  });

  it('I1 plain text has no WhatsApp markup; a sesi window is named', () => {
    const m = { ...meeting(), sessions: [win(1, '08:30', '10:00'), win(2, '10:00', '11:45')] };
    const p = { ...at(m.participants, 2, 'participant'), session: 2 };
    const text = invitationText(
      { ...m, participants: [at(m.participants, 0, 'participant'), at(m.participants, 1, 'participant'), p] },
      p,
      'https://x/l/t',
      'plain',
    );
    expect(text).not.toContain('*');
    expect(text).toContain('Sesi: sesi 2, 10.00–11.45 WITA');
    expect(text).toContain('Jadwal paparan D3: pukul 10.00–10.10 WITA (10 menit)');
  });
});

describe("sessions and agenda messages in the reader's language", () => {
  const plan = { startTime: '09:00', endTime: '12:00', participants: [{ session: 1 }] };
  it.each([
    [
      'overlaps sesi 1',
      {
        sessions: [
          { number: 1 as const, startTime: '09:00', endTime: '10:00' },
          { number: 2 as const, startTime: '09:30', endTime: '11:00' },
        ],
      },
      'bertumpang dengan sesi 1',
    ],
    [
      'sesi 2 has no time window',
      { sessions: [{ number: 1 as const, startTime: '09:00', endTime: '10:00' }], participants: [{ session: 2 }] },
      'sesi 2 belum punya waktu',
    ],
    ["after the meeting's planned end", { sessions: [{ number: 1 as const, startTime: '09:00', endTime: '12:30' }] }, 'setelah rencana selesai rapat'],
    [
      'the agenda needs the paparan slot (where the OPDs speak)',
      { agenda: [{ kind: 'pembukaan' as const, title: '', plannedMinutes: 5 }] },
      'acara perlu butir Paparan OPD (tempat OPD berbicara)',
    ],
  ])('S20 S21 "%s" reads "%s"', async (_rule, change, expected) => {
    const { meetingPlanIssues } = await import('../../shared/domain/meeting/plan-rules');
    const { translate } = await import('../../shared/i18n');
    const [issue] = meetingPlanIssues({ ...plan, ...change });
    expect(issue && translate('id', issue.key, issue.params)).toBe(expected);
  });
});
