import { describe, expect, it } from 'vitest';
import { RETRY_MS, connectFailure, dropFailure, retryDelayMs, tokenFailure } from '../../client/lib/managers/video-failures';
import { floorPrompt, mediaRights, type FloorChange, type FloorPrompt } from '../../client/lib/managers/video-floor';
import {
  classifyMediaError,
  classifyShareError,
  deviceOptions,
  mayPublish,
  offerAudioOnly,
  parseMeta,
  pickPresenterCamera,
  pickScreenShare,
  pickSpotlight,
  tileParticipantId,
  type SpotlightRule,
  type VideoTile,
} from '../../client/lib/managers/video-model';

/** LiveKit's TrackSource numbers: camera 1, microphone 2. */
const CAMERA = 1;
const MIC = 2;

function tile(identity: string, over: Partial<VideoTile> = {}): VideoTile {
  return {
    identity,
    name: identity,
    meta: null,
    isLocal: false,
    isRoom: identity.startsWith('room:'),
    videoTrack: null,
    audioTrack: null,
    cameraOn: false,
    micOn: false,
    speaking: false,
    quality: 'good',
    screenTrack: null,
    ...over,
  };
}
/** A track as far as the spotlight looks at it: there or not. */
const camera = {} as NonNullable<VideoTile['videoTrack']>;

describe('video: what a screen may publish and what it is told (floor prompts)', () => {
  const join = (canSpeak: boolean) => ({ canPublish: true, canSpeak });
  const granted = (...sources: number[]) => ({ canPublish: true, canPublishSources: sources });

  it.each([
    {
      given: 'a participant before LiveKit reports, token may speak',
      kind: 'call',
      join: join(true),
      permissions: undefined,
      then: { cameraAllowed: true, micAllowed: true },
    },
    {
      given: 'a participant before LiveKit reports, token may not speak',
      kind: 'call',
      join: join(false),
      permissions: undefined,
      then: { cameraAllowed: true, micAllowed: false },
    },
    { given: 'the floor grants camera only', kind: 'call', join: join(true), permissions: granted(CAMERA), then: { cameraAllowed: true, micAllowed: false } },
    {
      given: 'the floor grants camera and microphone',
      kind: 'call',
      join: join(false),
      permissions: granted(CAMERA, MIC),
      then: { cameraAllowed: true, micAllowed: true },
    },
    { given: 'an empty source list (every source)', kind: 'room', join: join(true), permissions: granted(), then: { cameraAllowed: true, micAllowed: true } },
    {
      given: 'publishing revoked',
      kind: 'call',
      join: join(true),
      permissions: { canPublish: false, canPublishSources: [] },
      then: { cameraAllowed: false, micAllowed: false },
    },
    {
      given: 'a watcher (subscribe only)',
      kind: 'call',
      join: { canPublish: false, canSpeak: false },
      permissions: granted(),
      then: { cameraAllowed: false, micAllowed: false },
    },
    {
      given: 'the projector, whatever LiveKit says',
      kind: 'projector',
      join: join(true),
      permissions: granted(),
      then: { cameraAllowed: false, micAllowed: false },
    },
    { given: 'no token yet', kind: 'call', join: null, permissions: undefined, then: { cameraAllowed: false, micAllowed: false } },
  ] as const)('V13 $given', ({ kind, join, permissions, then }) => {
    expect(mediaRights(kind, join, permissions)).toEqual(then);
  });

  const change = (over: Partial<FloorChange>): FloorChange => ({
    kind: 'call',
    initial: false,
    micBefore: false,
    micNow: false,
    floorMode: 'floor',
    micOn: false,
    wantMic: false,
    autoMic: false,
    ...over,
  });
  const cases: { given: string; when: Partial<FloorChange>; then: FloorPrompt }[] = [
    { given: 'the floor comes to a participant', when: { micNow: true }, then: 'offer' },
    { given: 'the floor comes to a participant who chose auto mic', when: { micNow: true, autoMic: true }, then: 'switchOn' },
    { given: 'the floor comes and the microphone is already on', when: { micNow: true, micOn: true, autoMic: true }, then: 'granted' },
    { given: 'the floor comes back after a reconnect that restores the microphone', when: { micNow: true, wantMic: true }, then: 'granted' },
    { given: 'joining while holding the floor', when: { initial: true, micNow: true }, then: 'offer' },
    { given: 'joining in open mode (everyone may speak)', when: { initial: true, micNow: true, floorMode: 'open' }, then: 'none' },
    { given: 'the floor becomes open during the call', when: { micNow: true, floorMode: 'open' }, then: 'offer' },
    { given: 'the floor leaves the participant', when: { micBefore: true, micNow: false }, then: 'revoked' },
    { given: 'the first permissions of a connection say no microphone', when: { initial: true, micBefore: true, micNow: false }, then: 'none' },
    { given: 'the right stays', when: { micBefore: true, micNow: true }, then: 'none' },
    { given: 'still no right', when: {}, then: 'none' },
    { given: 'the room feed gains the microphone', when: { kind: 'room', micNow: true }, then: 'none' },
    { given: 'the room feed loses it', when: { kind: 'room', micBefore: true }, then: 'none' },
    { given: 'the projector', when: { kind: 'projector', micNow: true }, then: 'none' },
  ];
  it.each(cases)('V13 $given: $then', ({ when, then }) => {
    expect(floorPrompt(change(when))).toBe(then);
  });
});

