import { isMessageKey, type MessageKey } from '../../../shared/i18n';
import type { ConnectionQualityLevel, DeviceKind, DeviceOption, MediaProblem, VideoProblem, VideoTile } from '../../lib/managers/video-model';
import type { ApiError } from '../../../shared/protocol';
import { errorText, t } from '../../lib/i18n.svelte';

/** How a person in the call is named on screen: "Ruang rapat", "Anda", or "DINKES · Name". */
export function tileLabel(tile: VideoTile): string {
  // The room's own computer sees its preview as the room, not as "you".
  if (tile.isRoom) return t('video.roomFeed');
  if (tile.isLocal) return t('video.you');
  const short = tile.meta?.opdShortName;
  // The token's name already starts with the OPD ("Dinsos · Kepala Dinsos"): not twice.
  return short && short !== tile.name && !tile.name.startsWith(`${short} ·`) ? `${short} · ${tile.name}` : tile.name;
}

export function qualityText(level: ConnectionQualityLevel): string {
  return t('video.quality', { level: t(`video.quality.${level}`) });
}

const PROBLEM_KEY: Record<VideoProblem['kind'], MessageKey> = {
  unsupported: 'video.error.unsupported',
  inRoom: 'video.error.inRoom',
  refused: 'video.error.refused',
  network: 'video.error.network',
  unreachable: 'video.error.unreachable',
  rejected: 'video.error.rejected',
  replaced: 'video.error.replaced',
  removed: 'video.error.removed',
};

export function problemText(problem: VideoProblem): string {
  if (problem.kind === 'refused') {
    const key = `errors.${problem.code}`;
    return isMessageKey(key) ? `${t('video.error.refused')} ${t(key)}` : t('video.error.refused');
  }
  return t(PROBLEM_KEY[problem.kind]);
}

/** A screen share's refusals that read better in their own words than as a "device". */
const SHARE_KEY: Partial<Record<MediaProblem['reason'], MessageKey>> = {
  blocked: 'video.share.blocked',
  notAllowed: 'video.share.notAllowed',
};

export function mediaProblemText(problem: MediaProblem): string {
  const shareKey = problem.source === 'screen' ? SHARE_KEY[problem.reason] : undefined;
  if (shareKey) return t(shareKey);
  const device = t(`video.device.${problem.source}`);
  return t(`video.media.${problem.reason}`, { device });
}

const UNNAMED: Record<DeviceKind, MessageKey> = {
  videoinput: 'video.unnamedCamera',
  audioinput: 'video.unnamedMicrophone',
  audiooutput: 'video.unnamedSpeaker',
};

export function deviceLabel(kind: DeviceKind, device: DeviceOption): string {
  return device.label || t(UNNAMED[kind], { n: device.index });
}

/** A failed status request: "cannot reach the server" rather than a server error when offline. */
export function statusErrorText(error: ApiError): string {
  // asApiError marks an unreachable server this way.
  return `${t('video.error.status')} ${error.code === 'internal' && error.message === 'network' ? t('errors.network') : errorText(error)}`;
}
