import type { Room } from 'livekit-client';
import { DEVICE_KINDS, classifyMediaError, deviceOptions, type DeviceKind, type DeviceOption, type MediaProblem } from './video-model';

type LiveKit = typeof import('livekit-client');

const DEVICE_KEY = (kind: DeviceKind) => `rakor.video.device.${kind}`;

function readChoice(kind: DeviceKind): string {
  try {
    return localStorage.getItem(DEVICE_KEY(kind)) ?? '';
  } catch {
    return '';
  }
}
function storeChoice(kind: DeviceKind, deviceId: string): void {
  try {
    if (deviceId) localStorage.setItem(DEVICE_KEY(kind), deviceId);
    else localStorage.removeItem(DEVICE_KEY(kind));
  } catch {
    // Storage blocked: the choice holds for this tab only.
  }
}

function problemOf(kind: DeviceKind, err: unknown): MediaProblem | null {
  if (kind === 'audiooutput') return null;
  return { source: kind === 'videoinput' ? 'camera' : 'microphone', reason: classifyMediaError(err, isSecureContext) };
}

/**
 * The cameras, microphones and speakers this browser offers, and the ones chosen here
 * (remembered on this device: the room's computer keeps its camera across reloads).
 */
export class VideoDevices {
  #list = $state.raw<Record<DeviceKind, DeviceOption[]>>({ videoinput: [], audioinput: [], audiooutput: [] });
  #chosen = $state.raw<Record<DeviceKind, string>>({
    videoinput: readChoice('videoinput'),
    audioinput: readChoice('audioinput'),
    audiooutput: readChoice('audiooutput'),
  });

  get list(): Record<DeviceKind, DeviceOption[]> {
    return this.#list;
  }
  /** '' is the system's default. */
  get chosen(): Record<DeviceKind, string> {
    return this.#chosen;
  }

  /**
   * Lists the devices; without `requestAccess` the browser may hide them (no id, no label)
   * until a camera or microphone was allowed once. Returns the problem of a refused request.
   */
  async refresh(lk: LiveKit, inputs: boolean, requestAccess: boolean): Promise<MediaProblem | null> {
    const next: Record<DeviceKind, DeviceOption[]> = { videoinput: [], audioinput: [], audiooutput: [] };
    let problem: MediaProblem | null = null;
    for (const kind of DEVICE_KINDS) {
      // Only some browsers can switch the speaker.
      if (kind === 'audiooutput' ? !lk.supportsAudioOutputSelection() : !inputs) continue;
      try {
        next[kind] = deviceOptions(await lk.Room.getLocalDevices(kind, requestAccess && kind !== 'audiooutput'));
      } catch (err) {
        if (requestAccess) problem ??= problemOf(kind, err);
      }
    }
    this.#list = next;
    return problem;
  }

  /** Switches at once when a Room exists; before, the choice waits for the Room's capture defaults. */
  async choose(room: Room | null, kind: DeviceKind, deviceId: string): Promise<MediaProblem | null> {
    const previous = this.#chosen[kind];
    this.#chosen = { ...this.#chosen, [kind]: deviceId };
    try {
      if (room) await room.switchActiveDevice(kind, deviceId);
      storeChoice(kind, deviceId);
      return null;
    } catch (err) {
      this.#chosen = { ...this.#chosen, [kind]: previous };
      return problemOf(kind, err);
    }
  }

  /** LiveKit picked another device itself (one was unplugged). */
  follow(kind: MediaDeviceKind, deviceId: string): void {
    if (kind === 'videoinput' || kind === 'audioinput' || kind === 'audiooutput') this.#chosen = { ...this.#chosen, [kind]: deviceId };
  }
}
