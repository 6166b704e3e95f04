import { randomUUID } from 'node:crypto';
import type { CalendarEntry, Holiday, HolidayInput, Meeting, OccurrenceSummary, Series, SeriesInput } from '../../shared/protocol';
import { addDays, dateInZone, daysBetween } from '../../shared/domain/time';
import { generationWindow, planOccurrences, type DirectoryOpd, type PlannedOccurrence } from '../../shared/domain/schedule/plan';
import { seriesIssue } from '../../shared/domain/schedule/validate';
import { overrunMinutes, plannedEndMinute, planTimeline } from '../../shared/domain/meeting/timeline';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { everyRound, type ClaimRound } from '../cluster/periodic';
import type { CalendarFilter, OccurrenceRecord, SeriesRecord, Store } from '../store/ports';
import type { MeetingService } from './meeting-service';
import { occurrenceMeeting, sameMeeting, slotKey } from './series-occurrences';

/** The widest calendar window one request may ask for. */
export const MAX_CALENDAR_DAYS = 400;
/** How often occurrences entering the horizon are generated. */
export const TOP_UP_INTERVAL_MS = 12 * 60 * 60_000;

/** How far a reconciliation may go: a new series, a top-up (add only), or a series or holiday edit. */
type Reach = 'create' | 'add' | 'full';

/**
 * Recurring series and their occurrences, holidays, and the admin calendar.
 *
 * Occurrences are ordinary meetings made through MeetingService. A series edit (or a holiday
 * change) reconciles the FUTURE occurrences (after today in the series' zone, queue not started)
 * that were not edited by hand: kept in place when their slot stays (same meeting, same links),
 * cancelled when it goes, created when a new slot appears. Past, running, ended and detached
 * meetings are never touched. Every reconciliation runs one at a time.
 */
