import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';
import * as Y from 'yjs';
import { HeadingMarkers, ServerLines } from '../../client/components/minutes/minutes-extensions';
import { MINUTES_BODY_NODES, readFollowUps, readHeader, readTurnSection } from '../../shared/minutes/schema';
import { MINUTES_PARTS } from '../../shared/minutes/layout';

describe('the minutes schema', () => {
  it("M10 the body's nodes and attributes are exactly the editor's, as TipTap builds its schema", () => {
    const schema = getSchema([
      StarterKit.configure({ undoRedo: false, trailingNode: false }),
      TableKit.configure({ table: { resizable: false } }),
      HeadingMarkers,
      ServerLines,
    ]);
    const editorNodes = Object.fromEntries(
      Object.entries(schema.nodes)
        .filter(([name]) => name !== 'doc' && name !== 'text')
        .map(([name, type]) => [name, Object.keys(type.spec.attrs ?? {}).sort()]),
    );
    const ours = Object.fromEntries(Object.entries(MINUTES_BODY_NODES).map(([name, attrs]) => [name, [...attrs].sort()]));
    expect(ours).toEqual(editorNodes);
  });

  it('M11 the readers skip and report what is malformed instead of throwing', () => {
    const doc = new Y.Doc();
    doc.transact(() => {
      doc.getMap(MINUTES_PARTS.header).set('title', 42 as unknown as string);
      doc.getMap(MINUTES_PARTS.header).set('agenda', new Y.Map() as unknown as string);
      doc.getMap(MINUTES_PARTS.header).set('place', 'Ruang Meranti');
      doc.getArray(MINUTES_PARTS.followUps).push(['plain', 7]);
      const m = new Y.Map<unknown>();
      doc.getArray(MINUTES_PARTS.followUps).push([m]);
      m.set('id', 'f1');
      m.set('status', 'hacked');
      m.set('opdIds', ['a', 3, '']);
    });
    const issues: string[] = [];
    expect(readHeader(doc, issues)).toMatchObject({ title: '', agenda: '', place: 'Ruang Meranti' });
    expect(readFollowUps(doc, issues)).toEqual([{ id: 'f1', action: '', opdIds: ['a'], dueDate: '', status: 'open' }]);
    expect(issues).toEqual([
      'header.title is not text',
      'header.agenda is not text',
      'followUps.0 is not a map',
      'followUps.1 is not a map',
      'followUps.2 has malformed fields',
    ]);
    expect(readTurnSection('{not json')).toBeNull();
    expect(readTurnSection(JSON.stringify({ startedAt: 'x', endedAt: null }))).toBeNull();
    expect(readTurnSection(JSON.stringify({ startedAt: 5, endedAt: null }))).toEqual({ startedAt: 5, endedAt: null });
  });
});
