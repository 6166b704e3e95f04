import type { ParticipantInfo, WebhookEvent } from 'livekit-server-sdk';
import type { Meeting, QueueState, RemotePresence, SystemCommand } from '../../shared/protocol';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { PresenceRecord, Store } from '../store/ports';
import type { EventBus } from '../events';
import type { FloorController } from './floor-controller';
import { isWatcher, meetingIdOfRoom, roomName } from './naming';
import { isNotFound, type RoomApi } from './room-api';

/** What video needs of the queue: its state, and the door the socket hub uses for presence. */
export interface VideoQueue {
  state(meetingId: string): Promise<QueueState>;
  system(meetingId: string, command: SystemCommand): Promise<void>;
}

export type WebhookOutcome = 'recorded' | 'duplicate' | 'ignored';

const JOIN_EVENTS = new Set(['participant_joined']);
const LEAVE_EVENTS = new Set(['participant_left', 'participant_connection_aborted']);

/** How far back a time LiveKit reports is believed: no meeting's connection is older than a day. */
export const MAX_LIVEKIT_TIME_AGE_MS = 24 * 60 * 60_000;

/** LiveKit times are seconds since the epoch as bigint (`joinedAtMs`: milliseconds); 0 means "not given". */
function msFromSeconds(seconds: bigint | undefined): number | null {
  return seconds && seconds > 0n ? Number(seconds) * 1000 : null;
}

function joinedMsOf(p: ParticipantInfo): number | null {
  if (p.joinedAtMs && p.joinedAtMs > 0n) return Number(p.joinedAtMs);
  return msFromSeconds(p.joinedAt);
}

/**
 * A time LiveKit reports, as stored: believed from a day before the server's clock up to it.
 * A LiveKit host whose clock runs ahead (or a unit mix-up) would otherwise record a join or a
 * leave in the future, or a date no Date can hold; such a time is the server's own.
 */
function believed(ms: number, nowMs: number): string {
  return new Date(ms <= nowMs && ms >= nowMs - MAX_LIVEKIT_TIME_AGE_MS ? ms : nowMs).toISOString();
}

/**
 * Remote attendance as LiveKit sees it: each connection's join and leave from the webhooks,
 * checked against listParticipants when a meeting starts and every few minutes while it runs
 * (webhooks can arrive twice, late or not at all).
 */
/** Connections reported by a webhook while a reconcile's list is in flight: the list may predate them. */
interface JoinedMeanwhile {
  sids: Set<string>;
  identities: Set<string>;
}

export class AttendanceTracker {
  private readonly inFlight = new Map<string, Set<JoinedMeanwhile>>();