describe("video: retry and failure of a screen's call", () => {
  it('V12 backs off 2, 5, 10, 30, then 60 s for every later attempt', () => {
    expect([0, 1, 2, 3, 4, 5, 12].map(retryDelayMs)).toEqual([2_000, 5_000, 10_000, 30_000, 60_000, 60_000, 60_000]);
    expect(RETRY_MS.at(-1)).toBe(60_000);
  });

  it.each([
    { given: 'Rakor unreachable', kind: 'call', refusal: null, then: { problem: { kind: 'network' }, retry: true } },
    { given: 'a status of 0 (offline)', kind: 'call', refusal: { status: 0, code: 'network' }, then: { problem: { kind: 'network' }, retry: true } },
    { given: 'a 503', kind: 'room', refusal: { status: 503, code: 'internal' }, then: { problem: { kind: 'network' }, retry: true } },
    {
      given: 'a 403 for a participant in the room',
      kind: 'call',
      refusal: { status: 403, code: 'forbidden' },
      then: { problem: { kind: 'inRoom' }, retry: false },
    },
    {
      given: 'a 403 for the room feed',
      kind: 'room',
      refusal: { status: 403, code: 'forbidden' },
      then: { problem: { kind: 'refused', code: 'forbidden' }, retry: false },
    },
    {
      given: 'a 401 (session gone)',
      kind: 'call',
      refusal: { status: 401, code: 'unauthenticated' },
      then: { problem: { kind: 'refused', code: 'unauthenticated' }, retry: false },
    },
    { given: 'video switched off since the status', kind: 'call', refusal: { status: 409, code: 'video_unconfigured' }, then: 'unconfigured' },
  ] as const)('V12 a token request: $given', ({ kind, refusal, then }) => {
    expect(tokenFailure(kind, refusal)).toEqual(then);
  });

  it.each([
    { when: 'cancelled', then: null },
    { when: 'notAllowed', then: { problem: { kind: 'rejected' }, retry: false } },
    { when: 'other', then: { problem: { kind: 'unreachable' }, retry: true } },
  ] as const)('V12 LiveKit connect fails ($when)', ({ when, then }) => {
    expect(connectFailure(when)).toEqual(then);
  });

  it.each([
    { when: 'client', then: null },
    { when: 'duplicate', then: { problem: { kind: 'replaced' }, retry: false } },
    { when: 'removed', then: { problem: { kind: 'removed' }, retry: false } },
    { when: 'other', then: { problem: { kind: 'unreachable' }, retry: true } },
  ] as const)('V12 a call that was up drops ($when)', ({ when, then }) => {
    expect(dropFailure(when)).toEqual(then);
  });
});

