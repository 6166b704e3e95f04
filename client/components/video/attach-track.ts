import type { Attachment } from 'svelte/attachments';
import type { Track } from 'livekit-client';

/**
 * `{@attach attachTrack(track)}` on a <video> or <audio>: LiveKit plays the track into the
 * element, and stops when the track changes or the element goes. With adaptiveStream, LiveKit
 * also watches the element's size and visibility to pick the quality it receives.
 */
export function attachTrack(track: Track | null): Attachment<HTMLMediaElement> {
  return (element) => {
    if (!track) return;
    track.attach(element);
    return () => {
      track.detach(element);
    };
  };
}
