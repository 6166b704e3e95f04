import type { Meeting, Participant } from '../../protocol/meeting';
import { translate, type MessageKey } from '../../i18n';
import type { ApiError } from '../../protocol/errors';

const refusal = (code: ApiError['code'], key: MessageKey, field?: string): ApiError => ({
  code,
  key,
  params: {},
  message: translate('en', key),
  ...(field ? { field } : {}),
});
import type { AttendanceEntry, AttendanceSource, QueueEventBody, QueueState, SystemCommand, Turn } from '../../protocol/queue';

/**
 * The daftar hadir's rules. "Online" means connected remotely: a participant planned remote whose
 * personal link connects, or anyone seen in the video call. "In the room" means checked in: the
 * participant's own phone scanned the room's check-in code, or the chair or host marked it. What
 * the chair or host marks always wins: no automatic signal overwrites it.
 */

/** Statuses only a person gives; an entry holding one was marked by hand even in states stored before `source` existed. */
const ONLY_BY_HAND = new Set(['represented', 'excused', 'absent']);

export function markedByHand(entry: AttendanceEntry): boolean {
  return entry.source === 'manual' || ONLY_BY_HAND.has(entry.status);
}

/**
 * What opening a personal link tells the daftar hadir: only a participant planned remote is
 * thereby online. One seated in the room follows on its phone; that says nothing of where it is.
 */
export function linkOpenedSignal(meeting: Pick<Meeting, 'participants'>, participantId: string | null): SystemCommand | null {
  const p = participantId ? meeting.participants.find((x) => x.id === participantId) : undefined;
  return p && p.attendance === 'remote' ? { type: 'attendance.online', participantId: p.id, via: 'link' } : null;
}

/** Seen connected remotely: an unrecorded entry becomes present online; anything already recorded stays. */
export function decideOnline(state: QueueState, participantId: string, via: 'link' | 'call', now: number): QueueEventBody[] {
  const entry = state.attendance[participantId];
  if (!entry || state.phase === 'ended' || markedByHand(entry)) return [];
  if (entry.status !== 'unknown') {
    // Already in the room or online: only the first sighting is worth an event.
    return entry.seenOnline ? [] : [{ type: 'attendance.marked', entry: { ...entry, seenOnline: true } }];
  }
  return [{ type: 'attendance.marked', entry: { ...entry, status: 'present_online', seenOnline: true, arrivedAt: entry.arrivedAt ?? now, source: via } }];
}

export const CHECK_IN_OUTCOMES = ['checked_in', 'already_in_room', 'kept'] as const;
/** checked_in: marked in the room now; already_in_room: it was; kept: the chair or host marked it otherwise, and that stands. */
export type CheckInOutcome = (typeof CHECK_IN_OUTCOMES)[number];

export type CheckInDecision = { outcome: CheckInOutcome; events: QueueEventBody[] } | { error: ApiError };

/**
 * A check-in from the participant's own phone, before or during the meeting: present in the room
 * from now (an earlier arrival online keeps its time). A mark by the chair or host is kept.
 */
export function decideCheckIn(state: QueueState, participantId: string, now: number): CheckInDecision {
  const entry = state.attendance[participantId];
  if (!entry) return { error: refusal('not_found', 'errors.queue.participantMissing', 'participantId') };
  if (state.phase === 'ended') return { error: refusal('conflict', 'errors.queue.checkinClosed') };
  if (markedByHand(entry)) return { outcome: 'kept', events: [] };
  if (entry.status === 'present_room') return { outcome: 'already_in_room', events: [] };
  const checkedIn: AttendanceEntry = { ...entry, status: 'present_room', arrivedAt: entry.arrivedAt ?? now, source: 'checkin' };
  return { outcome: 'checked_in', events: [{ type: 'attendance.marked', entry: checkedIn }] };
}

/** The system command's event, for decideSystem. */
export function decideAttendanceSignal(
  state: QueueState,
  command: Extract<SystemCommand, { type: 'attendance.online' | 'attendance.checkin' }>,
  now: number,
): QueueEventBody[] {
  if (command.type === 'attendance.online') return decideOnline(state, command.participantId, command.via ?? 'link', now);
  const decision = decideCheckIn(state, command.participantId, now);
  return 'error' in decision ? [] : decision.events;
}

/** The source a chair's or host's mark records: "unknown" clears the mark, so automatic signals count again. */
export function manualSource(status: AttendanceEntry['status']): AttendanceSource | null {
  return status === 'unknown' ? null : 'manual';
}

/** Who speaks for a participant: the representative the chair marked, else the person planned. */
export interface Speaker {
  name: string;
  title: string;
  /** True when marked "Diwakili": the name is the representative's, not the planned head's. */
  represented: boolean;
}

export function speakerOf(participant: Pick<Participant, 'representativeName' | 'representativeTitle'>, entry: AttendanceEntry | undefined): Speaker {
  if (entry?.status === 'represented' && entry.representativeName) {
    return { name: entry.representativeName, title: entry.representativeTitle, represented: true };
  }
  return { name: participant.representativeName, title: participant.representativeTitle, represented: false };
}

/** "Siti Aminah, Sekretaris Dinas" */
export function speakerText(speaker: Pick<Speaker, 'name' | 'title'>): string {
  return [speaker.name, speaker.title].filter(Boolean).join(', ');
}

/**
 * The line under a turn's name on every screen and in the minutes: the OPD and who speaks for it.
 * A represented OPD reads "Dinas Kesehatan · Diwakili oleh Siti Aminah, Sekretaris Dinas"
 * (`representedBy` words it in the reader's language); otherwise the turn's own line as planned.
 */
export function turnDetail(
  turn: Pick<Turn, 'participantId' | 'detail'>,
  state: Pick<QueueState, 'attendance'>,
  meeting: Pick<Meeting, 'participants'>,
  representedBy: (who: string) => string,
): string {
  const participant = turn.participantId ? meeting.participants.find((p) => p.id === turn.participantId) : undefined;
  if (!participant) return turn.detail;
  const speaker = speakerOf(participant, state.attendance[participant.id]);
  if (!speaker.represented) return turn.detail;
  return `${participant.opdName} · ${representedBy(speakerText(speaker))}`;
}

/** The Indonesian wording, for the minutes and the exports (official documents are in Bahasa Indonesia). */
export const representedById = (who: string) => `Diwakili oleh ${who}`;
