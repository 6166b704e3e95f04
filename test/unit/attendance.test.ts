import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildExport } from '../../server/minutes/build-export';
import { linkOpenedSignal, representedById, speakerOf, turnDetail } from '../../shared/domain/speaking-queue/attendance';
import type { AttendanceStatus, SystemCommand } from '../../shared/protocol';
import { MIN, QueueHarness, T0, chair, fixtureMeeting } from '../helpers/queue-fixture';
import { at, get } from '../helpers/at';

const meeting = () => {
  const m = fixtureMeeting(3);
  // o1 in the room, o2 remote, o3 in the room.
  at(m.participants, 1, 'participant').attendance = 'remote';
  return m;
};

function started() {
  const q = new QueueHarness(meeting());
  q.give({ type: 'meeting.start' }, chair, T0);
  return q;
}

describe("the daftar hadir: online, in the room, and the chair's word", () => {
  it('H1 opening the personal link counts as online only for a participant planned remote', () => {
    const m = meeting();
    expect(linkOpenedSignal(m, 'o1')).toBeNull();
    expect(linkOpenedSignal(m, 'o2')).toEqual({ type: 'attendance.online', participantId: 'o2', via: 'link' });
    expect(linkOpenedSignal(m, 'nobody')).toBeNull();
    expect(linkOpenedSignal(m, null)).toBeNull();
  });

  it('H1 seen connected remotely: an unrecorded entry becomes present online once, with its arrival and source', () => {
    const q = started();
    expect(q.system({ type: 'attendance.online', participantId: 'o2', via: 'link' }, T0 + MIN)).toBe(1);
    expect(q.state.attendance.o2).toMatchObject({ status: 'present_online', arrivedAt: T0 + MIN, seenOnline: true, source: 'link' });
    expect(q.system({ type: 'attendance.online', participantId: 'o2', via: 'call' }, T0 + 2 * MIN)).toBe(0);
    expect(q.system({ type: 'attendance.online', participantId: 'o3', via: 'call' }, T0 + 2 * MIN)).toBe(1);
    expect(q.state.attendance.o3).toMatchObject({ status: 'present_online', source: 'call' });
  });

  it('H2 a check-in puts the participant in the room at that time, before or during the meeting; twice changes nothing', () => {
    const q = new QueueHarness(meeting());
    expect(q.system({ type: 'attendance.checkin', participantId: 'o1' }, T0 - 5 * MIN)).toBe(1);
    expect(q.state.attendance.o1).toMatchObject({ status: 'present_room', arrivedAt: T0 - 5 * MIN, source: 'checkin' });
    expect(q.system({ type: 'attendance.checkin', participantId: 'o1' }, T0)).toBe(0);
    q.give({ type: 'meeting.start' }, chair, T0);
    // Online first, then walked in: now in the room, arrived when first seen.
    q.system({ type: 'attendance.online', participantId: 'o2', via: 'link' }, T0 + MIN);
    expect(q.system({ type: 'attendance.checkin', participantId: 'o2' }, T0 + 9 * MIN)).toBe(1);
    expect(q.state.attendance.o2).toMatchObject({ status: 'present_room', arrivedAt: T0 + MIN, source: 'checkin' });
    // In the room and then seen in the call: still in the room.
    q.system({ type: 'attendance.online', participantId: 'o2', via: 'call' }, T0 + 10 * MIN);
    expect(get(q.state.attendance, 'o2', 'attendance entry of o2').status).toBe('present_room');
    q.give({ type: 'meeting.end' }, chair, T0 + 60 * MIN);
    expect(q.system({ type: 'attendance.checkin', participantId: 'o3' }, T0 + 61 * MIN)).toBe(0);
    expect(get(q.state.attendance, 'o3', 'attendance entry of o3').status).toBe('unknown');
  });

  const MARKS: AttendanceStatus[] = ['present_room', 'present_online', 'represented', 'excused', 'absent'];
  const SIGNALS: SystemCommand[] = [
    { type: 'attendance.checkin', participantId: 'o2' },
    { type: 'attendance.online', participantId: 'o2', via: 'link' },
    { type: 'attendance.online', participantId: 'o2', via: 'call' },
  ];
  it.each(MARKS.flatMap((status) => SIGNALS.map((signal) => [status, signal] as const)))(
    'H3 a mark "%s" by the chair wins over a later %o',
    (status, signal) => {
      const q = started();
      expect(
        q.give({ type: 'attendance.mark', participantId: 'o2', status, representativeName: 'Siti Aminah', reason: 'dinas luar' }, chair, T0 + MIN),
      ).toBeNull();
      const before = get(q.state.attendance, 'o2', 'attendance entry of o2');
      expect(before.source).toBe('manual');
      expect(q.system(signal, T0 + 2 * MIN)).toBe(0);
      expect(q.state.attendance.o2).toEqual(before);
    },
  );

  it('H3 marking "not recorded" clears the chair\'s mark, so the signals count again; a mark from before issue 9 still wins', () => {
    const q = started();
    q.give({ type: 'attendance.mark', participantId: 'o2', status: 'absent' }, chair, T0 + MIN);
    q.give({ type: 'attendance.mark', participantId: 'o2', status: 'unknown' }, chair, T0 + 2 * MIN);
    expect(get(q.state.attendance, 'o2', 'attendance entry of o2').source).toBeNull();
    expect(q.system({ type: 'attendance.checkin', participantId: 'o2' }, T0 + 3 * MIN)).toBe(1);
    // A state stored before `source` existed: an "excused" entry is the chair's, whatever it lacks.
    const legacy = { ...get(q.state.attendance, 'o1', 'attendance entry of o1'), status: 'excused' as const, reason: 'sakit' };
    delete legacy.source;
    q.state = { ...q.state, attendance: { ...q.state.attendance, o1: legacy } };
    expect(q.system({ type: 'attendance.online', participantId: 'o1', via: 'call' }, T0 + 4 * MIN)).toBe(0);
  });

  it('H4 "represented" names the representative or is refused naming the field', () => {
    const q = started();
    expect(q.give({ type: 'attendance.mark', participantId: 'o1', status: 'represented' }, chair, T0)).toBe('bad_request');
    expect(get(q.state.attendance, 'o1', 'attendance entry of o1').status).toBe('unknown');
    expect(
      q.give(
        { type: 'attendance.mark', participantId: 'o1', status: 'represented', representativeName: 'Siti Aminah', representativeTitle: 'Sekretaris Dinas' },
        chair,
        T0,
      ),
    ).toBeNull();
  });

  it('H4 a represented OPD is named by its representative, not its planned head', () => {
    const q = started();
    const m = meeting();
    const turn = get(q.state.turns, 'p-o1', 'turn');
    expect(turn.detail).toBe('Dinas 1 · Kepala 1, Kepala Dinas');
    expect(speakerOf(at(m.participants, 0, 'participant'), q.state.attendance.o1)).toEqual({ name: 'Kepala 1', title: 'Kepala Dinas', represented: false });
    expect(turnDetail(turn, q.state, m, representedById)).toBe('Dinas 1 · Kepala 1, Kepala Dinas');
    q.give(
      { type: 'attendance.mark', participantId: 'o1', status: 'represented', representativeName: 'Siti Aminah', representativeTitle: 'Sekretaris Dinas' },
      chair,
      T0,
    );
    expect(turnDetail(turn, q.state, m, representedById)).toBe('Dinas 1 · Diwakili oleh Siti Aminah, Sekretaris Dinas');
    expect(turnDetail(turn, q.state, m, (who) => `Represented by ${who}`)).toBe('Dinas 1 · Represented by Siti Aminah, Sekretaris Dinas');
    // A guest without an OPD keeps the line the chair typed.
    expect(turnDetail({ participantId: null, detail: 'Tamu' }, q.state, m, representedById)).toBe('Tamu');
  });

  it('H4 the daftar hadir never names the absent head of a represented OPD, even when the representative has no name (states from before H4)', () => {
    const q = started();
    q.give(
      { type: 'attendance.mark', participantId: 'o1', status: 'represented', representativeName: 'Siti Aminah', representativeTitle: 'Sekretaris Dinas' },
      chair,
      T0,
    );
    const legacy = { ...get(q.state.attendance, 'o1', 'attendance entry of o1'), participantId: 'o2', representativeName: '', representativeTitle: '' };
    const queue = { ...q.state, attendance: { ...q.state.attendance, o2: legacy } };
    const rows = buildExport({ doc: new Y.Doc(), meeting: meeting(), queue, opds: [], status: null, city: '' }).attendance;
    expect(rows[0]).toMatchObject({ person: 'Siti Aminah, Sekretaris Dinas', status: 'Diwakili oleh Siti Aminah' });
    expect(rows[1]).toMatchObject({ person: '-', status: 'Diwakili' });
    expect(rows[2]).toMatchObject({ person: 'Kepala 3, Kepala Dinas', status: 'Tidak tercatat' });
  });
});
