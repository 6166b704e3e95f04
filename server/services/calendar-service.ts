import type { Meeting, OpdFeed, UpcomingMeeting } from '../../shared/protocol';
import { PAGES } from '../../shared/protocol/api';
import { planTimeline } from '../../shared/domain/meeting/timeline';
import { dateInZone, formatMeetingDate, fromMinutes } from '../../shared/domain/time';
import { deriveFeedToken, verifyFeedToken } from '../auth/crypto';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import { meetingsCalendar, type CalendarEntry, type DueEntry } from '../calendar/ics';
import { FOLLOW_UP_STATUSES } from '../../shared/minutes/layout';
import { isOpenStatus, isOverdue } from '../../shared/protocol/follow-ups';
import { translate } from '../../shared/i18n';
import type { Store } from '../store/ports';
import type { LinkService } from './link-service';

/** How far back an OPD's feed reaches, so last month's rakor stay in the calendar. */
export const FEED_PAST_DAYS = 90;
/** At most this many meetings on an OPD's "Rapat mendatang". */
export const UPCOMING_LIMIT = 20;

const feedScope = (opdId: string) => `opd:${opdId}`;
const seriesScope = (seriesId: string) => `series:${seriesId}`;

/** Invitations as calendar files, OPD feeds authorised by a derived token, and an OPD's upcoming meetings. */
export class CalendarService {
  constructor(
    private readonly store: Store,
    private readonly links: LinkService,
    private readonly key: Buffer,
    private readonly publicUrl: string,
    private readonly clock: Clock,
  ) {}

  /**
   * The address a calendar app subscribes to, for a feed `scope` ('opd:<id>', 'series:<id>')
   * served under `path`; the token is derived again each time, never stored.
   */
  scopedFeedUrl(path: string, scope: string): string {
    return `${this.publicUrl}${path}?token=${deriveFeedToken(this.key, scope)}`;
  }

  /** Refuses (401) a token that is not the feed token of `scope`; a wrong token learns nothing else. */
  authoriseFeed(scope: string, token: string): void {
    if (!token || !verifyFeedToken(this.key, scope, token)) {
      throw new AppError('unauthenticated', 'errors.calendarAddressInvalid');
    }
  }

  feedUrl(opdId: string): string {
    return this.scopedFeedUrl(`/api/feeds/opd/${encodeURIComponent(opdId)}/calendar.ics`, feedScope(opdId));
  }

  seriesFeedUrl(seriesId: string): string {
    return this.scopedFeedUrl(`/api/feeds/series/${encodeURIComponent(seriesId)}/calendar.ics`, seriesScope(seriesId));
  }

  /** A series' feed: every occurrence, cancelled ones marked, each linking its meeting page. */
  async seriesFeed(seriesId: string, token: string): Promise<string> {
    this.authoriseFeed(seriesScope(seriesId), token);
    const series = await this.store.schedule.getSeries(seriesId);
    if (!series) throw new AppError('not_found', 'errors.seriesMissing');
    const meetings: Meeting[] = [];
    for (const occurrence of await this.store.schedule.listOccurrences(seriesId)) {
      const meeting = await this.store.meetings.get(occurrence.meetingId);
      if (meeting) meetings.push(meeting);
    }
    return this.meetingsFeed(meetings, { name: series.input.name, description: `Seri rapat ${series.input.name}` });
  }

  /** Every OPD's feed address, for the directory. */
  async feeds(): Promise<OpdFeed[]> {
    const opds = await this.store.opds.list({ includeArchived: true });
    return opds.map((o) => ({ opdId: o.id, url: this.feedUrl(o.id) }));
  }

  /**
   * One meeting as a calendar file: the whole meeting (with its page's address), or one
   * participant's invitation (its personal link and planned turn in the description).
   */
  async meetingIcs(meeting: Meeting, participantId: string | null): Promise<string> {
    const state = await this.eventState(meeting.id);
    if (participantId === null) {
      return meetingsCalendar([{ meeting, url: `${this.publicUrl}${PAGES.meetingView(meeting.id)}`, ...state }], { name: meeting.title });
    }
    const participant = meeting.participants.find((p) => p.id === participantId);
    if (!participant) throw new AppError('not_found', 'errors.participantNotInThisMeeting', {}, 'participant');
    const url = (await this.links.participantUrls(meeting.id)).get(participant.id) ?? null;
    return meetingsCalendar([{ meeting, participant, url, ...state }], { name: `${meeting.title} (${participant.opdShortName})` });
  }

