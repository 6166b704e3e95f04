import { describe, expect, it } from 'vitest';
import type { Meeting } from '../../shared/protocol';
import { allowedSharers, allowedSpeakers } from '../../server/video/floor-policy';
import { speakerPermission, heldRights } from '../../server/video/permissions';
import { TrackSource } from 'livekit-server-sdk';
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

const allow = (q: QueueHarness, who: string) => q.give({ type: 'share.allow', participantId: who });
const stop = (q: QueueHarness, who: string) => q.give({ type: 'share.stop', participantId: who });

const shareRows: Row[] = [
  ['before the start, only the room', 'floor', () => {}, [ROOM]],
  ['a remote OPD with the floor shares its paparan', 'floor', (q) => [start(q), next(q), next(q)], ['o2', ROOM]],
  ['the floor holder keeps it while paused', 'floor', (q) => [start(q), next(q), next(q), q.give({ type: 'turn.pause' })], ['o2', ROOM]],
  ['an in-room OPD with the floor: the room shares', 'floor', (q) => [start(q), next(q)], [ROOM]],
  ['an admitted response may speak, not share', 'floor', (q) => [start(q), next(q), next(q), ask(q, 'o4'), admit(q)], ['o2', ROOM]],
  ['the floor moves on: the previous presenter loses it', 'floor', (q) => [start(q), next(q), next(q), next(q)], [ROOM]],
  ['the chair allows a remote OPD without the floor', 'floor', (q) => [start(q), next(q), allow(q, 'o5')], ['o5', ROOM]],
  ['an allowed sharer keeps it as the floor moves', 'floor', (q) => [start(q), allow(q, 'o5'), next(q), next(q), next(q)], ['o5', ROOM]],
  ['the chair may allow before the start', 'floor', (q) => [allow(q, 'o4')], ['o4', ROOM]],
  ['allowing an in-room OPD gives nothing: the room shares for it', 'floor', (q) => [start(q), allow(q, 'o3')], [ROOM]],
  ['the chair stops the floor holder’s share', 'floor', (q) => [start(q), next(q), next(q), stop(q, 'o2')], [ROOM]],
  ['the chair stops an allowed sharer', 'floor', (q) => [start(q), allow(q, 'o5'), stop(q, 'o5')], [ROOM]],
  ['allowed again after a stop', 'floor', (q) => [start(q), next(q), next(q), stop(q, 'o2'), allow(q, 'o2')], ['o2', ROOM]],
  [
    'a stopped presenter shares again at its next turn',
    'floor',
    (q) => [
      start(q),
      next(q),
      next(q),
      stop(q, 'o2'),
      next(q),
      q.give({ type: 'turn.restore', turnId: 'p-o2' }),
      q.give({ type: 'turn.call', turnId: 'p-o2' }),
    ],
    ['o2', ROOM],
  ],
  ['after the end, only the room', 'floor', (q) => [start(q), allow(q, 'o5'), q.give({ type: 'meeting.end' })], [ROOM]],
  ['open mode: every remote OPD', 'open', () => {}, ['o2', 'o4', 'o5', ROOM]],
  ['open mode: but one the chair stopped', 'open', (q) => [start(q), stop(q, 'o4')], ['o2', 'o5', ROOM]],
  ['open mode: the stopped one allowed again', 'open', (q) => [start(q), stop(q, 'o4'), allow(q, 'o4')], ['o2', 'o4', 'o5', ROOM]],
];

describe('screen share policy', () => {
  it.each(shareRows)('V20 %s', (_name, mode, when, then) => {
    const m = meeting(mode);
    const q = new QueueHarness(m);
    when(q);
    expect([...allowedSharers(m, q.state)].sort()).toEqual([...then].sort());
  });

  it('V20 every command of a row was accepted (the table tests real states)', () => {
    for (const [, mode, when] of shareRows) {
      const q = new QueueHarness(meeting(mode));
      const results = [when(q)].flat();
      expect(results.filter((r) => r !== null && r !== undefined)).toEqual([]);
    }
  });

  it('V20 only the chair decides; an unknown participant, a repeat and the ended meeting are refused', () => {
    const q = new QueueHarness(meeting());
    expect(q.give({ type: 'share.allow', participantId: 'o2' }, participant('o2'))).toBe('forbidden');
    expect(q.give({ type: 'share.stop', participantId: 'o4' }, participant('o2'))).toBe('forbidden');
    expect(allow(q, 'nobody')).toBe('not_found');
    expect(allow(q, 'toString')).toBe('not_found');
    expect(allow(q, 'o2')).toBeNull();
    expect(allow(q, 'o2')).toBe('conflict');
    expect(stop(q, 'o2')).toBeNull();
    expect(stop(q, 'o2')).toBe('conflict');
    start(q);
    q.give({ type: 'meeting.end' });
    expect(allow(q, 'o2')).toBe('conflict');
    expect(q.events.map((e) => e.body.type)).toEqual(['share.allowed', 'share.stopped', 'meeting.started', 'meeting.ended']);
  });

  it('V20 a state stored before issue 12 (no screenShare) reads as nobody allowed or stopped', () => {
    const m = meeting();
    const q = new QueueHarness(m);
    start(q);
    next(q);
    next(q);
    const { screenShare: _dropped, ...old } = q.state;
    expect([...allowedSharers(m, old)].sort()).toEqual(['o2', ROOM].sort());
  });

  it('V20 the permission carries both screen sources or neither, and reads back as it was sent', () => {
    expect(speakerPermission({ speak: false, share: true }).canPublishSources).toEqual([
      TrackSource.CAMERA,
      TrackSource.SCREEN_SHARE,
      TrackSource.SCREEN_SHARE_AUDIO,
    ]);
    expect(speakerPermission(true).canPublishSources).toEqual([TrackSource.CAMERA, TrackSource.MICROPHONE]);
    for (const rights of [
      { speak: false, share: false },
      { speak: true, share: false },
      { speak: false, share: true },
      { speak: true, share: true },
    ]) {
      expect(heldRights(speakerPermission(rights))).toEqual(rights);
    }
    // Half a share (video without its sound) is not a share Rakor gave.
    expect(heldRights({ canPublish: true, canPublishSources: [TrackSource.CAMERA, TrackSource.SCREEN_SHARE] })).toEqual({ speak: false, share: false });
  });
});
