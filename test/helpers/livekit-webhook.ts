import { createHash, createHmac } from 'node:crypto';
import fixtures from '../fixtures/livekit-webhooks.json' with { type: 'json' };
import type { WebhookEventNames } from 'livekit-server-sdk';

/**
 * Webhooks as LiveKit sends them: the body is the event in protojson, and the Authorization
 * header is a bare JWT (no "Bearer") signed HS256 with the API secret, issued by the API key,
 * valid five minutes, whose `sha256` claim is the base64 SHA-256 of the exact body.
 */

export interface WebhookParticipant {
  identity: string;
  sid?: string;
  name?: string;
  joinedAtS?: number;
  /** The microphone right the participant's token gave it. */
  microphone?: boolean;
}

type Json = Record<string, unknown>;

/**
 * A webhook body built from one a real LiveKit server sent (test/fixtures/livekit-webhooks.json),
 * with the room, participant and times of the test put in: every field LiveKit sends is there,
 * in its encoding (protojson: int64 as strings, enums by name). An event with no recording of its
 * own takes the nearest one's (an aborted connection is a leave).
 */
export function webhookBody(opts: { event: WebhookEventNames; room: string; participant?: WebhookParticipant; id: string; createdAtS: number }): string {
  const recorded = WEBHOOK_FIXTURES[opts.event] ?? WEBHOOK_FIXTURES[opts.event === 'participant_connection_aborted' ? 'participant_left' : 'room_started'];
  if (!recorded) throw new Error(`no recorded webhook to build ${opts.event} from (RAKOR_RECORD_WEBHOOKS=1 on test/livekit/presence.test.ts)`);
  const body = structuredClone(recorded) as Json;
  body.event = opts.event;
  body.id = opts.id;
  body.createdAt = String(opts.createdAtS);
  body.room = { ...(body.room as Json), sid: `RM_${opts.room}`, name: opts.room };
  const p = opts.participant;
  if (p) {
    const joinedAtS = p.joinedAtS ?? opts.createdAtS;
    const base = (body.participant ?? (WEBHOOK_FIXTURES.participant_joined as Json).participant) as Json;
    body.participant = {
      ...base,
      sid: p.sid ?? `PA_${p.identity}`,
      identity: p.identity,
      name: p.name ?? p.identity,
      joinedAt: String(joinedAtS),
      joinedAtMs: String(joinedAtS * 1000),
      permission: { canSubscribe: true, canPublish: true, canPublishSources: p.microphone ? ['CAMERA', 'MICROPHONE'] : ['CAMERA'] },
    };
  } else delete body.participant;
  return JSON.stringify(body);
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** The Authorization header LiveKit puts on a webhook of `body`. */
export function signWebhook(body: string, key: { apiKey: string; apiSecret: string }, opts: { issuedAtS?: number; validForS?: number } = {}): string {
  const iat = opts.issuedAtS ?? Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(
    JSON.stringify({
      iss: key.apiKey,
      nbf: iat,
      exp: iat + (opts.validForS ?? 300),
      sha256: createHash('sha256').update(body).digest('base64'),
    }),
  );
  const signature = b64url(createHmac('sha256', key.apiSecret).update(`${header}.${payload}`).digest());
  return `${header}.${payload}.${signature}`;
}

/** Posts a webhook the way LiveKit does (raw body, content type application/webhook+json). */
export async function postWebhook(baseUrl: string, body: string, authorization: string | null): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${baseUrl}/api/livekit/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/webhook+json', ...(authorization ? { authorization } : {}) },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

/** Webhook bodies as a real LiveKit server sent them (test/livekit/presence.test.ts LP3 checks they still are). */
export const WEBHOOK_FIXTURES: Record<string, unknown> = fixtures;

/** The fields of a JSON value and their types, values left out: what LP3 compares. */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? [shapeOf(value[0])] : [];
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, shapeOf((value as Record<string, unknown>)[k])]),
    );
  }
  return typeof value;
}
