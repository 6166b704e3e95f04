/** A small history router: the server answers every page with index.html. */
class Router {
  path = $state(location.pathname);
  search = $state(location.search);

  constructor() {
    addEventListener('popstate', () => this.#read());
    // Same-origin anchors navigate inside the app, so a page change never reloads the bundle.
    document.addEventListener('click', (event) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = (event.target as Element | null)?.closest?.('a');
      if (!anchor || anchor.target || anchor.hasAttribute('download') || anchor.origin !== location.origin) return;
      if (anchor.pathname.startsWith('/api/')) return;
      event.preventDefault();
      this.navigate(anchor.pathname + anchor.search);
    });
  }

  navigate(to: string, replace = false): void {
    if (to === location.pathname + location.search) return;
    if (replace) history.replaceState(null, '', to);
    else history.pushState(null, '', to);
    this.#read();
    scrollTo(0, 0);
  }

  param(name: string): string | null {
    return new URLSearchParams(this.search).get(name);
  }

  #read(): void {
    this.path = location.pathname;
    this.search = location.search;
  }
}

export const router = new Router();

export type Route =
  | { page: 'setup' }
  | { page: 'login' }
  | { page: 'adminHome' }
  | { page: 'directory' }
  | { page: 'directoryImport' }
  | { page: 'meetingNew' }
  | { page: 'meetingEdit'; id: string }
  | { page: 'meetingLinks'; id: string }
  | { page: 'meetingView'; id: string }
  | { page: 'meetingRoom'; id: string }
  | { page: 'checkIn'; id: string; token: string }
  | { page: 'checkInPoster'; id: string }
  | { page: 'linkLanding'; token: string }
  | { page: 'calendar' }
  | { page: 'seriesList' }
  | { page: 'seriesNew' }
  | { page: 'seriesEdit'; id: string }
  | { page: 'holidays' }
  | { page: 'home' }
  | { page: 'notFound' };

/** Maps a path to a page; the shapes mirror PAGES in shared/protocol/api.ts. */
export function match(path: string): Route {
  const p = path.replace(/\/+$/, '') || '/';
  const seg = p.split('/').slice(1).map(decodeURIComponent);
  if (p === '/') return { page: 'home' };
  if (p === '/setup') return { page: 'setup' };
  if (p === '/login') return { page: 'login' };
  if (p === '/admin') return { page: 'adminHome' };
  if (p === '/admin/opd') return { page: 'directory' };
  if (p === '/admin/opd/import') return { page: 'directoryImport' };
  if (p === '/admin/meetings/new') return { page: 'meetingNew' };
  if (seg[0] === 'admin' && seg[1] === 'meetings' && seg[2] && seg.length === 3) return { page: 'meetingEdit', id: seg[2] };
  if (seg[0] === 'admin' && seg[1] === 'meetings' && seg[2] && seg[3] === 'links' && seg.length === 4)
    return { page: 'meetingLinks', id: seg[2] };
  if (p === '/admin/calendar') return { page: 'calendar' };
  if (p === '/admin/series') return { page: 'seriesList' };
  if (p === '/admin/series/new') return { page: 'seriesNew' };
  if (seg[0] === 'admin' && seg[1] === 'series' && seg[2] && seg.length === 3) return { page: 'seriesEdit', id: seg[2] };
  if (p === '/admin/holidays') return { page: 'holidays' };
  if (seg[0] === 'm' && seg[1] && seg.length === 2) return { page: 'meetingView', id: seg[1] };
  if (seg[0] === 'm' && seg[1] && seg[2] === 'ruang' && seg.length === 3) return { page: 'meetingRoom', id: seg[1] };
  if (seg[0] === 'm' && seg[1] && seg[2] === 'hadir' && seg.length === 3) return { page: 'checkInPoster', id: seg[1] };
  if (seg[0] === 'm' && seg[1] && seg[2] === 'hadir' && seg[3] && seg.length === 4) return { page: 'checkIn', id: seg[1], token: seg[3] };
  if (seg[0] === 'l' && seg[1] && seg.length === 2) return { page: 'linkLanding', token: seg[1] };
  return { page: 'notFound' };
}
