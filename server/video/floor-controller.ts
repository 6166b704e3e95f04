import type { ParticipantPermission } from 'livekit-server-sdk';
import type { Meeting, QueueEvent, QueueState } from '../../shared/protocol';
import type { Clock } from '../clock';
import type { EventBus } from '../events';
import { changesCallRights } from '../../shared/domain/speaking-queue/floor-events';
import type { Logger } from '../logger';
import type { FloorError, PresenceRecord, VideoRepository } from '../store/ports';
import { callRights, type CallRights } from './floor-policy';
import { roomName } from './naming';
import { describeRights, heldRights, sameRights, speakerPermission } from './permissions';
import { describeFailure, isNotFound, isTransient, type RoomApi } from './room-api';
import { retrying, type RetryPolicy } from './retry';

/** What the controller reads; each call reads the latest, so a late run never applies an old floor. */
export interface FloorSources {
  meeting(meetingId: string): Promise<Meeting | null>;
  queueState(meetingId: string): Promise<QueueState>;
  connected(meetingId: string): Promise<PresenceRecord[]>;
}

/** Where the last failure of each meeting is kept: in the store, so every node's chair and a restarted node see it. */
export type FloorErrors = Pick<VideoRepository, 'floorError' | 'setFloorError' | 'clearFloorError'>;

const keyOf = (meetingId: string, identity: string) => `${meetingId}\u0000${identity}`;

/**
 * Makes LiveKit's permissions follow the floor. After each floor move (or the chair's screen-share
 * decision) it computes who may speak and share and, for each connected participant whose
 * microphone or screen-share right changed, sends the complete
 * permission set. Fire-and-forget: the queue never waits for LiveKit, failures are retried with
 * backoff, and the last one is kept (in the store) for the chair until a later call for that
 * meeting succeeds.
 */
export class FloorController {
  /** Per meeting, the sorted speakers last computed: a change is news for the sockets. */
  private readonly speakers = new Map<string, string>();
  /** Per meeting+identity: the rights wanted now, and the ones LiveKit last confirmed. */
  private readonly desired = new Map<string, CallRights>();
  private readonly applied = new Map<string, CallRights>();
  private readonly pushing = new Set<string>();
  private readonly failing = new Map<string, Set<string>>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly errorWrites = new Map<string, Promise<void>>();
  private readonly tasks = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly api: RoomApi,
    private readonly sources: FloorSources,
    private readonly errors: FloorErrors,
    private readonly bus: EventBus,
    private readonly retry: RetryPolicy,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  queueEvents(meetingId: string, events: readonly QueueEvent[]): void {
    if (changesCallRights(events)) this.refresh(meetingId);
  }

  /** Recomputes the floor of a meeting and sends what changed; runs after the runs before it. */
  refresh(meetingId: string): void {
    const previous = this.chains.get(meetingId) ?? Promise.resolve();
    const run = previous.then(() => this.apply(meetingId)).catch((err: unknown) => this.logger.error({ err, meetingId }, 'video floor refresh failed'));
    this.chains.set(meetingId, run);
    this.track(
      run.then(() => {
        if (this.chains.get(meetingId) === run) this.chains.delete(meetingId);
      }),
    );
  }

  /** LiveKit reported a connection and the permission it holds (webhook or listParticipants). */
  observed(meetingId: string, identity: string, permission: ParticipantPermission | undefined): void {
    const key = keyOf(meetingId, identity);
    if (this.pushing.has(key)) return; // the push in flight knows better than a report taken before it
    if (permission) this.applied.set(key, heldRights(permission));
    else this.applied.delete(key);
  }

  /** The identity has no connection left: nothing to update until it joins again. */
  disconnected(meetingId: string, identity: string): void {
    const key = keyOf(meetingId, identity);
    this.desired.delete(key);
    this.applied.delete(key);
    this.recovered(meetingId, identity);
  }

  /** Read from the store: a failure on another node, or before a restart, counts too. */
  lastError(meetingId: string): Promise<FloorError | null> {
    return this.errors.floorError(meetingId);
  }

