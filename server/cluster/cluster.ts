import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { QueueEvent } from '../../shared/protocol';
import type { SessionEndReason } from '../events';

/**
 * What one node tells the others. Each message says something already stored in the database:
 * a node that misses one (Redis down, a message dropped) loses no data, only speed, and catches
 * up from the database (the queue's seq and resync, the minutes log).
 */
export interface ClusterMessages {
  /** Events another node committed: this node re-arms the timers and forgets a stale cache. */
  'queue.committed': { meetingId: string; events: QueueEvent[] };
  /** A stored minutes update (base64) and its id in the log, for this node's peers of the room. */
  'minutes.update': { meetingId: string; update: string; id: number };
  /** Carets and names (an encoded awareness update, base64) of another node's peers. */
  'minutes.awareness': { meetingId: string; update: string };
  /** The minutes were finalised or reopened on another node. */
  'minutes.status': { meetingId: string };
  /** Connections of these links or sessions close on every node, the minutes' among them. */
  'links.revoked': { linkIds: string[] };
  'sessions.ended': { idHashes: string[]; reason: SessionEndReason };
}

export type ClusterHandler<K extends keyof ClusterMessages> = (payload: ClusterMessages[K]) => void;

/** The Socket.IO adapter factory, as `new Server(..., { adapter })` takes it. */
export type SocketAdapterFactory = NonNullable<import('socket.io').ServerOptions['adapter']>;

/**
 * The nodes of one Rakor installation. `LocalCluster` is the single node (no Redis): nothing
 * to tell anyone. `RedisCluster` (REDIS_URL) relays through Redis pub/sub and carries the
 * Socket.IO adapter and the rate limits' store.
 */
export interface Cluster {
  /** This process, as logs and /api/health name it. */
  readonly nodeId: string;
  /** True when other nodes may exist: caches are checked against the database, timers armed everywhere. */
  readonly shared: boolean;
  /** Socket.IO's adapter across nodes, or undefined for the in-memory one. */
  readonly socketAdapter: SocketAdapterFactory | undefined;
  /** Tells every other node (never this one). Fire and forget: a lost message costs speed, not data. */
  publish<K extends keyof ClusterMessages>(kind: K, payload: ClusterMessages[K]): void;
  on<K extends keyof ClusterMessages>(kind: K, handler: ClusterHandler<K>): void;
  /** Runs when the relay came back after an outage: whatever was said meanwhile may be lost, so catch up. */
  onRecovered(handler: () => void): void;
  /** A store for express-rate-limit shared by every node, or undefined for each node's memory. */
  rateLimitStore(prefix: string): import('express-rate-limit').Store | undefined;
  close(): Promise<void>;
}

export function newNodeId(port: number | string): string {
  return `${os.hostname()}:${port}:${randomUUID().slice(0, 8)}`;
}

/** One node alone: nobody to tell, memory is the truth. */
export class LocalCluster implements Cluster {
  readonly shared = false;
  readonly socketAdapter = undefined;
  constructor(readonly nodeId: string = newNodeId(process.pid)) {}
  publish(): void {}
  on(): void {}
  onRecovered(): void {}
  rateLimitStore(): undefined {
    return undefined;
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}
