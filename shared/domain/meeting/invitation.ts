import type { Meeting, MeetingMode, Participant } from '../../protocol/meeting';
import { formatMeetingDate, formatTimeRange, fromMinutes } from '../time';
import { formatPlannedTime, planTimeline, type PlannedItem } from './timeline';

/**
 * The invitation a secretariat sends each OPD, ready to paste into WhatsApp or an e-mail. Always
 * in Bahasa Indonesia: it is an official letter, whatever language the sender's screen is in.
 */

/** `whatsapp` marks the title bold with asterisks; `plain` (e-mail, CSV) has no markup. */
export type InvitationFormat = 'whatsapp' | 'plain';

const MODE_ID: Record<MeetingMode, string> = {
  room: 'Luring (tatap muka di ruang rapat)',
  online: 'Daring (video)',
  hybrid: 'Hibrida (di ruang rapat dan daring)',
};

export type InvitationMeeting = Pick<
  Meeting,
  | 'title'
  | 'date'
  | 'startTime'
  | 'endTime'
  | 'timeZone'
  | 'place'
  | 'mode'
  | 'chairName'
  | 'chairTitle'
  | 'defaultAllotmentMinutes'
  | 'participants'
  | 'sessions'
  | 'agenda'
>;

/** "Undangan: Coffee Morning, Senin, 13 Juni 2022": the e-mail's subject and the calendar event's heading. */
export function invitationSubject(meeting: Pick<Meeting, 'title' | 'date'>): string {
  return `Undangan: ${meeting.title}, ${formatMeetingDate(meeting.date, 'id')}`;
}

/** The participant's planned turn, or null when it is not in the meeting. */
export function plannedTurnOf(meeting: InvitationMeeting, participantId: string): PlannedItem | null {
  return planTimeline(meeting).turns[participantId] ?? null;
}

/** "09.24 WITA (10 menit)", or '' when the participant has no turn. */
export function plannedTurnText(meeting: InvitationMeeting, participantId: string): string {
  const turn = plannedTurnOf(meeting, participantId);
  return turn ? `${formatPlannedTime(turn.startMinute, meeting.timeZone)} (${turn.minutes} menit)` : '';
}

export function invitationText(meeting: InvitationMeeting, participant: Participant, url: string, format: InvitationFormat = 'whatsapp'): string {
  const bold = (s: string) => (format === 'whatsapp' ? `*${s}*` : s);
  const turn = plannedTurnOf(meeting, participant.id);
  const window = meeting.sessions.find((s) => s.number === participant.session);
  const chair = [meeting.chairName, meeting.chairTitle].filter(Boolean).join(', ');
  const rep = [participant.representativeName, participant.representativeTitle].filter(Boolean).join(', ');
  const lines = [
    `Yth. ${participant.opdName}`,
    ...(rep ? [`u.p. ${rep}`] : []),
    '',
    'Dengan hormat,',
    'kami mengundang Bapak/Ibu untuk menghadiri rapat berikut:',
    '',
    bold(meeting.title),
    `Hari/tanggal: ${formatMeetingDate(meeting.date, 'id')}`,
    `Waktu: ${formatTimeRange(meeting.startTime, meeting.endTime, meeting.timeZone, 'id')}`,
    ...(meeting.place ? [`Tempat: ${meeting.place}`] : []),
    `Bentuk: ${MODE_ID[meeting.mode]}`,
    ...(chair ? [`Pimpinan rapat: ${chair}`] : []),
    ...(window ? [`Sesi: sesi ${window.number}, ${formatTimeRange(window.startTime, window.endTime, meeting.timeZone, 'id')}`] : []),
    ...(turn
      ? [`Jadwal paparan ${participant.opdShortName}: pukul ${formatTimeRange(fromMinutes(turn.startMinute), fromMinutes(turn.endMinute), meeting.timeZone, 'id')} (${turn.minutes} menit)`]
      : []),
    `Kehadiran: ${participant.attendance === 'remote' ? 'daring, melalui tautan pribadi' : 'di ruang rapat'}`,
    // Without a link (revoked and not re-issued yet) the invitation still tells when and where.
    ...(url ? ['', `Tautan pribadi ${participant.opdShortName} (urutan bicara, giliran, dan video rapat; jangan diteruskan):`, url] : []),
    '',
    'Atas perhatian dan kehadiran Bapak/Ibu, kami ucapkan terima kasih.',
  ];
  return lines.join('\n');
}
