import { randomUUID } from 'node:crypto';
import type { Meeting, MeetingCopyInput, MeetingInput, MeetingSummary, ReorderInput } from '../../shared/protocol';
import { isPermutation } from '../../shared/domain/meeting/order';
import { meetingHeaderOf } from '../../shared/domain/meeting/input';
import { meetingPlanIssues } from '../../shared/domain/meeting/plan-rules';
import { errorDetail } from '../../shared/protocol/validation';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { MeetingRecord, NewParticipant, Repositories, Store } from '../store/ports';
import type { LinkService } from './link-service';
import { calendarKey } from '../calendar/ics';
import type { EventBus } from '../events';
import { detachFromSeries } from './series-occurrences';

/** Meetings with their participants and speaking order; every write keeps the links in step. */
export class MeetingService {
  constructor(
    private readonly store: Store,
    private readonly links: LinkService,
    private readonly bus: EventBus,
    private readonly clock: Clock,
  ) {}

  list(): Promise<MeetingSummary[]> {
    return this.store.meetings.list();
  }

  async get(id: string): Promise<Meeting> {
    const meeting = await this.store.meetings.get(id);
    if (!meeting) throw new AppError('not_found', 'errors.meetingMissing');
    return meeting;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.store.meetings.get(id)) !== null;
  }

  async create(input: MeetingInput): Promise<Meeting> {
    const now = this.clock.now().toISOString();
    const id = randomUUID();
    const record: MeetingRecord = { ...header(input), id, createdAt: now, updatedAt: now };
    const participants = input.participants.map((p) => toParticipant(p, new Set()));
    return this.write(id, async (repos) => {
      await this.assertOpdsUsable(repos, input, new Set());
      await repos.meetings.insert(record);
      await repos.meetings.replaceParticipants(id, participants);
    });
  }

  async update(id: string, input: MeetingInput, opts: { bySeries?: boolean } = {}): Promise<Meeting> {
    const current = await this.get(id);
    const ownIds = new Set(current.participants.map((p) => p.id));
    const alreadyIn = new Set(current.participants.map((p) => p.opdId));
    // A body without sesi windows or agenda (an older client) keeps the saved ones; [] clears them.
    const planned = { ...input, sessions: input.sessions ?? current.sessions, agenda: input.agenda ?? current.agenda };
    assertPlan(planned);
    const record: MeetingRecord = { ...header(planned), id, createdAt: current.createdAt, updatedAt: this.clock.now().toISOString() };
    return this.write(id, async (repos) => {
      await this.assertOpdsUsable(repos, input, alreadyIn);
      await repos.meetings.update(record);
      await repos.meetings.replaceParticipants(
        id,
        input.participants.map((p) => toParticipant(p, ownIds)),
      );
      // Moved (by hand or by a holiday): calendars that imported it take the new time only with a higher SEQUENCE.
      const saved = await repos.meetings.get(id);
      if (saved && calendarKey(saved) !== calendarKey(current)) await repos.meetings.bumpCalendar(id, record.updatedAt);
      // A hand edit (or move) of an occurrence takes it out of the series' care; the series' own updates do not.
      if (!opts.bySeries) await detachFromSeries(repos, id);
    });
  }

  /** A new meeting with the same header, participants and speaking order, and fresh links. */
  async copy(id: string, input: MeetingCopyInput): Promise<Meeting> {
    const source = await this.get(id);
    const now = this.clock.now().toISOString();
    const newId = randomUUID();
    const record: MeetingRecord = {
      ...header(source),
      title: input.title ?? source.title,
      date: input.date ?? source.date,
      id: newId,
      createdAt: now,
      updatedAt: now,
    };
    const participants = source.participants.map((p) => ({ ...toParticipant(p, new Set()), id: randomUUID() }));
    return this.write(newId, async (repos) => {
      await repos.meetings.insert(record);
      await repos.meetings.replaceParticipants(newId, participants);
    });
  }

  async reorder(id: string, input: ReorderInput): Promise<Meeting> {
    const current = await this.get(id);
    const currentIds = current.participants.map((p) => p.id);
    if (!isPermutation(currentIds, input.participantIds)) {
      throw new AppError('conflict', 'errors.participantsChanged', {}, 'participantIds');
    }
    return this.write(id, async (repos) => {
      await repos.meetings.setOrder(id, input.participantIds);
      await detachFromSeries(repos, id);
    });
  }

  /** Runs a write and the link sync in one transaction, then tells every open screen. */
  private async write(id: string, work: (repos: Repositories) => Promise<void>): Promise<Meeting> {
    const { meeting, revoked } = await this.store.transaction(async (repos) => {
      await work(repos);
      const saved = await repos.meetings.get(id);
      if (!saved) throw new AppError('not_found', 'errors.meetingMissing');
      return { meeting: saved, revoked: await this.links.sync(repos, saved) };
    });
    if (revoked.length > 0) this.bus.emit('links.revoked', { linkIds: revoked });
    this.bus.emit('meeting.updated', { meeting });
    return meeting;
  }

  /** Every OPD must exist; an archived one may stay in a meeting it was in, but not be added. */
  private async assertOpdsUsable(repos: Repositories, input: MeetingInput, alreadyIn: Set<string>): Promise<void> {
    const opds = await repos.opds.getMany(input.participants.map((p) => p.opdId));
    const byId = new Map(opds.map((o) => [o.id, o]));
    input.participants.forEach((p, i) => {
      const opd = byId.get(p.opdId);
      const field = `participants.${i}.opdId`;
      if (!opd) throw new AppError('bad_request', 'errors.opdNotInDirectory', {}, field);
      if (opd.archived && !alreadyIn.has(opd.id)) {
        throw new AppError('bad_request', 'errors.opdArchived', { shortName: opd.shortName }, field);
      }
    });
  }
}

/** The sesi and agenda rules again, for a plan merged from the saved meeting. */
function assertPlan(m: MeetingInput): void {
  const [issue] = meetingPlanIssues(m);
  if (!issue) return;
  const field = issue.path.join('.');
  throw new AppError('bad_request', issue.key, issue.params, field, [errorDetail(field, issue)]);
}

function header(m: Omit<MeetingInput, 'participants'>): Omit<MeetingRecord, 'id' | 'createdAt' | 'updatedAt'> {
  return { ...meetingHeaderOf(m), sessions: m.sessions ?? [], agenda: m.agenda ?? [] };
}

function toParticipant(p: MeetingInput['participants'][number], ownIds: Set<string>): NewParticipant {
  return {
    // Keep the id (and so the personal link) of a participant that was already in this meeting.
    id: p.id && ownIds.has(p.id) ? p.id : randomUUID(),
    opdId: p.opdId,
    representativeName: p.representativeName,
    representativeTitle: p.representativeTitle,
    representativeWhatsapp: p.representativeWhatsapp,
    attendance: p.attendance,
    session: p.session,
    allotmentMinutes: p.allotmentMinutes,
  };
}
