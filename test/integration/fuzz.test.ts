import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { API } from '../../shared/protocol/api';
import { appRoutes, ROUTES, routeKey } from '../helpers/api-routes';
import { FuzzRunner } from '../helpers/fuzz-runner';
import { errorOf } from '../helpers/http-client';
import { connectSocket, waitForConnect } from '../helpers/socket-client';
import { startTestApp } from '../helpers/test-app';
import { inspectStore } from '../helpers/test-store';
import { buildWorld, exchange, linkOf } from '../helpers/world';
import { match } from '../helpers/match';

/**
 * The edge fuzz: seeded random and valid-shaped payloads at every REST route, every Socket.IO
 * event and the minutes socket. `npm test` runs a short round; `npm run fuzz` runs 100,000.
 * Replay a run with RAKOR_EDGE_FUZZ_SEED=<seed> (and RAKOR_EDGE_FUZZ_RUNS=<n>).
 */
const SEED = Number(process.env.RAKOR_EDGE_FUZZ_SEED ?? Date.now() % 1_000_000_000);
const RUNS = Number(process.env.RAKOR_EDGE_FUZZ_RUNS ?? 2500);

describe('edge fuzz', () => {
  it('F1 the route table the fuzz and the matrix use holds every route the app answers, and nothing else', async () => {
    const t = await startTestApp();
    try {
      const app = new Set(appRoutes(t.app.express));
      const table = new Set(ROUTES.map(routeKey));
      expect(
        [...app].filter((r) => !table.has(r)),
        'routes of the app missing from test/helpers/api-routes.ts',
      ).toEqual([]);
      expect(
        [...table].filter((r) => !app.has(r)),
        'routes in the table the app does not have',
      ).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('F3 a socket event with extra arguments, with the ack alone, or unknown, is still answered within the bound', async () => {
    const t = await startTestApp();
    try {
      const w = await buildWorld(t);
      const socket = connectSocket(t.baseUrl, await exchange(t, linkOf(w.a, w.links.a, 'chair')));
      await waitForConnect(socket);
      const ask = (event: string, ...args: unknown[]) => (socket.timeout(2000).emitWithAck as (e: string, ...a: unknown[]) => Promise<unknown>)(event, ...args);
      expect(await ask('meeting:join', { meetingId: w.a.id, protocolVersion: PROTOCOL_VERSION }, 'extra', 42)).toMatchObject({
        data: { meeting: { id: w.a.id } },
      });
      expect(await ask('queue:sync')).toMatchObject({ error: { code: 'bad_request' } });
      expect(await ask('queue:command', null, null, null)).toMatchObject({ error: { code: 'bad_request' } });
      for (const event of ['constructor', '__proto__', 'queue:event', 'x'.repeat(300)]) {
        expect(await ask(event, {})).toEqual({ error: { code: 'bad_request', message: 'Unknown event.' } });
      }
      expect(await ask('clock:ping')).toMatchObject({ data: { serverNow: match.any(Number) } });
      socket.disconnect();
    } finally {
      await t.close();
    }
  });

  it('F4 finalising finalised minutes, or reopening open ones, is refused before anything is written', async () => {
    const t = await startTestApp();
    try {
      const w = await buildWorld(t);
      const db = await inspectStore(t.dataDir);
      const before = await db.writes();
      const reopen = await w.admin.post(API.minutesReopen(w.b.id));
      expect([reopen.status, errorOf(reopen).code]).toEqual([409, 'conflict']);
      expect(await db.writes()).toBe(before);
      expect((await w.admin.post(API.minutesFinalize(w.b.id))).status).toBe(200);
      const written = await db.writes();
      expect(written).not.toBe(before);
      const again = await w.admin.post(API.minutesFinalize(w.b.id));
      expect([again.status, errorOf(again).code]).toEqual([409, 'conflict']);
      expect(await db.writes()).toBe(written);
      await db.close();
    } finally {
      await t.close();
    }
  });

  const runner = new FuzzRunner();
  beforeAll(async () => {
    await runner.start();
  }, 60_000);
  afterAll(async () => {
    await runner.stop();
  });

  it(
    `F2 F5 F6 F7 ${RUNS} random payloads at every route, socket event and the minutes socket: no 5xx, no crash, no hang, nothing changed when refused (seed ${SEED})`,
    async () => {
      const summary = await runner.run(SEED, RUNS, (line) => RUNS > 5000 && console.log(line));
      const line = {
        seed: summary.seed,
        runs: summary.runs,
        seconds: Math.round(summary.ms / 100) / 10,
        ...summary.byKind,
        accepted: summary.accepted,
        refused: summary.refused,
        status5xx: summary.status5xx,
        hangs: summary.hangs,
        loggedErrors: summary.loggedErrors,
        unhandled: summary.unhandled,
        changedOnRefusal: summary.changedOnRefusal,
        failures: summary.failures.length,
      };
      console.log(`EDGE-FUZZ ${JSON.stringify(line)}`);
      console.log(`edge fuzz time per kind (ms): ${JSON.stringify(summary.msByKind)}; slowest: ${JSON.stringify(summary.slowest.slice(0, 5))}`);
      if (summary.failures.length > 0) {
        console.log(`edge fuzz failed; replay with RAKOR_EDGE_FUZZ_SEED=${SEED} RAKOR_EDGE_FUZZ_RUNS=${RUNS}`);
        for (const f of summary.failures.slice(0, 20)) console.log(`#${f.index} ${f.what}\n   ${f.recipe}`);
      }
      expect(summary.failures.map((f) => `#${f.index} ${f.what.slice(0, 300)}`)).toEqual([]);
    },
    Math.max(120_000, RUNS * 40),
  );
});
