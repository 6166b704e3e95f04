import * as Y from 'yjs';
import { uuidv4 } from 'lib0/random';
import { HEADER_FIELDS, MINUTES_PARTS, type FollowUp, type HeaderField } from '../../../shared/minutes/layout';

/**
 * Reading and writing the parts of the minutes document that live outside the TipTap body,
 * always through the names in `shared/minutes/layout.ts`. The server writes these too, so
 * every read is tolerant: an odd value becomes an empty one instead of an exception.
 */

export type FollowUpPatch = Partial<Omit<FollowUp, 'id'>>;

export function headerMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(MINUTES_PARTS.header);
}

export function followUpArray(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray<unknown>(MINUTES_PARTS.followUps);
}

export function emptyHeader(): Record<HeaderField, string> {
  return Object.fromEntries(HEADER_FIELDS.map((f) => [f, ''])) as Record<HeaderField, string>;
}

// The tolerant readers are the server's too: one reading of the document's shape.
export { readFollowUps, readHeader, readPreviousFollowUps } from '../../../shared/minutes/schema';

function indexOfFollowUp(doc: Y.Doc, id: string): number {
  return followUpArray(doc)
    .toArray()
    .findIndex((item) => item instanceof Y.Map && (item as Y.Map<unknown>).get('id') === id);
}

/** Appends an empty follow-up and returns its id. */
export function insertFollowUp(doc: Y.Doc, origin: unknown): string {
  const id = uuidv4();
  const map = new Y.Map<unknown>();
  // One transaction: the others receive the row whole, never an empty map.
  doc.transact(() => {
    followUpArray(doc).push([map]);
    map.set('id', id);
    map.set('action', '');
    map.set('opdIds', []);
    map.set('dueDate', '');
    map.set('status', 'open');
  }, origin);
  return id;
}

export function patchFollowUp(doc: Y.Doc, id: string, patch: FollowUpPatch, origin: unknown): void {
  const index = indexOfFollowUp(doc, id);
  if (index < 0) return;
  const map = followUpArray(doc).get(index) as Y.Map<unknown>;
  doc.transact(() => {
    if (patch.action !== undefined && patch.action !== map.get('action')) map.set('action', patch.action);
    if (patch.opdIds !== undefined) {
      const current = map.get('opdIds');
      if (current instanceof Y.Array) {
        current.delete(0, current.length);
        current.push(patch.opdIds);
      } else {
        map.set('opdIds', [...patch.opdIds]);
      }
    }
    if (patch.dueDate !== undefined && patch.dueDate !== map.get('dueDate')) map.set('dueDate', patch.dueDate);
    if (patch.status !== undefined && patch.status !== map.get('status')) map.set('status', patch.status);
  }, origin);
}

export function deleteFollowUp(doc: Y.Doc, id: string, origin: unknown): void {
  const index = indexOfFollowUp(doc, id);
  if (index >= 0) doc.transact(() => followUpArray(doc).delete(index, 1), origin);
}

export function setHeaderField(doc: Y.Doc, field: HeaderField, value: string, origin: unknown): void {
  const map = headerMap(doc);
  if (map.get(field) === value) return;
  doc.transact(() => map.set(field, value), origin);
}
