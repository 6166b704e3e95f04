import {
  AudioFrame,
  AudioSource,
  AudioStream,
  LocalAudioTrack,
  LocalVideoTrack,
  Room,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
  VideoBufferType,
  VideoFrame,
  VideoSource,
  type LocalTrackPublication,
  type RemoteParticipant,
  type RemoteTrack,
  type RemoteTrackPublication,
} from '@livekit/rtc-node';
import { createRequire } from 'node:module';
import path from 'node:path';
import { API } from '../../shared/protocol/api';
import type { MeetingLink, VideoJoin } from '../../shared/protocol';
import { linkClient } from './meeting-people';

// The SDK logs at debug level unless NODE_ENV is production, and exports no way to change it: its logger is set here.
const require = createRequire(import.meta.url);
const sdkLog = require(path.join(path.dirname(require.resolve('@livekit/rtc-node')), 'log.cjs')) as { log: { level: string } };
sdkLog.log.level = process.env.RAKOR_RTC_LOG ?? 'warn';

/**
 * A participant in a real LiveKit call, scripted from Node with @livekit/rtc-node (its WebRTC stack
 * ships inside the npm package): it joins with a token Rakor minted, publishes a microphone that
 * plays a tone, and tells what it hears from others.
 */

const SAMPLE_RATE = 48_000;
const FRAME_MS = 10;
const SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000;

interface PublishedVideo {
  source: VideoSource;
  track: LocalVideoTrack;
  timer: NodeJS.Timeout;
}

export type PublishOutcome = { ok: true; sid: string } | { ok: false; error: string };

export class ScriptedParticipant {
  private mic: { source: AudioSource; track: LocalAudioTrack; publication: LocalTrackPublication; timer: NodeJS.Timeout } | null = null;
  /** Remote audio frames heard, per publishing identity, with how many were not silence. */
  readonly heard = new Map<string, { frames: number; loud: number }>();
  /** Identities whose audio this participant is subscribed to now (the SFU ends it when a track goes). */
  readonly hearing = new Set<string>();
  /** Identities whose camera video this participant receives now. */
  readonly seeing = new Set<string>();
  private camera: PublishedVideo | null = null;
  /** Shared screens published, stopped when the participant leaves. */
  private readonly videos: PublishedVideo[] = [];

  private constructor(
    readonly room: Room,
    readonly identity: string,
  ) {}

