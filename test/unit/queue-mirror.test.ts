import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type JoinMeetingResult, type QueueEvent, type QueueState, type QueueSyncResult } from '../../shared/protocol';
import { evolve } from '../../shared/domain/speaking-queue/evolve';
import { QueueFollower, type FollowAction } from '../../client/lib/managers/queue-follow';
import { MIN, QueueHarness, T0 } from '../helpers/queue-fixture';

/** The server's side: a started meeting whose floor moved three times. */
function server() {
  const h = new QueueHarness();
  h.give({ type: 'meeting.start' }, undefined, T0);
  for (let i = 1; i <= 3; i++) h.give({ type: 'turn.next' }, undefined, T0 + i * MIN);
  /** The event numbered `seq`. */
  const e = (seq: number): QueueEvent => {
    const event = h.events.find((x) => x.seq === seq);
    if (!event) throw new Error(`no event ${seq}`);
    return event;
  };
  return { h, e, last: h.state.seq };
}

/** The server's state after the event numbered `seq`. */
function stateAfter(h: QueueHarness, seq: number): QueueState {
  return h.events.filter((event) => event.seq <= seq).reduce(evolve, new QueueHarness().state);
}

describe('a screen follows the queue (client mirror)', () => {
  it("R11 events applied one by one in seq order give exactly the server's state", () => {
    const { h, last } = server();
    const follower = new QueueFollower();
    follower.adopt(new QueueHarness().state);
    const actions = h.events.map((event) => follower.event(event));
    expect(actions.every((a) => a === 'show')).toBe(true);
    expect(follower.seq).toBe(last);
    expect(follower.state).toEqual(h.state);
  });

  const cases: { given: string; when: (e: (seq: number) => QueueEvent) => QueueEvent[]; then: FollowAction[]; seq: number }[] = [
    { given: 'the next events in order', when: (e) => [e(1), e(2)], then: ['show', 'show'], seq: 2 },
    { given: 'the same event twice (a resend, a replay after sync)', when: (e) => [e(1), e(1)], then: ['show', 'none'], seq: 1 },
    { given: 'an event older than the last applied', when: (e) => [e(1), e(2), e(1)], then: ['show', 'show', 'none'], seq: 2 },
    { given: 'a jump from the start', when: (e) => [e(2)], then: ['resync'], seq: 0 },
    { given: 'a jump in the middle: nothing after the gap applies', when: (e) => [e(1), e(3), e(4)], then: ['show', 'resync', 'resync'], seq: 1 },
    { given: "another meeting's event", when: (e) => [{ ...e(1), meetingId: 'm2' }], then: ['none'], seq: 0 },
  ];
  it.each(cases)('R11 given a fresh join, when $given, then $then', ({ when, then, seq }) => {
    const { e } = server();
    const follower = new QueueFollower();
    follower.adopt(new QueueHarness().state);
    expect(when(e).map((event) => follower.event(event))).toEqual(then);
    expect(follower.seq).toBe(seq);
  });

  it('R11 before any join nothing applies and there is no seq to resync from', () => {
    const { e } = server();
    const follower = new QueueFollower();
    expect(follower.event(e(1))).toBe('none');
    expect(follower.state).toBeNull();
    expect(follower.seq).toBeNull();
  });

  it("R3 R11 after a gap the sync's missed events bring the mirror level with the server", () => {
    const { h, e, last } = server();
    const follower = new QueueFollower();
    follower.adopt(new QueueHarness().state);
    follower.event(e(1));
    expect(follower.event(e(3))).toBe('resync');
    const missed = h.events.filter((x) => x.seq > (follower.seq ?? 0));
    follower.synced({ kind: 'events', events: missed });
    expect(follower.seq).toBe(last);
    expect(follower.state).toEqual(h.state);
  });

  it('R3 R11 a sync that answers with a snapshot replaces the state', () => {
    const { h, e } = server();
    const follower = new QueueFollower();
    follower.adopt(new QueueHarness().state);
    follower.event(e(2));
    follower.synced({ kind: 'snapshot', state: h.state });
    expect(follower.state).toBe(h.state);
  });

  it('R11 a sync snapshot older than what the mirror holds is ignored', () => {
    const { h, e } = server();
    const follower = new QueueFollower();
    follower.adopt(h.state);
    const old = stateAfter(h, 1);
    expect(e(1).seq).toBe(old.seq);
    follower.synced({ kind: 'snapshot', state: old });
    expect(follower.state).toBe(h.state);
  });

  it.each([
    { given: 'nothing held yet', held: null, join: 2, then: { adopted: true, seq: 2 } },
    { given: 'a newer snapshot (a reconnect after missed events)', held: 1, join: 3, then: { adopted: true, seq: 3 } },
    { given: 'the same seq (a plain reconnect)', held: 2, join: 2, then: { adopted: true, seq: 2 } },
    { given: 'an older snapshot (a slow join answer)', held: 3, join: 1, then: { adopted: false, seq: 3 } },
  ])("R11 a join's snapshot, given $given", ({ held, join, then }) => {
    const { h } = server();
    const follower = new QueueFollower();
    if (held !== null) follower.adopt(stateAfter(h, held));
    const adopted = follower.adopt(stateAfter(h, join));
    expect({ adopted, seq: follower.seq }).toEqual(then);
  });

  const joinOf = (rest: { queue: QueueState } | { events: QueueEvent[] }): JoinMeetingResult => ({
    meeting: {} as JoinMeetingResult['meeting'],
    serverNow: T0,
    protocolVersion: PROTOCOL_VERSION,
    videoConfigured: false,
    ...rest,
  });

  it.each([
    { given: 'the events since the held seq', held: 1, events: [2, 3, 4], then: { action: 'show', seq: 4 } },
    { given: 'no events (nothing was missed)', held: 4, events: [], then: { action: 'show', seq: 4 } },
    { given: 'events that start after a gap', held: 1, events: [3, 4], then: { action: 'resync', seq: 1 } },
    { given: 'events already held (a slow answer)', held: 4, events: [2, 3], then: { action: 'show', seq: 4 } },
  ])("R3 R11 a reconnect's join with sinceSeq, given $given", ({ held, events, then }) => {
    const { h, e } = server();
    const follower = new QueueFollower();
    follower.adopt(stateAfter(h, held));
    const action: FollowAction = follower.joined(joinOf({ events: events.map(e) }));
    expect({ action, seq: follower.seq }).toEqual(then);
    if (then.seq === h.state.seq) expect(follower.state).toEqual(h.state);
  });

  it("R3 R11 a join's snapshot is adopted as before; events with nothing held ask for a resync", () => {
    const { h, e } = server();
    const follower = new QueueFollower();
    expect(follower.joined(joinOf({ events: [e(1)] }))).toBe('resync');
    expect(follower.joined(joinOf({ queue: h.state }))).toBe('show');
    expect(follower.state).toBe(h.state);
    expect(follower.joined(joinOf({ queue: stateAfter(h, 1) }))).toBe('none');
  });

  it('R3 R11 a resync asks once at a time from the last applied seq; an answer brings the mirror level, a lost one changes nothing', async () => {
    const { h } = server();
    const follower = new QueueFollower();
    follower.adopt(stateAfter(h, 1));
    const asked: number[] = [];
    let answer: (res: { data: QueueSyncResult }) => void = () => undefined;
    const first = follower.resync((sinceSeq) => {
      asked.push(sinceSeq);
      return new Promise((resolve) => (answer = resolve));
    });
    expect(await follower.resync(() => Promise.reject(new Error('a second sync was sent')))).toBe(false);
    answer({ data: { kind: 'events', events: h.events.filter((event) => event.seq > 1) } });
    expect(await first).toBe(true);
    expect(asked).toEqual([1]);
    expect(follower.state).toEqual(h.state);
    expect(await follower.resync(() => Promise.reject(new Error('offline')))).toBe(false);
    expect(follower.state).toEqual(h.state);
  });
});
