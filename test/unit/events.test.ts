import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { EventBus } from '../../server/events';
import { CALL_RIGHTS_EVENT_TYPES, FLOOR_EVENT_TYPES, changesCallRights, movesFloor } from '../../shared/domain/speaking-queue/floor-events';
import type { QueueEvent, QueueEventBody } from '../../shared/protocol';
import { match } from '../helpers/match';

const quiet = pino({ level: 'silent' });

describe('the server event bus', () => {
  it('R8 every subscriber hears an event, in subscription order, with its typed payload', () => {
    const bus = new EventBus(quiet);
    const heard: string[] = [];
    bus.on('minutes.changed', ({ meetingId }) => heard.push(`a:${meetingId}`));
    bus.on('minutes.changed', ({ meetingId }) => heard.push(`b:${meetingId}`));
    bus.on('video.changed', ({ meetingId }) => heard.push(`video:${meetingId}`));
    bus.emit('minutes.changed', { meetingId: 'm1' });
    expect(heard).toEqual(['a:m1', 'b:m1']);
  });

  it('R8 a subscriber that throws is logged; the others and the emitter carry on', () => {
    const logged: unknown[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    const bus = new EventBus(logger);
    const heard: string[] = [];
    bus.on('links.revoked', () => {
      throw new Error('socket layer broke');
    });
    bus.on('links.revoked', ({ linkIds }) => heard.push(...linkIds));
    expect(() => bus.emit('links.revoked', { linkIds: ['l1', 'l2'] })).not.toThrow();
    expect(heard).toEqual(['l1', 'l2']);
    expect(logged).toEqual([match.objectContaining({ event: 'links.revoked', msg: 'an event handler failed' })]);
  });

  it('R8 unsubscribing stops delivery to that handler only', () => {
    const bus = new EventBus(quiet);
    const heard: string[] = [];
    const off = bus.on('video.changed', () => heard.push('first'));
    bus.on('video.changed', () => heard.push('second'));
    off();
    bus.emit('video.changed', { meetingId: 'm1' });
    expect(heard).toEqual(['second']);
  });
});

describe('floor events', () => {
  const event = (type: QueueEventBody['type']): QueueEvent => ({ seq: 1, at: 0, meetingId: 'm', body: { type } as QueueEventBody });
  // Every event type (the Record makes the compiler ask for a new one), and whether the minutes and the call recompute after it.
  const moves: Record<QueueEventBody['type'], boolean> = {
    'queue.planned': false,
    'meeting.started': true,
    'meeting.ended': true,
    'session.switched': false,
    'turn.started': true,
    'turn.paused': false,
    'turn.resumed': false,
    'turn.extended': false,
    'turn.finished': true,
    'turn.skipped': true,
    'turn.restored': true,
    'turn.warned': false,
    'turn.expired': false,
    'queue.reordered': false,
    'turn.added': true,
    'arahan.started': false,
    'arahan.stopped': false,
    'request.created': false,
    'request.withdrawn': false,
    'request.declined': false,
    'request.admitted': true,
    'attendance.marked': false,
    'settings.changed': false,
    'share.allowed': false,
    'share.stopped': false,
  };
  /** The chair's screen-share decisions move no minutes section, but change the call's rights. */
  const callOnly: ReadonlySet<QueueEventBody['type']> = new Set<QueueEventBody['type']>(['share.allowed', 'share.stopped']);
  const table = Object.entries(moves) as [QueueEventBody['type'], boolean][];

  it.each(table)('R9 %s moves the floor: %s', (type, expected) => {
    expect(movesFloor([event('queue.planned'), event(type)])).toBe(expected);
  });

  it.each(table)('R9 %s changes the call rights: floor moves and the share decisions', (type, moves) => {
    expect(changesCallRights([event('queue.planned'), event(type)])).toBe(moves || callOnly.has(type));
  });

  it('R9 the call follows the floor set plus the share decisions, and names only real event types', () => {
    expect([...CALL_RIGHTS_EVENT_TYPES].sort()).toEqual([...FLOOR_EVENT_TYPES, ...callOnly].sort());
  });

  it('R9 one set serves the minutes and the call, and names only real event types', () => {
    expect([...FLOOR_EVENT_TYPES].sort()).toEqual(
      table
        .filter(([, expected]) => expected)
        .map(([type]) => type)
        .sort(),
    );
  });
});
