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
] as const;
export type Action = (typeof ACTIONS)[number];

const GRANTS: Record<Role, readonly Action[]> = {
  admin: ACTIONS,
  chair: ['meeting.read', 'meeting.reports'],
  notulis: ['meeting.read', 'meeting.reports'],
  participant: ['meeting.read'],
  projector: ['meeting.read'],
  observer: ['meeting.read'],
};

/** The scope of a session: an admin sees every meeting, a link session only its own. */
export interface Actor {
  role: Role;
  /** Set for link sessions: the only meeting this session may touch. */
  meetingId: string | null;
  /** Set for participant links: the participant this person is. */
  participantId: string | null;
}

export function can(actor: Actor, action: Action, meetingId?: string): boolean {
  if (!GRANTS[actor.role].includes(action)) return false;
  if (actor.role === 'admin') return true;
  // Link sessions are scoped: a chair link of one meeting is a stranger to every other one.
  return meetingId !== undefined && actor.meetingId === meetingId;
}
