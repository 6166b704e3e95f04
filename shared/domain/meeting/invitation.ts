import type { Meeting, MeetingMode, Participant } from '../../protocol/meeting';
import { translate, type MessageKey, type MessageParams } from '../../i18n';
import { formatMeetingDate, formatTimeRange, fromMinutes } from '../time';
import { formatPlannedTime, planTimeline, type PlannedItem } from './timeline';
import { callLinkLabel } from './call-link';

/**
 * The invitation a secretariat sends each OPD, ready to paste into WhatsApp or an e-mail. Always
 * in Bahasa Indonesia: it is an official letter, whatever language the sender's screen is in.
 */

/** `whatsapp` marks the title bold with asterisks; `plain` (e-mail, CSV) has no markup. */
export type InvitationFormat = 'whatsapp' | 'plain';

/** The letter's texts, always the `id` catalogue's. */
const say = (key: MessageKey, params?: MessageParams) => translate('id', key, params);
const modeText = (mode: MeetingMode) => say(`invitation.mode.${mode}`);

export type InvitationMeeting = Pick<
  Meeting,
  | 'title'
  | 'date'
  | 'startTime'
  | 'endTime'
  | 'timeZone'
  | 'place'
  | 'mode'
  | 'externalCallUrl'
  | 'chairName'
  | 'chairTitle'
  | 'defaultAllotmentMinutes'
  | 'participants'
  | 'sessions'
  | 'agenda'
>;

/** "Tautan rapat daring (Zoom): https://zoom.us/j/…": the invitation's and the calendar's line for the call link. */
export function callLinkLine(url: string): string {
  return say('invitation.callLink', { provider: callLinkLabel(url), url });
}

/** "Undangan: Coffee Morning, Senin, 13 Juni 2022": the e-mail's subject and the calendar event's heading. */
export function invitationSubject(meeting: Pick<Meeting, 'title' | 'date'>): string {
  return say('invitation.subject', { title: meeting.title, date: formatMeetingDate(meeting.date, 'id') });
}

/** The participant's planned turn, or null when it is not in the meeting. */
export function plannedTurnOf(meeting: InvitationMeeting, participantId: string): PlannedItem | null {
  return planTimeline(meeting).turns[participantId] ?? null;
}

/** "09.24 WITA (10 menit)", or '' when the participant has no turn. */
export function plannedTurnText(meeting: InvitationMeeting, participantId: string): string {
  const turn = plannedTurnOf(meeting, participantId);
  return turn ? say('invitation.turnMinutes', { time: formatPlannedTime(turn.startMinute, meeting.timeZone), n: turn.minutes }) : '';
}

export function invitationText(meeting: InvitationMeeting, participant: Participant, url: string, format: InvitationFormat = 'whatsapp'): string {
  const bold = (s: string) => (format === 'whatsapp' ? `*${s}*` : s);
  const turn = plannedTurnOf(meeting, participant.id);
  const window = meeting.sessions.find((s) => s.number === participant.session);
  const chair = [meeting.chairName, meeting.chairTitle].filter(Boolean).join(', ');
  const rep = [participant.representativeName, participant.representativeTitle].filter(Boolean).join(', ');
  const range = (start: string, end: string) => formatTimeRange(start, end, meeting.timeZone, 'id');
  const lines = [
    say('invitation.to', { opd: participant.opdName }),
    ...(rep ? [say('invitation.attention', { name: rep })] : []),
    '',
    say('invitation.greeting'),
    say('invitation.inviting'),
    '',
    bold(meeting.title),
    say('invitation.date', { date: formatMeetingDate(meeting.date, 'id') }),
    say('invitation.time', { range: range(meeting.startTime, meeting.endTime) }),
    ...(meeting.place ? [say('invitation.place', { place: meeting.place })] : []),
    say('invitation.mode', { mode: modeText(meeting.mode) }),
    ...(meeting.externalCallUrl ? [callLinkLine(meeting.externalCallUrl)] : []),
    ...(chair ? [say('invitation.chair', { chair })] : []),
    ...(window ? [say('invitation.session', { n: window.number, range: range(window.startTime, window.endTime) })] : []),
    ...(turn
      ? [say('invitation.turn', { opd: participant.opdShortName, range: range(fromMinutes(turn.startMinute), fromMinutes(turn.endMinute)), n: turn.minutes })]
      : []),
    say(participant.attendance === 'remote' ? 'invitation.attendance.remote' : 'invitation.attendance.room'),
    // Without a link (revoked and not re-issued yet) the invitation still tells when and where.
    ...(url ? ['', say('invitation.link', { opd: participant.opdShortName }), url] : []),
    '',
    say('invitation.closing'),
  ];
  return lines.join('\n');
}
