import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol';

export type RakorSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * One socket per meeting page; the session cookie authenticates it in the handshake. WebSocket
 * only, no long-polling: any node behind the front can take it, without sticky sessions, and the
 * minutes need WebSocket anyway.
 */
export function connectSocket(): RakorSocket {
  return io({ withCredentials: true, reconnectionDelayMax: 5000, transports: ['websocket'] });
}

/** What the server acks a client-to-server event with. */
export type AckOf<E extends keyof ClientToServerEvents> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

/**
 * Emits `event` and resolves with the server's ack; rejects when none comes within `timeoutMs`.
 * socket.io-client types `timeout().emitWithAck()` as `any` (the timeout puts an error first among the
 * ack's arguments, which its FirstArg<> does not see past), so the event map's answer type comes back here, once.
 */
export async function request<E extends keyof ClientToServerEvents>(socket: RakorSocket, event: E, payload: unknown, timeoutMs: number): Promise<AckOf<E>> {
  const res = await (socket.timeout(timeoutMs).emitWithAck as (e: E, p: unknown) => Promise<unknown>)(event, payload);
  return res as AckOf<E>;
}
