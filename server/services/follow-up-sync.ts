import type { FollowUp, FollowUpStatus } from '../../shared/minutes/layout';
import type { FollowUpRow } from '../store/ports';

/**
 * The minutes document and the tracker are one truth, merged three ways. Each stored item keeps,
 * beside its status and due date, the values the document last held (`docStatus`, `docDueDate`):
 *
 *   document differs from what it last held   -> the notulis changed it: the tracker takes it
 *   document as it was, tracker differs       -> the tracker changed it (an OPD's progress note,
 *                                                the secretariat): the document takes it, while
 *                                                it is a draft
 *   finalised document                         -> nothing is written into it: the signed minutes
 *                                                keep the status they were finalised with, and a
 *                                                reopen brings the tracker's values in
 *
 * The action, the owners and the order are the document's alone. An item the notulis removes
 * from a draft leaves the tracker with its notes.
 */
export interface SyncPlan {
  /** Rows to write, with the document's values as they will be once `pushes` are applied. */
  upserts: FollowUpRow[];
  /** Ids no longer in the (draft) document. */
  removals: string[];
  /** Values the document must take from the tracker. */
  pushes: { id: string; status?: FollowUpStatus; dueDate?: string }[];
}

export interface SyncContext {
  meetingId: string;
  /** Whether the document is a draft: only then do rows it lost leave the tracker. */
  editable: boolean;
  /**
   * Whether the tracker's newer values are to be pushed into the document now. A plan that pushes
   * must be applied to the document before its rows are stored; rows stored without the push keep
   * the document's values as last seen, so the tracker's change stays newer.
   */
  push: boolean;
  now: string;
  /** Who a change coming from the document is recorded as. */
  docAuthor: string;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Merges one field: returns [tracker value, value the document ends with, push?]. */
function merge<T>(doc: T, lastSeen: T, tracked: T, push: boolean): { value: T; docValue: T; push: boolean } {
  if (doc !== lastSeen) return { value: doc, docValue: doc, push: false };
  if (tracked !== doc && push) return { value: tracked, docValue: tracked, push: true };
  return { value: tracked, docValue: doc, push: false };
}

export function planSync(docItems: readonly FollowUp[], rows: readonly FollowUpRow[], ctx: SyncContext): SyncPlan {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const plan: SyncPlan = { upserts: [], removals: [], pushes: [] };
  const seen = new Set<string>();
  docItems.forEach((item, i) => {
    if (seen.has(item.id)) return; // a duplicated id: the first row is the item
    seen.add(item.id);
    const position = i + 1;
    const row = byId.get(item.id);
    if (!row) {
      plan.upserts.push({
        ...item,
        meetingId: ctx.meetingId,
        position,
        docStatus: item.status,
        docDueDate: item.dueDate,
        createdAt: ctx.now,
        updatedAt: ctx.now,
        updatedBy: ctx.docAuthor,
      });
      return;
    }
    const status = merge(item.status, row.docStatus, row.status, ctx.push && ctx.editable);
    const due = merge(item.dueDate, row.docDueDate, row.dueDate, ctx.push && ctx.editable);
    if (status.push || due.push)
      plan.pushes.push({ id: item.id, ...(status.push ? { status: status.value } : {}), ...(due.push ? { dueDate: due.value } : {}) });
    const fromDoc = status.value !== row.status || due.value !== row.dueDate || item.action !== row.action || !sameIds(item.opdIds, row.opdIds);
    const next: FollowUpRow = {
      ...row,
      action: item.action,
      opdIds: item.opdIds,
      position,
      status: status.value,
      dueDate: due.value,
      docStatus: status.docValue,
      docDueDate: due.docValue,
      ...(fromDoc ? { updatedAt: ctx.now, updatedBy: ctx.docAuthor } : {}),
    };
    const unchanged = !fromDoc && next.position === row.position && next.docStatus === row.docStatus && next.docDueDate === row.docDueDate;
    if (!unchanged) plan.upserts.push(next);
  });
  if (ctx.editable) for (const row of rows) if (!seen.has(row.id)) plan.removals.push(row.id);
  return plan;
}
