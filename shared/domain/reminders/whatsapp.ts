/**
 * Reminders the secretariat sends in one tap by WhatsApp: the directory's numbers, the `wa.me`
 * link that opens a chat with the text filled in, and the texts themselves (a meeting's H-1
 * reminder, a follow-up's reminder near its due date). Pure: "today" is an argument.
 */
import { translate, type MessageKey, type MessageParams } from '../../i18n';
import type { AttendanceMode, Meeting } from '../../protocol/meeting';
import { callLinkLine } from '../meeting/invitation';
import { daysBetween, formatMeetingDate, formatTimeRange } from '../time';

export * from './whatsapp-number';

/** The reminders' texts, always the `id` catalogue's: they go to Indonesian officials whatever the sender's screen speaks. */
const say = (key: MessageKey, params?: MessageParams) => translate('id', key, params);
const bold = (s: string) => `*${s}*`;

/** "Yth. Bapak/Ibu Ahmad (Dinas Kesehatan)", or "Yth. Dinas Kesehatan" when no name is known. */
function greeting(name: string, opdName: string): string {
  return name ? say('reminder.toPerson', { name, opd: opdName }) : say('reminder.toOpd', { opd: opdName });
}

/** "besok", "hari ini", or "pada Senin, 13 Juni 2022": when the meeting is, seen from `today`. */
function meetingWhen(date: string, today: string): string {
  const days = daysBetween(today, date);
  if (days === 1) return say('reminder.when.tomorrow');
  if (days === 0) return say('reminder.when.today');
  return say('reminder.when.on', { date: formatMeetingDate(date, 'id') });
}

export interface MeetingReminderInput {
  meeting: Pick<Meeting, 'title' | 'date' | 'startTime' | 'endTime' | 'timeZone' | 'place' | 'externalCallUrl'>;
  /** Who is greeted: the representative's name, else the OPD head's; '' greets the OPD itself. */
  recipientName: string;
  opdName: string;
  /** In the room or online: how this participant takes part. */
  attendance: AttendanceMode;
  /** The participant's personal link; '' when it is revoked and not re-issued yet. */
  url: string;
  /** The calendar day the reminder is sent, in the meeting's zone: the text says "besok" on H-1. */
  today: string;
}

/**
 * The H-1 reminder of a meeting: greeting, title, hari/tanggal, jam with its zone, tempat, how the
 * participant attends, the personal link, and the secretariat's closing. WhatsApp marks: the
 * title is bold (*...*); no emoji, so every phone shows the same text.
 */
export function meetingReminderText(input: MeetingReminderInput): string {
  const { meeting } = input;
  const remote = input.attendance === 'remote';
  const lines = [
    greeting(input.recipientName, input.opdName),
    '',
    say('reminder.meeting.intro', { when: meetingWhen(meeting.date, input.today) }),
    '',
    bold(meeting.title),
    say('reminder.date', { date: formatMeetingDate(meeting.date, 'id') }),
    say('reminder.time', { range: formatTimeRange(meeting.startTime, meeting.endTime, meeting.timeZone, 'id') }),
    ...(meeting.place ? [say('reminder.place', { place: meeting.place })] : []),
    say(remote ? 'reminder.attendance.remote' : 'reminder.attendance.room'),
    ...(remote && meeting.externalCallUrl ? [callLinkLine(meeting.externalCallUrl)] : []),
    ...(input.url ? ['', say('reminder.meeting.link'), input.url] : []),
    '',
    say('reminder.closing'),
    say('reminder.signature'),
  ];
  return lines.join('\n');
}

export interface FollowUpReminderInput {
  /** Who is greeted (the OPD's head or contact); '' greets the OPD itself. */
  recipientName: string;
  opdName: string;
  /** What the OPD is to do, as the minutes' tindak lanjut says it. */
  action: string;
  /** Its due date, "YYYY-MM-DD". */
  dueDate: string;
  /** The calendar day the reminder is sent: days left, or overdue, count from it. */
  today: string;
  /** The meeting whose minutes gave the follow-up. */
  meeting: Pick<Meeting, 'title' | 'date'>;
  /** Where the OPD reports progress (its page, or the item); '' for none. */
  url: string;
}

/** "3 hari lagi", "hari ini", "terlambat 2 hari": the due date seen from `today`. */
export function dueInText(dueDate: string, today: string): string {
  const days = daysBetween(today, dueDate);
  if (days === 0) return say('reminder.due.today');
  if (days === 1) return say('reminder.due.tomorrow');
  return days > 0 ? say('reminder.due.left', { n: days }) : say('reminder.due.overdue', { n: -days });
}

/**
 * A follow-up's reminder near (or past) its due date: greeting, the action, the due date in words
 * with the days left or overdue, the meeting it came from, the link to report progress, closing.
 */
export function followUpReminderText(input: FollowUpReminderInput): string {
  const lines = [
    greeting(input.recipientName, input.opdName),
    '',
    say('reminder.followUp.intro'),
    '',
    bold(input.action),
    say('reminder.followUp.due', { date: formatMeetingDate(input.dueDate, 'id'), left: dueInText(input.dueDate, input.today) }),
    say('reminder.followUp.from', { title: input.meeting.title, date: formatMeetingDate(input.meeting.date, 'id') }),
    ...(input.url ? ['', say('reminder.followUp.link'), input.url] : []),
    '',
    say('reminder.closing'),
    say('reminder.signature'),
  ];
  return lines.join('\n');
}
