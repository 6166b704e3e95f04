import type { Ack, ApiError, QueueCommandEnvelope, QueueCommandResult } from '../../../shared/protocol';
import { request, type RakorSocket } from '../socket';

export interface SendPolicy {
  /** How long one attempt waits for its ack. */
  ackTimeoutMs: number;
  /** Attempts of one press, all with the same command id. */
  attempts: number;
  /** After a `draining` refusal: the longest wait for the socket to reconnect (to the next node) before the next attempt. */
  reconnectWaitMs: number;
}

export const SEND_POLICY: SendPolicy = { ackTimeoutMs: 4000, attempts: 3, reconnectWaitMs: 15_000 };

/**
 * Delivers one press (R6, C5): the envelope, with its command id, until the server answers it.
 * No answer (a weak connection, a reconnect) sends the same envelope again; so does a `draining`
 * refusal (the node was shutting down and did nothing), once the socket has reconnected, which it
 * does by itself when that node closes it. The server does a command id once, so a retry is
 * harmless. Plain TypeScript: QueueManager sends through it, and so do the tests' screens.
 */
export async function sendCommand(socket: RakorSocket, envelope: QueueCommandEnvelope, policy: SendPolicy = SEND_POLICY): Promise<Ack<QueueCommandResult>> {
  for (let attempt = 1; ; attempt++) {
    let res: Ack<QueueCommandResult> | null = null;
    try {
      res = await request(socket, 'queue:command', envelope, policy.ackTimeoutMs);
    } catch {
      // No answer within the timeout.
    }
    const last = attempt >= policy.attempts;
    if (res && !('error' in res && res.error.code === 'draining')) return res;
    if (last) return res ?? { error: timeoutError() };
    if (res) await reconnected(socket, policy.reconnectWaitMs);
  }
}

function timeoutError(): ApiError {
  return { code: 'internal', message: 'timeout' };
}

/** Resolves at the socket's next `connect`, or after `timeoutMs`. */
function reconnected(socket: RakorSocket, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      socket.off('connect', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on('connect', done);
  });
}
