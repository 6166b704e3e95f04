/**
 * The client's pages, declared once: the client's router matches a path against this table and
 * draws the page of client/lib/pages.ts; every link, in the client, the server (personal links,
 * check-in codes, calendar entries) and the tests, is built from it through `PAGES` or `pagePath`.
 * The server answers every path outside /api/ and /socket.io/ with index.html, so it needs no list.
 */
export const PAGE_ROUTES = {
  home: { pattern: '/', access: 'any' },
  setup: { pattern: '/setup', access: 'any' },
  login: { pattern: '/login', access: 'any' },
  adminHome: { pattern: '/admin', access: 'admin' },
  directory: { pattern: '/admin/opd', access: 'admin' },
  directoryImport: { pattern: '/admin/opd/import', access: 'admin' },
  meetingNew: { pattern: '/admin/meetings/new', access: 'admin' },
  meetingEdit: { pattern: '/admin/meetings/:id', access: 'admin' },
  meetingLinks: { pattern: '/admin/meetings/:id/links', access: 'admin' },
  calendar: { pattern: '/admin/calendar', access: 'admin' },
  seriesList: { pattern: '/admin/series', access: 'admin' },
  seriesNew: { pattern: '/admin/series/new', access: 'admin' },
  seriesEdit: { pattern: '/admin/series/:id', access: 'admin' },
  holidays: { pattern: '/admin/holidays', access: 'admin' },
  /** The kop surat and the numbering pattern of the notulen. */
  letterhead: { pattern: '/admin/kop-surat', access: 'admin' },
  /** The secretariat's tindak lanjut of every meeting: filters, charts, exports, OPD page links. */
  followUpsAdmin: { pattern: '/admin/tindak-lanjut', access: 'admin' },
  /** A meeting as its session sees it: participant, chair, notulis, projector or admin. */
  meetingView: { pattern: '/m/:id', access: 'any' },
  /** The meeting room's own computer: publishes the room's camera and microphone. */
  meetingRoom: { pattern: '/m/:id/ruang', access: 'any' },
  /** The check-in code as a printable poster for the door (admin, chair, projector). */
  checkInPoster: { pattern: '/m/:id/hadir', access: 'any' },
  /** The room's check-in, opened from the projector's or the door's QR code on a participant's phone. */
  checkIn: { pattern: '/m/:id/hadir/:token', access: 'any' },
  /** A participant's own OPD's tindak lanjut from every meeting, reached from its meeting screen. */
  myFollowUps: { pattern: '/m/:id/tindak-lanjut', access: 'any' },
  /** An OPD's standing page (a revocable long-lived link): its tindak lanjut, without a session. */
  opdPage: { pattern: '/opd/:token', access: 'any' },
  /** A personal link: exchanged for a session, then on to the meeting. */
  linkLanding: { pattern: '/l/:token', access: 'any' },
} as const satisfies Record<string, PageRoute>;

export interface PageRoute {
  /** Segments; `:name` is a parameter that takes one non-empty segment. */
  pattern: string;
  /** `admin`: a page of the secretariat, sent to the login page without an admin session. */
  access: 'any' | 'admin';
}

export type PageName = keyof typeof PAGE_ROUTES;

/** The parameter names of a pattern, in order: '/m/:id/hadir/:token' -> ['id', 'token']. */
type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? [Name, ...ParamNames<`/${Rest}`>]
  : P extends `${string}:${infer Name}`
    ? [Name]
    : [];

type NamesOf<N extends PageName> = ParamNames<(typeof PAGE_ROUTES)[N]['pattern']>;

export type PageParams<N extends PageName> = { [K in NamesOf<N>[number]]: string };

/** A matched path: the page and its parameters, typed by the page. */
export type PageMatch = { [N in PageName]: { name: N; params: PageParams<N> } }[PageName];

const NAMES = Object.keys(PAGE_ROUTES) as PageName[];

/** The path of a page: `pagePath('checkIn', { id, token })`. Parameters are URI-encoded. */
export function pagePath<N extends PageName>(name: N, params: PageParams<N>): string {
  const values: Record<string, string> = params;
  return PAGE_ROUTES[name].pattern.replace(/:(\w+)/g, (_, key: string) => encodeURIComponent(values[key] ?? ''));
}

/** A segment decoded; null when it is not valid percent-encoding. */
function decoded(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * The page a path shows, or null for none. Trailing slashes do not count; a fixed segment beats a
 * parameter (/admin/meetings/new is not a meeting called "new").
 */
export function matchPage(path: string): PageMatch | null {
  const segments = (path.replace(/\/+$/, '') || '/').split('/').slice(1);
  let best: { name: PageName; params: Record<string, string>; fixed: number } | null = null;
  for (const name of NAMES) {
    const parts = PAGE_ROUTES[name].pattern.split('/').slice(1);
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const fits = parts.every((part, i) => {
      const segment = segments[i] ?? '';
      if (!part.startsWith(':')) return part === segment;
      const value = decoded(segment);
      if (!value) return false;
      params[part.slice(1)] = value;
      return true;
    });
    const fixed = parts.filter((part) => !part.startsWith(':')).length;
    if (fits && (!best || fixed > best.fixed)) best = { name, params, fixed };
  }
  // Sound: `params` holds exactly the names of `name`'s pattern.
  return best ? ({ name: best.name, params: best.params } as PageMatch) : null;
}

/** One string per name: a homomorphic map over the tuple keeps it a tuple. */
type Strings<T extends readonly string[]> = { [I in keyof T]: string };

type PathOf<N extends PageName> = NamesOf<N> extends [] ? string : (...values: Strings<NamesOf<N>>) => string;

/**
 * Every page's path: a string for a fixed page, else a function of its parameters in the
 * pattern's order (`PAGES.checkIn(meetingId, token)`).
 */
export const PAGES = Object.fromEntries(
  NAMES.map((name) => {
    const keys = [...PAGE_ROUTES[name].pattern.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '');
    if (keys.length === 0) return [name, PAGE_ROUTES[name].pattern];
    const build = (...values: string[]) => pagePath(name, Object.fromEntries(keys.map((k, i) => [k, values[i] ?? ''])) as PageParams<typeof name>);
    return [name, build];
  }),
) as { [N in PageName]: PathOf<N> };
