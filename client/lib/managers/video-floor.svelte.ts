import type { FloorMode, VideoJoin } from '../../../shared/protocol';
import type { VideoSessionKind } from './video-failures';
import { floorPrompt, mediaRights, type FloorPrompt, type PublishPermissions } from './video-floor';
import { AUTO_MIC_KEY, readStored, writeStored } from './video-preferences';

/**
 * This screen's side of the floor: what it may publish now, and the prompts a person sees when
 * the floor comes to them ("turn your microphone on") or leaves them ("your microphone was
 * switched off"), with the choice to have the microphone follow the floor by itself.
 */
export class VideoFloor {
  readonly #kind: VideoSessionKind;
  #cameraAllowed = $state(false);
  #micAllowed = $state(false);
  #micOffered = $state(false);
  #floorMoved = $state(false);
  #autoMic = $state(readStored(AUTO_MIC_KEY) === '1');

  constructor(kind: VideoSessionKind) {
    this.#kind = kind;
  }

  get cameraAllowed(): boolean {
    return this.#cameraAllowed;
  }
  /** The floor policy lets this person's microphone be heard now. */
  get micAllowed(): boolean {
    return this.#micAllowed;
  }
  /** The floor came to this person and the microphone is still off: offer it. */
  get micOffered(): boolean {
    return this.#micOffered;
  }
  /** The floor left this person: the microphone was switched off by the server. */
  get floorMoved(): boolean {
    return this.#floorMoved;
  }
  get autoMic(): boolean {
    return this.#autoMic;
  }

  /**
   * Takes the permissions LiveKit reports (`initial`: the first of a connection) and returns the
   * prompt, for the caller to switch the microphone on ('switchOn') or off ('revoked').
   */
  follow(
    join: VideoJoin | null,
    permissions: PublishPermissions | undefined,
    initial: boolean,
    now: { floorMode: FloorMode | undefined; micOn: boolean; wantMic: boolean },
  ): FloorPrompt {
    const rights = mediaRights(this.#kind, join, permissions);
    const micBefore = this.#micAllowed;
    this.#cameraAllowed = rights.cameraAllowed;
    this.#micAllowed = rights.micAllowed;
    const prompt = floorPrompt({ kind: this.#kind, initial, micBefore, micNow: rights.micAllowed, autoMic: this.#autoMic, ...now });
    if (prompt === 'granted' || prompt === 'switchOn') this.#floorMoved = false;
    else if (prompt === 'offer') {
      this.#floorMoved = false;
      this.#micOffered = true;
    } else if (prompt === 'revoked') {
      this.#micOffered = false;
      this.#floorMoved = true;
    }
    return prompt;
  }

  /** "Turn my microphone on when I get the floor", remembered on this device. */
  setAutoMic(on: boolean): void {
    this.#autoMic = on;
    writeStored(AUTO_MIC_KEY, on ? '1' : null);
  }

  /** The microphone came on: neither prompt applies any more. */
  micSwitchedOn(): void {
    this.#micOffered = false;
    this.#floorMoved = false;
  }

  dismissMicOffer(): void {
    this.#micOffered = false;
  }
  dismissFloorMoved(): void {
    this.#floorMoved = false;
  }

  /** The call is gone: nothing may be published until the next connection says so. */
  reset(): void {
    this.#micOffered = false;
    this.#micAllowed = false;
    this.#cameraAllowed = false;
  }
}
