import * as Y from 'yjs';
import { followUpSchema, HEADER_FIELDS, HEADING_ATTRS, MINUTES_PARTS } from '../../shared/minutes/layout';
import { CLIENT_HEADER_FIELDS, isBodySection, MAX_HEADER_CHARS, MINUTES_BODY_NODES, MINUTES_ROOTS, TURN_META_ATTR } from '../../shared/minutes/schema';

/** The origin of a client's update while it is tried on the twin. */
const TRIAL = Symbol('trial');

const FOLLOW_UP_KEYS = followUpSchema.shape;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types are generic over their events
type AnyType = Y.AbstractType<any>;

/** Why an update was refused: a short phrase for the log, naming the part. */
export type Refusal = string;

/**
 * Not a break of the shape: the update builds on changes the server has not got yet (the peer's
 * own, sent to a node that died, or typed while the sync after a reconnect was still under way).
 */
export const MISSING_DEPENDENCIES: Refusal = 'depends on changes the server does not have';

function freshTwin(): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  // The roots with their constructors, as the server and the editors use them.
  doc.getMap(MINUTES_PARTS.header);
  doc.getXmlFragment(MINUTES_PARTS.body);
  doc.getArray(MINUTES_PARTS.followUps);
  doc.getMap(MINUTES_PARTS.turns);
  doc.getMap(MINUTES_PARTS.previous);
  return doc;
}

/** The value an item holds in a map (attributes included), deleted or not. */
function rawMapValue(type: AnyType, key: string): unknown {
  const item = type._map.get(key);
  if (!item) return undefined;
  const content = item.content.getContent();
  return content[content.length - 1];
}

/** Items of a list-like type, in order, without the deleted ones. */
function liveItems(type: AnyType): Y.Item[] {
  const out: Y.Item[] = [];
  for (let n = type._start; n !== null; n = n.right) if (!n.deleted) out.push(n);
  return out;
}

/** Whether the item was written in this transaction (not before it). */
function isNew(item: Y.Item | null, tr: Y.Transaction): boolean {
  return item !== null && item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0);
}

function isAttrValue(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  return Array.isArray(v) && v.length <= 64 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
}

/**
 * Keeps the minutes document in the shape written down in shared/minutes/schema.ts. It holds a
 * twin of the room's document: a client's update is tried on the twin first, and what the
 * trial changed is checked; only an update that keeps the shape goes on to be stored, applied
 * and relayed. A refused update leaves the twin ahead of the document, so it is rebuilt.
 */
export class MinutesGuard {
  private twin = freshTwin();

  /** The twin becomes a copy of `doc` (after the load, or after a refusal). */
  reset(doc: Y.Doc): void {
    this.twin.destroy();
    this.twin = freshTwin();
    Y.applyUpdate(this.twin, Y.encodeStateAsUpdate(doc));
  }

  /** An update the room accepted without a check (the server's own edits). */
  mirror(update: Uint8Array): void {
    Y.applyUpdate(this.twin, update);
  }

  /** Null when `update` keeps the shape (the twin then holds it), else why it is refused. */
  check(update: Uint8Array): Refusal | null {
    const twin = this.twin;
    const pendingBefore = twin.store.pendingStructs !== null || twin.store.pendingDs !== null;
    let refusal: Refusal | null = null;
    const inspect = (tr: Y.Transaction) => {
      if (tr.origin === TRIAL) refusal = this.inspect(tr);
    };
    twin.on('afterTransaction', inspect);
    try {
      Y.applyUpdate(twin, update, TRIAL);
    } catch {
      refusal = 'unreadable update';
    } finally {
      twin.off('afterTransaction', inspect);
    }
    if (refusal === null && !pendingBefore && (twin.store.pendingStructs !== null || twin.store.pendingDs !== null)) {
      refusal = MISSING_DEPENDENCIES;
    }
    return refusal;
  }

