import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { COLLAB_PATH, COLLAB_VERSION_PARAM, HEADING_ATTRS, MINUTES_PARTS } from '../../shared/minutes/layout';
import { PROTOCOL_VERSION } from '../../shared/protocol/events';

/** The minutes socket's address for a raw `ws` client, as a page opens it (with its protocol version). */
export function collabUrl(baseUrl: string, meetingPath: string): string {
  return `${baseUrl.replace(/^http/, 'ws')}${COLLAB_PATH}/${meetingPath}?${COLLAB_VERSION_PARAM}=${PROTOCOL_VERSION}`;
}

/** One person's copy of the minutes over the real y-websocket provider, with their session cookie. */
export interface CollabClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Close codes the server sent, in order. */
  closes: number[];
  synced(): Promise<void>;
  body(): Y.XmlFragment;
  /** The whole body as text, one line per block. */
  text(): string;
  destroy(): void;
}

export function openCollab(
  baseUrl: string,
  cookie: string,
  meetingId: string,
  opts: { connect?: boolean; headers?: Record<string, string> } = {},
): CollabClient {
  const doc = new Y.Doc();
  const closes: number[] = [];
  // A browser sends its cookie with the upgrade; ws needs to be told.
  class CookieSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { ...opts.headers, ...(cookie ? { cookie } : {}) } });
      this.on('close', (code) => closes.push(code));
    }
  }
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}${COLLAB_PATH}`, meetingId, doc, {
    WebSocketPolyfill: CookieSocket as unknown as typeof globalThis.WebSocket,
    connect: opts.connect ?? true,
    params: { [COLLAB_VERSION_PARAM]: String(PROTOCOL_VERSION) },
    maxBackoffTime: 200,
    // Node has BroadcastChannel: without this, clients in one process would bypass the server.
    disableBc: true,
  });
  return {
    doc,
    provider,
    closes,
    synced: () =>
      new Promise<void>((resolve) => {
        if (provider.synced) return resolve();
        provider.once('sync', (s: boolean) => s && resolve());
      }),
    body: () => doc.getXmlFragment(MINUTES_PARTS.body),
    text: () => bodyText(doc),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

export function bodyText(doc: Y.Doc): string {
  return doc
    .getXmlFragment(MINUTES_PARTS.body)
    .toArray()
    .map((n) =>
      n instanceof Y.XmlElement
        ? n
            .toArray()
            .map((c) => (c instanceof Y.XmlText ? c.toJSON().replace(/<[^>]+>/g, '') : ''))
            .join('')
        : '',
    )
    .join('\n');
}

/** Types `text` at the end of the paragraph right after the heading of `section`, as TipTap would. */
export function typeInSection(doc: Y.Doc, section: string, text: string): void {
  const items = doc.getXmlFragment(MINUTES_PARTS.body).toArray();
  const at = items.findIndex((n) => n instanceof Y.XmlElement && n.getAttribute(HEADING_ATTRS.section) === section);
  const para = items[at + 1];
  if (!(para instanceof Y.XmlElement)) throw new Error(`no paragraph after ${section}`);
  doc.transact(() => {
    let t = para.get(0);
    if (!(t instanceof Y.XmlText)) {
      t = new Y.XmlText();
      para.insert(0, [t]);
    }
    t.insert(t.length, text);
  });
}

/** The text of the paragraph after the Pembukaan heading. */
export function openingText(doc: Y.Doc): string {
  const items = doc.getXmlFragment(MINUTES_PARTS.body).toArray();
  const at = items.findIndex((n) => n instanceof Y.XmlElement && n.getAttribute(HEADING_ATTRS.section) === 'pembukaan');
  const p = items[at + 1];
  const t = p instanceof Y.XmlElement ? p.get(0) : null;
  return t instanceof Y.XmlText ? t.toJSON() : '';
}

/** The turn ids of the body's turn sections, in document order. */
export function turnSectionIds(doc: Y.Doc): string[] {
  return doc
    .getXmlFragment(MINUTES_PARTS.body)
    .toArray()
    .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.getAttribute(HEADING_ATTRS.turnId) !== undefined)
    .map((n) => String(n.getAttribute(HEADING_ATTRS.turnId)));
}
