import { z } from 'zod';

/**
 * LiveKit's RoomService on the wire (Twirp, protojson), as the test double reads and answers it:
 * the request message of each method with its fields and types (anything else is refused), the
 * grant each method needs, and proto3's rule that a field left out is false or empty.
 */

export const TRACK_SOURCES = ['UNKNOWN', 'CAMERA', 'MICROPHONE', 'SCREEN_SHARE', 'SCREEN_SHARE_AUDIO'] as const;
export type TrackSourceName = (typeof TRACK_SOURCES)[number];

/** ParticipantPermission with proto3 defaults filled in: what LiveKit holds after an update. */
export interface DoublePermission {
  canSubscribe: boolean;
  canPublish: boolean;
  canPublishData: boolean;
  canPublishSources: TrackSourceName[];
  hidden: boolean;
  recorder: boolean;
  canUpdateMetadata: boolean;
  agent: boolean;
  canSubscribeMetrics: boolean;
  canManageAgentSession: boolean;
}

export interface DoubleParticipant {
  sid: string;
  identity: string;
  name: string;
  metadata: string;
  joinedAtMs: number;
  permission: DoublePermission;
}

const int64 = z.union([z.string().regex(/^-?\d+$/), z.number().int()]);
export const permissionSchema = z.strictObject({
  canSubscribe: z.boolean().optional(),
  canPublish: z.boolean().optional(),
  canPublishData: z.boolean().optional(),
  canPublishSources: z.array(z.enum(TRACK_SOURCES)).optional(),
  hidden: z.boolean().optional(),
  recorder: z.boolean().optional(),
  canUpdateMetadata: z.boolean().optional(),
  agent: z.boolean().optional(),
  canSubscribeMetrics: z.boolean().optional(),
  canManageAgentSession: z.boolean().optional(),
});
const room = z.string().default('');
const identity = z.string().default('');

/** The request message of each supported method, and the grant it needs. */
export const METHODS = {
  CreateRoom: {
    grant: 'roomCreate',
    body: z.strictObject({
      name: room,
      roomPreset: z.string().optional(),
      emptyTimeout: z.number().int().optional(),
      departureTimeout: z.number().int().optional(),
      maxParticipants: z.number().int().optional(),
      nodeId: z.string().optional(),
      metadata: z.string().optional(),
      minPlayoutDelay: z.number().int().optional(),
      maxPlayoutDelay: z.number().int().optional(),
      syncStreams: z.boolean().optional(),
    }),
  },
  ListRooms: { grant: 'roomList', body: z.strictObject({ names: z.array(z.string()).optional() }) },
  DeleteRoom: { grant: 'roomCreate', body: z.strictObject({ room }) },
  ListParticipants: { grant: 'roomAdmin', body: z.strictObject({ room }) },
  GetParticipant: { grant: 'roomAdmin', body: z.strictObject({ room, identity }) },
  RemoveParticipant: { grant: 'roomAdmin', body: z.strictObject({ room, identity, revokeTokenTs: int64.optional() }) },
  MutePublishedTrack: { grant: 'roomAdmin', body: z.strictObject({ room, identity, trackSid: z.string().default(''), muted: z.boolean().optional() }) },
  UpdateParticipant: {
    grant: 'roomAdmin',
    body: z.strictObject({
      room,
      identity,
      metadata: z.string().optional(),
      permission: permissionSchema.optional(),
      name: z.string().optional(),
      attributes: z.record(z.string(), z.string()).optional(),
    }),
  },
} as const;
export type MethodName = keyof typeof METHODS;

export class TwirpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** proto3 semantics: a field left out of the JSON is false or empty. */
export function fullPermission(p: z.infer<typeof permissionSchema>): DoublePermission {
  return {
    canSubscribe: p.canSubscribe ?? false,
    canPublish: p.canPublish ?? false,
    canPublishData: p.canPublishData ?? false,
    canPublishSources: p.canPublishSources ?? [],
    hidden: p.hidden ?? false,
    recorder: p.recorder ?? false,
    canUpdateMetadata: p.canUpdateMetadata ?? false,
    agent: p.agent ?? false,
    canSubscribeMetrics: p.canSubscribeMetrics ?? false,
    canManageAgentSession: p.canManageAgentSession ?? false,
  };
}

/** protojson leaves out false and empty fields, as LiveKit's answers do. */
export function permissionJson(p: DoublePermission): Record<string, unknown> {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== false && !(Array.isArray(v) && v.length === 0)));
}

export function participantJson(p: DoubleParticipant): Record<string, unknown> {
  return {
    sid: p.sid,
    identity: p.identity,
    state: 'ACTIVE',
    name: p.name,
    ...(p.metadata ? { metadata: p.metadata } : {}),
    joinedAt: String(Math.floor(p.joinedAtMs / 1000)),
    joinedAtMs: String(p.joinedAtMs),
    permission: permissionJson(p.permission),
  };
}