describe('video: the spotlight', () => {
  const dinkes = tile('p-dinkes', { meta: { role: 'participant', participantId: 'p-dinkes', opdShortName: 'Dinkes', opdName: null } });
  const bappeda = tile('p-bappeda', { videoTrack: camera });
  const room = tile('room:m1', { isRoom: true });
  const me = tile('p-me', { isLocal: true, videoTrack: camera });
  const all = [me, bappeda, room, dinkes];
  const rule = (over: Partial<SpotlightRule>): SpotlightRule => ({
    floorParticipantId: null,
    activeSpeakers: [],
    includeLocal: false,
    fallback: 'any',
    ...over,
  });

  it.each([
    { given: 'the floor holder is in the call', rule: rule({ floorParticipantId: 'p-dinkes', activeSpeakers: ['p-bappeda'] }), then: 'p-dinkes' },
    {
      given: 'the floor holder is not in the call: whoever LiveKit hears',
      rule: rule({ floorParticipantId: 'p-x', activeSpeakers: ['p-gone', 'p-bappeda'] }),
      then: 'p-bappeda',
    },
    { given: 'nobody heard: the room feed', rule: rule({}), then: 'room:m1' },
    { given: 'the room page hears nobody', rule: rule({ fallback: 'speakers' }), then: null },
    { given: 'the room page hears someone', rule: rule({ fallback: 'speakers', activeSpeakers: ['p-dinkes'] }), then: 'p-dinkes' },
    { given: 'the projector with a remote floor holder', rule: rule({ fallback: 'none', floorParticipantId: 'p-dinkes' }), then: 'p-dinkes' },
    { given: 'the projector without one', rule: rule({ fallback: 'none', activeSpeakers: ['p-bappeda'] }), then: null },
    {
      given: 'this screen holds the floor but its own tile is left out',
      rule: rule({ floorParticipantId: 'p-me', activeSpeakers: ['p-me'] }),
      then: 'room:m1',
    },
    { given: 'this screen holds the floor and may be shown', rule: rule({ floorParticipantId: 'p-me', includeLocal: true }), then: 'p-me' },
  ])('V14 $given', ({ rule, then }) => {
    expect(pickSpotlight(all, rule)?.identity ?? null).toBe(then);
  });

  it('V14 without the room feed the first camera, then anyone', () => {
    expect(pickSpotlight([dinkes, bappeda], rule({}))?.identity).toBe('p-bappeda');
    expect(pickSpotlight([dinkes], rule({}))?.identity).toBe('p-dinkes');
    expect(pickSpotlight([], rule({}))).toBeNull();
  });

  it.each([
    { given: 'metadata naming the participant', tile: dinkes, then: 'p-dinkes' },
    { given: 'a participant identity without metadata', tile: bappeda, then: 'p-bappeda' },
    { given: 'the room feed', tile: room, then: null },
    { given: 'a watcher', tile: tile('watch:abc'), then: null },
  ])('V14 the participant a tile stands for: $given', ({ tile, then }) => {
    expect(tileParticipantId(tile)).toBe(then);
  });

  it.each([
    { metadata: undefined, then: null },
    { metadata: 'not json', then: null },
    { metadata: '"a string"', then: null },
    { metadata: '{"role":"admin"}', then: null },
    { metadata: '{"role":"room"}', then: { role: 'room', participantId: null, opdShortName: null, opdName: null } },
    {
      metadata: '{"role":"participant","participantId":"p1","opdShortName":"Dinkes","opdName":7}',
      then: { role: 'participant', participantId: 'p1', opdShortName: 'Dinkes', opdName: null },
    },
  ])('V14 metadata $metadata is read as ours only when well formed', ({ metadata, then }) => {
    expect(parseMeta(metadata)).toEqual(then);
  });
});

describe('video: devices', () => {
  it.each([
    { name: 'NotAllowedError', secure: true, then: 'blocked' },
    { name: 'SecurityError', secure: true, then: 'blocked' },
    { name: 'NotFoundError', secure: true, then: 'notFound' },
    { name: 'OverconstrainedError', secure: true, then: 'notFound' },
    { name: 'NotReadableError', secure: true, then: 'inUse' },
    { name: 'AbortError', secure: true, then: 'inUse' },
    { name: 'PublishTrackError', secure: true, then: 'notAllowed' },
    { name: 'DeviceUnsupportedError', secure: true, then: 'insecure' },
    { name: 'NotAllowedError', secure: false, then: 'insecure' },
    { name: 'TypeError', secure: true, then: 'other' },
  ])('V15 $name (secure context: $secure) reads as $then', ({ name, secure, then }) => {
    const err = Object.assign(new Error('x'), { name });
    expect(classifyMediaError(err, secure)).toBe(then);
  });

  it('V15 something thrown that is not an error reads as other', () => {
    expect(classifyMediaError('boom', true)).toBe('other');
    expect(classifyMediaError(null, true)).toBe('other');
  });

  it('V15 devices without an id (access not granted yet) are left out, the rest numbered from 1', () => {
    const listed = [
      { deviceId: '', label: '' },
      { deviceId: 'cam-a', label: 'Logitech' },
      { deviceId: 'cam-b', label: '' },
    ];
    expect(deviceOptions(listed)).toEqual([
      { deviceId: 'cam-a', label: 'Logitech', index: 1 },
      { deviceId: 'cam-b', label: '', index: 2 },
    ]);
  });

  it.each([
    { permissions: undefined, fallback: true, then: true },
    { permissions: undefined, fallback: false, then: false },
    { permissions: { canPublish: true, canPublishSources: [] }, fallback: false, then: true },
    { permissions: { canPublish: true, canPublishSources: [CAMERA] }, fallback: true, then: false },
    { permissions: { canPublish: true, canPublishSources: [CAMERA, MIC] }, fallback: false, then: true },
    { permissions: { canPublish: false, canPublishSources: [MIC] }, fallback: true, then: false },
  ])('V13 the microphone may be published: $permissions (fallback $fallback) gives $then', ({ permissions, fallback, then }) => {
    expect(mayPublish(permissions, 'microphone', fallback)).toBe(then);
  });
});

