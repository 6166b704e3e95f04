import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { COLLAB_PATH, COLLAB_VERSION_PARAM } from '../../shared/minutes/layout';
import { PROTOCOL_VERSION } from '../../shared/protocol/events';

/**
 * A y-websocket peer on a bare `ws` socket, so a test can send any bytes it likes. It keeps a
 * mirror of the document from what the server sends, so it can also make real edits, and it
 * can fence: send sync step 1 and wait for the server's step 2, which the room answers only
 * after every message queued before it.
 */
export class RawCollabPeer {
  readonly mirror = new Y.Doc();
  /** Close code, once closed. */
  closed: number | null = null;
  /** Updates the server relayed to this peer (sync step 2 answers not counted). */
  updatesHeard = 0;
  private readonly waiters: { resolve: (how: 'answered' | 'closed') => void }[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => this.onMessage(new Uint8Array(data)));
    ws.on('close', (code) => {
      this.closed = code;
      for (const w of this.waiters.splice(0)) w.resolve('closed');
    });
    ws.on('error', () => undefined);
  }

  /** Opens `/collab/<path>` (path already encoded); resolves once open or closed, with the HTTP status if refused. */
  static open(baseUrl: string, path: string, cookie: string, ms = 5000): Promise<{ peer: RawCollabPeer; status: number | null }> {
    return new Promise((resolve, reject) => {
      // Every page sends its protocol version (COLLAB_VERSION_PARAM); `path` may carry a query of its own.
      const version = `${path.includes('?') ? '&' : '?'}${COLLAB_VERSION_PARAM}=${PROTOCOL_VERSION}`;
      const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${COLLAB_PATH}/${path}${version}`, { headers: cookie ? { cookie } : {} });
      const peer = new RawCollabPeer(ws);
      const timer = setTimeout(() => reject(new Error(`collab ${path}: no open or close within ${ms} ms`)), ms);
      ws.once('open', () => {
        clearTimeout(timer);
        resolve({ peer, status: null });
      });
      ws.once('unexpected-response', (_req, res) => {
        clearTimeout(timer);
        peer.closed = -1;
        resolve({ peer, status: res.statusCode ?? 0 });
        res.resume();
        ws.terminate();
      });
      ws.once('close', () => {
        clearTimeout(timer);
        resolve({ peer, status: null });
      });
    });
  }

  get open(): boolean {
    return this.closed === null && this.ws.readyState === WebSocket.OPEN;
  }

  send(bytes: Uint8Array): void {
    if (this.open) this.ws.send(bytes);
  }

  /** Asks for what the mirror lacks; resolves when the answer (or a close) arrives, fails after `ms`. */
  fence(ms = 5000): Promise<'answered' | 'closed'> {
    if (!this.open) return Promise.resolve('closed');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`collab fence: no answer within ${ms} ms`)), ms);
      this.waiters.push({
        resolve: (how) => {
          clearTimeout(timer);
          resolve(how);
        },
      });
      const enc = encoding.createEncoder();
      encoding.writeVarUint(enc, 0);
      syncProtocol.writeSyncStep1(enc, this.mirror);
      this.ws.send(encoding.toUint8Array(enc));
    });
  }

  /** The update a change of the mirror makes, framed as a y-websocket update message. */
  edit(change: (doc: Y.Doc) => void): Uint8Array | null {
    const updates: Uint8Array[] = [];
    const keep = (u: Uint8Array) => updates.push(u);
    this.mirror.on('update', keep);
    this.mirror.transact(() => change(this.mirror), 'local');
    this.mirror.off('update', keep);
    if (updates.length === 0) return null;
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, 0);
    syncProtocol.writeUpdate(enc, Y.mergeUpdates(updates));
    return encoding.toUint8Array(enc);
  }

  close(): void {
    this.ws.terminate();
    this.mirror.destroy();
  }

  private onMessage(message: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(message);
      if (decoding.readVarUint(decoder) !== 0) return;
      const step = decoding.readVarUint(decoder);
      if (step === syncProtocol.messageYjsSyncStep1) return;
      Y.applyUpdate(this.mirror, decoding.readVarUint8Array(decoder), 'server');
      if (step === syncProtocol.messageYjsSyncStep2) this.waiters.shift()?.resolve('answered');
      else this.updatesHeard += 1;
    } catch {
      // The server only sends what it made itself; a peer that cannot read it is a failed test elsewhere.
    }
  }
}

/** A frame of the y-websocket protocol: kind (0 sync, 1 awareness), then the rest. */
export function frame(kind: number, write: (enc: encoding.Encoder) => void): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, kind);
  write(enc);
  return encoding.toUint8Array(enc);
}
