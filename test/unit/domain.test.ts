import { describe, expect, it } from 'vitest';
import { ACTIONS, can, ROLES, roleCan, type Action, type Actor, type Role } from '../../shared/domain/roles/roles';
import { isPermutation, moveItem } from '../../shared/domain/meeting/order';
import { formatMeetingDate, formatTimeRange, minutesBetween } from '../../shared/domain/time';
import { meetingInputSchema, opdInputSchema, opdPatchSchema } from '../../shared/protocol';

const admin: Actor = { role: 'admin', meetingId: null, participantId: null };
const participant: Actor = { role: 'participant', meetingId: 'm1', participantId: 'p1' };

describe('roles', () => {
  it.each([
    [admin, 'meeting.manage', 'm1', true],
    [admin, 'directory.manage', undefined, true],
    [participant, 'meeting.read', 'm1', true],
    [participant, 'meeting.read', 'm2', false],
    [participant, 'meeting.read', undefined, false],
    [participant, 'meeting.manage', 'm1', false],
    [{ role: 'chair', meetingId: 'm1', participantId: null }, 'meeting.links', 'm1', false],
    [{ role: 'projector', meetingId: 'm1', participantId: null }, 'directory.read', undefined, false],
  ] as const)('A6 A9 %o may %s on %s: %s', (actor, action, meetingId, expected) => {
    expect(can(actor, action, meetingId)).toBe(expected);
  });

  // The one table of who may do what: each row is a role, each column an action it is granted.
  const grants: Record<Role, Action[]> = {
    admin: [...ACTIONS],
    chair: ['meeting.read', 'meeting.reports', 'queue.chair', 'minutes.finalize', 'video.oversee', 'room.screen', 'followUps.previous', 'followUps.review'],
    notulis: ['meeting.read', 'meeting.reports', 'minutes.write', 'minutes.finalize', 'video.oversee', 'followUps.previous'],
    participant: ['meeting.read'],
    projector: ['meeting.read', 'room.screen', 'followUps.previous'],
    observer: ['meeting.read'],
  };
  it.each(ROLES.flatMap((role) => ACTIONS.map((action) => [role, action, grants[role].includes(action)] as const)))(
    'A16 %s may %s: %s',
    (role, action, expected) => {
      expect(roleCan(role, action)).toBe(expected);
    },
  );
});

describe('speaking order', () => {
  it.each([
    [['a', 'b', 'c'], 0, 2, ['b', 'c', 'a']],
    [['a', 'b', 'c'], 2, 0, ['c', 'a', 'b']],
    [['a', 'b', 'c'], 1, 1, ['a', 'b', 'c']],
    [['a', 'b', 'c'], 0, 9, ['b', 'c', 'a']],
    [['a', 'b', 'c'], 0, -1, ['a', 'b', 'c']],
    [['a', 'b', 'c'], 5, 0, ['a', 'b', 'c']],
  ])('S2 moveItem(%o, %i, %i) = %o', (items, from, to, expected) => {
    expect(moveItem(items, from, to)).toEqual(expected);
  });

  it.each([
    [['a', 'b'], ['b', 'a'], true],
    [['a', 'b'], ['a'], false],
    [['a', 'b'], ['a', 'a'], false],
    [['a', 'b'], ['a', 'c'], false],
  ])('S4 isPermutation(%o, %o) = %s', (current, ids, expected) => {
    expect(isPermutation(current, ids)).toBe(expected);
  });
});

describe('dates and times', () => {
  it.each([
    ['2022-06-13', 'id', 'Senin, 13 Juni 2022'],
    ['2021-09-03', 'id', 'Jumat, 3 September 2021'],
    ['2024-11-01', 'id', 'Jumat, 1 November 2024'],
    ['2022-06-13', 'en', 'Monday 13 June 2022'],
  ] as const)('S7 %s in %s reads "%s"', (date, locale, expected) => {
    expect(formatMeetingDate(date, locale).replace(',', locale === 'en' ? '' : ',')).toBe(expected);
  });

  it('S7 a time range carries the zone label', () => {
    expect(formatTimeRange('08:30', '11:45', 'Asia/Makassar')).toBe('08.30–11.45 WITA');
    expect(formatTimeRange('08:30', '11:45', 'Asia/Jakarta', 'en')).toBe('08:30–11:45 WIB');
    expect(minutesBetween('08:30', '11:45')).toBe(195);
  });
});

describe('schemas', () => {
  const base = {
    title: 'Rakor',
    date: '2024-11-01',
    startTime: '09:00',
    endTime: '12:00',
    timeZone: 'Asia/Makassar',
    chairName: 'Sekda',
    notulis: ['Rina'],
  };
  it.each([
    [{}, null],
    [{ endTime: '09:00' }, 'endTime'],
    [{ date: '2023-02-29' }, 'date'],
    [{ date: '2024-02-29' }, null],
    [{ startTime: '24:00' }, 'startTime'],
    [{ timeZone: 'UTC' }, 'timeZone'],
    [{ title: '   ' }, 'title'],
    [{ notulis: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'notulis'],
    [{ participants: [{ opdId: 'x', allotmentMinutes: 0 }] }, 'participants.0.allotmentMinutes'],
    [{ participants: [{ opdId: 'x', session: 3 }] }, 'participants.0.session'],
    [{ participants: [{ opdId: 'x' }, { opdId: 'x' }] }, 'participants.1.opdId'],
  ])('S1 meeting %o fails on %s', (override, field) => {
    const result = meetingInputSchema.safeParse({ ...base, ...override });
    if (field === null) expect(result.success).toBe(true);
    else expect(result.error?.issues[0]?.path.join('.')).toBe(field);
  });

  it('S1 a meeting gets the defaults a secretariat expects', () => {
    const m = meetingInputSchema.parse({ ...base, participants: [{ opdId: 'x' }] });
    expect(m).toMatchObject({ mode: 'hybrid', defaultAllotmentMinutes: 10, place: '', kind: '' });
    expect(m.participants[0]).toMatchObject({ attendance: 'room', session: 1, allotmentMinutes: null });
  });

  it('D1 an OPD patch leaves out what it does not change', () => {
    expect(opdPatchSchema.parse({ headName: 'x' })).toEqual({ headName: 'x' });
    expect(opdPatchSchema.safeParse({}).success).toBe(false);
    expect(opdInputSchema.parse({ name: ' Dinas Sosial ', shortName: 'Dinsos', kind: 'dinas', group: 'Asisten I' })).toMatchObject({
      name: 'Dinas Sosial',
      headName: '',
    });
  });
});
