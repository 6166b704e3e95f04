import { createAdapter } from '@socket.io/redis-adapter';
import { RedisStore } from 'rate-limit-redis';
import { createClient, type RedisClientType } from 'redis';
import type { Logger } from '../logger';
import { newNodeId, type Cluster, type ClusterHandler, type ClusterMessages, type SocketAdapterFactory } from './cluster';

type RedisClient = RedisClientType;

interface Envelope {
  from: string;
  kind: keyof ClusterMessages;
  payload: unknown;
}

/**
 * A publish that never rejects: Socket.IO's Redis adapter calls `publish` without handling its
 * promise, and a command in flight when Redis goes away would otherwise end the process with an
 * unhandled rejection. The lost packet is what Rakor's seq and resync are for.
 */
function safePublishing(client: RedisClient, logger: Logger): RedisClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'publish') {
        return (channel: string, message: string | Buffer) =>
          target.publish(channel, message).catch((err: unknown) => {
            logger.warn({ err: String(err) }, 'redis publish lost');
            return 0;
          });
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Several nodes through one Redis (REDIS_URL): Socket.IO's official Redis adapter (plain
 * pub/sub), Rakor's own messages on one channel, and the rate limits' counters. Redis is a
 * relay here, never a store: every message repeats something already in the database.
 */
export class RedisCluster implements Cluster {
  readonly shared = true;
  readonly socketAdapter: SocketAdapterFactory;
  private readonly handlers = new Map<keyof ClusterMessages, ((payload: never) => void)[]>();
  private readonly recovered: (() => void)[] = [];
  /** The one channel Rakor's own messages go through (Socket.IO's adapter keeps its own). */
  private readonly channel: string;
  /** The clients that lost Redis; the catch-up runs once both are back. */
  private readonly down = new Set<string>();
  private outage = false;

  private constructor(
    readonly nodeId: string,
    private readonly pub: RedisClient,
    private readonly sub: RedisClient,
    private readonly logger: Logger,
    private readonly prefix: string,
  ) {
    this.channel = `${prefix}:cluster`;
    this.socketAdapter = createAdapter(safePublishing(pub, logger), sub, { key: `${prefix}:io` });
  }

  /** `prefix` keeps installations (or test runs) sharing one Redis apart: pub/sub channels ignore the database number. */
  static async connect(url: string, port: number | string, logger: Logger, prefix = 'rakor'): Promise<RedisCluster> {
    const pub = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000) } });
    const sub = pub.duplicate() as RedisClient;
    const cluster = new RedisCluster(newNodeId(port), pub, sub, logger, prefix);
    for (const [name, client] of [
      ['pub', pub],
      ['sub', sub],
    ] as const) {
      client.on('error', (err: unknown) => cluster.lost(name, err));
      client.on('ready', () => cluster.back(name));
    }
    await Promise.all([pub.connect(), sub.connect()]);
    await sub.subscribe(cluster.channel, (message) => cluster.receive(message));
    return cluster;
  }

  publish<K extends keyof ClusterMessages>(kind: K, payload: ClusterMessages[K]): void {
    const envelope: Envelope = { from: this.nodeId, kind, payload };
    this.pub.publish(this.channel, JSON.stringify(envelope)).catch((err: unknown) => this.logger.warn({ err: String(err), kind }, 'cluster message lost'));
  }

  on<K extends keyof ClusterMessages>(kind: K, handler: ClusterHandler<K>): void {
    const list = this.handlers.get(kind) ?? [];
    list.push(handler);
    this.handlers.set(kind, list);
  }

  onRecovered(handler: () => void): void {
    this.recovered.push(handler);
  }

  rateLimitStore(prefix: string): RedisStore {
    return new RedisStore({ prefix: `${this.prefix}:rl:${prefix}:`, sendCommand: (...args: string[]) => this.pub.sendCommand(args) });
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.sub.close(), this.pub.close()]);
  }

  private receive(message: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message) as Envelope;
    } catch {
      this.logger.warn('unreadable cluster message ignored');
      return;
    }
    if (envelope.from === this.nodeId) return;
    for (const handler of this.handlers.get(envelope.kind) ?? []) {
      try {
        handler(envelope.payload as never);
      } catch (err) {
        this.logger.error({ err, kind: envelope.kind }, 'cluster message handler failed');
      }
    }
  }

  private lost(client: string, err: unknown): void {
    if (!this.outage) this.logger.warn({ client, err: String(err) }, 'redis unreachable: this node goes on alone until it is back');
    this.outage = true;
    this.down.add(client);
  }

  private back(client: string): void {
    this.down.delete(client);
    if (!this.outage || this.down.size > 0) return;
    this.outage = false;
    this.logger.warn('redis is back: screens and minutes catch up from the database');
    // A moment for the subscriber to resubscribe, so nothing said after the catch-up is missed.
    setTimeout(() => {
      for (const handler of this.recovered) {
        try {
          handler();
        } catch (err) {
          this.logger.error({ err }, 'catching up after redis failed');
        }
      }
    }, 250).unref();
  }
}