  private inspect(tr: Y.Transaction): Refusal | null {
    const twin = this.twin;
    for (const name of twin.share.keys()) {
      if (!(name in MINUTES_ROOTS)) return `unknown part ${JSON.stringify(name.slice(0, 40))}`;
    }
    const header = twin.getMap(MINUTES_PARTS.header);
    const body = twin.getXmlFragment(MINUTES_PARTS.body);
    const followUps = twin.getArray(MINUTES_PARTS.followUps);
    const turns = twin.getMap(MINUTES_PARTS.turns);
    const previous = twin.getMap(MINUTES_PARTS.previous);
    const turnIds = new Set(turns.keys());

    for (const [type, keys] of tr.changed) {
      // Walk up to the root: the part decides the rule; a server line anywhere above is final.
      let root: AnyType = type;
      let depth = 0;
      for (let t: AnyType | null = type; t !== null;) {
        if (t instanceof Y.XmlElement && rawMapValue(t, TURN_META_ATTR) !== undefined) return 'a line the server writes';
        root = t;
        const parent: unknown = t._item?.parent ?? null;
        t = parent instanceof Y.AbstractType ? parent : null;
        depth++;
      }
      if (root === (turns as AnyType)) return 'turns (written by the server only)';
      if (root === (previous as AnyType)) return 'previousFollowUps (written by the server only)';
      if (root === (header as AnyType)) {
        if (type !== (header as AnyType)) return 'header holds text only';
        for (const key of keys) {
          if (key === null) return 'header is a map';
          if (!(HEADER_FIELDS as readonly string[]).includes(key)) return `header.${key.slice(0, 40)} is not a header field`;
          if (!CLIENT_HEADER_FIELDS.includes(key as (typeof HEADER_FIELDS)[number])) return `header.${key} (written by the server only)`;
          const value = header.get(key);
          if (typeof value !== 'string') return `header.${key} must be text`;
          if (value.length > MAX_HEADER_CHARS) return `header.${key} is too long`;
        }
        continue;
      }
      if (root === (followUps as AnyType)) {
        const problem =
          type === (followUps as AnyType)
            ? this.checkFollowUpList(followUps, keys, tr)
            : depth === 2 && type instanceof Y.Map
              ? checkFollowUp(type, keys, false)
              : 'followUps hold maps of fields only';
        if (problem) return problem;
        continue;
      }
      if (root === (body as AnyType)) {
        const problem = checkBodyType(type, keys, tr, turnIds);
        if (problem) return problem;
        continue;
      }
      return 'an unknown part';
    }

    // A line the server wrote may not be deleted by a client either.
    let deletedMeta = false;
    Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
      if (deletedMeta || !(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentType)) return;
      const t = struct.content.type;
      if (t instanceof Y.XmlElement && rawMapValue(t, TURN_META_ATTR) !== undefined) deletedMeta = true;
    });
    if (deletedMeta) return 'a line the server writes';
    return null;
  }

  private checkFollowUpList(list: Y.Array<unknown>, keys: Set<string | null>, tr: Y.Transaction): Refusal | null {
    for (const key of keys) if (key !== null) return 'followUps is a list';
    for (const item of liveItems(list)) {
      if (!(item.content instanceof Y.ContentType) || !(item.content.type instanceof Y.Map)) return 'followUps hold maps only';
      if (isNew(item, tr)) {
        const map = item.content.type as Y.Map<unknown>;
        const problem = checkFollowUp(map, new Set(map.keys()), true);
        if (problem) return problem;
      }
    }
    return null;
  }
}