  /** Stops retrying and waits for calls in flight. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }

  private async apply(meetingId: string): Promise<void> {
    if (this.closed) return;
    const meeting = await this.sources.meeting(meetingId);
    if (!meeting) return;
    const rights = callRights(meeting, await this.sources.queueState(meetingId));
    const participants = new Map(meeting.participants.map((p) => [p.id, p]));
    for (const connection of await this.sources.connected(meetingId)) {
      const participant = participants.get(connection.identity);
      if (participant) this.want(meetingId, connection.identity, rights.rightsOf(connection.identity), participant.opdShortName);
    }
    const signature = [[...rights.speakers].sort().join('\n'), [...rights.sharers].sort().join('\n')].join('\n\n');
    if (this.speakers.get(meetingId) !== signature) {
      this.speakers.set(meetingId, signature);
      this.bus.emit('video.changed', { meetingId });
    }
  }

  private want(meetingId: string, identity: string, rights: CallRights, label: string): void {
    const key = keyOf(meetingId, identity);
    this.desired.set(key, rights);
    if (sameRights(this.applied.get(key), rights) || this.pushing.has(key)) return;
    this.track(this.push(meetingId, identity, label));
  }

  /** Sends the wanted permission until LiveKit holds it; a change meanwhile is sent by the same loop. */
  private async push(meetingId: string, identity: string, label: string): Promise<void> {
    const key = keyOf(meetingId, identity);
    this.pushing.add(key);
    try {
      while (!this.closed) {
        const wanted = this.desired.get(key);
        if (wanted === undefined || sameRights(this.applied.get(key), wanted)) return;
        let sent = wanted;
        // Once a call failed, LiveKit may or may not hold what was sent: until one succeeds it is unknown.
        this.applied.delete(key);
        await retrying(
          () => {
            sent = this.desired.get(key) ?? wanted;
            return this.api.updatePermission(roomName(meetingId), identity, speakerPermission(sent));
          },
          this.retry,
          {
            retryable: (err) => isTransient(err),
            cancelled: () => this.closed,
            onRetry: (err, retry, delayMs) => this.logger.warn({ err, meetingId, identity, retry, delayMs }, 'LiveKit permission update failed, retrying'),
          },
        );
        this.applied.set(key, sent);
        await this.succeeded(meetingId, identity);
      }
    } catch (err) {
      if (this.closed) return; // shutting down: not a LiveKit failure
      if (isNotFound(err)) {
        // Gone from the call: the token of its next connection carries the floor as it is then.
        this.disconnected(meetingId, identity);
      } else this.failed(meetingId, identity, label, err);
    } finally {
      this.pushing.delete(key);
    }
  }

  private failed(meetingId: string, identity: string, label: string, err: unknown): void {
    this.logger.error({ err, meetingId, identity }, 'LiveKit permission update failed');
    const failing = this.failing.get(meetingId) ?? new Set<string>();
    failing.add(identity);
    this.failing.set(meetingId, failing);
    const attempts = this.retry.delaysMs.length + 1;
    const error = {
      message: `The call permission of ${label} (${describeRights(this.desired.get(keyOf(meetingId, identity)))}) could not be set after ${isTransient(err) ? attempts : 1} attempt(s): ${describeFailure(err)}.`,
      at: this.clock.now().toISOString(),
    };
    void this.writeError(meetingId, async () => {
      await this.errors.setFloorError(meetingId, error);
      return true;
    });
  }

  /**
   * An update LiveKit took. Once none of this node's pushes for the meeting is failing, the stored
   * error goes: also one stored by another node, or before a restart (V19).
   */
  private async succeeded(meetingId: string, identity: string): Promise<void> {
    this.failing.get(meetingId)?.delete(identity);
    if (this.failing.get(meetingId)?.size) return;
    this.failing.delete(meetingId);
    await this.clearError(meetingId);
  }

  /** The identity left the call: its failure no longer stands, though LiveKit took nothing. */
  private recovered(meetingId: string, identity: string): void {
    const failing = this.failing.get(meetingId);
    if (!failing?.delete(identity) || failing.size > 0) return;
    this.failing.delete(meetingId);
    void this.clearError(meetingId);
  }

  private clearError(meetingId: string): Promise<void> {
    return this.writeError(meetingId, () => this.errors.clearFloorError(meetingId));
  }

  /** Writes of a meeting's stored error run one after another, so a clear never overtakes the failure before it. */
  private writeError(meetingId: string, write: () => Promise<boolean>): Promise<void> {
    const previous = this.errorWrites.get(meetingId) ?? Promise.resolve();
    const next = previous.then(async () => {
      try {
        if (await write()) this.bus.emit('video.changed', { meetingId });
      } catch (err) {
        this.logger.error({ err, meetingId }, 'the floor error could not be stored');
      }
    });
    this.errorWrites.set(meetingId, next);
    this.track(
      next.then(() => {
        if (this.errorWrites.get(meetingId) === next) this.errorWrites.delete(meetingId);
      }),
    );
    return next;
  }

  private track(task: Promise<void>): void {
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
  }
}
