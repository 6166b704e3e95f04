import type { FollowUpStatus } from '../../minutes/layout';
import type { TrackedFollowUp } from '../../protocol/follow-ups';

/**
 * The secretariat's numbers of tindak lanjut: per OPD and per month. One function computes them
 * for the dashboard's charts, the XLSX recap and the CSV, so a figure read on screen is the figure
 * in the file.
 */

/** The order of the statuses in every chart, table and recap: what is finished first. */
export const COMPLETION_ORDER: readonly FollowUpStatus[] = ['done', 'in_progress', 'open', 'cancelled'];

export type StatusCounts = Record<FollowUpStatus, number>;

/** The fields of an item the numbers read. */
export type CountedFollowUp = Pick<TrackedFollowUp, 'status' | 'overdue' | 'opdIds' | 'opdShortNames' | 'meetingDate'>;

export interface CompletionFigures {
  counts: StatusCounts;
  /** Every item, cancelled ones included. */
  total: number;
  /** Open past their due date. */
  overdue: number;
  /**
   * Selesai ÷ (all − dibatalkan), as a whole percent (half up); null when nothing is left to do
   * (no items, or all of them cancelled).
   */
  completionPercent: number | null;
}

export interface OpdCompletion extends CompletionFigures {
  opdId: string;
  shortName: string;
}

export interface MonthCompletion extends CompletionFigures {
  /** YYYY-MM of the source meeting's date. */
  month: string;
}

const zeroCounts = (): StatusCounts => ({ open: 0, in_progress: 0, done: 0, cancelled: 0 });

/** Selesai ÷ (all − dibatalkan) in whole percent, or null with nothing to complete. */
export function completionPercent(counts: StatusCounts): number | null {
  const due = counts.open + counts.in_progress + counts.done;
  return due === 0 ? null : Math.round((counts.done / due) * 100);
}

function figures(items: readonly CountedFollowUp[]): CompletionFigures {
  const counts = zeroCounts();
  let overdue = 0;
  for (const item of items) {
    counts[item.status] += 1;
    if (item.overdue) overdue += 1;
  }
  return { counts, total: items.length, overdue, completionPercent: completionPercent(counts) };
}

/**
 * Per owner OPD: an item owned by two OPDs counts for each. With `opdId` (the list filtered by an
 * OPD) only that OPD's row is given, its co-owners' rows would count a part of their items only.
 * Sorted by short name, as the directory is read.
 */
export function opdCompletion(items: readonly CountedFollowUp[], opts: { opdId?: string } = {}): OpdCompletion[] {
  const byOpd = new Map<string, { shortName: string; items: CountedFollowUp[] }>();
  for (const item of items) {
    item.opdIds.forEach((opdId, i) => {
      if (opts.opdId && opdId !== opts.opdId) return;
      const entry = byOpd.get(opdId) ?? { shortName: item.opdShortNames[i] ?? '?', items: [] };
      entry.items.push(item);
      byOpd.set(opdId, entry);
    });
  }
  return [...byOpd.entries()]
    .map(([opdId, e]) => ({ opdId, shortName: e.shortName, ...figures(e.items) }))
    .sort((a, b) => a.shortName.localeCompare(b.shortName, 'id', { sensitivity: 'base' }) || (a.opdId < b.opdId ? -1 : a.opdId > b.opdId ? 1 : 0));
}

/** Every item once, whatever its owners. */
export function overallCompletion(items: readonly CountedFollowUp[]): CompletionFigures {
  return figures(items);
}

/** The month after YYYY-MM. */
export function nextMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${String(year + 1).padStart(4, '0')}-01` : `${month.slice(0, 4)}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * Per month of the source meeting's date (not of the due date: the month a rakor gave the task is
 * the one a reader remembers), from the first month to the last, months without items included
 * so the axis runs evenly.
 */
export function monthlyCompletion(items: readonly CountedFollowUp[]): MonthCompletion[] {
  const byMonth = new Map<string, CountedFollowUp[]>();
  for (const item of items) {
    const month = item.meetingDate.slice(0, 7);
    if (!/^\d{4}-\d{2}$/.test(month)) continue;
    const list = byMonth.get(month) ?? [];
    list.push(item);
    byMonth.set(month, list);
  }
  const months = [...byMonth.keys()].sort();
  const first = months[0];
  const last = months.at(-1);
  if (!first || !last) return [];
  const out: MonthCompletion[] = [];
  for (let month = first; month <= last; month = nextMonth(month)) out.push({ month, ...figures(byMonth.get(month) ?? []) });
  return out;
}