  constructor(
    private readonly store: Store,
    private readonly api: RoomApi,
    private readonly queue: VideoQueue,
    private readonly floor: FloorController,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** A verified webhook event. Unknown rooms and other event kinds are ignored. */
  async webhook(event: WebhookEvent): Promise<WebhookOutcome> {
    const joining = JOIN_EVENTS.has(event.event);
    if (!joining && !LEAVE_EVENTS.has(event.event)) return 'ignored';
    const meetingId = meetingIdOfRoom(event.room?.name);
    const info = event.participant;
    // The projector, the notulis and the chair's own quality watch join hidden: they are screens, not attendance.
    if (!meetingId || !info?.identity || isWatcher(info.identity)) return 'ignored';
    const meeting = await this.store.meetings.get(meetingId);
    if (!meeting) return 'ignored';
    const nowMs = this.clock.now().getTime();
    const now = new Date(nowMs).toISOString();
    const createdMs = msFromSeconds(event.createdAt);
    const at = createdMs === null ? now : believed(createdMs, nowMs);
    const record = this.recordOf(meeting, info, joining ? at : now, nowMs);
    if (joining) {
      // Told before the write, so a reconcile whose list predates this join cannot close it.
      for (const meanwhile of this.inFlight.get(meetingId) ?? []) {
        meanwhile.sids.add(record.sid);
        meanwhile.identities.add(record.identity);
      }
    }
    const changed = await this.store.transaction(async (repos) => {
      if (event.id && !(await repos.video.recordEvent(event.id, meetingId, now))) return null;
      // A leave heard before its join: never joined after it left.
      return joining ? repos.video.joined(record) : repos.video.left({ ...record, joinedAt: record.joinedAt < at ? record.joinedAt : at, leftAt: at });
    });
    if (changed === null) return 'duplicate';
    if (joining) {
      if (changed) await this.markOnline(meetingId, record.participantId);
      this.floor.observed(meetingId, info.identity, info.permission);
    } else if (!(await this.store.video.connected(meetingId)).some((c) => c.identity === info.identity)) {
      this.floor.disconnected(meetingId, info.identity);
    }
    // A joiner whose token predates the last floor move gets the floor as it is now.
    this.floor.refresh(meetingId);
    if (changed) this.bus.emit('video.changed', { meetingId });
    return 'recorded';
  }

  /** Brings the stored presence in line with who LiveKit says is in the room now. */
  async reconcile(meetingId: string): Promise<void> {
    const meanwhile: JoinedMeanwhile = { sids: new Set(), identities: new Set() };
    const running = this.inFlight.get(meetingId) ?? new Set<JoinedMeanwhile>();
    this.inFlight.set(meetingId, running.add(meanwhile));
    try {
      await this.reconcileWith(meetingId, meanwhile);
    } finally {
      running.delete(meanwhile);
      if (running.size === 0) this.inFlight.delete(meetingId);
    }
  }

  private async reconcileWith(meetingId: string, meanwhile: JoinedMeanwhile): Promise<void> {
    let listed: ParticipantInfo[];
    try {
      listed = (await this.api.listParticipants(roomName(meetingId))).filter((p) => !isWatcher(p.identity));
    } catch (err) {
      // No room yet means nobody joined; anything else is tried again at the next round.
      if (!isNotFound(err)) {
        this.logger.warn({ err, meetingId }, 'LiveKit listParticipants failed; presence stays as the webhooks left it');
        return;
      }
      listed = [];
    }
    const meeting = await this.store.meetings.get(meetingId);
    if (!meeting) return;
    const nowMs = this.clock.now().getTime();
    const now = new Date(nowMs).toISOString();
    const changed = await this.store.transaction(async (repos) => {
      const sids = new Set(listed.map((p) => p.sid));
      let changed = false;
      for (const row of await repos.video.connected(meetingId)) {
        if (!sids.has(row.sid) && !meanwhile.sids.has(row.sid)) changed = (await repos.video.left({ ...row, leftAt: now })) || changed;
      }
      for (const info of listed) changed = (await repos.video.joined(this.recordOf(meeting, info, now, nowMs))) || changed;
      return changed;
    });
    // Everyone in the call, also those who joined before the start (marking twice changes nothing).
    for (const info of listed) await this.markOnline(meetingId, this.recordOf(meeting, info, now, nowMs).participantId);
    const present = new Set(listed.map((p) => p.identity));
    for (const info of listed) this.floor.observed(meetingId, info.identity, info.permission);
    for (const p of meeting.participants) if (!present.has(p.id) && !meanwhile.identities.has(p.id)) this.floor.disconnected(meetingId, p.id);
    this.floor.refresh(meetingId);
    if (changed) this.bus.emit('video.changed', { meetingId });
  }

  /** Every connection of the meeting, for the chair, the notulis and the admin. */
  async remote(meetingId: string): Promise<RemotePresence[]> {
    const rows = await this.store.video.list(meetingId);
    return rows.map((r) => ({
      identity: r.identity,
      participantId: r.participantId,
      name: r.name,
      joinedAt: r.joinedAt,
      leftAt: r.leftAt,
      connected: r.leftAt === null,
    }));
  }

  private recordOf(meeting: Meeting, info: ParticipantInfo, fallbackJoinedAt: string, nowMs: number): Omit<PresenceRecord, 'leftAt'> {
    const participant = meeting.participants.find((p) => p.id === info.identity);
    const joinedMs = joinedMsOf(info);
    return {
      meetingId: meeting.id,
      // LiveKit always sends a sid; without one the identity stands in, so a repeat still matches.
      sid: info.sid || `identity:${info.identity}`,
      identity: info.identity,
      participantId: participant?.id ?? null,
      name: info.name || (participant ? participant.opdShortName : info.identity),
      joinedAt: joinedMs === null ? fallbackJoinedAt : believed(joinedMs, nowMs),
    };
  }

  /** Like opening the personal link: a participant seen in the call is present online. */
  private async markOnline(meetingId: string, participantId: string | null): Promise<void> {
    if (!participantId) return;
    const state = await this.queue.state(meetingId);
    if (state.phase === 'running') await this.queue.system(meetingId, { type: 'attendance.online', participantId, via: 'call' });
  }
}
