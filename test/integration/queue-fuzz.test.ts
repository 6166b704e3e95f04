import { afterEach, describe, expect, it } from 'vitest';
import type { QueueCommandInput, QueueEvent, QueueState, QueueSyncResult } from '../../shared/protocol';
import { evolve } from '../../shared/domain/speaking-queue/evolve';
import { QueueMirror } from '../../shared/domain/speaking-queue/mirror';
import { HttpClient } from '../helpers/http-client';
import { openPerson, setUpMeeting, type Person } from '../helpers/meeting-people';
import { emitAck } from '../helpers/socket-client';
import { PhoneScreen } from '../helpers/phone-screen';
import { STATE_INVARIANTS } from '../helpers/queue-invariants';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { eventually } from '../helpers/wait';
import { at } from '../helpers/at';

/** mulberry32: a tiny seeded PRNG, so a failing run can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Client {
  name: string;
  participantId: string | null;
  client: HttpClient;
  person: Person | null;
  mirror: QueueMirror | null;
  /** Serialises the mirror's catch-up so two gaps do not race. */
  syncing: Promise<void>;
  /** The mirror's seq after each change: QF7. */
  seqs: number[];
}

/** Seeds that once found something, run every time; a new failing seed joins them with why. */
const REGRESSION_SEEDS: readonly { seed: number; why: string }[] = [
  { seed: 903000, why: "never drew 'start' and so tested only refusals (the meeting now starts first)" },
  { seed: 161113, why: 'dropped the phone while it was still reconnecting, which stalled its socket (only connected ones drop now)' },
  { seed: 451448, why: 'a reconnect added an event after the server was read (the final check now reads it until it stands still)' },
];
const SEED = Number(process.env.RAKOR_FUZZ_SEED ?? Date.now() % 1_000_000);
const STEPS = Number(process.env.RAKOR_FUZZ_STEPS ?? 150);

/** A named invariant broke: the message says which, what was found, and how to replay the run. */
function breaks(id: string, rule: string, found: string, seed: number): Error {
  return new Error(`${id} broke (${rule}): ${found}\n  queue fuzz seed ${seed}: replay with RAKOR_FUZZ_SEED=${seed}`);
}

function checkState(state: QueueState, where: string, seed: number): void {
  for (const inv of STATE_INVARIANTS) {
    const found = inv.broken(state);
    if (found !== null) throw breaks(inv.id, inv.rule, `${where} at seq ${state.seq}: ${found}`, seed);
  }
}