function checkFollowUp(map: Y.Map<unknown>, keys: Set<string | null>, created: boolean): Refusal | null {
  if (created && typeof map.get('id') !== 'string') return 'a new tindak lanjut needs an id';
  for (const key of keys) {
    if (key === null) return 'a tindak lanjut is a map of fields';
    if (!Object.hasOwn(FOLLOW_UP_KEYS, key)) return `followUps: unknown field ${key.slice(0, 40)}`;
    if (!map.has(key)) return `followUps: ${key} may not be removed`;
    const value = map.get(key);
    if (value instanceof Y.AbstractType) return `followUps: ${key} must be a plain value`;
    if (!FOLLOW_UP_KEYS[key as keyof typeof FOLLOW_UP_KEYS].safeParse(value).success) return `followUps: ${key} is malformed`;
  }
  return null;
}

/** `instanceof Y.XmlElement` types the attributes `any`; this keeps Yjs's own string-valued typing. */
const isXmlElement = (type: unknown): type is Y.XmlElement => type instanceof Y.XmlElement;

/** A changed type inside the body: its attributes (keys) and its children. */
function checkBodyType(type: AnyType, keys: Set<string | null>, tr: Y.Transaction, turnIds: Set<string>): Refusal | null {
  if (type instanceof Y.XmlText) {
    // Formatting attributes of text are the editor's marks; only the content kinds are checked.
    return checkTextContent(type);
  }
  if (type instanceof Y.XmlElement || type instanceof Y.XmlFragment) {
    for (const key of keys) {
      if (key === null) continue;
      if (!isXmlElement(type)) return 'the body has no attributes';
      const problem = checkAttribute(type, key, turnIds, false);
      if (problem) return problem;
    }
    if ([...keys].includes(null)) return checkChildren(type, tr, turnIds);
    return null;
  }
  return 'the body holds editor nodes only';
}

function checkAttribute(el: Y.XmlElement, key: string, turnIds: Set<string>, created: boolean): Refusal | null {
  const allowed = MINUTES_BODY_NODES[el.nodeName];
  if (!allowed?.includes(key)) return `body: ${el.nodeName} has no attribute ${key.slice(0, 40)}`;
  if (key === TURN_META_ATTR) return 'a line the server writes';
  const value: unknown = el.getAttribute(key);
  // A removed attribute (the editor drops a duplicated marker) is fine.
  if (value === undefined) return created ? 'body: an attribute without a value' : null;
  if (!isAttrValue(value)) return `body: ${el.nodeName}.${key} is malformed`;
  // Markers the server finds its sections by: only values it gave out.
  if (key === HEADING_ATTRS.turnId && value !== null && !(typeof value === 'string' && turnIds.has(value)))
    return 'body: a turn marker the server did not write';
  if (key === HEADING_ATTRS.section && value !== null && !isBodySection(value)) return 'body: an unknown section marker';
  return null;
}

function checkTextContent(text: Y.XmlText): Refusal | null {
  for (const item of liveItems(text)) {
    if (!(item.content instanceof Y.ContentString || item.content instanceof Y.ContentFormat)) return 'body: text holds characters only';
  }
  return null;
}

/** The children of an element: editor nodes and text; those new in this update are checked through. */
function checkChildren(parent: AnyType, tr: Y.Transaction, turnIds: Set<string>): Refusal | null {
  for (const item of liveItems(parent)) {
    if (!(item.content instanceof Y.ContentType)) return 'body: only editor nodes and text';
    const child = item.content.type;
    if (child instanceof Y.XmlText) {
      if (isNew(item, tr)) {
        const problem = checkTextContent(child);
        if (problem) return problem;
      }
      continue;
    }
    if (!isXmlElement(child) || child instanceof Y.XmlHook) return 'body: only editor nodes and text';
    if (!Object.hasOwn(MINUTES_BODY_NODES, child.nodeName)) return `body: unknown node ${child.nodeName.slice(0, 40)}`;
    if (!isNew(item, tr)) continue;
    for (const key of Object.keys(child.getAttributes())) {
      const problem = checkAttribute(child, key, turnIds, true);
      if (problem) return problem;
    }
    const problem = checkChildren(child, tr, turnIds);
    if (problem) return problem;
  }
  return null;
}
