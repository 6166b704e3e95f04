import { randomUUID } from 'node:crypto';
import { roleCan, type Actor } from '../../shared/domain/roles/roles';
import { decideCheckIn, type CheckInOutcome } from '../../shared/domain/speaking-queue/attendance';
import { decide, decideSystem } from '../../shared/domain/speaking-queue/decide';
import { evolve } from '../../shared/domain/speaking-queue/evolve';
import { initialQueueState, planTurns } from '../../shared/domain/speaking-queue/plan';
import { remainingMs } from '../../shared/domain/speaking-queue/timer';
import type { AttendanceEntry, Meeting, QueueCommand, QueueEvent, QueueEventBody, QueueState, QueueSyncResult, SystemCommand } from '../../shared/protocol';
import type { Clock } from '../clock';
import type { EventBus } from '../events';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { QueueCommandRecord, Repositories, Store } from '../store/ports';
import type { Scheduler } from './scheduler';

/** What a person's command carries besides itself: the seq its screen saw, and its own id. */
export interface CommandGuard {
  expectedSeq?: number;
  commandId?: string;
}

/**
 * Who gave which command, as canonical JSON (the schema's key order): the chair's screens (chair
 * link or admin) count as one giver; a participant is itself.
 */
function commandFingerprint(command: QueueCommand, actor: Actor): string {
  const giver = roleCan(actor.role, 'queue.chair') ? 'chair' : `${actor.role}:${actor.participantId ?? ''}`;
  return JSON.stringify([giver, command]);
}

/** A client further behind than this gets a snapshot instead of the events. */
const MAX_CATCH_UP_EVENTS = 500;

/**
 * The server-authoritative speaking queue. Commands of one meeting run one at a time: decide,
 * number, persist, then broadcast; timers are scheduled from the stored timestamps.
 */
/** One command's transaction: the meeting's queue held, its state as stored, and a way to commit. */
interface QueueTransaction {
  repos: Repositories;
  state: QueueState;
  /** Stores the events (and the command that made them) with the state they lead to. */
  commit: (bodies: readonly QueueEventBody[], at: number, command?: QueueCommandRecord) => Promise<QueueState>;
}

export interface QueueServiceOptions {
  /**
   * Other nodes write this queue too (REDIS_URL): the cached state is checked against the stored
   * seq before each decision, reads go to the database, and every node arms the timers (the lock
   * and the stored state make a timer that fires on three nodes one event).
   */
  shared?: boolean;
  /** In a shared cluster, how often the running meetings' timers are re-armed from the database. */
  sweepMs?: number;
}

/**
 * The server-authoritative speaking queue. Commands of one meeting run one at a time: decide,
 * number, persist, then broadcast; timers are scheduled from the stored timestamps. On several
 * nodes the meeting's queue is locked in the database for each command.
 */
