/**
 * Kinds of agenda item. `paparan` is the slot where the OPDs' speaking turns go, in speaking
 * order: its length is the sum of their allotments, so its own plannedMinutes are not used.
 * Apart from the schemas of meeting-plan.ts, so the planned timeline a phone draws loads no zod.
 */
export const AGENDA_KINDS = ['pembukaan', 'paparan', 'arahan', 'topik', 'penutup'] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];

/** The agenda of a meeting that has none of its own (the shape of meeting-plan.ts's AgendaItem). */
export const DEFAULT_AGENDA: readonly { kind: AgendaKind; title: string; plannedMinutes: number }[] = [
  { kind: 'pembukaan', title: '', plannedMinutes: 10 },
  { kind: 'paparan', title: '', plannedMinutes: 0 },
  { kind: 'arahan', title: '', plannedMinutes: 15 },
  { kind: 'penutup', title: '', plannedMinutes: 5 },
];
