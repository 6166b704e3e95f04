import type { Room, RoomOptions } from 'livekit-client';
import { VideoDevices } from './video-devices.svelte';
import type { VideoSessionKind } from './video-failures';
import { classifyMediaError, classifyShareError, type DeviceKind, type DeviceOption, type MediaProblem, type MediaSource } from './video-model';
import { WANT_KEY, readStored, writeStored } from './video-preferences';

type LiveKit = typeof import('livekit-client');

export interface VideoMediaHooks {
  /** A switch succeeded; runs before the busy flag drops. */
  switched(source: MediaSource, on: boolean): void;
  /** A switch ended, succeeded or not. */
  settled(): void;
}

/**
 * This screen's camera and microphone: switching them (the browser may ask for access), what
 * this person wants on after a reconnect or a reload, the devices chosen, and why a device did
 * not start.
 */
export class VideoMedia {
  readonly #kind: VideoSessionKind;
  readonly #hooks: VideoMediaHooks;
  readonly #devices = new VideoDevices();
  #mediaProblem = $state.raw<MediaProblem | null>(null);
  #cameraBusy = $state(false);
  #micBusy = $state(false);
  #shareBusy = $state(false);
  /** What this person asked for, restored after a reconnect. */
  #wantCamera: boolean;
  #wantMic: boolean;

  constructor(kind: VideoSessionKind, hooks: VideoMediaHooks) {
    this.#kind = kind;
    this.#hooks = hooks;
    this.#wantCamera = kind !== 'projector' && readStored(WANT_KEY(kind, 'camera')) === '1';
    // A participant's microphone follows the floor; the room's own stays as it was left.
    this.#wantMic = kind === 'room' && readStored(WANT_KEY('room', 'microphone')) === '1';
  }

  get mediaProblem(): MediaProblem | null {
    return this.#mediaProblem;
  }
  /** A camera or microphone switch is under way (the browser may be asking for access). */
  get cameraBusy(): boolean {
    return this.#cameraBusy;
  }
  get micBusy(): boolean {
    return this.#micBusy;
  }
  get shareBusy(): boolean {
    return this.#shareBusy;
  }
  get wantCamera(): boolean {
    return this.#wantCamera;
  }
  get wantMic(): boolean {
    return this.#wantMic;
  }
  get devices(): Record<DeviceKind, DeviceOption[]> {
    return this.#devices.list;
  }
  get chosenDevices(): Record<DeviceKind, string> {
    return this.#devices.chosen;
  }

  /** A new Room captures from the devices chosen on this device. */
  roomOptions(lk: LiveKit): RoomOptions {
    const chosen = this.#devices.chosen;
    return {
      // Weak connections (camat and kepala desa on phones): receive only the layers a visible
      // element needs (adaptiveStream), publish only the layers someone receives (dynacast), and
      // send cameras in simulcast so a poor link gets a low layer instead of a frozen picture.
      adaptiveStream: true,
      dynacast: true,
      publishDefaults: {
        simulcast: true,
        videoSimulcastLayers: [lk.VideoPresets.h180, lk.VideoPresets.h360],
        // Slides: sharp text at a low frame rate matters more than motion.
        screenShareEncoding: lk.ScreenSharePresets.h1080fps15.encoding,
      },
      videoCaptureDefaults: { deviceId: chosen.videoinput || undefined, resolution: lk.VideoPresets.h540.resolution },
      audioCaptureDefaults: { deviceId: chosen.audioinput || undefined, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      audioOutput: chosen.audiooutput ? { deviceId: chosen.audiooutput } : undefined,
    };
  }

  async setCamera(room: Room, on: boolean, allowed: boolean): Promise<void> {
    if (this.#cameraBusy) return;
    if (on && !allowed) {
      this.#mediaProblem = { source: 'camera', reason: 'notAllowed' };
      return;
    }
    this.#cameraBusy = true;
    this.#mediaProblem = null;
    try {
      await room.localParticipant.setCameraEnabled(on);
      this.#wantCamera = on;
      writeStored(WANT_KEY(this.#kind, 'camera'), on ? '1' : null);
      this.#hooks.switched('camera', on);
    } catch (err) {
      this.#wantCamera = false;
      writeStored(WANT_KEY(this.#kind, 'camera'), null);
      this.#mediaProblem = { source: 'camera', reason: classifyMediaError(err, isSecureContext) };
    } finally {
      this.#cameraBusy = false;
      this.#hooks.settled();
    }
  }

  async setMicrophone(room: Room, on: boolean, allowed: boolean): Promise<void> {
    if (this.#micBusy) return;
    if (on && !allowed) {
      this.#mediaProblem = { source: 'microphone', reason: 'notAllowed' };
      return;
    }
    this.#micBusy = true;
    this.#mediaProblem = null;
    try {
      await room.localParticipant.setMicrophoneEnabled(on);
      this.#wantMic = on;
      if (this.#kind === 'room') writeStored(WANT_KEY('room', 'microphone'), on ? '1' : null);
      this.#hooks.switched('microphone', on);
    } catch (err) {
      this.#wantMic = false;
      if (this.#kind === 'room') writeStored(WANT_KEY('room', 'microphone'), null);
      this.#mediaProblem = { source: 'microphone', reason: classifyMediaError(err, isSecureContext) };
    } finally {
      this.#micBusy = false;
      this.#hooks.settled();
    }
  }

  /** Shares a screen or a window (the paparan); the browser shows its own picker. */
  async setScreenShare(room: Room, on: boolean, allowed: boolean): Promise<void> {
    if (this.#shareBusy) return;
    if (on && !allowed) {
      this.#mediaProblem = { source: 'screen', reason: 'notAllowed' };
      return;
    }
    this.#shareBusy = true;
    this.#mediaProblem = null;
    try {
      // The shared tab's sound too, when the person ticks it in the picker.
      await room.localParticipant.setScreenShareEnabled(on, { audio: true, selfBrowserSurface: 'exclude' });
    } catch (err) {
      const canCapture = typeof navigator.mediaDevices?.getDisplayMedia === 'function';
      this.#mediaProblem = { source: 'screen', reason: classifyShareError(err, isSecureContext, canCapture) };
    } finally {
      this.#shareBusy = false;
      this.#hooks.settled();
    }
  }

  /** The floor took the microphone: it does not come back by itself after a reconnect. */
  forgetMic(): void {
    this.#wantMic = false;
  }

  async chooseDevice(room: Room | null, kind: DeviceKind, deviceId: string): Promise<void> {
    const problem = await this.#devices.choose(room, kind, deviceId);
    if (problem) this.#mediaProblem = problem;
  }

  /** Lists cameras, microphones and speakers; `requestAccess` asks the browser, so they show their names. */
  async refreshDevices(lk: LiveKit, inputs: boolean, requestAccess: boolean): Promise<void> {
    const problem = await this.#devices.refresh(lk, inputs, requestAccess);
    if (problem) this.#mediaProblem = problem;
  }

  /** LiveKit picked another device itself (one was unplugged). */
  followDevice(kind: MediaDeviceKind, deviceId: string): void {
    this.#devices.follow(kind, deviceId);
  }

  deviceFailed(error: unknown, kind: MediaDeviceKind | undefined): void {
    const source: MediaSource = kind === 'videoinput' ? 'camera' : 'microphone';
    this.#mediaProblem = { source, reason: classifyMediaError(error, isSecureContext) };
  }

  clearMediaProblem(): void {
    this.#mediaProblem = null;
  }
}
