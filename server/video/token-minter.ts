import { roleCan } from '../../shared/domain/roles/roles';
import { AccessToken, TrackSource, type VideoGrant } from 'livekit-server-sdk';
import type { Meeting, QueueState, VideoJoin, VideoParticipantMeta } from '../../shared/protocol';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { ActiveSession } from '../services/auth-service';
import { callRights } from './floor-policy';
import { ROOM_FEED_NAME, roomFeedIdentity, roomName, watcherIdentity } from './naming';
import { speakerGrant, watcherGrant } from './permissions';
import { browserUrl, DEFAULT_TOKEN_TTL_SECONDS, type VideoOptions } from './video-options';

interface Minted {
  identity: string;
  name: string;
  meta: VideoParticipantMeta;
  grant: VideoGrant;
}

/**
 * Mints the LiveKit tokens browsers join with, from the session's role and the floor policy;
 * the browser never chooses its identity or grants. No token carries roomAdmin, roomCreate or
 * roomList: those stay with the server's own API calls.
 */
export class TokenMinter {
  private readonly ttlSeconds: number;

  constructor(
    private readonly options: VideoOptions,
    private readonly clock: Clock,
  ) {
    this.ttlSeconds = options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  }

  /** The session's own place in the call: a remote participant speaks as the floor allows; other roles watch. */
  forSession(meeting: Meeting, state: QueueState, session: ActiveSession): Promise<VideoJoin> {
    const room = roomName(meeting.id);
    if (session.role === 'participant') {
      const participant = meeting.participants.find((p) => p.id === session.participantId);
      if (!participant) throw new AppError('forbidden', 'errors.videoNotParticipant');
      if (participant.attendance === 'room') {
        // One feed serves the room: a phone joining from the table would echo through the room's speakers.
        throw new AppError('forbidden', 'errors.videoInRoom');
      }
      const rights = callRights(meeting, state).rightsOf(participant.id);
      const representative = participant.representativeName ? ` · ${participant.representativeName}` : '';
      return this.mint({
        identity: participant.id,
        name: `${participant.opdShortName}${representative}`,
        meta: { role: 'participant', participantId: participant.id, opdShortName: participant.opdShortName, opdName: participant.opdName },
        grant: speakerGrant(room, rights),
      });
    }
    // Watchers subscribe only and are hidden: a tile without camera or voice helps nobody.
    return this.mint({
      identity: watcherIdentity(session.linkId ?? session.name),
      name: session.name,
      meta: { role: 'watcher', participantId: null, opdShortName: null, opdName: null },
      grant: watcherGrant(room, true),
    });
  }

  /** The room's camera and microphone, run from the room's computer by the chair, the admin or the projector. */
  roomFeed(meeting: Meeting, session: ActiveSession): Promise<VideoJoin> {
    if (!roleCan(session.role, 'room.screen')) throw new AppError('forbidden', 'errors.roomFeedForbidden');
    return this.mint({
      identity: roomFeedIdentity(meeting.id),
      name: ROOM_FEED_NAME,
      meta: { role: 'room', participantId: null, opdShortName: null, opdName: null },
      // The room always has the floor: the chair speaks from it, and an OPD at the table shares its paparan from it.
      grant: speakerGrant(roomName(meeting.id), { speak: true, share: true }),
    });
  }

  private async mint({ identity, name, meta, grant }: Minted): Promise<VideoJoin> {
    const token = new AccessToken(this.options.apiKey, this.options.apiSecret, {
      identity,
      name,
      metadata: JSON.stringify(meta),
      ttl: this.ttlSeconds,
    });
    token.addGrant(grant);
    const sources = grant.canPublishSources ?? [];
    return {
      url: browserUrl(this.options.url),
      token: await token.toJwt(),
      room: grant.room ?? '',
      identity,
      name,
      canSpeak: grant.canPublish === true && sources.includes(TrackSource.MICROPHONE),
      canShare: grant.canPublish === true && sources.includes(TrackSource.SCREEN_SHARE),
      canPublish: grant.canPublish === true,
      hidden: grant.hidden === true,
      expiresAt: new Date(this.clock.now().getTime() + this.ttlSeconds * 1000).toISOString(),
    };
  }
}
