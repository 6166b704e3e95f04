import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real socket.io-client that carries a session cookie, as a browser would. */
export function connectSocket(baseUrl: string, cookie: string): TestSocket {
  return io(baseUrl, {
    transports: ['websocket'],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: false,
    forceNew: true,
  });
}

export function waitForConnect(socket: TestSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
}

/** Waits for one server event, failing after `ms` so a missing broadcast is a failed test, not a hang. */
export function nextEvent<E extends keyof ServerToClientEvents>(socket: TestSocket, event: E, ms = 5000): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${String(event)} within ${ms} ms`)), ms);
    // socket.io-client's typed `once` cannot infer a generic event's listener, so it is widened here.
    (socket.once as (e: string, l: (arg: unknown) => void) => void)(event, (arg) => {
      clearTimeout(timer);
      resolve(arg as Parameters<ServerToClientEvents[E]>[0]);
    });
  });
}

export function emitAck<T>(socket: TestSocket, event: keyof ClientToServerEvents, payload: unknown): Promise<Ack<T>> {
  return (socket.timeout(5000).emitWithAck as (e: string, p: unknown) => Promise<Ack<T>>)(event, payload);
}