  /** An OPD's feed: every meeting it takes part in, from FEED_PAST_DAYS ago on. A wrong token learns nothing. */
  async opdFeed(opdId: string, token: string): Promise<string> {
    this.authoriseFeed(feedScope(opdId), token);
    const opd = await this.store.opds.get(opdId);
    if (!opd) throw new AppError('not_found', 'errors.opdMissing');
    const from = new Date(this.clock.now().getTime() - FEED_PAST_DAYS * 86_400_000).toISOString().slice(0, 10);
    const entries: CalendarEntry[] = [];
    for (const meeting of await this.meetingsOf(opdId, from)) {
      const participant = meeting.participants.find((p) => p.opdId === opdId)!;
      const url = (await this.links.participantUrls(meeting.id)).get(participant.id) ?? null;
      entries.push({ meeting, participant, url, ...(await this.eventState(meeting.id)) });
    }
    return meetingsCalendar(
      entries,
      {
        name: `Rakor ${opd.shortName}`,
        description: `Rapat koordinasi dan batas tindak lanjut ${opd.name}`,
        refreshMinutes: 60,
      },
      await this.duesOf(opdId),
    );
  }

  /**
   * A feed of whole meetings (a series' occurrences): each event links the meeting's page, never a
   * personal link; cancelled occurrences stay in it as STATUS:CANCELLED.
   */
  async meetingsFeed(meetings: readonly Meeting[], opts: { name: string; description?: string }): Promise<string> {
    const entries: CalendarEntry[] = [];
    for (const meeting of meetings) {
      entries.push({ meeting, url: `${this.publicUrl}${PAGES.meetingView(meeting.id)}`, ...(await this.eventState(meeting.id)) });
    }
    return meetingsCalendar(entries, { ...opts, refreshMinutes: 60 });
  }

  /** The OPD of `participantId`'s meetings from today (in this meeting's zone) on, with its planned turn in each. */
  async upcoming(meeting: Meeting, participantId: string): Promise<UpcomingMeeting[]> {
    const me = meeting.participants.find((p) => p.id === participantId);
    if (!me) throw new AppError('not_found', 'errors.participantNotInThisMeeting');
    const today = dateInZone(this.clock.now().getTime(), meeting.timeZone);
    const meetings = await this.meetingsOf(me.opdId, today, UPCOMING_LIMIT);
    const items: UpcomingMeeting[] = [];
    for (const m of meetings) {
      const participant = m.participants.find((p) => p.opdId === me.opdId)!;
      const turn = planTimeline(m).turns[participant.id];
      items.push({
        meetingId: m.id,
        title: m.title,
        date: m.date,
        startTime: m.startTime,
        endTime: m.endTime,
        timeZone: m.timeZone,
        place: m.place,
        mode: m.mode,
        session: participant.session,
        plannedStart: turn ? fromMinutes(turn.startMinute) : null,
        plannedEnd: turn ? fromMinutes(turn.endMinute) : null,
        current: m.id === meeting.id,
        cancelled: await this.cancelled(m.id),
      });
    }
    return items;
  }

  private async meetingsOf(opdId: string, fromDate: string, limit = Infinity): Promise<Meeting[]> {
    const ids = (await this.store.meetings.idsWithOpd(opdId, fromDate)).slice(0, limit);
    const meetings = await Promise.all(ids.map((id) => this.store.meetings.get(id)));
    return meetings.filter((m): m is Meeting => m !== null);
  }

  /** The OPD's open tindak lanjut with a due date, for its feed (each links the meeting it came from). */
  private async duesOf(opdId: string): Promise<DueEntry[]> {
    const rows = await this.store.followUps.search({ opdIds: [opdId], statuses: FOLLOW_UP_STATUSES.filter(isOpenStatus) });
    const now = this.clock.now().getTime();
    return rows
      .filter((r) => r.dueDate !== '')
      .map((r) => ({
        meetingId: r.meetingId,
        followUpId: r.id,
        action: r.action,
        dueDate: r.dueDate,
        statusLabel: translate('id', `minutes.followUpStatus.${r.status}`),
        from: `${r.meetingTitle}, ${formatMeetingDate(r.meetingDate, 'id')}`,
        overdue: isOverdue(r, dateInZone(now, r.meetingTimeZone)),
        url: `${this.publicUrl}${PAGES.meetingView(r.meetingId)}`,
        updatedAt: r.updatedAt,
      }));
  }

  /** What its events say beyond the meeting: cancelled or not, and their stored SEQUENCE. */
  private async eventState(meetingId: string): Promise<{ cancelled: boolean; sequence: number }> {
    return { cancelled: await this.cancelled(meetingId), sequence: await this.store.meetings.calendarSequence(meetingId) };
  }

  /** A series occurrence cancelled on its own (see the series service). */
  private async cancelled(meetingId: string): Promise<boolean> {
    return (await this.store.schedule.occurrenceOfMeeting(meetingId))?.cancelled ?? false;
  }
}
