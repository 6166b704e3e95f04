import { isIP } from 'node:net';
import { z } from 'zod';
import { TIME_ZONES, TIME_ZONE_IDS, type TimeZone } from '../shared/domain/time/zones';

const ZONE_BY_LABEL = Object.fromEntries(Object.entries(TIME_ZONES).map(([zone, label]) => [label, zone])) as Record<string, TimeZone>;

/** One of Indonesia's three zones, by IANA name (Asia/Makassar) or by the label people write (WITA). */
const timeZoneSchema = z
  .string()
  .optional()
  .transform((value, ctx): TimeZone | undefined => {
    if (value === undefined) return undefined;
    const zone = (TIME_ZONE_IDS as string[]).includes(value) ? (value as TimeZone) : ZONE_BY_LABEL[value.toUpperCase()];
    if (!zone) ctx.addIssue({ code: 'custom', message: `must be one of ${TIME_ZONE_IDS.join(', ')} or WIB, WITA, WIT` });
    return zone;
  });

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Express's `trust proxy` as Rakor allows it: none (false), a number of hops, or addresses. */
export type TrustProxy = false | number | string[];

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** One entry of TRUST_PROXY's list: a name Express knows, an address, or an address/prefix. */
function proxyEntryValid(entry: string): boolean {
  if (PROXY_NAMES.includes(entry)) return true;
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const trustProxySchema = z
  .string()
  .optional()
  .transform((value, ctx): TrustProxy => {
    if (value === undefined || value === 'false') return false;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e !== '');
    const bad = entries.find((e) => !proxyEntryValid(e));
    if (value === 'true' || entries.length === 0 || bad !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message:
          value === 'true'
            ? 'true would believe any X-Forwarded-For a client sends: give the number of proxies in front of Rakor, or their addresses'
            : `must be a number of proxy hops, or a comma-separated list of loopback, linklocal, uniquelocal, addresses and address/prefix ranges${bad ? ` (not "${bad}")` : ''}`,
      });
      return false;
    }
    return entries;
  });

/**
 * Every environment variable Rakor reads. Parsed once at boot; a bad value stops the boot
 * with a message that names the variable.
 */
const envSchema = z.object({
  /** TCP port of the one HTTP server that carries the app, the API and the sockets. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on. */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Folder of the SQLite database and the link-signing key (unused by the store when DATABASE_URL is set). */
  DATA_DIR: z.string().min(1).default('./data'),
  /** PostgreSQL instead of SQLite in DATA_DIR, shared by every node: postgres://user:password@host:5432/db; the link key then lives in it too. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/[^\s]+$/, { error: 'must be a postgres:// or postgresql:// URL such as postgres://rakor:secret@db.example.go.id:5432/rakor' })
    .optional(),
  /** The address people open, used in personal links and QR codes (default http://localhost:PORT). */
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://rakor.example.go.id' }).optional(),
  /** pino log level. */
  LOG_LEVEL: z.enum(logLevels).default('info'),
  /** Hours a login or link session lasts without use before it expires. */
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  /** Failed logins allowed per username and address per 15 minutes (an address gets ten times as many over all usernames). */
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  /** Personal-link openings allowed per IP per minute (a room full of phones shares one IP). */
  LINK_RATE_LIMIT: z.coerce.number().int().min(1).default(120),
  /** Proxies whose X-Forwarded-For is believed for the client's address (rate limits): none by default. */
  TRUST_PROXY: trustProxySchema,
  /** The regency's own zone, the default of a new meeting or series: Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT); unset: the zone of the last one created, else WIB. */
  DEFAULT_TIME_ZONE: timeZoneSchema,
  /** Town written before the date under the minutes' signatures, e.g. "Sangatta" (none by default). */
  MINUTES_CITY: z.string().max(80).default(''),
  /** After this many logged minutes updates a room folds its log into one snapshot. */
  MINUTES_COMPACT_EVERY: z.coerce.number().int().min(1).max(1_000_000).default(500),
  /** Redis that joins several nodes (Socket.IO's adapter, cluster messages, rate limits); unset: one node alone. */
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379' }).optional(),
  /** Names Rakor's channels and keys in Redis, so several installations can share one (pub/sub ignores the database number). */
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}$/, 'must be 1 to 40 of a-z, 0-9, _ and -')
    .default('rakor'),
  /** LiveKit server URL as browsers reach it (wss://...); video is on only with the key and secret too. */
  LIVEKIT_URL: z.url({ protocol: /^(wss?|https?)$/, error: 'must be a ws(s):// or http(s):// URL such as wss://video.example.go.id' }).optional(),
  /** LiveKit API key: the issuer of every token Rakor mints and of LiveKit's webhooks. */
  LIVEKIT_API_KEY: z.string().min(1).optional(),
  /** LiveKit API secret: signs tokens and verifies webhooks; never leaves the server. */
  LIVEKIT_API_SECRET: z.string().min(1).optional(),
});

const LIVEKIT_VARIABLES = ['LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET'] as const;

export type Config = z.infer<typeof envSchema> & { PUBLIC_URL: string };

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  // An empty variable means "not set", the way a .env file or a shell export leaves it.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const shown = (name: string) => (name === 'DATABASE_URL' ? withoutPassword(cleaned[name] ?? '') : cleaned[name]);
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(shown(String(i.path[0])))})`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const config = result.data;
  // Half a video configuration is a typo, not a choice: say which variables are missing.
  const missing = LIVEKIT_VARIABLES.filter((name) => config[name] === undefined);
  if (missing.length > 0 && missing.length < LIVEKIT_VARIABLES.length) {
    const lines = missing.map((name) => `  ${name}: required when any of ${LIVEKIT_VARIABLES.join(', ')} is set (video needs all three)`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const publicUrl = (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
  return { ...config, PUBLIC_URL: publicUrl };
}

/** A connection URL as it may be printed or logged: its password replaced by ***. */
export function withoutPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/i, '$1***@');
}

/** The LiveKit connection, or null when video is not configured (all three variables unset). */
export function videoConfig(config: Config): { url: string; apiKey: string; apiSecret: string } | null {
  const { LIVEKIT_URL: url, LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret } = config;
  return url && apiKey && apiSecret ? { url: url.replace(/\/+$/, ''), apiKey, apiSecret } : null;
}
