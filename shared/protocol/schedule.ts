import { z } from '../zod-setup';
import { clockSchema, dateSchema } from '../domain/time/schemas';
import type { Clash } from '../domain/schedule/clashes';
import { callLinkSchema, FLOOR_MODES, MAX_PARTICIPANTS, MEETING_MODES, meetingInputSchema, TIME_ZONE_IDS } from './meeting';

/**
 * Scheduling: recurring series that rotate through groups of OPDs, holidays, and the occurrences
 * generated from them as ordinary meetings.
 *
 * GET    /api/series                         -> { items: Series[] }                 (admin)
 * POST   /api/series/preview?seriesId= SeriesInput -> { items: PreviewItem[] }     (admin; nothing saved; each with its clashes, CW6)
 * POST   /api/series          SeriesInput    -> Series                              (admin; generates occurrences)
 * GET    /api/series/:id                     -> Series & { occurrences: OccurrenceSummary[] }
 * PUT    /api/series/:id      SeriesInput    -> Series  (future occurrences not edited by hand follow; past and running never change)
 * POST   /api/series/:id/archive             -> Series  (no more occurrences; future unedited ones are cancelled)
 * GET    /api/holidays                        -> { items: Holiday[] }               (admin)
 * POST   /api/holidays        HolidayInput   -> Holiday  (409 when the date is one already; future occurrences follow)
 * DELETE /api/holidays/:date                  -> { ok: true }
 * POST   /api/meetings/:id/cancel             -> Meeting (an occurrence cancelled on its own; 409 outside a series or once started)
 * GET    /api/calendar?from=&to=&group=&opdId= -> { items: CalendarEntry[] }       (admin; each with its clashes, CW7)
 * POST   /api/meetings/clashes ClashCheckInput -> { items: MeetingClash[] }       (admin; the meeting form's draft, CW5)
 */

const text = (max: number) => z.string().trim().max(max, 'field.maxChars');

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Which weekday of the month: the 1st to the 4th, or -1 for the last (a 5th is not in every month). */
const nthSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(-1)], {
  error: 'use 1, 2, 3, 4, or -1 for the last',
});

/** How often: the rrule is built from this, never typed by hand. */
export const recurrenceSchema = z.discriminatedUnion('kind', [
  /** Every `interval` weeks on `weekday` (weekly: interval 1). */
  z.object({ kind: z.literal('weekly'), weekday: z.enum(WEEKDAYS), interval: z.number().int().min(1).max(52).default(1) }),
  /** Every `interval` months on day `day` (1-31; a short month takes its last day). */
  z.object({ kind: z.literal('monthly_day'), day: z.number().int().min(1).max(31), interval: z.number().int().min(1).max(12).default(1) }),
  /** Every `interval` months on the `nth` (1-4, or -1 for the last) `weekday`. */
  z.object({
    kind: z.literal('monthly_nth'),
    nth: nthSchema,
    weekday: z.enum(WEEKDAYS),
    interval: z.number().int().min(1).max(12).default(1),
  }),
  /** Every three months on the `nth` `weekday` (quarterly rakor). */
  z.object({ kind: z.literal('quarterly'), nth: nthSchema, weekday: z.enum(WEEKDAYS) }),
]);
export type Recurrence = z.infer<typeof recurrenceSchema>;

/** One participant group of a rotation: a directory group, or a hand-picked list of OPDs. */
export const rotationGroupSchema = z.union([
  z.object({ kind: z.literal('group'), group: text(60).min(1, 'field.required') }),
  z.object({
    kind: z.literal('opds'),
    label: text(60).min(1, 'field.required'),
    opdIds: z.array(z.string().min(1).max(64)).min(1, 'schedule.field.chooseOpds').max(200),
  }),
]);
export type RotationGroup = z.infer<typeof rotationGroupSchema>;

/** What happens to an occurrence that falls on a holiday. */
export const HOLIDAY_RULES = ['skip', 'next_working_day'] as const;

