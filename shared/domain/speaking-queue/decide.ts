import { translate, type MessageKey, type MessageParams } from '../../i18n';
import type { ApiError } from '../../protocol/errors';
import type { QueueCommand, QueueEventBody, QueueState, SystemCommand, Turn, TurnKind } from '../../protocol/queue';
import { roleCan, type Actor } from '../roles/roles';
import { decideAttendanceSignal, manualSource } from './attendance';
import { screenShareOf } from './screen-share';
import { newTimer, remainingMs } from './timer';

export interface DecideContext {
  /** Server time of the decision, ms since the epoch. */
  now: number;
  /** Makes ids for new turns and requests. */
  newId: () => string;
}

export type Decision = { events: QueueEventBody[] } | { error: ApiError };

/** A refusal: its key and parameters, and the same in English for a client without the key. */
const fail = (code: ApiError['code'], key: MessageKey, field?: string, params: MessageParams = {}): Decision => ({
  error: { code, key, params, message: translate('en', key, params), ...(field ? { field } : {}) },
});
const ok = (...events: QueueEventBody[]): Decision => ({ events });

/** An entry a client names by id: its own, never one of Object.prototype's ("toString" is no turn). */
const own = <T>(record: Record<string, T>, id: string): T | undefined => (Object.hasOwn(record, id) ? record[id] : undefined);

function current(state: QueueState): Turn | null {
  return state.currentTurnId ? (state.turns[state.currentTurnId] ?? null) : null;
}

/** The first waiting turn of the running session, in speaking order. */
export function nextWaiting(state: QueueState): Turn | null {
  for (const id of state.order) {
    const t = state.turns[id];
    if (t && t.status === 'waiting' && t.session === state.session) return t;
  }
  return null;
}

/** Where an admitted request goes: after the current turn and the request turns already ahead of it. */
function placeAfterForRequest(state: QueueState, kind: TurnKind): string | null {
  const ahead: TurnKind[] = kind === 'point_of_order' ? ['point_of_order'] : ['point_of_order', 'response'];
  let after = state.currentTurnId;
  const start = after ? state.order.indexOf(after) + 1 : 0;
  for (const id of state.order.slice(start)) {
    const t = state.turns[id];
    if (t && t.status === 'waiting' && ahead.includes(t.kind)) after = t.id;
    else break;
  }
  return after;
}

function closeCurrent(state: QueueState): QueueEventBody[] {
  const cur = current(state);
  if (!cur) return [];
  return [...(cur.timer.arahanSince !== null ? [{ type: 'arahan.stopped' as const, turnId: cur.id }] : []), { type: 'turn.finished', turnId: cur.id }];
}

function newTurn(ctx: DecideContext, fields: Pick<Turn, 'kind' | 'participantId' | 'label' | 'detail' | 'session' | 'requestId'>, ms: number): Turn {
  return {
    ...fields,
    id: ctx.newId(),
    status: 'waiting',
    timer: newTimer(ms),
    plannedMs: ms,
    extensions: 0,
    extendedMs: 0,
    startedAt: null,
    endedAt: null,
    warnedAt: null,
    expiredAt: null,
  };
}

/** What the scheduler asks for; refused quietly (no events) when the moment has passed. */
export function decideSystem(state: QueueState, command: SystemCommand, ctx: DecideContext): QueueEventBody[] {
  if (command.type === 'attendance.online' || command.type === 'attendance.checkin') return decideAttendanceSignal(state, command, ctx.now);
  const turn = state.turns[command.turnId];
  if (!turn || state.currentTurnId !== turn.id || turn.status !== 'speaking') return [];
  const left = remainingMs(turn.timer, ctx.now);
  if (command.type === 'timer.warn' && turn.warnedAt === null && left <= state.warningMs) return [{ type: 'turn.warned', turnId: turn.id }];
  if (command.type === 'timer.expire' && turn.expiredAt === null && left <= 0) return [{ type: 'turn.expired', turnId: turn.id }];
  return [];
}

/**
 * Decides a person's command against the queue: the events it causes, or a typed error that
 * changes nothing. `actor` is already known to belong to this meeting.
 */
