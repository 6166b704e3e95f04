import { TIME_ZONE_IDS, type Series, type SessionState, type TimeZone } from '../../../shared/protocol';
import { API } from '../../../shared/protocol/api';
import { api } from '../../lib/api';

/** The session's answer carries the regency's configured zone (DEFAULT_TIME_ZONE) when there is one. */
export type SessionWithDefaults = SessionState & { defaultTimeZone?: TimeZone | null };

const LAST_KEY = 'rakor.lastCreatedZone';

const isZone = (value: unknown): value is TimeZone => typeof value === 'string' && (TIME_ZONE_IDS as string[]).includes(value);

/** Kept when this browser creates a meeting, which the meeting list does not date. */
export function rememberCreatedZone(timeZone: TimeZone, createdAt: string): void {
  try {
    localStorage.setItem(LAST_KEY, JSON.stringify({ timeZone, createdAt }));
  } catch {
    // Storage blocked: the series and the browser's zone still give a default.
  }
}

function rememberedZone(): { timeZone: TimeZone; createdAt: string } | null {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(LAST_KEY) ?? 'null');
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { timeZone, createdAt } = parsed as Record<string, unknown>;
    return isZone(timeZone) && typeof createdAt === 'string' ? { timeZone, createdAt } : null;
  } catch {
    return null;
  }
}

/** The browser's own zone when it is one of Indonesia's three. */
function browserZone(): TimeZone | null {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return isZone(zone) ? zone : null;
}

/**
 * The zone a new meeting or series starts in: the regency's configured zone; else the zone of the
 * last meeting or series created (the newest series, or what this browser created last); else the
 * browser's own when Indonesian; else WIB. Kutai Timur's secretariat sets WITA once and never
 * changes a new form's zone again.
 */
export async function defaultZone(): Promise<TimeZone> {
  const [state, series] = await Promise.all([
    api.get<SessionWithDefaults>(API.session).catch(() => null),
    api.get<{ items: Series[] }>(API.series).catch(() => ({ items: [] as Series[] })),
  ]);
  if (isZone(state?.defaultTimeZone)) return state.defaultTimeZone;
  const created = [...series.items.map(({ timeZone, createdAt }) => ({ timeZone, createdAt })), rememberedZone()].filter((c) => c !== null);
  const last = created.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  return last?.timeZone ?? browserZone() ?? 'Asia/Jakarta';
}
