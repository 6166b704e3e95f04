import { translate } from '../../shared/i18n';
import { ROOM_FEED_PREFIX, WATCHER_PREFIX } from '../../shared/protocol';

/**
 * How Rakor names things inside LiveKit. A room name or an identity is the only link between a
 * LiveKit participant and a meeting, so the mapping lives in one place.
 */

const ROOM_PREFIX = 'rakor-';

/** One LiveKit room per meeting. */
export function roomName(meetingId: string): string {
  return `${ROOM_PREFIX}${meetingId}`;
}

/** The meeting of a LiveKit room, or null for a room Rakor did not name. */
export function meetingIdOfRoom(name: string | undefined): string | null {
  if (!name || !name.startsWith(ROOM_PREFIX)) return null;
  const id = name.slice(ROOM_PREFIX.length);
  return id.length > 0 ? id : null;
}

/** The meeting room's own camera and microphone. */
export function roomFeedIdentity(meetingId: string): string {
  return `${ROOM_FEED_PREFIX}${meetingId}`;
}

/** A screen that only watches (projector, notulis, observer...), one per link. */
export function watcherIdentity(key: string): string {
  return `${WATCHER_PREFIX}${key}`;
}

/** A hidden screen that only watches: not attendance, never a row of the chair's remote list. */
export function isWatcher(identity: string): boolean {
  return identity.startsWith(WATCHER_PREFIX);
}

/** The room feed's display name in the call: every screen shows it as the token names it, in Bahasa Indonesia. */
export const ROOM_FEED_NAME = translate('id', 'video.roomFeed');
