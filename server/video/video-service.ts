import { WebhookReceiver } from 'livekit-server-sdk';
import { roleCan } from '../../shared/domain/roles/roles';
import type { Meeting, QueueEvent, VideoJoin, VideoStatus } from '../../shared/protocol';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { ActiveSession } from '../services/auth-service';
import type { EventBus } from '../events';
import type { Store } from '../store/ports';
import { AttendanceTracker, type VideoQueue, type WebhookOutcome } from './attendance-tracker';
import { FloorController } from './floor-controller';
import { allowedSpeakers } from './floor-policy';
import { abortableSleep } from './retry';
import { livekitRoomApi, type RoomApi } from './room-api';
import { TokenMinter } from './token-minter';
import { DEFAULT_RECONCILE_INTERVAL_MS, DEFAULT_RETRY_DELAYS_MS, type VideoOptions } from './video-options';

export interface VideoDeps {
  store: Store;
  queue: VideoQueue;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  /** Replaces the LiveKit RoomService client (unit tests); integration tests point LIVEKIT_URL at a double instead. */
  roomApi?: RoomApi;
}

interface Running {
  minter: TokenMinter;
  receiver: WebhookReceiver;
  floor: FloorController;
  attendance: AttendanceTracker;
  reconcileIntervalMs: number;
}

/**
 * Video for the HTTP routes and the queue: tokens, the status screens show, the webhook, and
 * the floor that follows the queue. Without LiveKit configured it answers `video_unconfigured`
 * where a token is asked for, and everything else in Rakor works as before.
 */
export class VideoService {
  private readonly running: Running | null;
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private readonly reconciling = new Set<Promise<void>>();

  constructor(
    options: VideoOptions | null,
    private readonly deps: VideoDeps,
  ) {
    if (!options) {
      this.running = null;
      return;
    }
    const { store, queue, bus, clock, logger } = deps;
    const api = deps.roomApi ?? livekitRoomApi(options);
    const retry = { delaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS, sleep: options.sleep ?? abortableSleep(this.abort.signal) };
    const floor = new FloorController(
      api,
      { meeting: (id) => store.meetings.get(id), queueState: (id) => queue.state(id), connected: (id) => store.video.connected(id) },
      bus,
      retry,
      clock,
      logger,
    );
    this.running = {
      minter: new TokenMinter(options, clock),
      receiver: new WebhookReceiver(options.apiKey, options.apiSecret),
      floor,
      attendance: new AttendanceTracker(store, api, queue, floor, bus, clock, logger),
      reconcileIntervalMs: options.reconcileIntervalMs ?? DEFAULT_RECONCILE_INTERVAL_MS,
    };
  }

  get configured(): boolean {
    return this.running !== null;
  }

  async status(meeting: Meeting, session: ActiveSession): Promise<VideoStatus> {
    const state = await this.deps.queue.state(meeting.id);
    const overseer = roleCan(session.role, 'video.oversee');
    return {
      configured: this.running !== null,
      floorMode: meeting.floorMode,
      speakers: [...allowedSpeakers(meeting, state)],
      remote: this.running && overseer ? await this.running.attendance.remote(meeting.id) : [],
      lastError: this.running && overseer ? this.running.floor.lastError(meeting.id) : null,
    };
  }

  async token(meeting: Meeting, session: ActiveSession): Promise<VideoJoin> {
    const { minter } = this.require();
    return minter.forSession(meeting, await this.deps.queue.state(meeting.id), session);
  }

  roomToken(meeting: Meeting, session: ActiveSession): Promise<VideoJoin> {
    return this.require().minter.roomFeed(meeting, session);
  }

  /** Verifies a webhook exactly as LiveKit signs it (JWT in Authorization, sha256 of the body), then records it. */
  async webhook(body: string, authorization: string | undefined): Promise<WebhookOutcome> {
    const { receiver, attendance } = this.require();
    let event;
    try {
      event = await receiver.receive(body, authorization);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // Signed right but unreadable (the body is parsed only after the signature held).
      if (err instanceof SyntaxError || message.startsWith('cannot decode')) throw new AppError('bad_request', 'errors.webhookBody');
      this.deps.logger.warn({ reason: message }, 'LiveKit webhook refused');
      throw new AppError('unauthenticated', 'errors.webhookSignature');
    }
    return attendance.webhook(event);
  }

  /** The call follows the floor (on `queue.committed`); a meeting that starts is checked against LiveKit at once. */
  queueEvents(meetingId: string, events: readonly QueueEvent[]): void {
    if (!this.running) return;
    this.running.floor.queueEvents(meetingId, events);
    if (events.some((e) => e.body.type === 'meeting.started')) this.reconcile(meetingId);
  }

  /** The floor mode or the participants' attendance may have changed (on `meeting.updated`). */
  meetingUpdated(meeting: Meeting): void {
    this.running?.floor.refresh(meeting.id);
  }

  /**
   * Starts the periodic check of running meetings against LiveKit, with a first round at once:
   * after a restart, webhooks sent while the server was down are lost.
   */
  start(): void {
    if (!this.running || this.timer) return;
    const round = () =>
      this.track(
        this.deps.store.queue
          .runningMeetingIds()
          .then((ids) => ids.forEach((id) => this.reconcile(id)))
          .catch((err: unknown) => this.deps.logger.warn({ err }, 'video reconcile round failed')),
      );
    this.timer = setInterval(round, this.running.reconcileIntervalMs);
    this.timer.unref();
    round();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.abort.abort();
    while (this.reconciling.size > 0) await Promise.allSettled([...this.reconciling]);
    await this.running?.floor.close();
  }

  private reconcile(meetingId: string): void {
    if (!this.running || this.abort.signal.aborted) return;
    this.track(
      this.running.attendance.reconcile(meetingId).catch((err: unknown) => this.deps.logger.error({ err, meetingId }, 'video presence reconcile failed')),
    );
  }

  private track(task: Promise<void>): void {
    this.reconciling.add(task);
    void task.finally(() => this.reconciling.delete(task));
  }

  private require(): Running {
    if (!this.running) throw new AppError('video_unconfigured', 'errors.videoUnconfigured');
    return this.running;
  }
}
