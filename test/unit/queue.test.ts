import { describe, expect, it } from 'vitest';
import { queueCommandSchema } from '../../shared/protocol';
import { formatCountdown, remainingMs, timerTone, arahanMs } from '../../shared/domain/speaking-queue/timer';
import { clockInZone, instantInZone } from '../../shared/domain/time';
import { expectedStart, project, statistics } from '../../shared/domain/speaking-queue/projection';
import { planTimeline } from '../../shared/domain/meeting/timeline';
import { decide } from '../../shared/domain/speaking-queue/decide';
import { MIN, QueueHarness, T0, admin, chair, fixtureMeeting, participant, projector } from '../helpers/queue-fixture';
import { at, atLeast, get } from '../helpers/at';

describe('speaking queue', () => {
  it('Q1 the queue starts from the speaking order, session by session, all waiting', () => {
    const q = new QueueHarness(fixtureMeeting(3, true));
    expect(q.statuses()).toBe('D1:waiting D2:waiting D3:waiting');
    expect(get(q.state.turns, 'p-o3', 'turn').session).toBe(2);
    expect(get(q.state.turns, 'p-o1', 'turn').timer.allotmentMs).toBe(12 * MIN);
    expect(get(q.state.turns, 'p-o3', 'turn').timer.allotmentMs).toBe(10 * MIN);
  });

  it.each([
    ['turn.next before the start', { type: 'turn.next' }, 'conflict'],
    ['a pause with nobody at the floor', { type: 'turn.pause' }, 'conflict'],
  ] as const)('Q2 refuses %s', (_name, command, code) => {
    const q = new QueueHarness();
    expect(q.give(command)).toBe(code);
    expect(q.events).toHaveLength(0);
  });

  it('Q2 next finishes the current turn and gives the floor to the next waiting one', () => {
    const q = new QueueHarness();
    expect(q.give({ type: 'meeting.start' })).toBeNull();
    q.give({ type: 'turn.next' }, chair, T0);
    expect(q.statuses()).toBe('D1:speaking D2:waiting D3:waiting');
    q.give({ type: 'turn.next' }, chair, T0 + 11 * MIN);
    expect(q.statuses()).toBe('D1:done D2:speaking D3:waiting');
    expect(get(q.state.turns, 'p-o1', 'turn').timer.accumulatedMs).toBe(11 * MIN);
    q.give({ type: 'turn.next' }, chair, T0 + 20 * MIN);
    q.give({ type: 'turn.next' }, chair, T0 + 30 * MIN);
    expect(q.statuses()).toBe('D1:done D2:done D3:done');
    expect(q.give({ type: 'turn.next' }, chair, T0 + 31 * MIN)).toBe('conflict');
  });

  it('Q3 only one turn speaks at a time, even when the chair calls a specific one', () => {
    const q = new QueueHarness();
    q.give({ type: 'meeting.start' });
    q.give({ type: 'turn.next' });
    q.give({ type: 'turn.call', turnId: 'p-o3' }, chair, T0 + MIN);
    expect(q.statuses()).toBe('D1:done D2:waiting D3:speaking');
    expect(Object.values(q.state.turns).filter((t) => t.status === 'speaking')).toHaveLength(1);
    expect(q.give({ type: 'turn.call', turnId: 'p-o1' })).toBe('conflict');
    expect(q.give({ type: 'turn.call', turnId: 'nope' })).toBe('not_found');
  });

  it('F2 Q3 an id that names a property of every object is no turn and no participant (the edge fuzz, seed 144880598)', () => {
    const q = new QueueHarness();
    q.give({ type: 'meeting.start' });
    for (const id of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      for (const type of ['turn.call', 'turn.skip', 'turn.restore'] as const) expect(q.give({ type, turnId: id }), `${type} ${id}`).toBe('not_found');
      expect(q.give({ type: 'attendance.mark', participantId: id, status: 'present_room' }), `attendance ${id}`).toBe('not_found');
    }
  });

  it('T1 pause and resume stop and restart the countdown from stored timestamps', () => {
    const q = new QueueHarness();
    q.give({ type: 'meeting.start' });
    q.give({ type: 'turn.next' }, chair, T0);
    q.give({ type: 'turn.pause' }, chair, T0 + 2 * MIN);
    expect(remainingMs(q.current!.timer, T0 + 50 * MIN)).toBe(10 * MIN);
    expect(q.give({ type: 'turn.pause' })).toBe('conflict');
    q.give({ type: 'turn.resume' }, chair, T0 + 5 * MIN);
    expect(remainingMs(q.current!.timer, T0 + 6 * MIN)).toBe(9 * MIN);
  });

  it('T2 extensions add time, count, and re-arm the warning', () => {
    const q = new QueueHarness();
    q.give({ type: 'meeting.start' });
    q.give({ type: 'turn.next' }, chair, T0);
    expect(q.system({ type: 'timer.warn', turnId: 'p-o1' }, T0 + 9 * MIN)).toBe(0);
    expect(q.system({ type: 'timer.warn', turnId: 'p-o1' }, T0 + 10 * MIN)).toBe(1);
    expect(q.system({ type: 'timer.warn', turnId: 'p-o1' }, T0 + 10 * MIN + 1)).toBe(0);
    q.give({ type: 'turn.extend', minutes: 5 }, chair, T0 + 11 * MIN);
    expect(q.current).toMatchObject({ extensions: 1, extendedMs: 5 * MIN, warnedAt: null });
    expect(remainingMs(q.current!.timer, T0 + 11 * MIN)).toBe(6 * MIN);
    expect(queueCommandSchema.safeParse({ type: 'turn.extend', minutes: 0 }).success).toBe(false);
  });

  it('T3 the countdown turns amber at the warning and counts up in overrun', () => {
    const q = new QueueHarness();
    q.give({ type: 'meeting.start' });
    q.give({ type: 'turn.next' }, chair, T0);
    const turn = () => q.current!;
    expect(timerTone(turn(), q.state.warningMs, T0 + 9 * MIN)).toBe('calm');
    expect(timerTone(turn(), q.state.warningMs, T0 + 10 * MIN + 1)).toBe('warning');
    expect(timerTone(turn(), q.state.warningMs, T0 + 12 * MIN)).toBe('overrun');
    expect(q.system({ type: 'timer.expire', turnId: 'p-o1' }, T0 + 11 * MIN)).toBe(0);
    expect(q.system({ type: 'timer.expire', turnId: 'p-o1' }, T0 + 12 * MIN)).toBe(1);
    expect(formatCountdown(remainingMs(turn().timer, T0 + 13 * MIN + 20_000))).toBe('+01:20');
    expect(formatCountdown(remainingMs(turn().timer, T0 + 400))).toBe('12:00');
  });

  it('T4 arahan time stops the OPD clock and is counted apart', () => {
    const q = new QueueHarness();
    q.give({ type: 'meeting.start' });
    q.give({ type: 'turn.next' }, chair, T0);
    q.give({ type: 'arahan.start' }, chair, T0 + 3 * MIN);
    expect(q.give({ type: 'arahan.start' })).toBe('conflict');
    expect(remainingMs(q.current!.timer, T0 + 8 * MIN)).toBe(9 * MIN);
    q.give({ type: 'arahan.stop' }, chair, T0 + 8 * MIN);
    expect(arahanMs(q.current!.timer, T0 + 9 * MIN)).toBe(5 * MIN);
    expect(remainingMs(q.current!.timer, T0 + 9 * MIN)).toBe(8 * MIN);
    q.give({ type: 'arahan.start' }, chair, T0 + 9 * MIN);
    q.give({ type: 'turn.next' }, chair, T0 + 10 * MIN);
    const done = get(q.state.turns, 'p-o1', 'turn');
    expect(done.timer).toMatchObject({ accumulatedMs: 4 * MIN, arahanMs: 6 * MIN, arahanSince: null, runningSince: null });
  });

  it('Q4 skip and put back: a restored turn comes right after the current one', () => {
    const q = new QueueHarness();
    q.give({ type: 'meeting.start' });
    q.give({ type: 'turn.skip', turnId: 'p-o1' });
    q.give({ type: 'turn.next' });
    expect(q.statuses()).toBe('D1:skipped D2:speaking D3:waiting');
    q.give({ type: 'turn.restore', turnId: 'p-o1' });
    expect(q.statuses()).toBe('D2:speaking D1:waiting D3:waiting');
    expect(q.give({ type: 'turn.restore', turnId: 'p-o3' })).toBe('conflict');
  });

  it('Q5 reorder must name every turn once', () => {
    const q = new QueueHarness();
    expect(q.give({ type: 'queue.reorder', turnIds: ['p-o3', 'p-o1', 'p-o2'] })).toBeNull();
    expect(q.statuses()).toBe('D3:waiting D1:waiting D2:waiting');
    expect(q.give({ type: 'queue.reorder', turnIds: ['p-o3', 'p-o1'] })).toBe('stale_seq');
    expect(q.give({ type: 'queue.reorder', turnIds: ['p-o3', 'p-o3', 'p-o1'] })).toBe('stale_seq');
  });

  it('Q6 an unscheduled speaker goes right after the current turn by default', () => {
    const q = new QueueHarness();
    q.give({ type: 'meeting.start' });
    q.give({ type: 'turn.next' });
    q.give({ type: 'queue.add', label: 'Sekda', allotmentMinutes: 5 });
    q.give({ type: 'queue.add', label: 'Tamu', allotmentMinutes: 3, placement: 'end' });
    expect(q.statuses()).toBe('D1:speaking Sekda:waiting D2:waiting D3:waiting Tamu:waiting');
  });

  it('Q7 requests: points of order rank ahead of responses; admitted ones speak right after the current turn', () => {
    const q = new QueueHarness();
    q.give({ type: 'meeting.start' });
    q.give({ type: 'turn.next' });
    expect(q.give({ type: 'request.create', kind: 'response' }, participant('o2'))).toBeNull();
    expect(q.give({ type: 'request.create', kind: 'response' }, participant('o2'))).toBe('conflict');
    q.give({ type: 'request.create', kind: 'point_of_order' }, participant('o3'));
    const [resp, poo] = atLeast(q.state.requests, 2, 'request');
    q.give({ type: 'request.admit', requestId: resp.id }, chair);
    q.give({ type: 'request.admit', requestId: poo.id, allotmentMinutes: 1 }, chair);
    expect(q.statuses()).toBe('D1:speaking D3:waiting D2:waiting D2:waiting D3:waiting');
    expect(q.state.order.slice(1, 3).map((id) => get(q.state.turns, id, 'turn').kind)).toEqual(['point_of_order', 'response']);
    expect(get(q.state.turns, at(q.state.order, 1, 'turn id'), 'turn').timer.allotmentMs).toBe(MIN);
    expect(get(q.state.turns, at(q.state.order, 2, 'turn id'), 'turn').timer.allotmentMs).toBe(3 * MIN);
    expect(q.give({ type: 'request.admit', requestId: resp.id })).toBe('conflict');
  });

  it('Q7b the OPD at the floor is refused a response to its own turn, keeps its point of order, and may respond once the floor moves on', () => {
    const q = new QueueHarness();
    q.give({ type: 'meeting.start' });
    q.give({ type: 'turn.next' });
    const speaker = participant('o1');
    const refused = decide(q.state, queueCommandSchema.parse({ type: 'request.create', kind: 'response' }), speaker, { now: T0, newId: () => 'x' });
    expect('error' in refused && refused.error).toMatchObject({ code: 'conflict', key: 'errors.queue.responseToOwnTurn', field: 'kind' });
    expect(q.state.requests).toEqual([]);
    expect(q.give({ type: 'request.create', kind: 'point_of_order' }, speaker)).toBeNull();
    q.give({ type: 'turn.next' });
    expect(q.give({ type: 'request.create', kind: 'response' }, speaker)).toBeNull();
    expect(q.state.requests.map((r) => `${r.participantId}:${r.kind}`)).toEqual(['o1:point_of_order', 'o1:response']);
  });

  it('Q8 askers withdraw only their own pending request; the chair declines', () => {
    const q = new QueueHarness();
    q.give({ type: 'meeting.start' });
    q.give({ type: 'request.create', kind: 'response' }, participant('o2'));
    const id = at(q.state.requests, 0, 'request').id;
    expect(q.give({ type: 'request.withdraw', requestId: id }, participant('o3'))).toBe('not_found');
    expect(q.give({ type: 'request.withdraw', requestId: id }, participant('o2'))).toBeNull();
    expect(q.give({ type: 'request.decline', requestId: id })).toBe('conflict');
    q.give({ type: 'request.create', kind: 'response' }, participant('o3'));
    expect(q.give({ type: 'request.decline', requestId: at(q.state.requests, 1, 'request').id })).toBeNull();
    expect(q.state.requests.map((r) => r.status)).toEqual(['withdrawn', 'declined']);
  });

  it.each([
    [projector, { type: 'turn.next' }, 'forbidden'],
    [participant('o1'), { type: 'turn.next' }, 'forbidden'],
    [participant('o1'), { type: 'attendance.mark', participantId: 'o1', status: 'present_room' }, 'forbidden'],
    [chair, { type: 'request.create', kind: 'response' }, 'forbidden'],
    [admin, { type: 'meeting.start' }, null],
  ] as const)('A12 %o giving %o gets %s', (actor, command, code) => {
    const q = new QueueHarness();
    expect(q.give(command, actor)).toBe(code);
  });

  it('Q9 attendance: marks, representation, excuse, and presence online when a link opens', () => {
    const q = new QueueHarness();
    q.give({ type: 'attendance.mark', participantId: 'o1', status: 'represented', representativeName: 'Budi', representativeTitle: 'Sekretaris' }, chair, T0);
    expect(q.state.attendance.o1).toMatchObject({ status: 'represented', representativeName: 'Budi', arrivedAt: T0 });
    q.give({ type: 'attendance.mark', participantId: 'o2', status: 'excused', reason: 'Dinas luar' });
    expect(q.state.attendance.o2).toMatchObject({ status: 'excused', reason: 'Dinas luar', arrivedAt: null });
    expect(q.system({ type: 'attendance.online', participantId: 'o3' }, T0 + MIN)).toBe(1);
    expect(q.state.attendance.o3).toMatchObject({ status: 'present_online', arrivedAt: T0 + MIN, seenOnline: true });
    expect(q.system({ type: 'attendance.online', participantId: 'o3' }, T0 + 2 * MIN)).toBe(0);
    // The chair's mark stands: a later signal changes nothing (H3).
    expect(q.system({ type: 'attendance.online', participantId: 'o2' }, T0 + 2 * MIN)).toBe(0);
    expect(get(q.state.attendance, 'o2', 'attendance entry of o2').status).toBe('excused');
  });

  it('T5 end of meeting closes the running turn', () => {
    const q = new QueueHarness();
    q.give({ type: 'meeting.start' });
    q.give({ type: 'turn.next' }, chair, T0);
    q.give({ type: 'meeting.end' }, chair, T0 + 4 * MIN);
    expect(q.state.phase).toBe('ended');
    expect(q.statuses()).toBe('D1:done D2:waiting D3:waiting');
    expect(q.give({ type: 'turn.next' })).toBe('conflict');
  });

  it('Q10 sessions: next stays within the running session until the chair switches', () => {
    const q = new QueueHarness(fixtureMeeting(3, true));
    q.give({ type: 'meeting.start' });
    q.give({ type: 'turn.next' });
    q.give({ type: 'turn.next' });
    q.give({ type: 'turn.next' });
    expect(q.statuses()).toBe('D1:done D2:done D3:waiting');
    expect(q.give({ type: 'turn.next' })).toBe('conflict');
    q.give({ type: 'session.switch', session: 2 });
    q.give({ type: 'turn.next' });
    expect(q.statuses()).toBe('D1:done D2:done D3:speaking');
  });
});

