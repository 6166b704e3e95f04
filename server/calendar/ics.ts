import ical, { ICalAlarmType, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { Meeting, Participant, TimeZone } from '../../shared/protocol';
import { AGENDA_KIND_LABELS_ID, TIME_ZONES } from '../../shared/protocol';
import { callLinkLine, invitationText } from '../../shared/domain/meeting/invitation';
import { formatPlannedTime, planTimeline } from '../../shared/domain/meeting/timeline';
import { formatMeetingDate, formatTimeRange, instantInZone, zoneOffsetMinutes } from '../../shared/domain/time';

/**
 * Calendar files (RFC 5545) of meetings, built with ical-generator: one meeting's invitation, an
 * OPD's subscribable feed, a series' feed. Every event carries its zone (TZID Asia/Makassar, with
 * its VTIMEZONE), the place, a description with the link, and a reminder 30 minutes before.
 */

/** Minutes before the start at which calendars remind. */
export const REMINDER_MINUTES = 30;

/** "+0800": a zone's offset as RFC 5545 writes it, from Intl at `instant`. */
function icsOffset(instant: number, zone: TimeZone): string {
  const minutes = zoneOffsetMinutes(instant, zone);
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/**
 * The VTIMEZONE of one of Indonesia's zones (null for any other: ical-generator then writes none).
 * Indonesia keeps no daylight saving, so one STANDARD rule from 1970 holds, with its offset then.
 */
export function vtimezone(tz: string): string | null {
  if (!(tz in TIME_ZONES)) return null;
  const zone = tz as TimeZone;
  const offset = icsOffset(Date.UTC(1970, 0, 1), zone);
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${zone}`,
    `X-LIC-LOCATION:${zone}`,
    'BEGIN:STANDARD',
    `TZOFFSETFROM:${offset}`,
    `TZOFFSETTO:${offset}`,
    `TZNAME:${TIME_ZONES[zone]}`,
    'DTSTART:19700101T000000',
    'END:STANDARD',
    'END:VTIMEZONE',
  ].join('\r\n');
}

/**
 * What a calendar event's time and place are made of: when it changes, the meeting's SEQUENCE
 * goes up (RFC 5545: a new DTSTART, DTEND, LOCATION or STATUS is a revision calendars must take).
 * A participant's sesi is in it, since its invitation takes that sesi's window.
 */
export function calendarKey(
  meeting: Pick<Meeting, 'date' | 'startTime' | 'endTime' | 'timeZone' | 'place' | 'mode' | 'externalCallUrl' | 'sessions' | 'participants'>,
): string {
  return JSON.stringify([
    meeting.date,
    meeting.startTime,
    meeting.endTime,
    meeting.timeZone,
    eventLocation(meeting) ?? '',
    meeting.sessions.map((s) => [s.number, s.startTime, s.endTime]),
    meeting.participants.map((p) => [p.id, p.session]),
  ]);
}

/**
 * LOCATION: the room, then the call link when there is one (calendar apps turn an address there
 * into a join button); "Daring" for an online meeting with neither; null for none.
 */
export function eventLocation(meeting: Pick<Meeting, 'place' | 'mode' | 'externalCallUrl'>): string | null {
  const parts = [meeting.place, meeting.externalCallUrl].filter(Boolean);
  if (parts.length > 0) return parts.join(', ');
  return meeting.mode === 'online' ? 'Daring' : null;
}

/** One event of a calendar: a meeting, for everyone or for one participant. */
export interface CalendarEntry {
  meeting: Meeting;
  /** Whose invitation this is: its personal link and planned turn go into the description. */
  participant?: Participant | null;
  /** The participant's personal link, or (without a participant) the meeting's page. */
  url?: string | null;
  cancelled?: boolean;
  /** The meeting's stored SEQUENCE (see calendarKey); 0 when never moved. */
  sequence?: number;
}

/** An open tindak lanjut's due date in an OPD's feed: an all-day event on that date. */
export interface DueEntry {
  meetingId: string;
  followUpId: string;
  action: string;
  dueDate: string;
  /** "Belum", "Dalam proses": the status as the interface says it. */
  statusLabel: string;
  /** "Coffee Morning ..., 13 Juni 2022" */
  from: string;
  overdue: boolean;
  url: string | null;
  updatedAt: string;
}

export interface CalendarOptions {
  name: string;
  description?: string;
  /** Subscribed feeds: how often a calendar app should fetch again. */
  refreshMinutes?: number;
}

/** The event's UID: stable per meeting, and per participant for a participant's invitation. */
export function eventUid(meetingId: string, participantId?: string | null): string {
  return participantId ? `rakor-${meetingId}-${participantId}@rakor` : `rakor-${meetingId}@rakor`;
}

/**
 * The date ical-generator writes as a zoned time. With a time zone set it writes a Date's
 * *local* fields ("the time is already in that zone"), so the Date is built from local fields.
 * Null when the server's own zone skips that wall time (a daylight-saving gap): the caller then
 * writes the instant in UTC instead, which is just as right.
 */
function wallClock(date: string, time: string): Date | null {
  // Missing parts are NaN: an invalid Date, which fails the check below.
  const [y = Number.NaN, mo = Number.NaN, d = Number.NaN] = date.split('-').map(Number);
  const [h = Number.NaN, mi = Number.NaN] = time.split(':').map(Number);
  const local = new Date(y, mo - 1, d, h, mi);
  return local.getFullYear() === y && local.getMonth() === mo - 1 && local.getDate() === d && local.getHours() === h && local.getMinutes() === mi
    ? local
    : null;
}

/** The event's window: the participant's sesi when the meeting has windows, else the meeting. */
function eventWindow(entry: CalendarEntry): { start: string; end: string } {
  const { meeting, participant } = entry;
  const window = participant ? meeting.sessions.find((s) => s.number === participant.session) : undefined;
  return window ? { start: window.startTime, end: window.endTime } : { start: meeting.startTime, end: meeting.endTime };
}

/** The whole meeting's description: who chairs, the mode, the planned agenda, the page. */
function meetingDescription(meeting: Meeting, url: string | null): string {
  const timeline = planTimeline(meeting);
  const lines = [
    `${formatMeetingDate(meeting.date, 'id')}, ${formatTimeRange(meeting.startTime, meeting.endTime, meeting.timeZone, 'id')}`,
    ...(meeting.place ? [`Tempat: ${meeting.place}`] : []),
    ...(meeting.externalCallUrl ? [callLinkLine(meeting.externalCallUrl)] : []),
    `Pimpinan rapat: ${[meeting.chairName, meeting.chairTitle].filter(Boolean).join(', ')}`,
    '',
    'Acara:',
  ];
  for (const block of timeline.blocks) {
    if (block.session !== null) lines.push(`Sesi ${block.session} (${formatTimeRange(block.windowStart, block.windowEnd, meeting.timeZone, 'id')})`);
    for (const item of block.items) {
      const at = formatPlannedTime(item.startMinute, meeting.timeZone);
      const label = item.kind === 'turn' ? `Paparan ${item.title}` : item.title || AGENDA_KIND_LABELS_ID[item.kind];
      lines.push(`${at}  ${label}`);
    }
  }
  if (url) lines.push('', `Halaman rapat: ${url}`);
  return lines.join('\n');
}

/** Builds an iCalendar text from meetings (one invitation, an OPD's feed, a series' feed). */
export function meetingsCalendar(entries: readonly CalendarEntry[], opts: CalendarOptions, dues: readonly DueEntry[] = []): string {
  const cal = ical({
    name: opts.name,
    description: opts.description,
    method: ICalCalendarMethod.PUBLISH,
    prodId: { company: 'Rakor', product: 'rakor', language: 'ID' },
    // No calendar-wide zone: ical-generator would write DTSTAMP in it, where RFC 5545 wants UTC.
    // The generator still adds the VTIMEZONE of every event's own zone.
    timezone: { name: null, generator: vtimezone },
    ttl: opts.refreshMinutes ? opts.refreshMinutes * 60 : null,
  });
  for (const entry of entries) {
    const { meeting, participant } = entry;
    const { start, end } = eventWindow(entry);
    const zonedStart = wallClock(meeting.date, start);
    const zonedEnd = wallClock(meeting.date, end);
    const zoned = zonedStart !== null && zonedEnd !== null;
    const url = entry.url ?? null;
    const event = cal.createEvent({
      id: eventUid(meeting.id, participant?.id),
      start: zoned ? zonedStart : new Date(instantInZone(meeting.date, start, meeting.timeZone)),
      end: zoned ? zonedEnd : new Date(instantInZone(meeting.date, end, meeting.timeZone)),
      timezone: zoned ? meeting.timeZone : null,
      stamp: new Date(meeting.updatedAt || Date.now()),
      lastModified: meeting.updatedAt ? new Date(meeting.updatedAt) : null,
      // Calendar apps take a re-sent invitation as an update only when its sequence grew.
      sequence: entry.sequence ?? 0,
      summary: meeting.title,
      location: eventLocation(meeting),
      description: participant ? invitationText(meeting, participant, url ?? '', 'plain') : meetingDescription(meeting, url),
      url,
      status: entry.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
    event.createAlarm({
      type: ICalAlarmType.display,
      trigger: REMINDER_MINUTES * 60,
      description: `${meeting.title} dimulai ${REMINDER_MINUTES} menit lagi`,
    });
  }
  for (const due of dues) {
    const [y, m, d] = due.dueDate.split('-').map(Number) as [number, number, number];
    const day = new Date(y, m - 1, d);
    const event = cal.createEvent({
      id: `rakor-fu-${due.meetingId}-${due.followUpId}@rakor`,
      start: day,
      allDay: true,
      stamp: new Date(due.updatedAt || Date.now()),
      summary: `${due.overdue ? 'Lewat batas' : 'Batas'} tindak lanjut: ${due.action.slice(0, 120)}`,
      description: [due.action, `Status: ${due.statusLabel}`, `Dari rapat: ${due.from}`, due.url ? `Laporkan perkembangan: ${due.url}` : '']
        .filter(Boolean)
        .join('\n'),
      url: due.url,
    });
    // The morning of the day before: time to finish or to report why not.
    event.createAlarm({ type: ICalAlarmType.display, trigger: 15 * 3600, description: `Besok batas tindak lanjut: ${due.action.slice(0, 80)}` });
  }
  return cal.toString();
}