  static async join(join: Pick<VideoJoin, 'url' | 'token' | 'identity'>): Promise<ScriptedParticipant> {
    const room = new Room();
    const person = new ScriptedParticipant(room, join.identity);
    room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack, _pub: RemoteTrackPublication, participant: RemoteParticipant) => {
      if (track.kind === TrackKind.KIND_VIDEO) person.seeing.add(participant.identity);
      if (track.kind !== TrackKind.KIND_AUDIO) return;
      person.hearing.add(participant.identity);
      void person.listen(track, participant.identity);
    });
    room.on(RoomEvent.TrackUnsubscribed, (track: RemoteTrack, _pub: RemoteTrackPublication, participant: RemoteParticipant) => {
      if (track.kind === TrackKind.KIND_AUDIO) person.hearing.delete(participant.identity);
      if (track.kind === TrackKind.KIND_VIDEO) person.seeing.delete(participant.identity);
    });
    await room.connect(join.url, join.token, { autoSubscribe: true, dynacast: false });
    return person;
  }

  /** Opens a participant's personal link, asks Rakor for its call token (as its page does), and joins the call with it. */
  static async joinByLink(baseUrl: string, link: Pick<MeetingLink, 'url'>, meetingId: string): Promise<ScriptedParticipant> {
    const client = await linkClient(baseUrl, link);
    const res = await client.post<VideoJoin>(API.videoToken(meetingId));
    if (res.status !== 200) throw new Error(`call token refused: ${res.status} ${JSON.stringify(res.body)}`);
    return ScriptedParticipant.join(res.body);
  }

  /**
   * Publishes a microphone playing a 440 Hz tone. The SFU decides: without the right it refuses the
   * track (NOT_ALLOWED), and the publish fails or never completes within `timeoutMs`.
   */
  async publishMicrophone(timeoutMs = 5000): Promise<PublishOutcome> {
    if (this.mic) return { ok: true, sid: this.mic.publication.sid ?? '' };
    const source = new AudioSource(SAMPLE_RATE, 1);
    const track = LocalAudioTrack.createAudioTrack('microphone', source);
    let phase = 0;
    const timer = setInterval(() => {
      const data = new Int16Array(SAMPLES);
      for (let i = 0; i < SAMPLES; i++) data[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * phase++) / SAMPLE_RATE));
      void source.captureFrame(new AudioFrame(data, SAMPLE_RATE, 1, SAMPLES)).catch(() => undefined);
    }, FRAME_MS);
    const fed = { source, track, timer };
    const publication = await this.publish(fed, new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE, dtx: false, red: false }), timeoutMs);
    if ('error' in publication) return { ok: false, error: publication.error };
    this.mic = { ...fed, publication };
    return { ok: true, sid: publication.sid ?? '' };
  }

  /** Publishes a camera showing a moving grey gradient, 320x240 at 15 frames a second. */
  async publishCamera(): Promise<void> {
    if (this.camera) return;
    const outcome = await this.publishVideo('camera', TrackSource.SOURCE_CAMERA, 10_000);
    if (!outcome.ok) throw new Error(`the camera was not published: ${outcome.error}`);
  }

  /** Publishes a shared screen (the paparan): the SFU refuses it without the share right, as it does a microphone. */
  async publishScreen(timeoutMs = 5000): Promise<PublishOutcome> {
    return this.publishVideo('screen', TrackSource.SOURCE_SCREENSHARE, timeoutMs);
  }

  private async publishVideo(name: 'camera' | 'screen', source: TrackSource, timeoutMs: number): Promise<PublishOutcome> {
    const [width, height] = [320, 240];
    const video = new VideoSource(width, height);
    const track = LocalVideoTrack.createVideoTrack(name, video);
    let n = 0;
    const timer = setInterval(() => {
      const data = new Uint8Array(width * height * 4);
      for (let i = 0; i < data.length; i += 4) data[i] = data[i + 1] = data[i + 2] = (i / 4 + n * 8) % 256;
      n++;
      video.captureFrame(new VideoFrame(data, width, height, VideoBufferType.RGBA));
    }, 66);
    const fed: PublishedVideo = { source: video, track, timer };
    const publication = await this.publish(fed, new TrackPublishOptions({ source, simulcast: false }), timeoutMs);
    if ('error' in publication) return { ok: false, error: publication.error };
    if (name === 'camera') this.camera = fed;
    else this.videos.push(fed);
    return { ok: true, sid: publication.sid ?? '' };
  }

  /** Publishes a track already being fed; on a refusal or no answer within `timeoutMs`, stops feeding it and closes it. */
  private async publish(
    fed: { track: LocalAudioTrack | LocalVideoTrack; source: { close(): Promise<void> }; timer: NodeJS.Timeout },
    options: TrackPublishOptions,
    timeoutMs: number,
  ): Promise<LocalTrackPublication | { error: string }> {
    let timeout: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.room.localParticipant!.publishTrack(fed.track, options),
        new Promise<never>((_, reject) => (timeout = setTimeout(() => reject(new Error(`no answer from the SFU in ${timeoutMs} ms`)), timeoutMs))),
      ]);
    } catch (err) {
      clearInterval(fed.timer);
      await fed.track.close().catch(() => undefined);
      await fed.source.close().catch(() => undefined);
      return { error: err instanceof Error ? err.message : String(err) };
    } finally {
      clearTimeout(timeout);
    }
  }

  /** Stops the tone and unpublishes the microphone (what a person's mute button does). */
  async stopMicrophone(): Promise<void> {
    const mic = this.mic;
    this.mic = null;
    if (!mic) return;
    clearInterval(mic.timer);
    if (mic.publication.sid) await this.room.localParticipant?.unpublishTrack(mic.publication.sid).catch(() => undefined);
    await mic.track.close().catch(() => undefined);
    await mic.source.close().catch(() => undefined);
  }

  /** Whether audio that is not silence has come from `identity`. */
  hears(identity: string): boolean {
    return (this.heard.get(identity)?.loud ?? 0) > 0;
  }

  async leave(): Promise<void> {
    await this.stopMicrophone();
    for (const video of [...(this.camera ? [this.camera] : []), ...this.videos.splice(0)]) {
      clearInterval(video.timer);
      await video.track.close().catch(() => undefined);
      await video.source.close().catch(() => undefined);
    }
    this.camera = null;
    await this.room.disconnect().catch(() => undefined);
  }

  private async listen(track: RemoteTrack, identity: string): Promise<void> {
    const counts = this.heard.get(identity) ?? { frames: 0, loud: 0 };
    this.heard.set(identity, counts);
    const stream = new AudioStream(track, SAMPLE_RATE, 1);
    for await (const frame of stream) {
      counts.frames++;
      let peak = 0;
      for (const sample of frame.data) peak = Math.max(peak, Math.abs(sample));
      if (peak > 1000) counts.loud++;
    }
  }
}
