import type { Recurrence, RotationGroup, Series, SeriesInput, Weekday } from '../../../shared/protocol/schedule';
import type { TimeZone } from '../../../shared/protocol';

export type Nth = 1 | 2 | 3 | 4 | -1;
export const NTHS: readonly Nth[] = [1, 2, 3, 4, -1];

/**
 * The recurrence as the form holds it: every kind's fields at once, so switching from weekly to
 * monthly and back keeps what was typed. `toRecurrence` keeps only the chosen kind's fields.
 */
export interface RecurrenceDraft {
  kind: Recurrence['kind'];
  weekday: Weekday;
  weeks: number;
  months: number;
  day: number;
  nth: Nth;
}

export interface RotationDraft {
  /** Stable across reorders, for keyed rows and focus. */
  key: string;
  group: RotationGroup;
}

export interface SeriesDraft extends Omit<SeriesInput, 'recurrence' | 'rotation' | 'extra' | 'endDate'> {
  recurrence: RecurrenceDraft;
  /** '' when the series has no end. */
  endDate: string;
  rotation: RotationDraft[];
  extraOn: boolean;
  extra: { recurrence: RecurrenceDraft; group: RotationGroup | null; name: string };
}

/** A deep copy that also works on Svelte's state proxies (structuredClone refuses them). */
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

let nextKey = 0;
export const rotationKey = () => `rot-${++nextKey}`;

export function recurrenceDraft(r?: Recurrence): RecurrenceDraft {
  const d: RecurrenceDraft = { kind: 'weekly', weekday: 'MO', weeks: 1, months: 1, day: 1, nth: 1 };
  if (!r) return d;
  d.kind = r.kind;
  if (r.kind === 'weekly') Object.assign(d, { weekday: r.weekday, weeks: r.interval });
  if (r.kind === 'monthly_day') Object.assign(d, { day: r.day, months: r.interval });
  if (r.kind === 'monthly_nth') Object.assign(d, { nth: r.nth, weekday: r.weekday, months: r.interval });
  if (r.kind === 'quarterly') Object.assign(d, { nth: r.nth, weekday: r.weekday });
  return d;
}

/** An emptied number input gives null: send it as NaN-free 0 so the server names the field. */
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export function toRecurrence(d: RecurrenceDraft): Recurrence {
  switch (d.kind) {
    case 'weekly':
      return { kind: 'weekly', weekday: d.weekday, interval: num(d.weeks) };
    case 'monthly_day':
      return { kind: 'monthly_day', day: num(d.day), interval: num(d.months) };
    case 'monthly_nth':
      return { kind: 'monthly_nth', nth: d.nth, weekday: d.weekday, interval: num(d.months) };
    case 'quarterly':
      return { kind: 'quarterly', nth: d.nth, weekday: d.weekday };
  }
}

/** The extra rule starts as "every 2 months on the first Monday", the village heads' rhythm. */
const extraDefault = (): RecurrenceDraft => ({ ...recurrenceDraft(), kind: 'monthly_nth', nth: 1, months: 2, weeks: 8 });

export function emptyDraft(startDate: string, timeZone: TimeZone): SeriesDraft {
  return {
    name: '',
    kind: '',
    recurrence: recurrenceDraft(),
    startDate,
    endDate: '',
    startTime: '08:30',
    durationMinutes: 180,
    timeZone,
    place: '',
    mode: 'hybrid',
    floorMode: 'floor',
    externalCallUrl: '',
    chairName: '',
    chairTitle: '',
    notulis: [''],
    defaultAllotmentMinutes: 10,
    agenda: '',
    rotation: [],
    extraOn: false,
    extra: { recurrence: extraDefault(), group: null, name: '' },
    holidayRule: 'next_working_day',
    horizonWeeks: 8,
  };
}

export function draftFromSeries(s: Series): SeriesDraft {
  return {
    name: s.name,
    kind: s.kind,
    recurrence: recurrenceDraft(s.recurrence),
    startDate: s.startDate,
    endDate: s.endDate ?? '',
    startTime: s.startTime,
    durationMinutes: s.durationMinutes,
    timeZone: s.timeZone,
    place: s.place,
    mode: s.mode,
    floorMode: s.floorMode,
    externalCallUrl: s.externalCallUrl,
    chairName: s.chairName,
    chairTitle: s.chairTitle,
    notulis: s.notulis.length ? [...s.notulis] : [''],
    defaultAllotmentMinutes: s.defaultAllotmentMinutes,
    agenda: s.agenda,
    rotation: s.rotation.map((group) => ({ key: rotationKey(), group: clone(group) })),
    extraOn: !!s.extra,
    extra: s.extra
      ? { recurrence: recurrenceDraft(s.extra.recurrence), group: clone(s.extra.group), name: s.extra.name }
      : { recurrence: extraDefault(), group: null, name: '' },
    holidayRule: s.holidayRule,
    horizonWeeks: s.horizonWeeks,
  };
}

/** The body of POST/PUT /api/series and of the preview. */
export function toSeriesInput(d: SeriesDraft): SeriesInput {
  return {
    name: d.name,
    kind: d.kind,
    recurrence: toRecurrence(d.recurrence),
    startDate: d.startDate,
    endDate: d.endDate || null,
    startTime: d.startTime,
    durationMinutes: num(d.durationMinutes),
    timeZone: d.timeZone,
    place: d.place,
    mode: d.mode,
    floorMode: d.floorMode,
    externalCallUrl: d.externalCallUrl.trim(),
    chairName: d.chairName,
    chairTitle: d.chairTitle,
    notulis: d.notulis.map((n) => n.trim()).filter(Boolean),
    defaultAllotmentMinutes: num(d.defaultAllotmentMinutes),
    agenda: d.agenda,
    rotation: d.rotation.map((r) => r.group),
    extra: d.extraOn
      ? {
          recurrence: toRecurrence(d.extra.recurrence),
          // No group chosen yet: an empty one, so the server names `extra.group.group`.
          group: d.extra.group ?? { kind: 'group', group: '' },
          name: d.extra.name,
        }
      : null,
    holidayRule: d.holidayRule,
    horizonWeeks: num(d.horizonWeeks),
  };
}
