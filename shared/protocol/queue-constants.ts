/**
 * The queue's vocabularies as plain values, apart from the schemas of queue.ts (which re-exports
 * them): the chair's console and the phones read them without loading zod.
 */

/** The states of one turn at the floor. */
export const TURN_STATUSES = ['waiting', 'speaking', 'paused', 'done', 'skipped'] as const;
export type TurnStatus = (typeof TURN_STATUSES)[number];

/** scheduled: from the speaking order; added: an unscheduled speaker; response / point_of_order: an admitted request. */
export const TURN_KINDS = ['scheduled', 'added', 'response', 'point_of_order'] as const;
export type TurnKind = (typeof TURN_KINDS)[number];

export const REQUEST_KINDS = ['response', 'point_of_order'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const REQUEST_STATUSES = ['pending', 'admitted', 'declined', 'withdrawn'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const ATTENDANCE_STATUSES = ['unknown', 'present_room', 'present_online', 'represented', 'excused', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/**
 * The chair's commands that move the floor or the order: they carry `expectedSeq`, so a press on a
 * stale view is refused and a double tap is one press. Every other command is sent without it.
 */
export const SEQ_GUARDED_COMMAND_TYPES = ['turn.next', 'turn.call', 'turn.finish', 'queue.reorder', 'meeting.end'] as const;
export const SEQ_GUARDED_COMMANDS: ReadonlySet<string> = new Set<string>(SEQ_GUARDED_COMMAND_TYPES);
