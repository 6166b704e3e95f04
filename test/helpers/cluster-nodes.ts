import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Store } from '../../server/store/ports';
import { freePort, startChildServer, type ChildServer } from './child-server';
import { startNginxFront, type NginxFront } from './nginx-front';
import { redisPrefix } from './services';
import { startTestApp, type TestApp } from './test-app';
import { databaseUrlOf, dropTestStore, openTestStore } from './test-store';

export interface ClusterOptions {
  nodes: number;
  /** RAKOR_TEST_REDIS_URL, or a Redis of the test's own. */
  redisUrl: string;
  /** More environment for every node. */
  env?: Record<string, string>;
}

/**
 * N real Rakor processes (the compiled `npm start` server) on one fresh PostgreSQL schema of the
 * test database (RAKOR_TEST_DATABASE_URL) and one Redis, behind the real nginx with the shipped
 * configuration: what a province runs.
 */
export class ClusterNodes {
  readonly nodes: (ChildServer | null)[];
  private readonly stores: Store[] = [];
  private constructor(
    readonly front: NginxFront,
    readonly ports: number[],
    /** Names the cluster's PostgreSQL schema (test-store.ts keys schemas by a folder). */
    private readonly schemaDir: string,
    private readonly dataDirs: string[],
    /** What every node runs with: DATABASE_URL, REDIS_URL, PUBLIC_URL (the front) and the rest. */
    readonly env: Record<string, string>,
  ) {
    this.nodes = ports.map(() => null);
  }

  static async start(opts: ClusterOptions): Promise<ClusterNodes> {
    const schemaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rakor-cluster-'));
    const databaseUrl = await databaseUrlOf(schemaDir);
    const ports: number[] = [];
    for (let i = 0; i < opts.nodes; i++) ports.push(await freePort());
    const front = await startNginxFront(ports);
    const dataDirs = ports.map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'rakor-node-')));
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: opts.redisUrl,
      REDIS_PREFIX: redisPrefix(),
      PUBLIC_URL: front.baseUrl,
      TRUST_PROXY: 'loopback',
      ...opts.env,
    };
    const cluster = new ClusterNodes(front, ports, schemaDir, dataDirs, env);
    // One at a time: the first boot migrates the database, the others find it migrated.
    for (let i = 0; i < opts.nodes; i++) await cluster.startNode(i);
    return cluster;
  }

  /** Starts (or restarts) node i on its port, with the shared environment. */
  async startNode(i: number): Promise<ChildServer> {
    const node = await startChildServer(this.dataDirs[i]!, this.ports[i]!, this.env);
    this.nodes[i] = node;
    return node;
  }

  /** SIGTERM: node i drains and exits; resolves with its exit code. */
  async term(i: number): Promise<number | null> {
    const node = this.nodes[i];
    this.nodes[i] = null;
    return node ? (await node.term()).code : null;
  }

  /** SIGKILL: no shutdown hook runs. */
  async kill9(i: number): Promise<void> {
    await this.nodes[i]?.kill9();
    this.nodes[i] = null;
  }

  /**
   * An in-process app on the cluster's database, for the set-up a test does through the API (the
   * admin, the directory, a meeting and its links): everything it writes is in PostgreSQL, and
   * the link key is the nodes' own. Stopped by the caller; the store is closed with `close`.
   */
  async setupApp(): Promise<{ t: TestApp; store: Store }> {
    const { store } = await openTestStore(this.schemaDir, 'postgres');
    const t = await startTestApp({ store });
    this.stores.push(store);
    return { t, store };
  }

  async close(): Promise<void> {
    for (let i = 0; i < this.nodes.length; i++) await this.kill9(i);
    await this.front.close();
    for (const store of this.stores) await store.close();
    await dropTestStore(this.schemaDir);
    for (const dir of [this.schemaDir, ...this.dataDirs]) fs.rmSync(dir, { recursive: true, force: true });
  }
}
