import type { Kysely, Selectable } from 'kysely';
import type { AgendaItem, AttendanceMode, Meeting, MeetingMode, MeetingSummary, SessionWindow, TimeZone } from '../../shared/protocol';
import type { Database, MeetingsTable } from './schema';
import type { ClashCandidate, MeetingRecord, MeetingRepository, NewParticipant } from './ports';

/** Dates per query: well under SQLite's and PostgreSQL's parameter limits, and a year of days in one. */
const CLASH_DATES_PER_QUERY = 400;

function header(row: Selectable<MeetingsTable>) {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    date: row.date,
    startTime: row.start_time,
    endTime: row.end_time,
    timeZone: row.time_zone as TimeZone,
    place: row.place,
    mode: row.mode as MeetingMode,
  };
}

// The calendar sequence has its own writes (bumpCalendar): a meeting's update never resets it.
function toRow(m: MeetingRecord): Omit<Selectable<MeetingsTable>, 'ics_sequence'> {
  return {
    id: m.id,
    title: m.title,
    kind: m.kind,
    date: m.date,
    start_time: m.startTime,
    end_time: m.endTime,
    time_zone: m.timeZone,
    place: m.place,
    mode: m.mode,
    chair_name: m.chairName,
    chair_title: m.chairTitle,
    notulis_json: JSON.stringify(m.notulis),
    default_allotment_minutes: m.defaultAllotmentMinutes,
    floor_mode: m.floorMode,
    external_call_url: m.externalCallUrl,
    sessions_json: JSON.stringify(m.sessions ?? []),
    agenda_json: JSON.stringify(m.agenda ?? []),
    created_at: m.createdAt,
    updated_at: m.updatedAt,
  };
}

