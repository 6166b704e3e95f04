import { TrackSource, type ParticipantPermission, type VideoGrant } from 'livekit-server-sdk';
import type { CallRights } from './floor-policy';

/**
 * What each kind of identity may do in the call. The token's grant (at join) and the live
 * permission (when the floor moves) come from here, so the two never disagree.
 */

/** The fields of a ParticipantPermission Rakor sets; `updateParticipant` replaces the whole set. */
export type SpeakerPermission = Pick<
  ParticipantPermission,
  'canSubscribe' | 'canPublish' | 'canPublishData' | 'canPublishSources' | 'hidden' | 'canUpdateMetadata'
>;

/** A screen share is a video track and, when the shared tab plays sound, an audio one: both or neither. */
export const SCREEN_SOURCES: readonly TrackSource[] = [TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO];

function sources({ speak, share }: CallRights): TrackSource[] {
  return [TrackSource.CAMERA, ...(speak ? [TrackSource.MICROPHONE] : []), ...(share ? SCREEN_SOURCES : [])];
}

/** Rights from a plain microphone flag (no screen share), as older callers and tests spell them. */
const asRights = (rights: CallRights | boolean): CallRights => (typeof rights === 'boolean' ? { speak: rights, share: false } : rights);

/**
 * The complete permission of a remote participant (or the room feed): always watch and show a
 * camera; the microphone and the screen share only when the floor allows. Sent whole, since
 * LiveKit replaces it whole. Taking a source away makes LiveKit unpublish that track itself
 * (livekit-server v1.13.5 ParticipantImpl.SetPermission removes published tracks whose source is
 * no longer allowed), so stopping a share needs no mutePublishedTrack call.
 */
export function speakerPermission(rights: CallRights | boolean): SpeakerPermission {
  return {
    canSubscribe: true,
    canPublish: true,
    canPublishData: false,
    canPublishSources: sources(asRights(rights)),
    hidden: false,
    canUpdateMetadata: false,
  };
}

function allows(permission: Pick<ParticipantPermission, 'canPublish' | 'canPublishSources'> | undefined, source: TrackSource): boolean {
  if (!permission?.canPublish) return false;
  // An empty list means "every source" to LiveKit; Rakor never sends one, but a stray token might.
  return permission.canPublishSources.length === 0 || permission.canPublishSources.includes(source);
}

/** Whether a permission LiveKit reports lets its holder publish a microphone. */
export function allowsMicrophone(permission: Pick<ParticipantPermission, 'canPublish' | 'canPublishSources'> | undefined): boolean {
  return allows(permission, TrackSource.MICROPHONE);
}

/** The rights a permission LiveKit reports holds; a share counts only with both of its sources. */
export function heldRights(permission: Pick<ParticipantPermission, 'canPublish' | 'canPublishSources'>): CallRights {
  return { speak: allowsMicrophone(permission), share: SCREEN_SOURCES.every((s) => allows(permission, s)) };
}

/** The rights as the chair's console reads them in a failure: "microphone on, screen share off". */
export function describeRights(rights: CallRights | undefined): string {
  if (!rights) return 'no longer in the call';
  return `microphone ${rights.speak ? 'on' : 'off'}, screen share ${rights.share ? 'on' : 'off'}`;
}

export const sameRights = (a: CallRights | undefined, b: CallRights | undefined): boolean => !!a && !!b && a.speak === b.speak && a.share === b.share;

/** The join grant of a speaker (remote participant or room feed), mirroring `speakerPermission`. */
export function speakerGrant(room: string, rights: CallRights | boolean): VideoGrant {
  return {
    roomJoin: true,
    room,
    canSubscribe: true,
    canPublish: true,
    canPublishSources: sources(asRights(rights)),
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
