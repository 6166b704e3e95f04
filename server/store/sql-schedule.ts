import type { Kysely, Selectable } from 'kysely';
import type { CalendarEntry, Holiday, SeriesInput, TimeZone } from '../../shared/protocol';
import type { Database, SeriesOccurrencesTable, SeriesTable } from './schema';
import type { CalendarFilter, OccurrenceRecord, ScheduleRepository, SeriesRecord } from './ports';

function toSeries(row: Selectable<SeriesTable>): SeriesRecord {
  return {
    id: row.id,
    input: JSON.parse(row.input_json) as SeriesInput,
    archivedAt: row.archived_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function seriesRow(s: SeriesRecord): Selectable<SeriesTable> {
  return {
    id: s.id,
    name: s.input.name,
    input_json: JSON.stringify(s.input),
    archived_at: s.archivedAt,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

function toOccurrence(row: Selectable<SeriesOccurrencesTable>): OccurrenceRecord {
  return {
    meetingId: row.meeting_id,
    seriesId: row.series_id,
    date: row.date,
    groupLabel: row.group_label,
    extra: row.extra === 1,
    detached: row.detached === 1,
    cancelled: row.cancelled === 1,
    movedFrom: row.moved_from,
  };
}

function occurrenceRow(o: OccurrenceRecord): Selectable<SeriesOccurrencesTable> {
  return {
    meeting_id: o.meetingId,
    series_id: o.seriesId,
    date: o.date,
    group_label: o.groupLabel,
    extra: o.extra ? 1 : 0,
    detached: o.detached ? 1 : 0,
    cancelled: o.cancelled ? 1 : 0,
    moved_from: o.movedFrom,
  };
}

export class SqlScheduleRepository implements ScheduleRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async listSeries(): Promise<SeriesRecord[]> {
    const rows = await this.db.selectFrom('series').selectAll().orderBy('name').orderBy('created_at').execute();
    return rows.map(toSeries);
  }

  async getSeries(id: string): Promise<SeriesRecord | null> {
    const row = await this.db.selectFrom('series').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toSeries(row) : null;
  }

  async insertSeries(series: SeriesRecord): Promise<void> {
    await this.db.insertInto('series').values(seriesRow(series)).execute();
  }

  async updateSeries(series: SeriesRecord): Promise<void> {
    const { id, created_at, ...rest } = seriesRow(series);
    void created_at;
    await this.db.updateTable('series').set(rest).where('id', '=', id).execute();
  }

  async listOccurrences(seriesId: string): Promise<OccurrenceRecord[]> {
    const rows = await this.db.selectFrom('series_occurrences').selectAll().where('series_id', '=', seriesId).orderBy('date').orderBy('extra').execute();
    return rows.map(toOccurrence);
  }

  async occurrenceOfMeeting(meetingId: string): Promise<OccurrenceRecord | null> {
    const row = await this.db.selectFrom('series_occurrences').selectAll().where('meeting_id', '=', meetingId).executeTakeFirst();
    return row ? toOccurrence(row) : null;
  }

  async insertOccurrence(occurrence: OccurrenceRecord): Promise<void> {
    await this.db.insertInto('series_occurrences').values(occurrenceRow(occurrence)).execute();
  }

  async updateOccurrence(occurrence: OccurrenceRecord): Promise<void> {
    const { meeting_id, ...rest } = occurrenceRow(occurrence);
    await this.db.updateTable('series_occurrences').set(rest).where('meeting_id', '=', meeting_id).execute();
  }

  async listHolidays(): Promise<Holiday[]> {
    const rows = await this.db.selectFrom('holidays').selectAll().orderBy('date').execute();
    return rows.map((r) => ({ date: r.date, name: r.name, createdAt: r.created_at }));
  }

  async getHoliday(date: string): Promise<Holiday | null> {
    const r = await this.db.selectFrom('holidays').selectAll().where('date', '=', date).executeTakeFirst();
    return r ? { date: r.date, name: r.name, createdAt: r.created_at } : null;
  }

  async insertHoliday(holiday: Holiday): Promise<void> {
    await this.db.insertInto('holidays').values({ date: holiday.date, name: holiday.name, created_at: holiday.createdAt }).execute();
  }

  async deleteHoliday(date: string): Promise<boolean> {
    const result = await this.db.deleteFrom('holidays').where('date', '=', date).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async calendar(filter: CalendarFilter): Promise<CalendarEntry[]> {
    let q = this.db
      .selectFrom('meetings')
      .leftJoin('series_occurrences', 'series_occurrences.meeting_id', 'meetings.id')
      .select([
        'meetings.id',
        'meetings.title',
        'meetings.date',
        'meetings.start_time',
        'meetings.end_time',
        'meetings.time_zone',
        'meetings.place',
        'series_occurrences.series_id',
        'series_occurrences.group_label',
        'series_occurrences.cancelled',
      ])
      .select((eb) =>
        eb.selectFrom('participants').select(eb.fn.countAll<number>().as('n')).whereRef('participants.meeting_id', '=', 'meetings.id').as('participant_count'),
      )
      .where('meetings.date', '>=', filter.from)
      .where('meetings.date', '<=', filter.to);
    const { group, opdId } = filter;
    if (group) {
      q = q.where((eb) =>
        eb.or([
          eb('series_occurrences.group_label', '=', group),
          eb.exists(
            eb
              .selectFrom('participants')
              .innerJoin('opds', 'opds.id', 'participants.opd_id')
              .select('participants.id')
              .whereRef('participants.meeting_id', '=', 'meetings.id')
              .where('opds.group_name', '=', group),
          ),
        ]),
      );
    }
    if (opdId) {
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('participants')
            .select('participants.id')
            .whereRef('participants.meeting_id', '=', 'meetings.id')
            .where('participants.opd_id', '=', opdId),
        ),
      );
    }
    const rows = await q.orderBy('meetings.date').orderBy('meetings.start_time').orderBy('meetings.title').execute();
    return rows.map((r) => ({
      meetingId: r.id,
      title: r.title,
      date: r.date,
      startTime: r.start_time,
      endTime: r.end_time,
      timeZone: r.time_zone as TimeZone,
      place: r.place,
      seriesId: r.series_id,
      groupLabel: r.group_label,
      participantCount: Number(r.participant_count ?? 0),
      cancelled: r.cancelled === 1,
    }));
  }
}
