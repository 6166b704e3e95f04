/**
 * The viewer side of the minutes benchmark, in its own process so the server's event loop is
 * not shared with a thousand Y.Docs. Told by the parent which server to follow, it opens N
 * read-only y-websocket viewers (each a Y.Doc with the real provider), reports "ready", records
 * when each keystroke first reaches each viewer, and reports back.
 *
 * A keystroke is identified by length: keystroke i is seen when the viewer's typist's text first
 * reaches `lengths[i]`, the typist's cumulative length after it. Text is only ever appended,
 * so order cannot be broken without the final text differing: a viewer whose final text is not
 * the typist's is reported as mismatched (and counted as lost by the parent).
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import { COLLAB_VERSION_PARAM } from '../../shared/minutes/layout';
import { PROTOCOL_VERSION } from '../../shared/protocol/events';
import { benchText } from './bench-text';
import { MINUTES_PARTS } from '../../shared/minutes/layout';
import { at } from '../helpers/at';

export interface ViewersJob {
  mode: 'system' | 'baseline';
  /** The provider's server url: ws://host:port/collab for Rakor, ws://host:port for the baseline. */
  serverUrl: string;
  /** The room: the meeting id for Rakor, the doc name for the baseline. */
  room: string;
  /** Session cookie for the upgrade (empty for the baseline). */
  cookie: string;
  clients: number;
  /** The typist's text length before the first keystroke. */
  baseLength: number;
  /** The typist's text length after keystroke i. */
  lengths: number[];
}

export type ViewersMessage = { type: 'ready' } | { type: 'done'; received: number[]; mismatched: number[] };

/** Sent by the parent after its last keystroke. */
export interface FinishMessage {
  type: 'finish';
  /** The typist's final typist's text. */
  text: string;
}

const BATCH = 50;
const SYNC_TIMEOUT_MS = 60_000;
const DRAIN_MS = 15_000;
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Viewer {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

/** The viewer's copy of the typist's text ('' before it arrives). */
const textOf = (v: Viewer) => benchText(v.doc)?.toJSON() ?? '';

async function run(job: ViewersJob) {
  const K = job.lengths.length;
  const received = new Float64Array(job.clients * K).fill(-1);
  let total = 0;

  const cookie = job.cookie;
  // A browser sends its cookie with the upgrade; ws needs to be told.
  class CookieSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: cookie ? { cookie } : {} });
    }
  }

  // Every y-websocket provider in Node adds a process 'exit' listener.
  process.setMaxListeners(job.clients + 10);
  const viewers: Viewer[] = [];
  let batch: Promise<void>[] = [];
  for (let c = 0; c < job.clients; c++) {
    const doc = new Y.Doc();
    // A follower shows no presence: no awareness state to announce or renew (Rakor would drop
    // a read-only peer's awareness anyway; the baseline would relay it to every viewer).
    const awareness = new Awareness(doc);
    awareness.setLocalState(null);
    // The index of the next length this viewer waits for.
    let next = 0;
    // The typist's paragraph is found anew on each change: it may arrive with the first sync.
    doc.getXmlFragment(MINUTES_PARTS.body).observeDeep(() => {
      const len = benchText(doc)?.length ?? 0;
      const arrived = now();
      while (next < K && len >= at(job.lengths, next, 'typed length')) {
        received[c * K + next] = arrived;
        next++;
        total++;
      }
    });
    const provider = new WebsocketProvider(job.serverUrl, job.room, doc, {
      WebSocketPolyfill: CookieSocket as unknown as typeof globalThis.WebSocket,
      awareness,
      maxBackoffTime: 500,
      // Rakor's protocol version (the baseline server ignores it).
      params: { [COLLAB_VERSION_PARAM]: String(PROTOCOL_VERSION) },
      // Node has BroadcastChannel: without this, viewers in one process would bypass the server.
      disableBc: true,
    });
    viewers.push({ doc, provider });
    batch.push(
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`viewer ${c} (${job.mode}) not synced within ${SYNC_TIMEOUT_MS} ms`)), SYNC_TIMEOUT_MS);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        if (provider.synced) return done();
        provider.on('sync', (s: boolean) => s && done());
      }),
    );
    // Connect in small batches: a thousand handshakes at once only measure the accept queue.
    if (batch.length === BATCH) {
      await Promise.all(batch);
      batch = [];
    }
  }
  await Promise.all(batch);
  const wrongStart = viewers.filter((v) => textOf(v).length !== job.baseLength).length;
  if (wrongStart > 0) throw new Error(`${wrongStart} viewers synced a typist's text not of length ${job.baseLength}`);
  send({ type: 'ready' });

  const finish = await new Promise<FinishMessage>((resolve) => {
    process.once('message', (m: FinishMessage) => resolve(m));
  });
  const deadline = now() + DRAIN_MS;
  while (total < job.clients * K && now() < deadline) await sleep(20);
  // Whatever is still in flight may still land, but the verdict is taken now.
  const mismatched = viewers.map((v) => (textOf(v) === finish.text ? 0 : 1));
  for (const v of viewers) {
    v.provider.destroy();
    v.doc.destroy();
  }
  send({ type: 'done', received: Array.from(received), mismatched });
}

function send(m: ViewersMessage) {
  process.send!(m);
}

process.once('message', (job: ViewersJob) => {
  run(job).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
});
