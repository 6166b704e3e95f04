import { createHash, createHmac } from 'node:crypto';
import { ParticipantInfo, ParticipantPermission, Room, TrackSource, WebhookEvent, type WebhookEventNames } from 'livekit-server-sdk';

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

export function webhookBody(opts: { event: WebhookEventNames; room: string; participant?: WebhookParticipant; id: string; createdAtS: number }): string {
  const p = opts.participant;
  const event = new WebhookEvent({
    room: new Room({ sid: `RM_${opts.room}`, name: opts.room }),
    participant: p
      ? new ParticipantInfo({
          sid: p.sid ?? `PA_${p.identity}`,
          identity: p.identity,
          name: p.name ?? p.identity,
          joinedAt: BigInt(p.joinedAtS ?? opts.createdAtS),
          permission: new ParticipantPermission({
            canSubscribe: true,
            canPublish: true,
            canPublishSources: p.microphone ? [TrackSource.CAMERA, TrackSource.MICROPHONE] : [TrackSource.CAMERA],
          }),
        })
      : undefined,
    id: opts.id,
    createdAt: BigInt(opts.createdAtS),
  });
  // The SDK's WebhookEvent resets `event` after the base constructor ran, so it is set here.
  event.event = opts.event;
  return event.toJsonString();
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
