import type { CalendarEntry, ClashCheckInput, MeetingClash, PreviewItem, SeriesInput } from '../../shared/protocol';
import { clashesAmong, findClashes, type Clash, type ClashSlot } from '../../shared/domain/schedule/clashes';
import { occurrenceEndTime, toPreview, type PlannedOccurrence } from '../../shared/domain/schedule/plan';
import { addDays, datesBetween } from '../../shared/domain/time';
import type { ClashCandidate, Store } from '../store/ports';

/**
 * Clash warnings (CW5-CW7): a draft meeting, a series' planned occurrences or the calendar's
 * meetings held against the stored meetings that may still clash. Zones differ by at most two
 * hours, so a meeting can only meet those dated the day before, the same day or the day after.
 * Nothing here refuses a save: the answers are warnings.
 */
export class ClashService {
  constructor(private readonly store: Store) {}

  /** The stored meetings the meeting form's draft clashes with; the meeting being edited is left out. */
  async forDraft(input: ClashCheckInput): Promise<MeetingClash[]> {
    const candidates = await this.candidates([input.date]);
    const slot: ClashSlot = {
      id: input.meetingId,
      title: '',
      date: input.date,
      startTime: input.startTime,
      endTime: input.endTime,
      timeZone: input.timeZone,
      place: input.place,
      mode: input.mode,
      chairName: input.chairName,
      opdIds: input.participants.map((p) => p.opdId),
    };
    return named(findClashes(slot, candidates.map(toSlot)), candidates);
  }

  /**
   * Each planned occurrence with the stored meetings it would clash with. A series' occurrences
   * are one a day and never clash with one another; the series being edited (`seriesId`) is left
   * out, since its stored occurrences are what the preview replans.
   */
  async forOccurrences(series: SeriesInput, planned: readonly PlannedOccurrence[], seriesId?: string): Promise<PreviewItem[]> {
    const all = await this.candidates(planned.map((o) => o.date));
    const candidates = seriesId ? all.filter((c) => c.seriesId !== seriesId) : all;
    const slots = candidates.map(toSlot);
    return planned.map((o) => {
      const slot: ClashSlot = {
        id: null,
        title: series.name,
        date: o.date,
        startTime: o.startTime,
        endTime: o.endTime || occurrenceEndTime(series),
        timeZone: series.timeZone,
        place: series.place,
        mode: series.mode,
        chairName: series.chairName,
        opdIds: o.opdIds,
      };
      return { ...toPreview(o), clashes: named(findClashes(slot, slots), candidates) };
    });
  }

  /** The calendar's entries, each with the meetings it clashes with, whatever the calendar's filter shows. */
  async forCalendar(entries: readonly CalendarEntry[], from: string, to: string): Promise<CalendarEntry[]> {
    if (entries.length === 0) return [];
    const candidates = await this.candidates(datesBetween(from, to));
    const clashes = clashesAmong(candidates.map((c) => ({ ...toSlot(c), id: c.id })));
    return entries.map((e) => ({ ...e, clashes: e.cancelled ? [] : named(clashes.get(e.meetingId) ?? [], candidates) }));
  }

  /** The meetings that may clash with one dated on `dates`: those days, and the one either side. */
  private candidates(dates: readonly string[]): Promise<ClashCandidate[]> {
    const days = new Set<string>();
    for (const d of dates) for (const offset of [-1, 0, 1]) days.add(addDays(d, offset));
    return days.size === 0 ? Promise.resolve([]) : this.store.meetings.clashCandidates([...days]);
  }
}

function toSlot(c: ClashCandidate): ClashSlot {
  return { ...c, opdIds: c.opds.map((o) => o.id) };
}

/** The shared OPDs' short names, from the other meeting's own participants. */
function named(clashes: readonly Clash[], candidates: readonly ClashCandidate[]): MeetingClash[] {
  const byId = new Map(candidates.map((c) => [c.id, c]));
  return clashes.map((clash) => {
    const names = new Map((byId.get(clash.meetingId)?.opds ?? []).map((o) => [o.id, o.shortName]));
    return { ...clash, opdShortNames: clash.opdIds.map((id) => names.get(id) ?? id) };
  });
}
