import type { FloorMode } from '../../../shared/protocol';
import { mayPublish } from './video-model';
import type { VideoSessionKind } from './video-failures';

/**
 * What the floor policy means on this screen: what it may publish, and what a person is told
 * when the right to speak comes or goes. The server decides; these follow the permissions
 * LiveKit reports.
 */

export interface MediaRights {
  cameraAllowed: boolean;
  micAllowed: boolean;
}

/** LiveKit's permission of the local participant, once connected. */
export interface PublishPermissions {
  canPublish: boolean;
  canPublishSources: readonly number[];
}

/** Before LiveKit reports permissions, the token's own `canSpeak` stands for the microphone. */
export function mediaRights(
  kind: VideoSessionKind,
  join: { canPublish: boolean; canSpeak: boolean } | null,
  permissions: PublishPermissions | undefined,
): MediaRights {
  const publish = kind !== 'projector' && (join?.canPublish ?? false);
  return {
    cameraAllowed: publish && mayPublish(permissions, 'camera', true),
    micAllowed: publish && mayPublish(permissions, 'microphone', join?.canSpeak ?? false),
  };
}

/**
 * none: nothing to tell;
 * granted: the right came and the microphone is on (or wanted) already: the "floor moved" note goes;
 * switchOn: the right came and this person asked for the microphone to follow the floor;
 * offer: the right came: offer the microphone;
 * revoked: the right went: the microphone goes off and the person is told why.
 */
export type FloorPrompt = 'none' | 'granted' | 'switchOn' | 'offer' | 'revoked';

export interface FloorChange {
  kind: VideoSessionKind;
  /** The first permissions of a connection, not a change during it. */
  initial: boolean;
  micBefore: boolean;
  micNow: boolean;
  floorMode: FloorMode | undefined;
  micOn: boolean;
  wantMic: boolean;
  autoMic: boolean;
}

/** Only a remote participant's call is prompted: the room's feed may always speak, the projector never. */
export function floorPrompt(change: FloorChange): FloorPrompt {
  if (change.kind !== 'call') return 'none';
  if (change.micNow && !change.micBefore) {
    // In "open" mode everyone may always speak: nothing to announce when joining.
    if (change.initial && change.floorMode === 'open') return 'none';
    if (change.micOn || change.wantMic) return 'granted';
    return change.autoMic ? 'switchOn' : 'offer';
  }
  if (!change.micNow && change.micBefore && !change.initial) return 'revoked';
  return 'none';
}