export class SeriesService {
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly meetings: MeetingService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** On several nodes, one of them does each top-up. */
    private readonly claim: ClaimRound = everyRound,
  ) {}

  async list(): Promise<Series[]> {
    return (await this.store.schedule.listSeries()).map(toSeries);
  }

  async get(id: string): Promise<Series & { occurrences: OccurrenceSummary[] }> {
    const record = await this.record(id);
    const occurrences: OccurrenceSummary[] = [];
    for (const row of await this.store.schedule.listOccurrences(id)) {
      const meeting = await this.store.meetings.get(row.meetingId);
      if (meeting) occurrences.push(summary(row, meeting));
    }
    occurrences.sort((a, b) => a.date.localeCompare(b.date) || a.startTime.localeCompare(b.startTime));
    return { ...toSeries(record), occurrences };
  }

  /** The occurrences creating this series would generate now, with the OPDs each brings; nothing is saved. */
  async preview(input: SeriesInput): Promise<PlannedOccurrence[]> {
    const directory = await this.directory();
    validate(input, directory);
    const today = this.today(input);
    const { from, to } = generationWindow(input, today);
    return planOccurrences(input, await this.store.schedule.listHolidays(), directory, from, to);
  }

  create(input: SeriesInput): Promise<Series> {
    return this.exclusive(async () => {
      validate(input, await this.directory());
      const now = this.clock.now().toISOString();
      const record: SeriesRecord = { id: randomUUID(), input, archivedAt: null, createdAt: now, updatedAt: now };
      await this.store.schedule.insertSeries(record);
      await this.reconcile(record, 'create');
      return toSeries(record);
    });
  }

  update(id: string, input: SeriesInput): Promise<Series> {
    return this.exclusive(async () => {
      const current = await this.record(id);
      if (current.archivedAt) throw new AppError('conflict', 'errors.seriesArchived');
      validate(input, await this.directory());
      const record: SeriesRecord = { ...current, input, updatedAt: this.clock.now().toISOString() };
      await this.store.schedule.updateSeries(record);
      await this.reconcile(record, 'full');
      return toSeries(record);
    });
  }

  /** No more occurrences: the future ones not edited by hand are cancelled. */
  archive(id: string): Promise<Series> {
    return this.exclusive(async () => {
      const current = await this.record(id);
      if (current.archivedAt) return toSeries(current);
      const now = this.clock.now().toISOString();
      const record: SeriesRecord = { ...current, archivedAt: now, updatedAt: now };
      await this.store.schedule.updateSeries(record);
      await this.reconcile(record, 'full');
      return toSeries(record);
    });
  }

  /** One occurrence cancelled on its own: it stays for the record, and series edits leave it alone. */
  cancelOccurrence(meetingId: string): Promise<Meeting> {
    return this.exclusive(async () => {
      const meeting = await this.meetings.get(meetingId);
      const row = await this.store.schedule.occurrenceOfMeeting(meetingId);
      if (!row) throw new AppError('conflict', 'errors.cancelNotOccurrence');
      if (await this.started(meetingId)) throw new AppError('conflict', 'errors.cancelStarted');
      if (!row.cancelled || !row.detached) await this.saveOccurrence(row, { ...row, cancelled: true, detached: true });
      return meeting;
    });
  }

  listHolidays(): Promise<Holiday[]> {
    return this.store.schedule.listHolidays();
  }

  /** A new holiday: the future occurrences on it move or are skipped, and the rotation goes on. */
  addHoliday(input: HolidayInput): Promise<Holiday> {
    return this.exclusive(async () => {
      if (await this.store.schedule.getHoliday(input.date)) {
        throw new AppError('conflict', 'errors.holidayExists', { date: input.date }, 'date');
      }
      const holiday: Holiday = { ...input, createdAt: this.clock.now().toISOString() };
      await this.store.schedule.insertHoliday(holiday);
      await this.reconcileAll('full');
      return holiday;
    });
  }

  removeHoliday(date: string): Promise<void> {
    return this.exclusive(async () => {
      if (!(await this.store.schedule.deleteHoliday(date))) throw new AppError('not_found', 'errors.holidayMissing');
      await this.reconcileAll('full');
    });
  }

  calendar(filter: CalendarFilter): Promise<CalendarEntry[]> {
    if (filter.to < filter.from) throw new AppError('bad_request', 'errors.rangeReversed', {}, 'to');
    if (daysBetween(filter.from, filter.to) > MAX_CALENDAR_DAYS) {
      throw new AppError('bad_request', 'errors.rangeTooLong', { n: MAX_CALENDAR_DAYS }, 'to');
    }
    return this.store.schedule.calendar(filter);
  }

  /** Generates the occurrences that entered the horizon since the last run. */
  topUp(): Promise<void> {
    return this.exclusive(() => this.reconcileAll('add'));
  }

  /** A top-up now (boot) and every 12 hours. */
  start(): void {
    const run = () =>
      void this.claim('series.top-up', TOP_UP_INTERVAL_MS)
        .then((mine) => (mine ? this.topUp() : undefined))
        .catch((err: unknown) => this.logger.error({ err }, 'series top-up failed'));
    run();
    this.timer = setInterval(run, TOP_UP_INTERVAL_MS);
    this.timer.unref();
  }

  /** Stops the timer and waits for the work in flight, so nothing writes after the store closes. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.chain.catch(() => undefined);
  }

  private async reconcileAll(reach: Reach): Promise<void> {
    for (const record of await this.store.schedule.listSeries()) {
      if (record.archivedAt) continue;
      try {
        await this.reconcile(record, reach);
      } catch (err) {
        this.logger.error({ err, seriesId: record.id }, 'reconciling a series failed');
      }
    }
  }

  private async reconcile(record: SeriesRecord, reach: Reach): Promise<void> {
    const series = record.input;
    const today = this.today(series);
    const window = generationWindow(series, today);
    const rows = await this.store.schedule.listOccurrences(record.id);
    // Plan as far as the furthest occurrence, so one the horizon no longer reaches is not cancelled.
    const planTo = rows.reduce((max, r) => (r.date > max ? r.date : max), window.to);
    const directory = await this.directory();
    const plan = record.archivedAt ? [] : planOccurrences(series, await this.store.schedule.listHolidays(), directory, today, planTo);
    const slots = new Map(plan.map((p) => [slotKey(p), p]));

    if (reach === 'full') {
      for (const row of rows) {
        if (row.detached || row.date <= today) continue;
        const meeting = await this.store.meetings.get(row.meetingId);
        if (!meeting || meeting.date <= today || (await this.started(row.meetingId))) continue;
        const slot = slots.get(slotKey(row));
        // A removed holiday may give back a day that is already today: the meeting stays where it is.
        if (slot && slot.date <= today) continue;
        if (!slot) {
          if (!row.cancelled) await this.saveOccurrence(row, { ...row, cancelled: true });
          continue;
        }
        const input = occurrenceMeeting(series, slot, meeting);
        // A hand edit may have landed since the list was read: it wins.
        if ((await this.store.schedule.occurrenceOfMeeting(row.meetingId))?.detached) continue;
        if (!sameMeeting(meeting, input)) await this.meetings.update(row.meetingId, input, { bySeries: true });
        const next: OccurrenceRecord = { ...row, date: slot.date, movedFrom: slot.movedFrom, groupLabel: slot.groupLabel, cancelled: false };
        if (JSON.stringify(next) !== JSON.stringify(row)) await this.saveOccurrence(row, next);
      }
    }

    // A new series starts today; later runs only add days after today, never beside today's meeting.
    const first = reach === 'create' ? window.from : maxDate(window.from, addDays(today, 1));
    const taken = new Set(rows.map(slotKey));
    for (const slot of plan) {
      if (slot.date < first || slot.date > window.to || taken.has(slotKey(slot))) continue;
      const meeting = await this.meetings.create(occurrenceMeeting(series, slot, null));
      await this.store.schedule.insertOccurrence({
        meetingId: meeting.id,
        seriesId: record.id,
        date: slot.date,
        groupLabel: slot.groupLabel,
        extra: slot.extra,
        detached: false,
        cancelled: false,
        movedFrom: slot.movedFrom,
      });
    }
  }

  /** A cancellation (or its undoing) is a revision of the meeting's calendar events: SEQUENCE up, updated now. */
  private async saveOccurrence(row: OccurrenceRecord, next: OccurrenceRecord): Promise<void> {
    await this.store.transaction(async (repos) => {
      await repos.schedule.updateOccurrence(next);
      if (next.cancelled !== row.cancelled) await repos.meetings.bumpCalendar(row.meetingId, this.clock.now().toISOString());
    });
  }

  private async record(id: string): Promise<SeriesRecord> {
    const record = await this.store.schedule.getSeries(id);
    if (!record) throw new AppError('not_found', 'errors.seriesMissing');
    return record;
  }

  private async directory(): Promise<DirectoryOpd[]> {
    return this.store.opds.list({ includeArchived: true });
  }

  private async started(meetingId: string): Promise<boolean> {
    const state = await this.store.queue.loadState(meetingId);
    return state !== null && state.phase !== 'not_started';
  }

  private today(series: SeriesInput): string {
    return dateInZone(this.clock.now(), series.timeZone);
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }
}

