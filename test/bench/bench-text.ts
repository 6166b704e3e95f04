import * as Y from 'yjs';
import { MINUTES_PARTS } from '../../shared/minutes/layout';

/**
 * Where the benchmark's notulis types: the text of the body's last paragraph, as a notulis
 * writing at the end of the minutes. Both servers hold the same shape, so Rakor's check of every
 * update against the minutes schema runs on what a real editor sends.
 */
export function benchText(doc: Y.Doc): Y.XmlText | null {
  const body = doc.getXmlFragment(MINUTES_PARTS.body);
  const last = body.length > 0 ? body.get(body.length - 1) : null;
  if (!(last instanceof Y.XmlElement) || last.nodeName !== 'paragraph') return null;
  const text = last.length > 0 ? last.get(0) : null;
  return text instanceof Y.XmlText ? text : null;
}

/** The typist's paragraph, appended at the end of the body on the first round. */
export function ensureBenchText(doc: Y.Doc): Y.XmlText {
  const found = benchText(doc);
  if (found) return found;
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  doc.getXmlFragment(MINUTES_PARTS.body).push([paragraph]);
  return text;
}
