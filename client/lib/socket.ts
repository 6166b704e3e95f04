import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol';

export type RakorSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One socket per meeting page; the session cookie authenticates it in the handshake. */
export function connectSocket(): RakorSocket {
  return io({ withCredentials: true, reconnectionDelayMax: 5000 });
}
