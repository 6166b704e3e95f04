import type { MediaSource } from './video-model';
import type { VideoSessionKind } from './video-failures';

/** What this device remembers of a person's video choices, in localStorage. */

export const AUTO_MIC_KEY = 'rakor.video.autoMic';
/** Audio-only on a weak connection: receive no video, send no camera. */
export const AUDIO_ONLY_KEY = 'rakor.video.audioOnly';
/** What this screen had on, restored after a reload: the camera; for the room, the microphone too. */
export const WANT_KEY = (kind: VideoSessionKind, source: MediaSource): string => `rakor.video.${kind}.${source}`;

export function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage blocked: the choice holds for this tab only.
  }
}
