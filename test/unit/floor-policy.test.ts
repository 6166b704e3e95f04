import { describe, expect, it } from 'vitest';
import type { Meeting } from '../../shared/protocol';
import { allowedSpeakers } from '../../server/video/floor-policy';
import { QueueHarness, fixtureMeeting, participant } from '../helpers/queue-fixture';
import { last } from '../helpers/at';

/** Five OPDs in speaking order: D1 in the room, D2 remote, D3 in the room, D4 remote, D5 remote. */
function meeting(floorMode: Meeting['floorMode'] = 'floor'): Meeting {
  const m = fixtureMeeting(5);
  return {
    ...m,
    floorMode,
    participants: m.participants.map((p) => ({ ...p, attendance: ['o2', 'o4', 'o5'].includes(p.id) ? ('remote' as const) : ('room' as const) })),
  };
}

const ROOM = 'room:m1';
const start = (q: QueueHarness) => q.give({ type: 'meeting.start' });
const next = (q: QueueHarness) => q.give({ type: 'turn.next' });
const ask = (q: QueueHarness, who: string, kind: 'response' | 'point_of_order' = 'response') => q.give({ type: 'request.create', kind }, participant(who));
const lastRequest = (q: QueueHarness) => last(q.state.requests, 'request').id;
const admit = (q: QueueHarness) => q.give({ type: 'request.admit', requestId: lastRequest(q), allotmentMinutes: 3 });

type Row = [name: string, mode: Meeting['floorMode'], when: (q: QueueHarness) => unknown, then: string[]];

const rows: Row[] = [
  ['before the start, only the room', 'floor', () => {}, [ROOM]],
  ['an in-room OPD has the floor: the room carries it', 'floor', (q) => [start(q), next(q)], [ROOM]],
  ['a remote OPD has the floor', 'floor', (q) => [start(q), next(q), next(q)], ['o2', ROOM]],
  ['the floor holder keeps it while paused', 'floor', (q) => [start(q), next(q), next(q), q.give({ type: 'turn.pause' })], ['o2', ROOM]],
  ['the floor holder keeps it during arahan', 'floor', (q) => [start(q), next(q), next(q), q.give({ type: 'arahan.start' })], ['o2', ROOM]],
  ['the floor moves on: the previous speaker loses it', 'floor', (q) => [start(q), next(q), next(q), next(q)], [ROOM]],
  ['a called remote OPD gets it', 'floor', (q) => [start(q), q.give({ type: 'turn.call', turnId: 'p-o4' })], ['o4', ROOM]],
  ['a skipped speaker loses it', 'floor', (q) => [start(q), next(q), next(q), q.give({ type: 'turn.skip', turnId: 'p-o2' })], [ROOM]],
  ['a pending request gives nothing', 'floor', (q) => [start(q), next(q), ask(q, 'o4')], [ROOM]],
  ['an admitted response may speak before its turn', 'floor', (q) => [start(q), next(q), ask(q, 'o4'), admit(q)], ['o4', ROOM]],
  [
    'an admitted point of order beside the remote speaker',
    'floor',
    (q) => [start(q), next(q), next(q), ask(q, 'o5', 'point_of_order'), admit(q)],
    ['o2', 'o5', ROOM],
  ],
  ['an admitted request speaking', 'floor', (q) => [start(q), next(q), ask(q, 'o4'), admit(q), next(q)], ['o4', ROOM]],
  [
    'an admitted request once done: only the next speaker (D2) keeps it',
    'floor',
    (q) => [start(q), next(q), ask(q, 'o4'), admit(q), next(q), next(q)],
    ['o2', ROOM],
  ],
  [
    'a declined request gives nothing',
    'floor',
    (q) => [start(q), next(q), ask(q, 'o4'), q.give({ type: 'request.decline', requestId: lastRequest(q) })],
    [ROOM],
  ],
  [
    'a withdrawn request gives nothing',
    'floor',
    (q) => [start(q), next(q), ask(q, 'o4'), q.give({ type: 'request.withdraw', requestId: lastRequest(q) }, participant('o4'))],
    [ROOM],
  ],
  ['an in-room asker admitted: the room carries it', 'floor', (q) => [start(q), next(q), next(q), ask(q, 'o3'), admit(q)], ['o2', ROOM]],
  [
    'after the end, only the room, even with an admitted request left',
    'floor',
    (q) => [start(q), next(q), ask(q, 'o4'), admit(q), q.give({ type: 'meeting.end' })],
    [ROOM],
  ],
  ['open mode before the start: every remote OPD', 'open', () => {}, ['o2', 'o4', 'o5', ROOM]],
  ['open mode while an in-room OPD speaks', 'open', (q) => [start(q), next(q)], ['o2', 'o4', 'o5', ROOM]],
  ['open mode after the end', 'open', (q) => [start(q), q.give({ type: 'meeting.end' })], ['o2', 'o4', 'o5', ROOM]],
];

describe('floor policy', () => {
  it.each(rows)('V5 %s', (_name, mode, when, then) => {
    const m = meeting(mode);
    const q = new QueueHarness(m);
    when(q);
    expect([...allowedSpeakers(m, q.state)].sort()).toEqual([...then].sort());
  });

  it('V5 every command of a row was accepted (the table tests real states)', () => {
    for (const [, mode, when] of rows) {
      const q = new QueueHarness(meeting(mode));
      const results = [when(q)].flat();
      expect(results.filter((r) => r !== null && r !== undefined)).toEqual([]);
    }
  });
});
