import { describe, expect, it } from 'vitest';
import { TokenVerifier, type ClaimGrants } from 'livekit-server-sdk';
import type { Role } from '../../shared/domain/roles/roles';
import type { Meeting, VideoJoin } from '../../shared/protocol';
import { parseConfig, videoConfig } from '../../server/config';
import { AppError } from '../../server/errors';
import type { ActiveSession } from '../../server/services/auth-service';
import { TokenMinter } from '../../server/video/token-minter';
import { ManualClock } from '../helpers/manual-clock';
import { QueueHarness, T0, fixtureMeeting } from '../helpers/queue-fixture';

const KEY = { apiKey: 'APIrakor', apiSecret: 'rahasia-yang-panjang-sekali-untuk-uji-token' };
const verifier = new TokenVerifier(KEY.apiKey, KEY.apiSecret);
const ADMIN_GRANTS = ['roomAdmin', 'roomCreate', 'roomList', 'roomRecord', 'ingressAdmin', 'agent', 'recorder', 'destinationRoom'];

/** D1 in the room, D2 and D3 remote. */
function meeting(floorMode: Meeting['floorMode'] = 'floor'): Meeting {
  const m = fixtureMeeting(3);
  return { ...m, floorMode, participants: m.participants.map((p) => ({ ...p, attendance: p.id === 'o1' ? ('room' as const) : ('remote' as const) })) };
}

function session(role: Role, extra: Partial<ActiveSession> = {}): ActiveSession {
  const participantId = extra.participantId ?? null;
  const meetingId = role === 'admin' ? null : 'm1';
  return {
    idHash: 'h',
    role,
    name: extra.name ?? (role === 'admin' ? 'sekretariat' : `Link ${role}`),
    userId: null,
    meetingId,
    participantId,
    linkId: role === 'admin' ? null : (extra.linkId ?? `link-${role}-${participantId ?? 'x'}`),
    createdAt: '',
    expiresAt: '',
    actor: { role, meetingId, participantId },
  };
}

const minter = new TokenMinter({ url: 'https://video.kutaitimurkab.go.id', ...KEY }, new ManualClock(T0));

async function decode(join: VideoJoin): Promise<ClaimGrants> {
  const claims = await verifier.verify(join.token);
  // Nothing in any browser token lets it run the room or see other rooms.
  for (const grant of ADMIN_GRANTS) expect(claims.video, grant).not.toHaveProperty(grant);
  return claims;
}

async function refused(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  return 'minted';
}