export function decide(state: QueueState, command: QueueCommand, actor: Actor, ctx: DecideContext): Decision {
  const isChair = roleCan(actor.role, 'queue.chair');

  if (command.type === 'request.create' || command.type === 'request.withdraw') {
    if (actor.role !== 'participant' || !actor.participantId) return fail('forbidden', 'errors.queue.onlyParticipantAsks');
    if (state.phase !== 'running') return fail('conflict', 'errors.queue.notRunning');
    if (command.type === 'request.create') {
      const pending = state.requests.find((r) => r.participantId === actor.participantId && r.status === 'pending' && r.kind === command.kind);
      if (pending) return fail('conflict', 'errors.queue.requestPending', 'kind');
      // A response answers the one at the floor: the holder answers itself by speaking (a point of order stays open).
      if (command.kind === 'response' && current(state)?.participantId === actor.participantId) {
        return fail('conflict', 'errors.queue.responseToOwnTurn', 'kind');
      }
      return ok({
        type: 'request.created',
        request: {
          id: ctx.newId(),
          participantId: actor.participantId,
          kind: command.kind,
          status: 'pending',
          createdAt: ctx.now,
          duringTurnId: state.currentTurnId,
          decidedAt: null,
        },
      });
    }
    const request = state.requests.find((r) => r.id === command.requestId);
    if (!request || request.participantId !== actor.participantId) return fail('not_found', 'errors.queue.noSuchOwnRequest', 'requestId');
    if (request.status !== 'pending') return fail('conflict', 'errors.queue.requestAnswered', 'requestId');
    return ok({ type: 'request.withdrawn', requestId: request.id });
  }

  if (!isChair) return fail('forbidden', 'errors.queue.onlyChair');

  if (command.type === 'attendance.mark') {
    const entry = own(state.attendance, command.participantId);
    if (!entry) return fail('not_found', 'errors.queue.participantMissing', 'participantId');
    if (command.status === 'represented' && !command.representativeName) {
      return fail('bad_request', 'errors.queue.nameRepresentative', 'representativeName');
    }
    const present = ['present_room', 'present_online', 'represented'].includes(command.status);
    return ok({
      type: 'attendance.marked',
      entry: {
        ...entry,
        status: command.status,
        arrivedAt: present ? (entry.arrivedAt ?? ctx.now) : null,
        representativeName: command.status === 'represented' ? command.representativeName : '',
        representativeTitle: command.status === 'represented' ? command.representativeTitle : '',
        reason: command.status === 'excused' ? command.reason : '',
        source: manualSource(command.status),
      },
    });
  }
  if (command.type === 'share.allow' || command.type === 'share.stop') {
    if (!own(state.attendance, command.participantId)) return fail('not_found', 'errors.queue.participantMissing', 'participantId');
    if (state.phase === 'ended') return fail('conflict', 'errors.queue.ended');
    const share = screenShareOf(state);
    if (command.type === 'share.allow') {
      if (share.allowed.includes(command.participantId)) return fail('conflict', 'errors.queue.shareAlreadyAllowed', 'participantId');
      return ok({ type: 'share.allowed', participantId: command.participantId });
    }
    if (share.stopped.includes(command.participantId)) return fail('conflict', 'errors.queue.shareAlreadyStopped', 'participantId');
    return ok({ type: 'share.stopped', participantId: command.participantId });
  }
  if (command.type === 'settings.warning') return ok({ type: 'settings.changed', warningMs: Math.round(command.warningMinutes * 60_000) });
  if (command.type === 'queue.reorder') {
    const ids = command.turnIds;
    const same = ids.length === state.order.length && new Set(ids).size === ids.length && ids.every((id) => id in state.turns);
    if (!same) return fail('stale_seq', 'errors.queue.stale', 'turnIds');
    return ok({ type: 'queue.reordered', turnIds: ids });
  }
  if (command.type === 'queue.add') {
    const turn = newTurn(
      ctx,
      { kind: 'added', participantId: command.participantId, label: command.label, detail: command.detail, session: state.session, requestId: null },
      Math.round(command.allotmentMinutes * 60_000),
    );
    const after = command.placement === 'end' ? null : placeAfterForRequest(state, 'response');
    return ok({ type: 'turn.added', turn, afterTurnId: after });
  }

  if (command.type === 'meeting.start') {
    if (state.phase !== 'not_started') return fail('conflict', 'errors.queue.alreadyStarted');
    return ok({ type: 'meeting.started', session: command.session ?? 1 });
  }
  if (state.phase === 'not_started') return fail('conflict', 'errors.queue.startFirst');
  if (state.phase === 'ended') return fail('conflict', 'errors.queue.ended');

  const cur = current(state);
  switch (command.type) {
    case 'meeting.end':
      return ok(...closeCurrent(state), { type: 'meeting.ended' });
    case 'session.switch':
      if (command.session === state.session) return fail('conflict', 'errors.queue.sessionRunning', 'session', { n: command.session });
      return ok(...closeCurrent(state), { type: 'session.switched', session: command.session });
    case 'turn.next': {
      const next = nextWaiting(state);
      if (!next && !cur) return fail('conflict', 'errors.queue.nobodyLeft');
      return ok(...closeCurrent(state), ...(next ? [{ type: 'turn.started' as const, turnId: next.id }] : []));
    }
    case 'turn.call': {
      const turn = own(state.turns, command.turnId);
      if (!turn) return fail('not_found', 'errors.queue.noSuchTurn', 'turnId');
      if (turn.status !== 'waiting') return fail('conflict', 'errors.queue.callWaitingOnly', 'turnId');
      const events: QueueEventBody[] = [...closeCurrent(state)];
      if (turn.session !== state.session) events.push({ type: 'session.switched', session: turn.session });
      events.push({ type: 'turn.started', turnId: turn.id });
      return ok(...events);
    }
    case 'turn.skip': {
      const turn = own(state.turns, command.turnId);
      if (!turn) return fail('not_found', 'errors.queue.noSuchTurn', 'turnId');
      if (turn.status === 'done' || turn.status === 'skipped') return fail('conflict', 'errors.queue.turnOver', 'turnId');
      return ok(...(turn.timer.arahanSince !== null ? [{ type: 'arahan.stopped' as const, turnId: turn.id }] : []), { type: 'turn.skipped', turnId: turn.id });
    }
    case 'turn.restore': {
      const turn = own(state.turns, command.turnId);
      if (!turn) return fail('not_found', 'errors.queue.noSuchTurn', 'turnId');
      if (turn.status !== 'done' && turn.status !== 'skipped') return fail('conflict', 'errors.queue.restoreOverOnly', 'turnId');
      return ok({ type: 'turn.restored', turnId: turn.id });
    }
    case 'request.admit':
    case 'request.decline': {
      const request = state.requests.find((r) => r.id === command.requestId);
      if (!request) return fail('not_found', 'errors.queue.noSuchRequest', 'requestId');
      if (request.status !== 'pending') return fail('conflict', 'errors.queue.requestClosed', 'requestId');
      if (command.type === 'request.decline') return ok({ type: 'request.declined', requestId: request.id });
      const requester = state.turns[`p-${request.participantId}`];
      const turn = newTurn(
        ctx,
        {
          kind: request.kind,
          participantId: request.participantId,
          label: requester?.label ?? translate('id', 'role.participant'),
          detail: requester?.detail ?? '',
          session: state.session,
          requestId: request.id,
        },
        Math.round(command.allotmentMinutes * 60_000),
      );
      return ok({ type: 'request.admitted', requestId: request.id, turn, afterTurnId: placeAfterForRequest(state, request.kind) });
    }
  }

  if (!cur) return fail('conflict', 'errors.queue.nobodyHasFloor');
  switch (command.type) {
    case 'turn.pause':
      if (cur.status !== 'speaking') return fail('conflict', 'errors.queue.alreadyPaused');
      return ok({ type: 'turn.paused', turnId: cur.id });
    case 'turn.resume':
      if (cur.status !== 'paused') return fail('conflict', 'errors.queue.notPaused');
      return ok({ type: 'turn.resumed', turnId: cur.id });
    case 'turn.extend':
      return ok({ type: 'turn.extended', turnId: cur.id, ms: Math.round(command.minutes * 60_000) });
    case 'turn.finish':
      return ok(...closeCurrent(state));
    case 'arahan.start':
      if (cur.status !== 'speaking') return fail('conflict', 'errors.queue.resumeFirst');
      if (cur.timer.arahanSince !== null) return fail('conflict', 'errors.queue.chairHasFloor');
      return ok({ type: 'arahan.started', turnId: cur.id });
    case 'arahan.stop':
      if (cur.timer.arahanSince === null) return fail('conflict', 'errors.queue.chairLacksFloor');
      return ok({ type: 'arahan.stopped', turnId: cur.id });
  }
  // Every command type is decided above: a new one in the protocol fails to compile here.
  return unreachable(command);
}

function unreachable(command: never): never {
  throw new Error(`decide: no rule for command ${JSON.stringify(command)}`);
}
