import { describe, expect, it } from 'vitest';
import type { FollowUp, FollowUpStatus } from '../../shared/minutes/layout';
import type { FollowUpRow } from '../../server/store/ports';
import { planSync, type SyncContext } from '../../server/services/follow-up-sync';

const NOW = '2026-12-02T10:00:00.000Z';
const draft: SyncContext = { meetingId: 'm1', editable: true, push: true, now: NOW, docAuthor: 'Notulen rapat' };

const item = (status: FollowUpStatus, dueDate = '2027-01-31', id = 'f1'): FollowUp => ({
  id,
  action: 'Usulkan P3K ke APBD Perubahan',
  opdIds: ['bkpsdm'],
  dueDate,
  status,
});
const row = (status: FollowUpStatus, docStatus: FollowUpStatus, dueDate = '2027-01-31', docDueDate = dueDate): FollowUpRow => ({
  ...item(status, dueDate),
  meetingId: 'm1',
  position: 1,
  docStatus,
  docDueDate,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  updatedBy: 'BKPSDM',
});

describe('FT1 the minutes and the tracker merge three ways', () => {
  // given the document's item, the stored row (tracker value, last value seen in the document), when synced, then:
  it.each([
    ['nothing changed: nothing written', item('open'), row('open', 'open'), draft, { upserts: 0, pushes: [] }],
    [
      'the notulis changed the status: the tracker takes it',
      item('in_progress'),
      row('open', 'open'),
      draft,
      { upserts: 1, status: 'in_progress', docStatus: 'in_progress', pushes: [] },
    ],
    [
      'the OPD changed the status: a draft takes it',
      item('open'),
      row('done', 'open'),
      draft,
      { upserts: 1, status: 'done', docStatus: 'done', pushes: [{ id: 'f1', status: 'done' }] },
    ],
    [
      'both changed: the notulis, who saw the document, wins',
      item('cancelled'),
      row('done', 'open'),
      draft,
      { upserts: 1, status: 'cancelled', docStatus: 'cancelled', pushes: [] },
    ],
    [
      'the OPD changed it, the minutes are final: nothing pushed, the tracker keeps it',
      item('open'),
      row('done', 'open'),
      { ...draft, editable: false },
      { upserts: 0, pushes: [] },
    ],
    [
      'a pass that does not push keeps the document value as last seen',
      item('open'),
      row('done', 'open'),
      { ...draft, push: false },
      { upserts: 0, pushes: [] },
    ],
    [
      'the secretariat moved the due date: a draft takes it',
      item('open'),
      row('open', 'open', '2027-03-31', '2027-01-31'),
      draft,
      { upserts: 1, dueDate: '2027-03-31', pushes: [{ id: 'f1', dueDate: '2027-03-31' }] },
    ],
  ] as const)('%s', (_, doc, stored, ctx, then) => {
    const plan = planSync([doc], [stored], ctx);
    expect(plan.upserts).toHaveLength(then.upserts);
    expect(plan.pushes).toEqual(then.pushes);
    const up = plan.upserts[0];
    if ('status' in then) expect(up?.status).toBe(then.status);
    if ('docStatus' in then) expect(up?.docStatus).toBe(then.docStatus);
    if ('dueDate' in then) expect(up?.dueDate).toBe(then.dueDate);
  });

  it('FT1 a new item is stored with its document values; an item the draft lost leaves, a final document loses none', () => {
    const plan = planSync([item('open', '', 'f2')], [row('open', 'open')], draft);
    expect(plan.upserts.map((r) => [r.id, r.status, r.docStatus, r.createdAt, r.updatedBy])).toEqual([['f2', 'open', 'open', NOW, 'Notulen rapat']]);
    expect(plan.removals).toEqual(['f1']);
    expect(planSync([], [row('open', 'open')], { ...draft, editable: false }).removals).toEqual([]);
  });

  it("FT1 the action, the owners and the order are the document's", () => {
    const moved = { ...item('open'), action: 'Usulan P3K masuk APBD-P 2022', opdIds: ['bkpsdm', 'bpkad'] };
    const plan = planSync([item('open', '', 'f0'), moved], [row('open', 'open')], draft);
    const f1 = plan.upserts.find((r) => r.id === 'f1');
    expect([f1?.action, f1?.opdIds, f1?.position, f1?.updatedBy]).toEqual(['Usulan P3K masuk APBD-P 2022', ['bkpsdm', 'bpkad'], 2, 'Notulen rapat']);
  });
});
