import type { QueueState, ScreenShareState } from '../../protocol/queue';

const NO_SHARE: ScreenShareState = { allowed: [], stopped: [] };

/** The chair's screen-share decisions, also of a state stored before they existed (none). */
export function screenShareOf(state: Pick<QueueState, 'screenShare'>): ScreenShareState {
  return state.screenShare ?? NO_SHARE;
}
