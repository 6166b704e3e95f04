/**
 * floor: how soon after Berikutnya the next OPD may speak in the call. A real LiveKit server
 * (scripts/livekit-server.sh), Rakor in this process, and TURNS + 1 remote OPDs in the call
 * (@livekit/rtc-node). For each turn the chair presses Berikutnya over its socket, and the time
 * until the SFU itself holds the microphone right of the next OPD is read from LiveKit's own
 * RoomService (listParticipants, polled every POLL_MS), so it is the SFU's state, not Rakor's idea
 * of it.
 *
 * Baseline, measured in the same run and the same way: the bare LiveKit call Rakor makes
 * (updateParticipant with the complete permission) sent straight from here, without the queue,
 * the store, the webhook-fed presence or the floor controller. Goal: p50 <= 300 ms.
 */
import { TrackSource, type ParticipantInfo } from 'livekit-server-sdk';
import { speakerPermission } from '../../server/video/permissions';
import { livekitAvailable, startLiveKitWithApp } from '../helpers/livekit-server';
import { openPerson, pressOk, setUpMeeting } from '../helpers/meeting-people';
import { ScriptedParticipant } from '../helpers/rtc-participant';
import { eventually } from '../helpers/wait';
import { at } from '../helpers/at';
import { median, percentile, round2 } from './bench-stats';

const TURNS = Number(process.env.BENCH_FLOOR_TURNS ?? 20);
const POLL_MS = Number(process.env.BENCH_FLOOR_POLL_MS ?? 10);
const GOAL_P50_MS = 300;

if (!livekitAvailable()) {
  console.log(`BENCH ${JSON.stringify({ name: 'floor', skipped: 'no livekit-server binary (bash scripts/livekit-server.sh install)' })}`);
  process.exit(0);
}

const mayPublishMic = (p: ParticipantInfo | undefined) =>
  !!p?.permission?.canPublish && (p.permission.canPublishSources.length === 0 || p.permission.canPublishSources.includes(TrackSource.MICROPHONE));

const { lk, t } = await startLiveKitWithApp();
const callers: ScriptedParticipant[] = [];
try {
  const names = Array.from({ length: TURNS + 1 }, (_, i) => `OPD${String(i + 1).padStart(2, '0')}`);
  const m = await setUpMeeting(t, names, { remoteFirst: names.length });
  const meeting = m.meeting;
  const room = `rakor-${meeting.id}`;
  for (let i = 0; i < meeting.participants.length; i++) callers.push(await ScriptedParticipant.joinByLink(t.baseUrl, m.linkFor('participant', i), meeting.id));
  await eventually(async () => (await t.store.video.connected(meeting.id)).length === meeting.participants.length, {
    what: 'every OPD in the call, as the webhooks told Rakor',
    timeoutMs: 30_000,
  });
  const chair = await openPerson(t, m.linkFor('chair'), meeting.id);
  const press = (type: 'meeting.start' | 'turn.next') => pressOk(chair, { type });
  /** Polls the SFU until `identity` may (or may not) publish a microphone; resolves with the time it took from `since`. */
  const until = async (identity: string, allowed: boolean, since: number) => {
    for (;;) {
      const listed = await lk.rooms.listParticipants(room);
      if (mayPublishMic(listed.find((p) => p.identity === identity)) === allowed) return performance.now() - since;
      if (performance.now() - since > 10_000) throw new Error(`${identity} not ${allowed ? 'allowed' : 'refused'} after 10 s`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  };

  await press('meeting.start');
  await press('turn.next');
  await until(at(meeting.participants, 0, 'first').id, true, performance.now());

  const system: number[] = [];
  const baseline: number[] = [];
  for (let turn = 1; turn <= TURNS; turn++) {
    const next = at(meeting.participants, turn, 'next').id;
    const started = performance.now();
    await press('turn.next');
    system.push(await until(next, true, started));
    // Baseline: the same grant and its revocation, sent straight to LiveKit for an OPD already done.
    const done = at(meeting.participants, turn - 1, 'done').id;
    const sent = performance.now();
    await lk.rooms.updateParticipant(room, done, { permission: speakerPermission(true) });
    baseline.push(await until(done, true, sent));
    await lk.rooms.updateParticipant(room, done, { permission: speakerPermission(false) });
    await until(done, false, performance.now());
    console.log(`turn ${turn}: Berikutnya to allowed at the SFU ${system.at(-1)!.toFixed(1)} ms | bare updateParticipant ${baseline.at(-1)!.toFixed(1)} ms`);
  }
  chair.close();
  const sorted = [...system].sort((a, b) => a - b);
  const result = {
    name: 'floor',
    turns: TURNS,
    poll_ms: POLL_MS,
    p50_ms: round2(median(system)),
    p90_ms: round2(percentile(sorted, 90)),
    max_ms: round2(Math.max(...system)),
    baseline_p50_ms: round2(median(baseline)),
    baseline_max_ms: round2(Math.max(...baseline)),
    goal_p50_ms: GOAL_P50_MS,
    met: median(system) <= GOAL_P50_MS,
    rss_mb: Math.round(process.memoryUsage().rss / 1024 / 1024),
  };
  console.log(`BENCH ${JSON.stringify(result)}`);
} finally {
  for (const c of callers) await c.leave();
  await t.close();
  await lk.close();
}
process.exit(0);
