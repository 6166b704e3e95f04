/**
 * The editor's own rules for the parts of the body the server marks: its headings' markers and
 * its line under each turn. Kept apart from the editor (no DOM, no CSS) so a unit test can build
 * TipTap's schema from them and hold it against shared/minutes/schema.ts.
 */
import { Extension } from '@tiptap/core';
import { isChangeOrigin } from '@tiptap/extension-collaboration';
import type { Node as PmNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, TextSelection, type Command, type Transaction } from '@tiptap/pm/state';
import type { Step } from '@tiptap/pm/transform';
import { HEADING_ATTRS } from '../../../shared/minutes/layout';
import { TURN_META_ATTR } from '../../../shared/minutes/schema';

/** What parseHTML reads of an element (structural, so this file needs no DOM types). */
interface MarkedElement {
  getAttribute(name: string): string | null;
}

const MARKERS = [HEADING_ATTRS.section, HEADING_ATTRS.turnId] as const;

/**
 * The server marks its headings: `section` on the four official sections, `turnId` on each
 * turn's heading, and finds them again by those values. Declaring the attributes keeps them
 * through every edit (the schema drops unknown ones). A marker must stay unique: splitting a
 * heading in the middle or pasting a copy would duplicate it, so after a local edit any later
 * duplicate loses its marker (the first in the document keeps it).
 */
export const HeadingMarkers = Extension.create({
  name: 'rakorHeadingMarkers',
  addGlobalAttributes() {
    return [
      {
        types: ['heading'],
        attributes: {
          [HEADING_ATTRS.section]: {
            default: null,
            keepOnSplit: false,
            parseHTML: (el: MarkedElement) => el.getAttribute('data-section'),
            renderHTML: (attrs: Record<string, unknown>) => {
              const value = attrs[HEADING_ATTRS.section];
              return typeof value === 'string' && value ? { 'data-section': value } : {};
            },
          },
          [HEADING_ATTRS.turnId]: {
            default: null,
            keepOnSplit: false,
            parseHTML: (el: MarkedElement) => el.getAttribute('data-turn-id'),
            renderHTML: (attrs: Record<string, unknown>) => {
              const value = attrs[HEADING_ATTRS.turnId];
              return typeof value === 'string' && value ? { 'data-turn-id': value } : {};
            },
          },
        },
      },
    ];
  },
  addProseMirrorPlugins() {
    const editor = this.editor;
    return [
      new Plugin({
        key: new PluginKey('rakorHeadingMarkersUnique'),
        appendTransaction: (transactions, _old, state) => {
          // Only this writer's own edits: a reader's fix would be dropped by the server, and
          // a remote change is its author's to fix.
          if (!editor.isEditable || !transactions.some((tr) => tr.docChanged && !isChangeOrigin(tr))) return null;
          const seen = new Set<string>();
          let fix: Transaction | null = null;
          state.doc.descendants((node, pos) => {
            if (node.type.name !== 'heading') return !node.isTextblock;
            for (const attr of MARKERS) {
              const value: unknown = node.attrs[attr];
              if (typeof value !== 'string' || !value) continue;
              const key = `${attr}:${value}`;
              if (seen.has(key)) fix = (fix ?? state.tr).setNodeAttribute(pos, attr, null);
              else seen.add(key);
            }
            return false;
          });
          return fix;
        },
      }),
    ];
  },
});

/** Whether `node` is a line the server wrote (it carries the turn's id). */
export function isServerLine(node: PmNode): boolean {
  const value: unknown = node.attrs[TURN_META_ATTR];
  return typeof value === 'string' && value.length > 0;
}

/** Where the server's lines (marked with TURN_META_ATTR) stand in `doc`: [from, to] of each node. */
function serverLineRanges(doc: PmNode): [number, number][] {
  const ranges: [number, number][] = [];
  doc.forEach((node, offset) => {
    if (isServerLine(node)) ranges.push([offset, offset + node.nodeSize]);
  });
  return ranges;
}