describe('video tokens', () => {
  it('V2 V4 a remote participant off the floor: camera only, subscribes, no data, no own metadata, 10 minutes', async () => {
    const m = meeting();
    const join = await minter.forSession(m, new QueueHarness(m).state, session('participant', { participantId: 'o2' }));
    const claims = await decode(join);
    expect(claims.sub).toBe('o2');
    expect(claims.name).toBe('D2 · Kepala 2');
    expect(JSON.parse(claims.metadata!)).toEqual({ role: 'participant', participantId: 'o2', opdShortName: 'D2', opdName: 'Dinas 2' });
    expect(claims.video).toEqual({
      roomJoin: true,
      room: 'rakor-m1',
      canSubscribe: true,
      canPublish: true,
      canPublishSources: ['camera'],
      canPublishData: false,
      canUpdateOwnMetadata: false,
      hidden: false,
    });
    expect(claims.exp! - claims.nbf!).toBe(600);
    expect(join).toMatchObject({
      url: 'wss://video.kutaitimurkab.go.id',
      room: 'rakor-m1',
      identity: 'o2',
      canSpeak: false,
      canShare: false,
      canPublish: true,
      hidden: false,
      expiresAt: new Date(T0 + 600_000).toISOString(),
    });
  });

  it('V2 V5 V20 the remote participant holding the floor may publish its microphone and share its screen', async () => {
    const m = meeting();
    const q = new QueueHarness(m);
    q.give({ type: 'meeting.start' });
    q.give({ type: 'turn.call', turnId: 'p-o2' });
    const join = await minter.forSession(m, q.state, session('participant', { participantId: 'o2' }));
    expect((await decode(join)).video?.canPublishSources).toEqual(['camera', 'microphone', 'screen_share', 'screen_share_audio']);
    expect([join.canSpeak, join.canShare]).toEqual([true, true]);
    const other = await minter.forSession(m, q.state, session('participant', { participantId: 'o3' }));
    expect((await decode(other)).video?.canPublishSources).toEqual(['camera']);
    expect([other.canSpeak, other.canShare]).toEqual([false, false]);
  });

  it('V20 one the chair allowed shares without speaking; one it stopped keeps its microphone only', async () => {
    const m = meeting();
    const q = new QueueHarness(m);
    q.give({ type: 'meeting.start' });
    q.give({ type: 'turn.call', turnId: 'p-o2' });
    q.give({ type: 'share.allow', participantId: 'o3' });
    q.give({ type: 'share.stop', participantId: 'o2' });
    const allowed = await minter.forSession(m, q.state, session('participant', { participantId: 'o3' }));
    expect((await decode(allowed)).video?.canPublishSources).toEqual(['camera', 'screen_share', 'screen_share_audio']);
    expect([allowed.canSpeak, allowed.canShare]).toEqual([false, true]);
    const stopped = await minter.forSession(m, q.state, session('participant', { participantId: 'o2' }));
    expect((await decode(stopped)).video?.canPublishSources).toEqual(['camera', 'microphone']);
    expect([stopped.canSpeak, stopped.canShare]).toEqual([true, false]);
  });

  it('V2 V5 V20 in open mode every remote participant may speak and share, even before the start', async () => {
    const m = meeting('open');
    const join = await minter.forSession(m, new QueueHarness(m).state, session('participant', { participantId: 'o3' }));
    expect((await decode(join)).video?.canPublishSources).toEqual(['camera', 'microphone', 'screen_share', 'screen_share_audio']);
    expect([join.canSpeak, join.canShare]).toEqual([true, true]);
  });

  it.each(['chair', 'admin', 'projector'] as const)(
    'V3 V20 the room feed for the %s: "Ruang rapat", always camera, microphone and screen share',
    async (role) => {
      const join = await minter.roomFeed(meeting(), session(role));
      const claims = await decode(join);
      expect(claims.sub).toBe('room:m1');
      expect(claims.name).toBe('Ruang rapat');
      expect(JSON.parse(claims.metadata!)).toEqual({ role: 'room', participantId: null, opdShortName: null, opdName: null });
      expect(claims.video).toMatchObject({
        roomJoin: true,
        room: 'rakor-m1',
        canSubscribe: true,
        canPublish: true,
        canPublishSources: ['camera', 'microphone', 'screen_share', 'screen_share_audio'],
        canPublishData: false,
        hidden: false,
      });
      expect(join).toMatchObject({ identity: 'room:m1', canSpeak: true, canShare: true, canPublish: true, hidden: false });
    },
  );

  it.each(['participant', 'notulis', 'observer'] as const)('V3 the room feed is refused to the %s', async (role) => {
    expect(await refused(() => minter.roomFeed(meeting(), session(role, { participantId: role === 'participant' ? 'o2' : null })))).toBe('forbidden');
  });

  it.each(['projector', 'notulis', 'observer', 'chair', 'admin'] as const)('V3 the %s watches: subscribe only, hidden, one identity per link', async (role) => {
    const m = meeting();
    const s = session(role);
    const join = await minter.forSession(m, new QueueHarness(m).state, s);
    const claims = await decode(join);
    expect(claims.sub).toBe(`watch:${s.linkId ?? s.name}`);
    expect(claims.video).toEqual({
      roomJoin: true,
      room: 'rakor-m1',
      canSubscribe: true,
      canPublish: false,
      canPublishData: false,
      canUpdateOwnMetadata: false,
      hidden: true,
    });
    expect(JSON.parse(claims.metadata!)).toMatchObject({ role: 'watcher', participantId: null });
    expect(join).toMatchObject({ canSpeak: false, canShare: false, canPublish: false, hidden: true });
  });

  it('V3 a participant attending in the room gets no token (the room feed carries it)', async () => {
    const m = meeting();
    expect(await refused(() => minter.forSession(m, new QueueHarness(m).state, session('participant', { participantId: 'o1' })))).toBe('forbidden');
  });

  it('V3 a participant link whose participant left the meeting gets no token', async () => {
    const m = meeting();
    expect(await refused(() => minter.forSession(m, new QueueHarness(m).state, session('participant', { participantId: 'gone' })))).toBe('forbidden');
  });

  it('V2 a token signed with another secret does not verify', async () => {
    const other = new TokenMinter({ url: 'wss://x', apiKey: KEY.apiKey, apiSecret: 'bukan-rahasia-yang-benar-sama-sekali-000' }, new ManualClock(T0));
    const m = meeting();
    const join = await other.forSession(m, new QueueHarness(m).state, session('participant', { participantId: 'o2' }));
    await expect(verifier.verify(join.token)).rejects.toThrow();
  });
});

describe('video configuration', () => {
  const full = { LIVEKIT_URL: 'wss://video.example.go.id/', LIVEKIT_API_KEY: 'APIx', LIVEKIT_API_SECRET: 'secret' };

  it('V1 all three variables turn video on; none leaves it off', () => {
    expect(videoConfig(parseConfig(full))).toEqual({ url: 'wss://video.example.go.id', apiKey: 'APIx', apiSecret: 'secret' });
    expect(videoConfig(parseConfig({}))).toBeNull();
  });

  it.each([
    [{ LIVEKIT_URL: full.LIVEKIT_URL }, ['LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET']],
    [{ LIVEKIT_API_KEY: 'APIx', LIVEKIT_API_SECRET: 'secret' }, ['LIVEKIT_URL']],
    [{ ...full, LIVEKIT_API_SECRET: '' }, ['LIVEKIT_API_SECRET']],
  ])('V1 C1 a partial video configuration %o stops the boot naming %o', (env, missing) => {
    let message = '';
    try {
      parseConfig(env);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^Invalid configuration:\n/);
    for (const name of missing) expect(message).toContain(`  ${name}: required`);
    for (const name of ['LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET'].filter((n) => !missing.includes(n))) {
      expect(message).not.toContain(`  ${name}:`);
    }
  });

  it('V1 C1 LIVEKIT_URL must be ws(s) or http(s)', () => {
    expect(() => parseConfig({ ...full, LIVEKIT_URL: 'ftp://video.example.go.id' })).toThrow(/^Invalid configuration:\n {2}LIVEKIT_URL:/);
  });
});
