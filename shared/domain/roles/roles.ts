/**
 * Who may do what. The server enforces these rules on every request and socket command;
 * the client reads them only to hide buttons a role cannot use.
 */
export const ROLES = ['admin', 'chair', 'notulis', 'participant', 'projector', 'observer'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that a personal link can carry (admin logs in with a password instead). */
export const LINK_ROLES = ['chair', 'notulis', 'participant', 'projector', 'observer'] as const;
export type LinkRole = (typeof LINK_ROLES)[number];

export const ACTIONS = [
  'directory.read',
  'directory.manage',
  'meeting.list',
  'meeting.manage',
  'meeting.read',
  'meeting.links',
  /** Statistics and attendance downloads. */
  'meeting.reports',
  /** Runs the speaking queue: start, next, pause, extend, admit, end (the chair's console). */
  'queue.chair',
  /** Writes the minutes (the Yjs document is read-only for everyone else). */
  'minutes.write',
  /** Freezes the minutes into a signed version. */
  'minutes.finalize',
  /** Opens finalised minutes again for corrections. */
  'minutes.reopen',
  /** Sees who is connected remotely and LiveKit's last failure. */
  'video.oversee',
  /** A screen of the room itself: shows the check-in code, publishes the room's camera and sound. */
  'room.screen',
  /** The tracker of every meeting's tindak lanjut: lists, edits outside the minutes, OPD page links. */
  'followUps.manage',
  /** Sees the earlier meetings' open tindak lanjut of this meeting's OPDs (console, projector, minutes). */
  'followUps.previous',
  /** Records, once per item, that this meeting carries an earlier tindak lanjut forward or closes it. */
  'followUps.review',
] as const;
export type Action = (typeof ACTIONS)[number];

const GRANTS: Record<Role, readonly Action[]> = {
  admin: ACTIONS,
  chair: ['meeting.read', 'meeting.reports', 'queue.chair', 'minutes.finalize', 'video.oversee', 'room.screen', 'followUps.previous', 'followUps.review'],
  notulis: ['meeting.read', 'meeting.reports', 'minutes.write', 'minutes.finalize', 'video.oversee', 'followUps.previous'],
  participant: ['meeting.read'],
  projector: ['meeting.read', 'room.screen', 'followUps.previous'],
  observer: ['meeting.read'],
};

/** Whether the role grants `action` at all, leaving the meeting scope to the caller (see `can`). */
export function roleCan(role: Role, action: Action): boolean {
  return GRANTS[role].includes(action);
}

/** The scope of a session: an admin sees every meeting, a link session only its own. */
export interface Actor {
  role: Role;
  /** Set for link sessions: the only meeting this session may touch. */
  meetingId: string | null;
  /** Set for participant links: the participant this person is. */
  participantId: string | null;
}

/** Whether this session may do `action`, on `meetingId` when the action is about one meeting. */
export function can(actor: Actor, action: Action, meetingId?: string): boolean {
  if (!roleCan(actor.role, action)) return false;
  if (actor.role === 'admin') return true;
  // Link sessions are scoped: a chair link of one meeting is a stranger to every other one.
  return meetingId !== undefined && actor.meetingId === meetingId;
}
