import { TrackSource, type ParticipantPermission, type VideoGrant } from 'livekit-server-sdk';

/**
 * What each kind of identity may do in the call. The token's grant (at join) and the live
 * permission (when the floor moves) come from here, so the two never disagree.
 */

/** The fields of a ParticipantPermission Rakor sets; `updateParticipant` replaces the whole set. */
export type SpeakerPermission = Pick<
  ParticipantPermission,
  'canSubscribe' | 'canPublish' | 'canPublishData' | 'canPublishSources' | 'hidden' | 'canUpdateMetadata'
>;

function sources(canSpeak: boolean): TrackSource[] {
  return canSpeak ? [TrackSource.CAMERA, TrackSource.MICROPHONE] : [TrackSource.CAMERA];
}

/**
 * The complete permission of a remote participant (or the room feed): always watch and show a
 * camera; the microphone only when the floor allows. Sent whole, since LiveKit replaces it whole.
 */
export function speakerPermission(canSpeak: boolean): SpeakerPermission {
  return {
    canSubscribe: true,
    canPublish: true,
    canPublishData: false,
    canPublishSources: sources(canSpeak),
    hidden: false,
    canUpdateMetadata: false,
  };
}

/** Whether a permission LiveKit reports lets its holder publish a microphone. */
export function allowsMicrophone(permission: Pick<ParticipantPermission, 'canPublish' | 'canPublishSources'> | undefined): boolean {
  if (!permission?.canPublish) return false;
  // An empty list means "every source" to LiveKit; Rakor never sends one, but a stray token might.
  return permission.canPublishSources.length === 0 || permission.canPublishSources.includes(TrackSource.MICROPHONE);
}

/** The join grant of a speaker (remote participant or room feed), mirroring `speakerPermission`. */
export function speakerGrant(room: string, canSpeak: boolean): VideoGrant {
  return {
    roomJoin: true,
    room,
    canSubscribe: true,
    canPublish: true,
    canPublishSources: sources(canSpeak),
    canPublishData: false,
    canUpdateOwnMetadata: false,
    hidden: false,
  };
}

/** The join grant of a screen that only watches: subscribe, publish nothing, optionally unseen. */
export function watcherGrant(room: string, hidden: boolean): VideoGrant {
  return {
    roomJoin: true,
    room,
    canSubscribe: true,
    canPublish: false,
    canPublishData: false,
    canUpdateOwnMetadata: false,
    hidden,
  };
}
