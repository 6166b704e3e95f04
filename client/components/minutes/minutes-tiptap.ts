/**
 * The TipTap editor of the minutes' body. Imported lazily by MinutesEditor.svelte, so ProseMirror
 * and TipTap load only on screens that show the minutes.
 */
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { TableKit } from '@tiptap/extension-table';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { MINUTES_PARTS } from '../../../shared/minutes/layout';
import { HeadingMarkers, ServerLines } from './minutes-extensions';
import './minutes-prose.css';

export interface MinutesEditorOptions {
  element: HTMLElement;
  doc: Y.Doc;
  provider: WebsocketProvider;
  user: { name: string; color: string };
  editable: boolean;
  /** The accessible name of the text area. */
  label: string;
  /** How much of the window's top sticky bars cover, in px, read at each scroll: the caret is scrolled clear of it. */
  coveredTop?: () => number;
  /** Every transaction (typing, selection, remote change): the toolbar re-reads its state. */
  onTransaction: () => void;
}

export function createMinutesEditor(options: MinutesEditorOptions): Editor {
  const covered = options.coveredTop ?? (() => 0);
  // ProseMirror reads these at each scroll, so a getter follows the bars' height as it changes.
  const clearOf = (extra: number) => ({
    get top() {
      return covered() + extra;
    },
    right: extra,
    bottom: extra,
    left: extra,
  });
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
      // ProseMirror's defaults (0 and 5) plus the covered top: typing, Enter and paste keep the caret in sight.
      scrollThreshold: clearOf(0),
      scrollMargin: clearOf(5),
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
  const palette = ['#0f4c5c', '#b42318', '#2d7d46', '#7a4f0c', '#5b3e96', '#a1306b', '#1d5fa8', '#8a5a00'] as const;
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return palette[hash % palette.length] ?? palette[0];
}
