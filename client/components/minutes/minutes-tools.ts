import type { Editor } from '@tiptap/core';
import type { MessageKey } from '../../../shared/i18n';

/**
 * The minutes toolbar: what the notulis needs for an official document, nothing more. Plain
 * data over the editor's commands (the Editor type only, so this loads before TipTap does).
 */
export interface MinutesTool {
  id: string;
  label: MessageKey;
  glyph: string;
  /** Toggles carry aria-pressed; actions (table, undo, redo) do not. */
  toggle: boolean;
  active: (e: Editor) => boolean;
  enabled: (e: Editor) => boolean;
  run: (e: Editor) => void;
}

export const MINUTES_TOOLS: readonly MinutesTool[] = [
  {
    id: 'h2',
    label: 'minutes.tool.h2',
    glyph: 'H2',
    toggle: true,
    active: (e) => e.isActive('heading', { level: 2 }),
    enabled: (e) => e.can().toggleHeading({ level: 2 }),
    run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(),
  },
  {
    id: 'h3',
    label: 'minutes.tool.h3',
    glyph: 'H3',
    toggle: true,
    active: (e) => e.isActive('heading', { level: 3 }),
    enabled: (e) => e.can().toggleHeading({ level: 3 }),
    run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run(),
  },
  {
    id: 'bold',
    label: 'minutes.tool.bold',
    glyph: 'B',
    toggle: true,
    active: (e) => e.isActive('bold'),
    enabled: (e) => e.can().toggleBold(),
    run: (e) => e.chain().focus().toggleBold().run(),
  },
  {
    id: 'italic',
    label: 'minutes.tool.italic',
    glyph: 'I',
    toggle: true,
    active: (e) => e.isActive('italic'),
    enabled: (e) => e.can().toggleItalic(),
    run: (e) => e.chain().focus().toggleItalic().run(),
  },
  {
    id: 'bulletList',
    label: 'minutes.tool.bulletList',
    glyph: '•',
    toggle: true,
    active: (e) => e.isActive('bulletList'),
    enabled: (e) => e.can().toggleBulletList(),
    run: (e) => e.chain().focus().toggleBulletList().run(),
  },
  {
    id: 'orderedList',
    label: 'minutes.tool.orderedList',
    glyph: '1.',
    toggle: true,
    active: (e) => e.isActive('orderedList'),
    enabled: (e) => e.can().toggleOrderedList(),
    run: (e) => e.chain().focus().toggleOrderedList().run(),
  },
  {
    id: 'table',
    label: 'minutes.tool.table',
    glyph: '▦',
    toggle: false,
    active: () => false,
    enabled: (e) => e.can().insertTable({ rows: 3, cols: 3, withHeaderRow: true }),
    run: (e) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
  },
  {
    id: 'undo',
    label: 'minutes.tool.undo',
    glyph: '↶',
    toggle: false,
    active: () => false,
    enabled: (e) => e.can().undo(),
    run: (e) => e.chain().focus().undo().run(),
  },
  {
    id: 'redo',
    label: 'minutes.tool.redo',
    glyph: '↷',
    toggle: false,
    active: () => false,
    enabled: (e) => e.can().redo(),
    run: (e) => e.chain().focus().redo().run(),
  },
];
