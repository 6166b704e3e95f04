import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';
import { EditorState, Plugin, TextSelection, type Transaction } from '@tiptap/pm/state';
import type { Node as PmNode } from '@tiptap/pm/model';
import { initProseMirrorDoc, updateYFragment, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { HeadingMarkers, isServerLine, leaveServerLine, ServerLines, touchesServerLine } from '../../client/components/minutes/minutes-extensions';
import { MinutesGuard } from '../../server/collab/minutes-guard';
import { closeTurnSection, ensureTurnSection, seedBody } from '../../server/collab/minutes-writer';
import { MINUTES_PARTS } from '../../shared/minutes/layout';
import { TURN_META_ATTR } from '../../shared/minutes/schema';
import { fixtureMeeting, MIN, QueueHarness, T0 } from '../helpers/queue-fixture';

const schema = getSchema([
  StarterKit.configure({ undoRedo: false, trailingNode: false }),
  TableKit.configure({ table: { resizable: false } }),
  HeadingMarkers,
  ServerLines,
]);

/** The minutes as the server writes them: the four sections and the first OPD's turn, ended after 3 minutes. */
function serverDoc(): { doc: Y.Doc; turnId: string } {
  const meeting = fixtureMeeting();
  const queue = new QueueHarness(meeting);
  expect(queue.give({ type: 'meeting.start' })).toBeNull();
  expect(queue.give({ type: 'turn.next' }, undefined, T0)).toBeNull();
  const turnId = queue.state.currentTurnId ?? '';
  const doc = new Y.Doc();
  doc.transact(() => {
    seedBody(doc);
    const turn = queue.state.turns[turnId];
    if (turn) ensureTurnSection(doc, turn, meeting, queue.state.attendance);
  });
  expect(queue.give({ type: 'turn.next' }, undefined, T0 + 3 * MIN)).toBeNull();
  const ended = queue.state.turns[turnId];
  if (ended) doc.transact(() => closeTurnSection(doc, ended));
  return { doc, turnId };
}

/** A notulis's editor over a copy of `doc`, with the editor's rule and the sync plugin's bookkeeping. */
function editorOver(doc: Y.Doc) {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const fragment = copy.getXmlFragment(MINUTES_PARTS.body);
  const { doc: pmDoc, meta } = initProseMirrorDoc(fragment, schema);
  const rule = new Plugin({ filterTransaction: (tr) => !touchesServerLine(tr) });
  let state = EditorState.create({ schema, doc: pmDoc, plugins: [rule] });
  return {
    get state() {
      return state;
    },
    /** Applies `tr` as the view would (the filter may drop it); true when it went through. */
    apply(tr: Transaction): boolean {
      const { state: next, transactions } = state.applyTransaction(tr);
      state = next;
      return transactions.length > 0;
    },
    /** What the sync plugin would send the server for the editor's document as it now stands. */
    update(): Uint8Array {
      const before = Y.encodeStateVector(copy);
      copy.transact(() => updateYFragment(copy, fragment, state.doc, meta));
      return Y.encodeStateAsUpdate(copy, before);
    },
  };
}

/** The [from, to] of the server line and the node after it. */
function lineAt(doc: PmNode): { line: PmNode; from: number; to: number; next: PmNode | null } {
  let found: { line: PmNode; from: number; to: number; next: PmNode | null } | null = null;
  doc.forEach((node, offset) => {
    if (!found && isServerLine(node)) found = { line: node, from: offset, to: offset + node.nodeSize, next: doc.nodeAt(offset + node.nodeSize) };
  });
  if (!found) throw new Error('no server line');
  return found;
}

function guardOf(doc: Y.Doc): MinutesGuard {
  const guard = new MinutesGuard();
  guard.reset(doc);
  return guard;
}

describe("the server's line under a turn", () => {
  it('N1 the line reads who spoke, when and how long, and is marked with its turn', () => {
    const { doc, turnId } = serverDoc();
    const { line } = lineAt(editorOver(doc).state.doc);
    expect(line.attrs[TURN_META_ATTR]).toBe(turnId);
    expect(line.textContent).toMatch(/^Dinas 1 · .*mulai 08\.30 WITA · durasi 3 menit$/);
  });

  it('N2 every edit of the line in the editor is dropped: typing, deleting, splitting, unmarking, a mark', () => {
    const { doc } = serverDoc();
    const ed = editorOver(doc);
    const { from, to } = lineAt(ed.state.doc);
    const italic = schema.marks.italic;
    const bold = schema.marks.bold;
    if (!italic || !bold) throw new Error('StarterKit marks');
    const tries: [string, Transaction][] = [
      ['typing inside', ed.state.tr.insertText('PALSU', from + 2)],
      ['typing at its start', ed.state.tr.insertText('X', from + 1)],
      ['typing at its end', ed.state.tr.insertText('X', to - 1)],
      ['deleting a character', ed.state.tr.delete(from + 1, from + 2)],
      ['deleting the line', ed.state.tr.delete(from, to)],
      ['splitting it (Enter)', ed.state.tr.split(to - 1)],
      ['joining the notes below into it (Backspace)', ed.state.tr.join(to)],
      ['removing its marker', ed.state.tr.setNodeAttribute(from, TURN_META_ATTR, null)],
      ['making it a heading', ed.state.tr.setBlockType(from + 1, from + 1, schema.nodes.heading!, { level: 3 })],
      ['bold on its text', ed.state.tr.addMark(from + 1, to - 1, bold.create())],
      ['removing its italics', ed.state.tr.removeMark(from + 1, to - 1, italic)],
      ['deleting everything', ed.state.tr.delete(0, ed.state.doc.content.size)],
    ];
    const text = lineAt(ed.state.doc).line.textContent;
    for (const [name, tr] of tries) {
      expect(ed.apply(tr), name).toBe(false);
      expect(lineAt(ed.state.doc).line.textContent, name).toBe(text);
    }
    // The server's own change, relayed by the sync plugin, goes through.
    const relayed = ed.state.tr.insertText(' (diperbarui)', to - 1).setMeta(ySyncPluginKey, { isChangeOrigin: true });
    expect(ed.apply(relayed)).toBe(true);
  });

  it('N3 Enter on the line moves into the empty paragraph under it, or makes one there when the notes below have text', () => {
    const { doc } = serverDoc();
    const ed = editorOver(doc);
    const { from, to, next } = lineAt(ed.state.doc);
    expect(next?.type.name).toBe('paragraph');
    expect(next?.content.size).toBe(0);

    // A click inside the line puts the caret there; Enter moves it below, the document unchanged.
    ed.apply(ed.state.tr.setSelection(TextSelection.create(ed.state.doc, from + 4)));
    const size = ed.state.doc.content.size;
    expect(leaveServerLine(ed.state, (tr) => ed.apply(tr))).toBe(true);
    expect(ed.state.doc.content.size).toBe(size);
    expect(ed.state.selection.from).toBe(to + 1);
    expect(ed.apply(ed.state.tr.insertText('Realisasi 61 persen.'))).toBe(true);
    expect(ed.state.doc.nodeAt(to)?.textContent).toBe('Realisasi 61 persen.');

    // The notes now have text: Enter on the line makes a new paragraph between the line and them.
    ed.apply(ed.state.tr.setSelection(TextSelection.create(ed.state.doc, to - 1)));
    expect(leaveServerLine(ed.state, (tr) => ed.apply(tr))).toBe(true);
    expect(ed.apply(ed.state.tr.insertText('Kendala lahan.'))).toBe(true);
    expect(ed.state.doc.nodeAt(to)?.textContent).toBe('Kendala lahan.');
    const after = ed.state.doc.nodeAt(to)?.nodeSize ?? 0;
    expect(ed.state.doc.nodeAt(to + after)?.textContent).toBe('Realisasi 61 persen.');
    expect(lineAt(ed.state.doc).line.textContent).toMatch(/durasi 3 menit$/);

    // Anywhere else Enter is the editor's own (split the paragraph).
    ed.apply(ed.state.tr.setSelection(TextSelection.create(ed.state.doc, to + 2)));
    expect(leaveServerLine(ed.state)).toBe(false);

    // And the server takes what the editor wrote.
    expect(guardOf(doc).check(ed.update())).toBeNull();
  });

  it("N4 the server refuses a client's change to the line that skipped the editor's rule, and takes edits around it", () => {
    const { doc } = serverDoc();
    const italic = schema.marks.italic;
    if (!italic) throw new Error('StarterKit marks');
    const changes: [string, (state: EditorState) => Transaction][] = [
      ['typing inside', (s) => s.tr.insertText('PALSU', lineAt(s.doc).from + 2)],
      ['deleting a character', (s) => s.tr.delete(lineAt(s.doc).from + 1, lineAt(s.doc).from + 2)],
      ['splitting it', (s) => s.tr.split(lineAt(s.doc).to - 1)],
      // An empty paragraph joined into it changes nothing of the line: notes with text would.
      ['joining the notes below into it', (s) => s.tr.insertText('Catatan', lineAt(s.doc).to + 1).join(lineAt(s.doc).to)],
      ['removing its marker', (s) => s.tr.setNodeAttribute(lineAt(s.doc).from, TURN_META_ATTR, null)],
      ['re-marking it with another turn', (s) => s.tr.setNodeAttribute(lineAt(s.doc).from, TURN_META_ATTR, 'p-forged')],
      ['removing its italics', (s) => s.tr.removeMark(lineAt(s.doc).from + 1, lineAt(s.doc).to - 1, italic)],
      ['deleting the line', (s) => s.tr.delete(lineAt(s.doc).from, lineAt(s.doc).to)],
    ];
    for (const [name, change] of changes) {
      const ed = editorOver(doc);
      // Straight to the state, as a client without the rule (old or tampered) would.
      const tr = change(ed.state);
      ed.apply(tr.setMeta(ySyncPluginKey, { isChangeOrigin: true }));
      expect(guardOf(doc).check(ed.update()), name).toBe('a line the server writes');
    }

    const ed = editorOver(doc);
    const { to } = lineAt(ed.state.doc);
    ed.apply(ed.state.tr.insertText('Realisasi 61 persen.', to + 1));
    ed.apply(ed.state.tr.insert(to, schema.nodes.paragraph!.create()));
    expect(guardOf(doc).check(ed.update())).toBeNull();
  });
});
