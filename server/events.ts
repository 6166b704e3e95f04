import type { Meeting, QueueEvent } from '../shared/protocol';
import type { Logger } from './logger';

/** Why sessions ended: a logout, or their time ran out. */
export type SessionEndReason = 'logout' | 'expired';

/**
 * What happened on the server, by name: services emit these after the change is stored, and the
 * edges (sockets, minutes, video) subscribe in `app.ts`. Events of other nodes will enter here too.
 */
export interface ServerEvents {
  /** Queue events stored for a meeting, in `seq` order, before anyone heard of them. */
  'queue.committed': { meetingId: string; events: readonly QueueEvent[] };
  /** A meeting's plan, participants or settings changed (edit, reorder, series update). */
  'meeting.updated': { meeting: Meeting };
  /** Personal links revoked or replaced: the sessions opened through them are over. */
  'links.revoked': { linkIds: readonly string[] };
  /** Sessions ended by logout or expiry: their sockets are told and closed. */
  'sessions.ended': { idHashes: readonly string[]; reason: SessionEndReason };
  /** The minutes were finalised or reopened: screens reload their status. */
  'minutes.changed': { meetingId: string };
  /** Who is connected to the call, or who may speak in it, changed. */
  'video.changed': { meetingId: string };
}

export type ServerEventName = keyof ServerEvents;
export type ServerEventHandler<K extends ServerEventName> = (payload: ServerEvents[K]) => void;

/**
 * One typed in-process bus. Handlers run synchronously in subscription order; they start their
 * own async work and catch its failures, and a handler that throws is logged without stopping
 * the others or the emitter (the change is already stored).
 */
export class EventBus {
  private readonly handlers = new Map<ServerEventName, Set<ServerEventHandler<never>>>();

  constructor(private readonly logger: Logger) {}

  /** Subscribes; the returned function unsubscribes. */
  on<K extends ServerEventName>(name: K, handler: ServerEventHandler<K>): () => void {
    let set = this.handlers.get(name);
    if (!set) this.handlers.set(name, (set = new Set()));
    const entry = handler as ServerEventHandler<never>;
    set.add(entry);
    return () => set.delete(entry);
  }

  emit<K extends ServerEventName>(name: K, payload: ServerEvents[K]): void {
    const set = this.handlers.get(name);
    if (!set) return;
    for (const handler of [...set]) {
      try {
        (handler as ServerEventHandler<K>)(payload);
      } catch (err) {
        this.logger.error({ err, event: name }, 'an event handler failed');
      }
    }
  }
}