export const seriesInputSchema = z
  .object({
    name: text(200).min(1, 'field.required'),
    kind: text(80).default(''),
    recurrence: recurrenceSchema,
    /** First day the series may have an occurrence. */
    startDate: dateSchema,
    /** Last day (optional). */
    endDate: dateSchema.nullable().default(null),
    startTime: clockSchema,
    durationMinutes: z
      .number()
      .int()
      .min(15, 'field.minMinutes')
      .max(12 * 60, 'schedule.field.maxHours'),
    timeZone: z.enum(TIME_ZONE_IDS),
    place: text(200).default(''),
    mode: z.enum(MEETING_MODES).default('hybrid'),
    floorMode: z.enum(FLOOR_MODES).default('floor'),
    /** Each occurrence's external call link (a standing Zoom room, say); '' for none. */
    externalCallUrl: callLinkSchema,
    chairName: text(120).min(1, 'field.required'),
    chairTitle: text(120).default(''),
    notulis: z.array(text(120).min(1, 'field.required')).min(1, 'field.oneNotulis').max(5),
    defaultAllotmentMinutes: z.number().int().min(1).max(180).default(10),
    /** Agenda template copied into each occurrence (one item per line). */
    agenda: text(4000).default(''),
    /** Each occurrence takes the next group in turn. */
    rotation: z.array(rotationGroupSchema).min(1, 'schedule.field.rotationEmpty').max(20),
    /** A second rule: extra occurrences with their own group on their own rhythm (village heads every two months). */
    extra: z
      .object({ recurrence: recurrenceSchema, group: rotationGroupSchema, name: text(200).default('') })
      .nullable()
      .default(null),
    holidayRule: z.enum(HOLIDAY_RULES).default('next_working_day'),
    /** How far ahead occurrences are generated, in weeks. */
    horizonWeeks: z.number().int().min(1).max(52).default(8),
  })
  .superRefine((s, ctx) => {
    if (s.endDate && s.endDate < s.startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'schedule.field.endDateAfterStart' });
  });
export type SeriesInput = z.infer<typeof seriesInputSchema>;

export interface Series extends SeriesInput {
  id: string;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One planned occurrence, before or after saving. */
export interface OccurrencePreview {
  date: string;
  startTime: string;
  /** The rotation group's label ("Asisten I", or a hand-picked list's label). */
  groupLabel: string;
  /** Participants the group brings (short names), in speaking order. */
  opdShortNames: string[];
  /** From the extra rule (e.g. village heads every two months). */
  extra: boolean;
  /** Moved from this date because of a holiday, when it was. */
  movedFrom: string | null;
  /** The slot's planned end ("11:45"): start + duration. */
  endTime: string;
  /**
   * When its planned timeline (agenda and every OPD's allotment, shared/domain/meeting/timeline.ts)
   * is through, in minutes after midnight (past 1440 when it runs into the night).
   */
  plannedEndMinute: number;
  /** Minutes the plan runs past the slot's end; 0 when it fits (S23). */
  overMinutes: number;
}

/** A previewed occurrence with the other meetings it would clash with (CW6). */
export interface PreviewItem extends OccurrencePreview {
  clashes: MeetingClash[];
}

export interface OccurrenceSummary extends OccurrencePreview {
  meetingId: string;
  /** Edited by hand: a series edit leaves it alone. */
  detached: boolean;
  cancelled: boolean;
}

export const holidayInputSchema = z.object({ date: dateSchema, name: text(120).min(1, 'field.required') });
export type HolidayInput = z.infer<typeof holidayInputSchema>;
export interface Holiday extends HolidayInput {
  createdAt: string;
}

export interface CalendarEntry {
  meetingId: string;
  title: string;
  date: string;
  startTime: string;
  endTime: string;
  timeZone: (typeof TIME_ZONE_IDS)[number];
  place: string;
  seriesId: string | null;
  groupLabel: string | null;
  participantCount: number;
  cancelled: boolean;
  /** The meetings it clashes with (CW7): GET /api/calendar always fills it, the store leaves it out. */
  clashes?: MeetingClash[];
}

/** Another meeting a draft or a meeting clashes with (shared/domain/schedule/clashes.ts), with the shared OPDs' short names. */
export interface MeetingClash extends Clash {
  /** The short names of `opdIds`, in the same order. */
  opdShortNames: string[];
}

const draft = meetingInputSchema.shape;

/**
 * What the clash check needs of the meeting form: its body as the form sends it (the other fields
 * are ignored), a real date, times and zone, and the meeting being edited, which is left out.
 */
export const clashCheckSchema = z
  .object({
    meetingId: z.string().min(1).max(64).nullable().default(null),
    date: draft.date,
    startTime: draft.startTime,
    endTime: draft.endTime,
    timeZone: draft.timeZone,
    place: draft.place,
    mode: draft.mode,
    chairName: z.string().trim().max(120, 'field.maxChars').default(''),
    participants: z
      .array(z.object({ opdId: z.string().min(1, 'field.chooseOpd').max(64) }))
      .max(MAX_PARTICIPANTS)
      .default([]),
  })
  .superRefine((m, ctx) => {
    if (m.endTime <= m.startTime) ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'field.endAfterStart' });
  });
export type ClashCheckInput = z.infer<typeof clashCheckSchema>;

/** `?seriesId=` of the series preview: the series being edited, whose own occurrences are left out. */
export const previewQuerySchema = z.object({ seriesId: z.string().min(1).max(64).optional() });

export const calendarQuerySchema = z.object({
  from: dateSchema,
  to: dateSchema,
  group: z.string().trim().max(60).optional(),
  opdId: z.string().max(64).optional(),
});