export class SqlMeetingRepository implements MeetingRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(): Promise<MeetingSummary[]> {
    const rows = await this.db
      .selectFrom('meetings')
      .selectAll('meetings')
      .select((eb) =>
        eb.selectFrom('participants').select(eb.fn.countAll<number>().as('n')).whereRef('participants.meeting_id', '=', 'meetings.id').as('participant_count'),
      )
      .orderBy('date', 'desc')
      .orderBy('start_time', 'desc')
      .execute();
    return rows.map((row) => ({ ...header(row), participantCount: Number(row.participant_count ?? 0) }));
  }

  async get(id: string): Promise<Meeting | null> {
    const row = await this.db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const participants = await this.db
      .selectFrom('participants')
      .innerJoin('opds', 'opds.id', 'participants.opd_id')
      .selectAll('participants')
      .select(['opds.name as opd_name', 'opds.short_name as opd_short_name', 'opds.group_name as opd_group', 'opds.whatsapp as opd_whatsapp'])
      .where('participants.meeting_id', '=', id)
      .orderBy('participants.position')
      .execute();
    return {
      ...header(row),
      chairName: row.chair_name,
      chairTitle: row.chair_title,
      notulis: JSON.parse(row.notulis_json) as string[],
      defaultAllotmentMinutes: row.default_allotment_minutes,
      floorMode: row.floor_mode === 'open' ? 'open' : 'floor',
      externalCallUrl: row.external_call_url,
      sessions: JSON.parse(row.sessions_json) as SessionWindow[],
      agenda: JSON.parse(row.agenda_json) as AgendaItem[],
      participants: participants.map((p) => ({
        id: p.id,
        opdId: p.opd_id,
        opdName: p.opd_name,
        opdShortName: p.opd_short_name,
        opdGroup: p.opd_group,
        representativeName: p.representative_name,
        representativeTitle: p.representative_title,
        representativeWhatsapp: p.representative_whatsapp,
        opdWhatsapp: p.opd_whatsapp,
        attendance: p.attendance as AttendanceMode,
        session: p.session,
        position: p.position,
        allotmentMinutes: p.allotment_minutes,
      })),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async insert(meeting: MeetingRecord): Promise<void> {
    await this.db.insertInto('meetings').values(toRow(meeting)).execute();
  }

  async update(meeting: MeetingRecord): Promise<void> {
    const { id, created_at, ...rest } = toRow(meeting);
    void created_at;
    await this.db.updateTable('meetings').set(rest).where('id', '=', id).execute();
  }

  async replaceParticipants(meetingId: string, participants: readonly NewParticipant[]): Promise<void> {
    await this.db.deleteFrom('participants').where('meeting_id', '=', meetingId).execute();
    if (participants.length === 0) return;
    await this.db
      .insertInto('participants')
      .values(
        participants.map((p, i) => ({
          id: p.id,
          meeting_id: meetingId,
          opd_id: p.opdId,
          representative_name: p.representativeName,
          representative_title: p.representativeTitle,
          representative_whatsapp: p.representativeWhatsapp,
          attendance: p.attendance,
          session: p.session,
          position: i + 1,
          allotment_minutes: p.allotmentMinutes,
        })),
      )
      .execute();
  }

  async idsWithOpd(opdId: string, fromDate: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('meetings')
      .innerJoin('participants', 'participants.meeting_id', 'meetings.id')
      .select('meetings.id')
      .where('participants.opd_id', '=', opdId)
      .where('meetings.date', '>=', fromDate)
      .orderBy('meetings.date')
      .orderBy('meetings.start_time')
      .execute();
    return rows.map((r) => r.id);
  }

  async calendarSequence(meetingId: string): Promise<number> {
    const row = await this.db.selectFrom('meetings').select('ics_sequence').where('id', '=', meetingId).executeTakeFirst();
    return row?.ics_sequence ?? 0;
  }

  async bumpCalendar(meetingId: string, at: string): Promise<void> {
    await this.db
      .updateTable('meetings')
      .set((eb) => ({ ics_sequence: eb('ics_sequence', '+', 1), updated_at: at }))
      .where('id', '=', meetingId)
      .execute();
  }

  async clashCandidates(dates: readonly string[]): Promise<ClashCandidate[]> {
    const out: ClashCandidate[] = [];
    const unique = [...new Set(dates)].sort();
    for (let i = 0; i < unique.length; i += CLASH_DATES_PER_QUERY) {
      const chunk = unique.slice(i, i + CLASH_DATES_PER_QUERY);
      const rows = await this.db
        .selectFrom('meetings')
        .leftJoin('series_occurrences', 'series_occurrences.meeting_id', 'meetings.id')
        .leftJoin('queue_state', 'queue_state.meeting_id', 'meetings.id')
        .select([
          'meetings.id',
          'meetings.title',
          'meetings.date',
          'meetings.start_time',
          'meetings.end_time',
          'meetings.time_zone',
          'meetings.place',
          'meetings.mode',
          'meetings.chair_name',
          'series_occurrences.series_id',
        ])
        .where('meetings.date', 'in', chunk)
        .where((eb) => eb.or([eb('series_occurrences.cancelled', 'is', null), eb('series_occurrences.cancelled', '=', 0)]))
        .where((eb) => eb.or([eb('queue_state.phase', 'is', null), eb('queue_state.phase', '!=', 'ended')]))
        .orderBy('meetings.date')
        .orderBy('meetings.start_time')
        .orderBy('meetings.id')
        .execute();
      if (rows.length === 0) continue;
      const invited = await this.db
        .selectFrom('participants')
        .innerJoin('opds', 'opds.id', 'participants.opd_id')
        .select(['participants.meeting_id', 'participants.opd_id', 'opds.short_name'])
        .where(
          'participants.meeting_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('participants.meeting_id')
        .orderBy('participants.position')
        .execute();
      const opdsOf = new Map<string, { id: string; shortName: string }[]>();
      for (const p of invited) opdsOf.set(p.meeting_id, [...(opdsOf.get(p.meeting_id) ?? []), { id: p.opd_id, shortName: p.short_name }]);
      for (const r of rows) {
        out.push({
          id: r.id,
          title: r.title,
          date: r.date,
          startTime: r.start_time,
          endTime: r.end_time,
          timeZone: r.time_zone as TimeZone,
          place: r.place,
          mode: r.mode as MeetingMode,
          chairName: r.chair_name,
          seriesId: r.series_id,
          opds: opdsOf.get(r.id) ?? [],
        });
      }
    }
    return out;
  }

  async setOrder(meetingId: string, participantIds: readonly string[]): Promise<void> {
    for (const [i, id] of participantIds.entries()) {
      await this.db
        .updateTable('participants')
        .set({ position: i + 1 })
        .where('id', '=', id)
        .where('meeting_id', '=', meetingId)
        .execute();
    }
  }
}