/** Refuses what the schema cannot see (shared/domain/schedule/validate.ts), naming the field. */
function validate(input: SeriesInput, directory: readonly DirectoryOpd[]): void {
  const issue = seriesIssue(input, directory);
  if (issue) throw new AppError('bad_request', issue.key, issue.params, issue.field);
}

function toSeries(record: SeriesRecord): Series {
  return { ...record.input, id: record.id, archived: record.archivedAt !== null, createdAt: record.createdAt, updatedAt: record.updatedAt };
}

function summary(row: OccurrenceRecord, meeting: Meeting): OccurrenceSummary {
  // The meeting's own plan (edited by hand or not): what its editor and invitations show.
  const timeline = planTimeline(meeting);
  return {
    meetingId: row.meetingId,
    date: meeting.date,
    startTime: meeting.startTime,
    endTime: meeting.endTime,
    plannedEndMinute: plannedEndMinute(timeline),
    overMinutes: overrunMinutes(timeline),
    groupLabel: row.groupLabel,
    opdShortNames: meeting.participants.map((p) => p.opdShortName),
    extra: row.extra,
    // Moved by a holiday, or by hand from its slot.
    movedFrom: row.movedFrom ?? (meeting.date !== row.date ? row.date : null),
    detached: row.detached,
    cancelled: row.cancelled,
  };
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}