export class QueueService {
  private readonly states = new Map<string, QueueState>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly shared: boolean;
  private sweeper: NodeJS.Timeout | null = null;
  /** Set by close(): a person's new command is refused as `draining`, what is in flight finishes. */
  private draining = false;
  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly logger: Logger,
    private readonly options: QueueServiceOptions = {},
  ) {
    this.shared = options.shared ?? false;
  }

  /**
   * Re-arms the warnings and expiries of every running meeting after a restart; on several
   * nodes, again every few seconds, so a meeting started elsewhere is armed here too even if
   * the message about it was lost.
   */
  async resumeRunning(): Promise<void> {
    await this.armRunning();
    if (this.shared && !this.sweeper) {
      this.sweeper = setInterval(
        () => void this.armRunning().catch((err: unknown) => this.logger.warn({ err }, 'arming running queues failed')),
        this.options.sweepMs ?? 10_000,
      );
      this.sweeper.unref();
    }
  }

  /** Another node committed these events (a cluster message): the timers here follow. */
  async remoteCommitted(meetingId: string, events: readonly QueueEvent[]): Promise<void> {
    const first = events[0];
    const last = events.at(-1);
    const cached = this.states.get(meetingId);
    if (cached && first && first.seq === cached.seq + 1 && events.every((e, i) => e.seq === first.seq + i)) {
      // They follow on from this node's copy: the same reducer the committing node ran gives the
      // stored state, without a read per change on every node (a command still checks the stored seq).
      const next = events.reduce(evolve, cached);
      this.states.set(meetingId, next);
      this.schedule(next);
      return;
    }
    if (cached && last && cached.seq < last.seq) this.states.delete(meetingId);
    this.schedule(await this.state(meetingId));
  }

  async state(meetingId: string): Promise<QueueState> {
    if (!this.shared) {
      const cached = this.states.get(meetingId);
      if (cached) return cached;
    }
    return this.load(this.store, meetingId);
  }

  /**
   * Decides one command of a person. `commandId` (one per press, made by the client) makes a retry
   * harmless: an id accepted before is answered with the same ack and nothing new happens, also
   * after a restart. `expectedSeq` is the seq the screen saw: behind the server, the command is
   * refused as stale, unless the same person gave the very same command from that seq already
   * (the second tap of a double tap, or the chair's second screen), which is answered quietly with
   * the first one's ack: both presses meant "from what I saw, advance", and that has been done.
   */
  command(meetingId: string, command: QueueCommand, actor: Actor, guard: CommandGuard = {}): Promise<{ seq: number }> {
    const { expectedSeq, commandId } = guard;
    if (this.draining) return Promise.reject(drainingError());
    return this.transact(meetingId, async ({ repos, state, commit }) => {
      const fingerprint = commandFingerprint(command, actor);
      if (commandId !== undefined) {
        const done = await repos.queue.findCommand(meetingId, commandId);
        if (done && done.fingerprint !== fingerprint) throw new AppError('conflict', 'errors.commandIdReused', {}, 'commandId');
        if (done) return { seq: done.resultSeq };
      }
      if (expectedSeq !== undefined && expectedSeq !== state.seq) {
        const first = expectedSeq < state.seq ? await repos.queue.findCommandFrom(meetingId, expectedSeq, fingerprint) : null;
        if (first) return { seq: first.resultSeq };
        throw new AppError('stale_seq', 'errors.staleView', { seen: expectedSeq, now: state.seq });
      }
      // A cancelled occurrence of a series stays for the record, but is not held.
      if (command.type === 'meeting.start' && (await repos.schedule.occurrenceOfMeeting(meetingId))?.cancelled) {
        throw new AppError('conflict', 'errors.meetingCancelled');
      }
      const now = this.clock.now().getTime();
      const decision = decide(state, command, actor, { now, newId: randomUUID });
      if ('error' in decision) throw AppError.from(decision.error);
      const resultSeq = state.seq + decision.events.length;
      const record: QueueCommandRecord | undefined =
        commandId === undefined ? undefined : { meetingId, commandId, expectedSeq: expectedSeq ?? null, fingerprint, resultSeq, at: now };
      const next = await commit(decision.events, now, record);
      return { seq: next.seq };
    });
  }

  /** Commands of the server itself (scheduler, link presence); they never fail loudly. */
  system(meetingId: string, command: SystemCommand): Promise<void> {
    // Draining: the next node re-arms the timers from the store and hears the presence again at the join.
    if (this.draining) return Promise.resolve();
    return this.transact(meetingId, async ({ state, commit }) => {
      const now = this.clock.now().getTime();
      const bodies = decideSystem(state, command, { now, newId: randomUUID });
      if (bodies.length > 0) await commit(bodies, now);
      // A timer that fired a hair early (wall clock against monotonic), or one another node fired first, is armed again.
      else if (command.type === 'timer.warn' || command.type === 'timer.expire') this.schedule(state);
    }).catch((err: unknown) => this.logger.error({ err, meetingId, command }, 'system queue command failed'));
  }

  /**
   * A participant's own phone checked in with the room's code: present in the room, unless the
   * chair or host marked it otherwise (that stands). Answers the entry as it now is.
   */
  checkIn(meetingId: string, participantId: string): Promise<{ outcome: CheckInOutcome; entry: AttendanceEntry }> {
    if (this.draining) return Promise.reject(drainingError());
    return this.transact(meetingId, async ({ state, commit }) => {
      const now = this.clock.now().getTime();
      const decision = decideCheckIn(state, participantId, now);
      if ('error' in decision) throw AppError.from(decision.error);
      const next = decision.events.length > 0 ? await commit(decision.events, now) : state;
      // decideCheckIn refuses a participant without an entry, and a check-in never removes one.
      const entry = next.attendance[participantId];
      if (!entry) throw new Error(`checkIn: participant ${participantId} has no attendance entry`);
      return { outcome: decision.outcome, entry };
    });
  }

  /** The events a client missed, or a snapshot when it is too far behind or confused. */
  async sync(meetingId: string, sinceSeq: number): Promise<QueueSyncResult> {
    const state = await this.state(meetingId);
    if (sinceSeq <= 0 || sinceSeq > state.seq || state.seq - sinceSeq > MAX_CATCH_UP_EVENTS) {
      return { kind: 'snapshot', state };
    }
    const events = await this.store.queue.eventsSince(meetingId, sinceSeq, MAX_CATCH_UP_EVENTS);
    if (events.length !== state.seq - sinceSeq) return { kind: 'snapshot', state };
    return { kind: 'events', events };
  }

  /** Before the meeting starts, the queue follows edits of the speaking order (on `meeting.updated`). */
  replan(meeting: Meeting): Promise<void> {
    return this.transact(meeting.id, async ({ repos, state, commit }) => {
      // Untouched: planned from the meeting on demand.
      if ((await repos.queue.storedSeq(meeting.id)) === null) return;
      if (state.phase !== 'not_started') return;
      const { turns, order } = planTurns(meeting);
      await commit([{ type: 'queue.planned', turns, order, participantIds: meeting.participants.map((p) => p.id) }], this.clock.now().getTime());
    }).catch((err: unknown) => this.logger.error({ err, meetingId: meeting.id }, 'replanning the queue failed'));
  }

  /**
   * The node is shutting down: from now on a person's new command is refused as `draining` (the
   * client sends it again to the next node), and the server's own commands are left to that node.
   */
  drain(): void {
    this.draining = true;
  }

  /**
   * Drains, stops the timers and waits for every command in flight (those already waiting for
   * their meeting's turn included), so each one acknowledged is stored and nothing writes after
   * the store closes. A replan still runs: it follows a meeting edit that was stored.
   */
  async close(): Promise<void> {
    this.drain();
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    this.scheduler.cancelAll();
    while (this.locks.size > 0) await Promise.allSettled([...this.locks.values()]);
    this.scheduler.cancelAll();
  }

  private async armRunning(): Promise<void> {
    for (const id of await this.store.queue.runningMeetingIds()) {
      this.schedule(await this.state(id));
    }
  }

  /** The stored state, or the plan of a queue never touched (it follows the meeting until the first event). */
  private async load(repos: Repositories, meetingId: string): Promise<QueueState> {
    const stored = await repos.queue.loadState(meetingId);
    if (stored) {
      this.states.set(meetingId, stored);
      return stored;
    }
    const meeting = await repos.meetings.get(meetingId);
    if (!meeting) throw new AppError('not_found', 'errors.meetingMissing');
    return initialQueueState(meeting);
  }

  /**
   * Runs `work` with the meeting's queue held: this node's commands of the meeting one after the
   * other, and, in the database, every node's. The state it decides on is the stored one: a cache
   * behind the stored seq (another node committed) is reloaded first. What it commits is heard
   * only after the transaction has committed.
   */
  private transact<T>(meetingId: string, work: (tx: QueueTransaction) => Promise<T>): Promise<T> {
    return this.exclusive(meetingId, async () => {
      const done: { state: QueueState; events: QueueEvent[] }[] = [];
      const result = await this.store.transaction(async (repos) => {
        await repos.queue.lock(meetingId);
        let state = await this.current(repos, meetingId);
        const commit = async (bodies: readonly QueueEventBody[], at: number, command?: QueueCommandRecord) => {
          const { next, events } = numbered(state, bodies, at);
          // Stored before anyone hears of it: an acknowledged change survives a crash.
          await repos.queue.append(events, next, command);
          done.push({ state: next, events });
          state = next;
          return next;
        };
        return work({ repos, state, commit });
      });
      for (const { state, events } of done) {
        this.states.set(meetingId, state);
        this.bus.emit('queue.committed', { meetingId, events });
        this.schedule(state);
      }
      return result;
    });
  }

  /** The state to decide on: this node's cache while it is what is stored, else the stored one. */
  private async current(repos: Repositories, meetingId: string): Promise<QueueState> {
    const cached = this.states.get(meetingId);
    if (cached && (!this.shared || cached.seq === (await repos.queue.storedSeq(meetingId)))) return cached;
    return this.load(repos, meetingId);
  }

  /** Arms the warning and the expiry of the running turn from its stored timestamps. */
  private schedule(state: QueueState): void {
    const warnKey = `${state.meetingId}:warn`;
    const expireKey = `${state.meetingId}:expire`;
    const turn = state.currentTurnId ? state.turns[state.currentTurnId] : null;
    if (!turn || turn.status !== 'speaking' || turn.timer.runningSince === null || state.phase !== 'running') {
      this.scheduler.cancel(warnKey);
      this.scheduler.cancel(expireKey);
      return;
    }
    const now = this.clock.now().getTime();
    const left = remainingMs(turn.timer, now);
    if (turn.warnedAt === null) {
      this.scheduler.at(warnKey, now + left - state.warningMs, () => void this.system(state.meetingId, { type: 'timer.warn', turnId: turn.id }));
    } else this.scheduler.cancel(warnKey);
    if (turn.expiredAt === null) {
      this.scheduler.at(expireKey, now + left, () => void this.system(state.meetingId, { type: 'timer.expire', turnId: turn.id }));
    } else this.scheduler.cancel(expireKey);
  }

  private exclusive<T>(meetingId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(meetingId) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.catch(() => undefined);
    this.locks.set(meetingId, settled);
    void settled.then(() => {
      if (this.locks.get(meetingId) === settled) this.locks.delete(meetingId);
    });
    return run;
  }
}

/** The bodies as numbered events after `state`, and the state they lead to. */
function numbered(state: QueueState, bodies: readonly QueueEventBody[], at: number): { next: QueueState; events: QueueEvent[] } {
  let next = state;
  const events: QueueEvent[] = [];
  for (const body of bodies) {
    const event: QueueEvent = { seq: next.seq + 1, at, meetingId: state.meetingId, body };
    next = evolve(next, event);
    events.push(event);
  }
  return { next, events };
}

/** A node shutting down did nothing with the command: the client sends it again, same commandId, to the next. */
function drainingError(): AppError {
  return new AppError('draining', 'errors.draining');
}
