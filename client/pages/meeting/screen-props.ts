import type { Meeting } from '../../../shared/protocol';
import type { SessionInfo } from '../../../shared/protocol/auth';
import type { QueueManager } from '../../lib/managers/queue.svelte';
import type { RakorSocket } from '../../lib/socket';

/** What the meeting page gives the screen of each role, once the meeting and its queue have come. */
export interface ScreenProps {
  meetingId: string;
  meeting: Meeting;
  queue: QueueManager;
  /** The page's socket; it also serves the minutes and the video. */
  socket: RakorSocket;
  connected: boolean;
  /** Whether the server has video, from the join; null until the join has answered. */
  videoConfigured: boolean | null;
  info: SessionInfo;
}
