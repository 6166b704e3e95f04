import { roleCan } from '../../shared/domain/roles/roles';
import { everyRound } from '../cluster/periodic';
import type { Meeting, QueueEvent, VideoJoin, VideoStatus } from '../../shared/protocol';
import { AppError } from '../errors';
import type { ActiveSession } from '../services/auth-service';
import type { WebhookOutcome } from './attendance-tracker';
import { callRights } from './floor-policy';
import { WEBHOOK_EVENT_RETENTION_MS, type VideoOptions } from './video-options';
import type { Running, VideoDeps } from './video-running';

export type { VideoDeps } from './video-running';

/**
 * Video for the HTTP routes and the queue: tokens, the status screens show, the webhook, and
 * the floor that follows the queue. Without LiveKit configured it answers `video_unconfigured`
 * where a token is asked for, and everything else in Rakor works as before.
 */
export class VideoService {
  /** LiveKit's side, loaded only when video is configured: its SDK costs an idle node about 10 MB. */
  private readonly running: Promise<Running> | null;
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private readonly reconciling = new Set<Promise<void>>();

  constructor(
    options: VideoOptions | null,
    private readonly deps: VideoDeps,
  ) {
    this.running = options ? import('./video-running').then((m) => m.startRunning(options, deps, this.abort.signal)) : null;
  }

  get configured(): boolean {
    return this.running !== null;
  }

  async status(meeting: Meeting, session: ActiveSession): Promise<VideoStatus> {
    const state = await this.deps.queue.state(meeting.id);
    const overseer = roleCan(session.role, 'video.oversee');
    const running = overseer ? await this.running : undefined;
    const rights = callRights(meeting, state);
    return {
      configured: this.running !== null,
      floorMode: meeting.floorMode,
      speakers: [...rights.speakers],
      sharers: [...rights.sharers],
      remote: running ? await running.attendance.remote(meeting.id) : [],
      lastError: running ? await running.floor.lastError(meeting.id) : null,
    };
  }

  async token(meeting: Meeting, session: ActiveSession): Promise<VideoJoin> {
    const { minter } = await this.require();
    return minter.forSession(meeting, await this.deps.queue.state(meeting.id), session);
  }

  async roomToken(meeting: Meeting, session: ActiveSession): Promise<VideoJoin> {
    return (await this.require()).minter.roomFeed(meeting, session);
  }

  /** Verifies a webhook exactly as LiveKit signs it (JWT in Authorization, sha256 of the body), then records it. */
  async webhook(body: string, authorization: string | undefined): Promise<WebhookOutcome> {
    const { receiver, attendance } = await this.require();
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
    // Every call goes through the one promise: its callbacks run in the order they were added, so the floor hears the events in seq order.
    void this.running?.then(({ floor }) => {
      floor.queueEvents(meetingId, events);
      if (events.some((e) => e.body.type === 'meeting.started')) this.reconcile(meetingId);
    });
  }

  /** The floor mode or the participants' attendance may have changed (on `meeting.updated`). */
  meetingUpdated(meeting: Meeting): void {
    void this.running?.then(({ floor }) => floor.refresh(meeting.id));
  }

  /**
   * Starts the periodic check of running meetings against LiveKit, with a first round at once:
   * after a restart, webhooks sent while the server was down are lost. The same round forgets
   * webhook ids older than WEBHOOK_EVENT_RETENTION_MS.
   */
  start(): void {
    void this.running?.then((running) => this.startRounds(running));
  }

  private startRounds(running: Running): void {
    if (this.timer || this.abort.signal.aborted) return;
    const claim = this.deps.claim ?? everyRound;
    const round = () =>
      this.track(
        claim('video.reconcile', running.reconcileIntervalMs)
          .then(async (mine) => {
            if (!mine) return;
            (await this.deps.store.queue.runningMeetingIds()).forEach((id) => this.reconcile(id));
            await this.pruneWebhookEvents();
          })
          .catch((err: unknown) => this.deps.logger.warn({ err }, 'video reconcile round failed')),
      );
    this.timer = setInterval(round, running.reconcileIntervalMs);
    this.timer.unref();
    round();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.abort.abort();
    const running = await this.running;
    while (this.reconciling.size > 0) await Promise.allSettled([...this.reconciling]);
    await running?.floor.close();
  }

  private async pruneWebhookEvents(): Promise<void> {
    const before = new Date(this.deps.clock.now().getTime() - WEBHOOK_EVENT_RETENTION_MS).toISOString();
    const pruned = await this.deps.store.video.pruneEvents(before);
    if (pruned > 0) this.deps.logger.debug({ pruned, before }, 'old LiveKit webhook ids forgotten');
  }

  private reconcile(meetingId: string): void {
    if (!this.running || this.abort.signal.aborted) return;
    this.track(
      this.running
        .then(({ attendance }) => attendance.reconcile(meetingId))
        .catch((err: unknown) => this.deps.logger.error({ err, meetingId }, 'video presence reconcile failed')),
    );
  }

  private track(task: Promise<void>): void {
    this.reconciling.add(task);
    void task.finally(() => this.reconciling.delete(task));
  }

  private async require(): Promise<Running> {
    if (!this.running) throw new AppError('video_unconfigured', 'errors.videoUnconfigured');
    return this.running;
  }
}