describe('video: the paparan (screen share)', () => {
  const screen = {} as NonNullable<VideoTile['screenTrack']>;
  const SCREEN = 3;

  it('V20 a share may be published only when the permission names SCREEN_SHARE; before any permission, the token says', () => {
    expect(mayPublish({ canPublish: true, canPublishSources: [CAMERA, MIC] }, 'screen', true)).toBe(false);
    expect(mayPublish({ canPublish: true, canPublishSources: [CAMERA, SCREEN, 4] }, 'screen', false)).toBe(true);
    expect(mayPublish({ canPublish: false, canPublishSources: [SCREEN] }, 'screen', true)).toBe(false);
    expect(mayPublish(undefined, 'screen', true)).toBe(true);
    expect(mayPublish(undefined, 'screen', false)).toBe(false);
  });

  it("V20 the floor holder's share is shown large, else the first other share, never this screen's own", () => {
    const tiles = [tile('me', { isLocal: true, screenTrack: screen }), tile('o2', { screenTrack: screen }), tile('o4', { screenTrack: screen }), tile('o5')];
    expect(pickScreenShare(tiles, 'o4')?.identity).toBe('o4');
    expect(pickScreenShare(tiles, 'o5')?.identity).toBe('o2');
    expect(pickScreenShare(tiles, null)?.identity).toBe('o2');
    expect(pickScreenShare([tile('me', { isLocal: true, screenTrack: screen }), tile('o5')], 'me')).toBeNull();
  });

  it("V20 beside the share, the presenter's camera small, else the speaker's, never a tile without video", () => {
    const share = tile('o2', { screenTrack: screen });
    expect(pickPresenterCamera(tile('o2', { screenTrack: screen, videoTrack: camera }), tile('o4', { videoTrack: camera }))?.identity).toBe('o2');
    expect(pickPresenterCamera(share, tile('room:m1', { videoTrack: camera }))?.identity).toBe('room:m1');
    expect(pickPresenterCamera(share, tile('o4'))).toBeNull();
    expect(pickPresenterCamera(share, share)).toBeNull();
    expect(pickPresenterCamera(share, null)).toBeNull();
  });

  it('V20 a share that does not start is named: phones cannot share, a closed picker or policy blocks, the floor does not allow', () => {
    const err = (name: string) => Object.assign(new Error(name), { name });
    expect(classifyShareError(err('NotAllowedError'), true, false)).toBe('unsupported');
    expect(classifyShareError(err('DeviceUnsupportedError'), true, true)).toBe('unsupported');
    expect(classifyShareError(err('NotSupportedError'), true, true)).toBe('unsupported');
    expect(classifyShareError(err('NotAllowedError'), true, true)).toBe('blocked');
    expect(classifyShareError(err('PublishTrackError'), true, true)).toBe('notAllowed');
    expect(classifyShareError(err('NotAllowedError'), false, true)).toBe('insecure');
  });
});

describe('video: a weak connection', () => {
  const rule = { quality: 'poor' as const, audioOnly: false, dismissed: false, connected: true };
  it.each([
    ['offered when the own connection turns poor', rule, true],
    ['not while it is good', { ...rule, quality: 'good' as const }, false],
    ['not when it is lost (the call reconnects first)', { ...rule, quality: 'lost' as const }, false],
    ['not when already audio-only', { ...rule, audioOnly: true }, false],
    ['not again once declined in this call', { ...rule, dismissed: true }, false],
    ['not before the call is connected', { ...rule, connected: false }, false],
  ])('V21 audio-only is %s', (_name, given, offered) => {
    expect(offerAudioOnly(given)).toBe(offered);
  });
});