describe('queue fuzz', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  for (const { seed, why } of REGRESSION_SEEDS) {
    it(`R4 QF1-QF7 regression seed ${seed} (${why})`, () => run(seed));
  }
  it(`R4 QF1-QF7 random commands, disconnects and reconnects leave every mirror equal to the server (seed ${SEED})`, () => run(SEED));

  async function run(seed: number): Promise<void> {
    const random = prng(seed);
    const pick = <T>(items: readonly T[]): T => at(items, Math.floor(random() * items.length), 'item to pick');
    t = await startTestApp();
    const app = t;
    const m = await setUpMeeting(app, ['A', 'B', 'C', 'D', 'E']);
    const meetingId = m.meeting.id;

    const clients: Client[] = [];
    for (const [name, link] of [
      ['chair', m.linkFor('chair')],
      ['projector', m.linkFor('projector')],
      ['opd1', m.linkFor('participant', 0)],
      ['opd3', m.linkFor('participant', 2)],
    ] as const) {
      const c: Client = {
        name,
        participantId: link.participantId,
        client: new HttpClient(app.baseUrl),
        person: null,
        mirror: null,
        syncing: Promise.resolve(),
        seqs: [],
      };
      await c.client.post('/api/links/exchange', { token: new URL(link.url).pathname.split('/').pop() });
      clients.push(c);
    }
    // OPD 2's phone runs the browser client's own follow, reconnect and resync decisions.
    const phoneClient = new HttpClient(app.baseUrl);
    await phoneClient.post('/api/links/exchange', { token: new URL(m.linkFor('participant', 1).url).pathname.split('/').pop() });
    const phone = new PhoneScreen(app.baseUrl, phoneClient.cookie, meetingId);
    await eventually(() => phone.state !== null, { what: "the phone's first join" });
    const firstSnapshot = phone.state!;

    const shown = (c: Client) => c.mirror && c.seqs.push(c.mirror.state.seq);
    const catchUp = (c: Client) => {
      c.syncing = c.syncing
        .then(async () => {
          if (!c.person || !c.mirror) return;
          const res = await emitAck<QueueSyncResult>(c.person.socket, 'queue:sync', { meetingId, sinceSeq: c.mirror.state.seq });
          if ('data' in res && c.mirror) {
            c.mirror.catchUp(res.data);
            shown(c);
          }
        })
        .catch(() => undefined); // a sync cut by a disconnect is redone on reconnect
    };
    const connect = async (c: Client) => {
      const person = await openPerson(app, c.client, meetingId);
      c.person = person;
      // A reconnecting client keeps its mirror and asks for what it missed, as a real one does.
      c.mirror = c.mirror ?? new QueueMirror(person.join.queue);
      shown(c);
      if (person.join.queue.seq > c.mirror.state.seq) catchUp(c);
      const onEvent = (e: QueueEvent) => {
        const outcome = c.mirror?.apply(e);
        if (outcome === 'applied') shown(c);
        if (outcome === 'gap') catchUp(c);
      };
      person.events.splice(0).forEach(onEvent);
      person.socket.on('queue:event', onEvent);
    };
    for (const c of clients) await connect(c);

    const turnIds = () => Object.keys(at(clients, 0, 'client').mirror!.state.turns);
    const chairCommand = (): QueueCommandInput => {
      const state = at(clients, 0, 'client').mirror!.state;
      const pendingRequests = state.requests.filter((r) => r.status === 'pending').map((r) => r.id);
      return pick<() => QueueCommandInput>([
        () => ({ type: 'meeting.start' }),
        () => ({ type: 'turn.next' }),
        () => ({ type: 'turn.next' }),
        () => ({ type: 'turn.pause' }),
        () => ({ type: 'turn.resume' }),
        () => ({ type: 'turn.extend', minutes: pick([1, 2, 5]) }),
        () => ({ type: 'turn.finish' }),
        () => ({ type: 'turn.skip', turnId: pick(turnIds()) }),
        () => ({ type: 'turn.restore', turnId: pick(turnIds()) }),
        () => ({ type: 'turn.call', turnId: pick(turnIds()) }),
        () => ({ type: 'arahan.start' }),
        () => ({ type: 'arahan.stop' }),
        () => ({ type: 'queue.reorder', turnIds: [...state.order].sort(() => random() - 0.5) }),
        () => ({ type: 'queue.add', label: 'Tamu', allotmentMinutes: 2 }),
        () => ({ type: 'request.admit', requestId: pick(pendingRequests.length ? pendingRequests : ['none']) }),
        () => ({ type: 'request.decline', requestId: pick(pendingRequests.length ? pendingRequests : ['none']) }),
        () => ({ type: 'attendance.mark', participantId: pick(m.meeting.participants).id, status: pick(['present_room', 'absent', 'excused'] as const) }),
        () => ({ type: pick(['share.allow', 'share.stop'] as const), participantId: pick(m.meeting.participants).id }),
        () => ({ type: 'turn.next' }),
      ])();
    };

    try {
      // The meeting starts first: a seed that never drew "start" (903000 did) tested only refusals.
      const started = await at(clients, 0, 'client').person!.send({ type: 'meeting.start' });
      expect('data' in started).toBe(true);

      const pending: Promise<unknown>[] = [];
      for (let step = 0; step < STEPS; step++) {
        const roll = random();
        const c = pick(clients);
        if (roll < 0.04) {
          phone.drop();
        } else if (roll < 0.08 && c.person) {
          c.person.close();
          c.person = null;
        } else if (roll < 0.16 && !c.person) {
          await connect(c);
        } else if (roll < 0.3 && c.name.startsWith('opd') && c.person) {
          const own = c.mirror!.state.requests.filter((r) => r.status === 'pending' && r.participantId === c.participantId);
          const command: QueueCommandInput =
            own.length && random() < 0.4
              ? { type: 'request.withdraw', requestId: pick(own).id }
              : { type: 'request.create', kind: pick(['response', 'point_of_order'] as const) };
          pending.push(c.person.send(command).catch(() => undefined));
        } else if (at(clients, 0, 'client').person) {
          // Sometimes wait for the answer, sometimes fire several at once, as an impatient chair does.
          // A command cut off by its own socket's disconnect is simply lost, as on a real phone.
          const sent = at(clients, 0, 'client')
            .person!.send(chairCommand(), random() < 0.2 ? at(clients, 0, 'client').mirror!.state.seq : undefined)
            .catch(() => undefined);
          if (random() < 0.5) await sent;
          else pending.push(sent);
        }
        checkState(await app.app.services.queue.state(meetingId), `the server after step ${step}`, seed);
      }
      await Promise.all(pending);
      for (const c of clients) if (!c.person) await connect(c);
      // A last accepted command everyone hears after all the others: a screen still behind sees a gap and asks.
      const last = await at(clients, 0, 'client').person!.send({ type: 'settings.warning', warningMinutes: 3 });
      expect('data' in last).toBe(true);

      // A reconnect's join may still add an event of its own (a remote participant seen online): read
      // the server again until every screen has reached it and it has not moved meanwhile.
      let server: QueueState = await app.app.services.queue.state(meetingId);
      for (let round = 0; round < 5; round++) {
        for (const c of clients) {
          await eventually(
            async () => {
              if (c.mirror!.state.seq >= server.seq) return true;
              catchUp(c);
              await c.syncing;
              return false;
            },
            { what: `${c.name} to catch up to seq ${server.seq}`, timeoutMs: 10_000, seen: () => `seq ${c.mirror!.state.seq}` },
          ).catch(() => undefined); // judged by QF1 below, by name
        }
        await eventually(() => phone.socket.connected && (phone.state?.seq ?? 0) >= server.seq, {
          what: `the phone to reconnect and catch up to seq ${server.seq}`,
          timeoutMs: 10_000,
        }).catch(() => undefined); // judged by QF1 below, by name
        const now = await app.app.services.queue.state(meetingId);
        if (now.seq === server.seq) break;
        server = now;
      }

      expect(server.seq, 'a run that made almost no events tested only refusals').toBeGreaterThan(10);
      const mirrors: [string, QueueState | null, number[]][] = [
        ...clients.map((c): [string, QueueState | null, number[]] => [c.name, c.mirror!.state, c.seqs]),
        ["phone (the client's own resync)", phone.state, phone.seqs],
      ];
      // QF1: every mirror ends equal to the server (R4).
      for (const [name, state] of mirrors) {
        if (JSON.stringify(state) !== JSON.stringify(server)) {
          expect.soft(state, name).toEqual(server); // the diff, for the reader
          throw breaks('QF1', 'every mirror ends equal to the server', `${name} is at seq ${state?.seq}, the server at ${server.seq}`, seed);
        }
      }
      // QF2: the stored log is numbered 1..seq without a gap, and replaying it gives the server's state.
      const log = await app.store.queue.eventsSince(meetingId, 0, 100_000);
      const gap = log.findIndex((e, i) => e.seq !== i + 1);
      if (gap >= 0 || log.length !== server.seq)
        throw breaks('QF2', 'the log is contiguous', `event ${gap} has seq ${log[gap]?.seq}; ${log.length} events for seq ${server.seq}`, seed);
      const replayed = log.filter((e) => e.seq > firstSnapshot.seq).reduce(evolve, firstSnapshot);
      if (JSON.stringify(replayed) !== JSON.stringify(server))
        throw breaks('QF2', 'the log replays to the server state', `replayed to seq ${replayed.seq}, differing from the server`, seed);
      // QF3-QF6 on every mirror too, and QF7: no mirror ever went back.
      for (const [name, state, seqs] of mirrors) {
        checkState(state!, name, seed);
        const back = seqs.findIndex((q, i) => i > 0 && q < at(seqs, i - 1, 'previous seq'));
        if (back > 0) throw breaks('QF7', 'a mirror never goes back', `${name} went from seq ${seqs[back - 1]} to ${seqs[back]}`, seed);
      }
      expect(phone.joins, 'the phone was dropped and rejoined on its own').toBeGreaterThan(1);
      expect(phone.joinError).toBeNull();
    } catch (err) {
      console.error(`\n  queue fuzz failed with seed ${seed}: replay with RAKOR_FUZZ_SEED=${seed}\n`);
      throw err;
    } finally {
      for (const c of clients) c.person?.close();
      phone.close();
    }
  }
});