/** Whether `step` changes anything inside, or removes, one of the `ranges`. */
function stepTouches(step: Step, ranges: [number, number][]): boolean {
  if (ranges.length === 0) return false;
  const spans: [number, number][] = [];
  step.getMap().forEach((oldStart, oldEnd) => spans.push([oldStart, oldEnd]));
  // Mark and attribute steps change no structure, so their map is empty: their own positions count.
  const { from, to, pos } = step as unknown as { from?: number; to?: number; pos?: number };
  if (typeof from === 'number' && typeof to === 'number') spans.push([from, to]);
  if (typeof pos === 'number') spans.push([pos, pos + 1]);
  return spans.some(([a, b]) => ranges.some(([start, end]) => (a === b ? a > start && a < end : a < end && b > start)));
}

/**
 * Whether `tr` is this writer's own change to a server line: such a transaction is dropped whole
 * (a partial one would leave the document between two states). A remote change (the server's
 * own transaction, relayed by the sync plugin) always passes.
 */
export function touchesServerLine(tr: Transaction): boolean {
  if (!tr.docChanged || isChangeOrigin(tr)) return false;
  return tr.steps.some((step, i) => stepTouches(step, serverLineRanges(tr.docs[i] ?? tr.before)));
}

/**
 * Enter on a server line. Splitting it would change the server's text, so the default is
 * refused; instead the caret goes to where the notulis writes: the empty paragraph the server
 * left under the line when it is still there (a second blank line would only be deleted again),
 * else a new paragraph right after the line.
 */
export const leaveServerLine: Command = (state, dispatch) => {
  const { $from, $to } = state.selection;
  // Server lines sit at the top level of the body (the writer puts them there, the guard keeps them).
  if ($from.depth !== 1 || !isServerLine($from.parent) || !$to.sameParent($from)) return false;
  const after = $from.after(1);
  const next = state.doc.nodeAt(after);
  const paragraph = state.schema.nodes.paragraph;
  if (!paragraph) return false;
  if (!dispatch) return true;
  const tr = state.tr;
  if (!(next && next.type === paragraph && next.content.size === 0 && !isServerLine(next))) tr.insert(after, paragraph.create());
  dispatch(tr.setSelection(TextSelection.create(tr.doc, after + 1)).scrollIntoView());
  return true;
};

/**
 * The line the server writes under each turn's heading (who spoke, when, for how long) is the
 * server's alone: the server refuses any client change to it. The attribute is declared so the
 * editor keeps it, never parsed from pasted HTML (a copy is plain text), and the editor refuses
 * this writer's own edits that would touch such a line; Enter on it moves on to the notes below.
 *
 * Why a marked paragraph and not a node type of its own (an atom): the line stays the same
 * Yjs element it has always been, so stored minutes, the exports and the server's check read it
 * unchanged, and the refusal lives in one rule (no step may touch the line) that the editor and
 * the server both apply.
 */
export const ServerLines = Extension.create({
  name: 'rakorServerLines',
  // Before the editor's own Enter (split the block), which would only be refused here.
  priority: 1000,
  addGlobalAttributes() {
    return [
      {
        types: ['paragraph'],
        attributes: {
          [TURN_META_ATTR]: {
            default: null,
            keepOnSplit: false,
            parseHTML: () => null,
            renderHTML: (attrs: Record<string, unknown>) => {
              const value = attrs[TURN_META_ATTR];
              return typeof value === 'string' && value ? { 'data-turn-meta': value, class: 'server-line' } : {};
            },
          },
        },
      },
    ];
  },
  addKeyboardShortcuts() {
    return {
      // A reader's editor takes no edits at all (its connection is read-only).
      Enter: ({ editor }) => editor.isEditable && leaveServerLine(editor.state, editor.view.dispatch),
    };
  },
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('rakorServerLines'),
        filterTransaction: (tr) => !touchesServerLine(tr),
      }),
    ];
  },
});
