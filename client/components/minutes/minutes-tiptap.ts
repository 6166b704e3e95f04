/**
 * The TipTap editor of the minutes' body. Imported lazily by MinutesEditor.svelte, so ProseMirror
 * and TipTap load only on screens that show the minutes.
 */
import { Editor, Extension } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { TableKit } from '@tiptap/extension-table';
import { isChangeOrigin } from '@tiptap/extension-collaboration';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { Node as PmNode } from '@tiptap/pm/model';
import type { Step } from '@tiptap/pm/transform';
import { HEADING_ATTRS, MINUTES_PARTS } from '../../../shared/minutes/layout';
import { TURN_META_ATTR } from '../../../shared/minutes/schema';
import './minutes-prose.css';

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
            parseHTML: (el: HTMLElement) => el.getAttribute('data-section'),
            renderHTML: (attrs: Record<string, unknown>) => {
              const value = attrs[HEADING_ATTRS.section];
              return typeof value === 'string' && value ? { 'data-section': value } : {};
            },
          },
          [HEADING_ATTRS.turnId]: {
            default: null,
            keepOnSplit: false,
            parseHTML: (el: HTMLElement) => el.getAttribute('data-turn-id'),
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

/** Where the server's lines (marked with TURN_META_ATTR) stand in `doc`: [from, to] of each node. */
function serverLineRanges(doc: PmNode): [number, number][] {
  const ranges: [number, number][] = [];
  doc.forEach((node, offset) => {
    const value: unknown = node.attrs[TURN_META_ATTR];
    if (typeof value === 'string' && value) ranges.push([offset, offset + node.nodeSize]);
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
 * The line the server writes under each turn's heading (who spoke, when, for how long) is the
 * server's alone: the server refuses any client change to it. The attribute is declared so the
 * editor keeps it, never parsed from pasted HTML (a copy is plain text), and the editor refuses
 * this writer's own edits that would touch such a line.
 */
export const ServerLines = Extension.create({
  name: 'rakorServerLines',
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
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('rakorServerLines'),
        filterTransaction: (tr) => {
          if (!tr.docChanged || isChangeOrigin(tr)) return true;
          return !tr.steps.some((step, i) => stepTouches(step, serverLineRanges(tr.docs[i] ?? tr.before)));
        },
      }),
    ];
  },
});

export interface MinutesEditorOptions {
  element: HTMLElement;
  doc: Y.Doc;
  provider: WebsocketProvider;
  user: { name: string; color: string };
  editable: boolean;
  /** The accessible name of the text area. */
  label: string;
  /** Every transaction (typing, selection, remote change): the toolbar re-reads its state. */
  onTransaction: () => void;
}

export function createMinutesEditor(options: MinutesEditorOptions): Editor {
  return new Editor({
    element: options.element,
    editable: options.editable,
    extensions: [
      StarterKit.configure({
        // Yjs keeps the history: the collaboration undo only takes back this person's changes.
        undoRedo: false,
        // Appending a paragraph on load would be an edit from every screen that opens the minutes.
        trailingNode: false,
        link: { openOnClick: false },
      }),
      Collaboration.configure({ document: options.doc, field: MINUTES_PARTS.body }),
      CollaborationCaret.configure({ provider: options.provider, user: options.user }),
      TableKit.configure({ table: { resizable: false } }),
      HeadingMarkers,
      ServerLines,
    ],
    editorProps: {
      attributes: {
        class: 'minutes-prose',
        'aria-label': options.label,
        'aria-multiline': 'true',
        role: 'textbox',
        spellcheck: 'true',
        lang: 'id',
      },
    },
    onTransaction: options.onTransaction,
  });
}

/** A caret colour from the name, so a person keeps the same colour on every screen. */
export function caretColor(name: string): string {
  const palette = ['#0f4c5c', '#b42318', '#2d7d46', '#7a4f0c', '#5b3e96', '#a1306b', '#1d5fa8', '#8a5a00'];
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return palette[hash % palette.length] ?? palette[0]!;
}
