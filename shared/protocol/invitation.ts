import type { MeetingMode, TimeZone } from './meeting';

/**
 * Invitations and calendars (shared/domain/meeting/invitation.ts, server/calendar/):
 * GET /api/meetings/:id/invite.ics                 -> text/calendar, the whole meeting (any session of the meeting)
 * GET /api/meetings/:id/invite.ics?participant=ID  -> one participant's invitation with its personal link
 *                                                     and planned time (admin, or that participant's own session)
 * GET /api/meetings/:id/upcoming                   -> { items: UpcomingMeeting[] } (a participant session: its OPD's
 *                                                     meetings from today on, this one included)
 * GET /api/feeds/opd                               -> { items: OpdFeed[] } (admin: each OPD's subscribable feed URL)
 * GET /api/feeds/opd/:opdId/calendar.ics?token=... -> text/calendar, every meeting of the OPD from 90 days ago on
 *                                                     (no session: the feed token authorises; 401 unauthenticated when wrong)
 */

/** When and where a meeting is, as a page shows it to someone who does not manage it. */
export interface MeetingWhenWhere {
  meetingId: string;
  title: string;
  date: string;
  startTime: string;
  endTime: string;
  timeZone: TimeZone;
  place: string;
}

/** An OPD's meeting as its participant page lists it under "Rapat mendatang". */
export interface UpcomingMeeting extends MeetingWhenWhere {
  mode: MeetingMode;
  session: number;
  /** The OPD's planned turn ("HH:MM" in the meeting's zone), from the planned timeline. */
  plannedStart: string | null;
  plannedEnd: string | null;
  /** The meeting whose page is asking. */
  current: boolean;
  cancelled: boolean;
}

/** One OPD's subscribable calendar, as the admin copies it from the directory. */
export interface OpdFeed {
  opdId: string;
  url: string;
}
