import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const SCRYPT = { N: 16384, r: 8, p: 1, keyLength: 64 } as const;

function scryptAsync(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, SCRYPT.keyLength, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** `scrypt$N$r$p$salt$hash`, so the cost can be raised later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltText, hashText] = stored.split('$');
  if (scheme !== 'scrypt' || !saltText || !hashText) return false;
  const expected = Buffer.from(hashText, 'base64url');
  const key = await new Promise<Buffer>((resolve, reject) => {
    scrypt(password, Buffer.from(saltText, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 }, (err, k) =>
      err ? reject(err) : resolve(k),
    );
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A random secret of 32 bytes, URL-safe. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a secret token: its SHA-256, never the token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * A personal link's token, derived from the link's id and nonce with the server's key. The
 * database keeps only the nonce and the token's hash, so a copy of the database alone opens
 * nothing, while the secretariat can still see each link again to copy or print it.
 */
export function deriveLinkToken(key: Buffer, linkId: string, nonce: string): string {
  return createHmac('sha256', key).update(`link:${linkId}:${nonce}`).digest('base64url');
}

/**
 * The token of a subscribable calendar feed: an HMAC with the link key over `feed:<scope>`
 * (`feed:opd:<opdId>`, `feed:series:<id>`). Never stored; it survives restarts, and deleting
 * the key revokes every feed with every link.
 */
export function deriveFeedToken(key: Buffer, scope: string): string {
  return createHmac('sha256', key).update(`feed:${scope}`).digest('base64url');
}

/** Compares a presented feed token in constant time (both sides hashed first, so lengths never differ). */
export function verifyFeedToken(key: Buffer, scope: string, presented: string): boolean {
  const expected = createHash('sha256').update(deriveFeedToken(key, scope)).digest();
  const given = createHash('sha256').update(presented).digest();
  return timingSafeEqual(expected, given);
}

/**
 * The room's check-in code of a meeting: an HMAC with the link key over `checkin:<meetingId>`,
 * never stored. It proves only that its holder saw the code in the room; who checks in is the
 * phone's own personal-link session, so the code cannot mark anyone else.
 */
export function deriveCheckInToken(key: Buffer, meetingId: string): string {
  return createHmac('sha256', key).update(`checkin:${meetingId}`).digest('base64url');
}

/** Compares a presented check-in token in constant time. */
export function verifyCheckInToken(key: Buffer, meetingId: string, presented: string): boolean {
  const expected = createHash('sha256').update(deriveCheckInToken(key, meetingId)).digest();
  const given = createHash('sha256').update(presented).digest();
  return timingSafeEqual(expected, given);
}