describe('projection and statistics', () => {
  it('P1 projected end follows the pace kept so far', () => {
    const q = new QueueHarness();
    const meeting = fixtureMeeting();
    q.give({ type: 'meeting.start' });
    q.give({ type: 'turn.next' }, chair, T0);
    q.give({ type: 'turn.next' }, chair, T0 + 18 * MIN); // 12 allotted, 18 used: pace 1.5
    const now = T0 + 18 * MIN;
    const p = project(q.state, meeting, now);
    expect(p.pace).toBe(1.5);
    expect(p.projectedEnd).toBe(now + 12 * MIN + 10 * MIN * 1.5);
    expect(p.plannedEnd).toBe(instantInZone('2022-06-13', '11:45', 'Asia/Makassar'));
    expect(clockInZone(p.projectedEnd, 'Asia/Makassar')).toBe('09.15');
    expect(p.deltaMinutes).toBe(-150);
  });

  it("P1 a meeting held on another day than planned is measured against that day's planned end", () => {
    const q = new QueueHarness();
    const later = T0 + 3 * 365 * 24 * 60 * MIN; // the demo meeting of 2022, run years later
    q.give({ type: 'meeting.start' }, chair, later);
    q.give({ type: 'turn.next' }, chair, later);
    const p = project(q.state, fixtureMeeting(), later);
    expect(p.plannedEnd - later).toBeLessThan(24 * 60 * MIN);
    expect(clockInZone(p.plannedEnd, 'Asia/Makassar')).toBe('11.45');
    expect(Math.abs(p.deltaMinutes)).toBeLessThan(24 * 60);
  });

  it('P2 each waiting OPD sees roughly when its turn comes', () => {
    const q = new QueueHarness();
    q.give({ type: 'meeting.start' });
    q.give({ type: 'turn.next' }, chair, T0);
    expect(expectedStart(q.state, 'p-o3', T0 + 2 * MIN)).toBe(T0 + 2 * MIN + 10 * MIN + 12 * MIN);
    expect(expectedStart(q.state, 'p-o1', T0)).toBeNull();
  });

  it('P3 statistics hold planned and actual start, spoken, arahan, overrun and extensions', () => {
    const q = new QueueHarness();
    q.give({ type: 'meeting.start' });
    q.give({ type: 'turn.next' }, chair, T0 + MIN);
    q.give({ type: 'turn.extend', minutes: 2 }, chair, T0 + 5 * MIN);
    q.give({ type: 'arahan.start' }, chair, T0 + 6 * MIN);
    q.give({ type: 'arahan.stop' }, chair, T0 + 9 * MIN);
    q.give({ type: 'turn.next' }, chair, T0 + 23 * MIN);
    const [first, second] = statistics(q.state, fixtureMeeting(), T0 + 24 * MIN);
    // The default agenda opens with pembukaan 10: the first OPD is planned at 08.40, as the timeline says.
    expect(first).toMatchObject({
      plannedStart: T0 + 10 * MIN,
      actualStart: T0 + MIN,
      allottedMs: 14 * MIN,
      spokenMs: 19 * MIN,
      arahanMs: 3 * MIN,
      overrunMs: 5 * MIN,
      extensions: 1,
    });
    expect(second).toMatchObject({ plannedStart: T0 + 22 * MIN, actualStart: T0 + 23 * MIN, spokenMs: MIN });
  });

  it('P3 S22 a scheduled turn is planned where the timeline plans it: agenda before the slot, each sesi from its window', () => {
    const meeting = {
      ...fixtureMeeting(3, true),
      agenda: [
        { kind: 'pembukaan' as const, title: '', plannedMinutes: 15 },
        { kind: 'topik' as const, title: 'Netralitas ASN', plannedMinutes: 20 },
        { kind: 'paparan' as const, title: '', plannedMinutes: 0 },
        { kind: 'penutup' as const, title: '', plannedMinutes: 5 },
      ],
      sessions: [
        { number: 1 as const, startTime: '08:30', endTime: '09:45' },
        { number: 2 as const, startTime: '10:00', endTime: '11:45' },
      ],
    };
    const q = new QueueHarness(meeting);
    q.give({ type: 'meeting.start' });
    const timeline = planTimeline(meeting);
    const planned = statistics(q.state, meeting, T0).map((s) => s.plannedStart);
    const midnight = instantInZone('2022-06-13', '00:00', 'Asia/Makassar');
    expect(planned).toEqual(['o1', 'o2', 'o3'].map((id) => midnight + get(timeline.turns, id, 'turn').startMinute * MIN));
    expect(planned.map((p) => clockInZone(p!, 'Asia/Makassar'))).toEqual(['09.05', '09.17', '10.00']);
  });
});
