import { WebhookReceiver } from 'livekit-server-sdk';
import type { Clock } from '../clock';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import type { ClaimRound } from '../cluster/periodic';
import type { Store } from '../store/ports';
import { AttendanceTracker, type VideoQueue } from './attendance-tracker';
import { FloorController } from './floor-controller';
import { abortableSleep } from './retry';
import { livekitRoomApi, type RoomApi } from './room-api';
import { TokenMinter } from './token-minter';
import { DEFAULT_RECONCILE_INTERVAL_MS, DEFAULT_RETRY_DELAYS_MS, type VideoOptions } from './video-options';

export interface VideoDeps {
  store: Store;
  queue: VideoQueue;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  /** Replaces the LiveKit RoomService client (unit tests); integration tests point LIVEKIT_URL at a double instead. */
  roomApi?: RoomApi;
  /** On several nodes, one of them does each reconciliation round. */
  claim?: ClaimRound;
}

/** Video as it runs when LiveKit is configured: every piece that talks to it, or signs for it. */
export interface Running {
  minter: TokenMinter;
  receiver: WebhookReceiver;
  floor: FloorController;
  attendance: AttendanceTracker;
  reconcileIntervalMs: number;
}

/** Builds the LiveKit side of VideoService; its module is imported only when video is configured. */
export function startRunning(options: VideoOptions, deps: VideoDeps, signal: AbortSignal): Running {
  const { store, queue, bus, clock, logger } = deps;
  const api = deps.roomApi ?? livekitRoomApi(options);
  const retry = { delaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS, sleep: options.sleep ?? abortableSleep(signal) };
  const floor = new FloorController(
    api,
    { meeting: (id) => store.meetings.get(id), queueState: (id) => queue.state(id), connected: (id) => store.video.connected(id) },
    store.video,
    bus,
    retry,
    clock,
    logger,
  );
  return {
    minter: new TokenMinter(options, clock),
    receiver: new WebhookReceiver(options.apiKey, options.apiSecret),
    floor,
    attendance: new AttendanceTracker(store, api, queue, floor, bus, clock, logger),
    reconcileIntervalMs: options.reconcileIntervalMs ?? DEFAULT_RECONCILE_INTERVAL_MS,
  };
}
