import type { QueueEvent, QueueEventBody } from '../../protocol/queue';

/**
 * Queue events after which the floor may have moved: who speaks, who was admitted, whether the
 * meeting runs. The minutes (a section per turn) and the call (who may use the microphone) follow
 * these; both recompute from the state, so one set serves both.
 */
export const FLOOR_EVENT_TYPES: ReadonlySet<QueueEventBody['type']> = new Set<QueueEventBody['type']>([
  'meeting.started',
  'meeting.ended',
  'turn.started',
  'turn.finished',
  'turn.skipped',
  'turn.restored',
  'turn.added',
  'request.admitted',
]);

/** True when any of `events` may have moved the floor. */
export function movesFloor(events: readonly QueueEvent[]): boolean {
  return events.some((e) => FLOOR_EVENT_TYPES.has(e.body.type));
}

/**
 * Queue events after which the call's rights may have changed: the floor's, and the chair's
 * screen-share decisions (which move no minutes section). The floor controller follows these.
 */
export const CALL_RIGHTS_EVENT_TYPES: ReadonlySet<QueueEventBody['type']> = new Set<QueueEventBody['type']>([
  ...FLOOR_EVENT_TYPES,
  'share.allowed',
  'share.stopped',
]);

/** True when any of `events` may have changed who may speak or share a screen in the call. */
export function changesCallRights(events: readonly QueueEvent[]): boolean {
  return events.some((e) => CALL_RIGHTS_EVENT_TYPES.has(e.body.type));
}
