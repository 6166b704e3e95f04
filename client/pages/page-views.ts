import type { Component } from 'svelte';
import type { PageMatch, PageName, PageParams } from '../../shared/protocol/pages';

type Props = Record<string, unknown>;

/** A page's module, fetched when the page is first opened: each page is a chunk of its own, so a participant's phone never downloads the admin pages. */
type PageModule<P extends Props> = () => Promise<{ default: Component<P> }>;

/** What a page of shared/protocol/pages.ts draws: a component, given props from the path's parameters. */
export interface PageView<N extends PageName> {
  load: () => Promise<Component<Props>>;
  props: (params: PageParams<N>) => Props;
}

/** Checks the props against the component here; App draws every page the same way. */
function view<N extends PageName, P extends Props>(module: PageModule<P>, props: (params: PageParams<N>) => P): PageView<N> {
  return { load: async () => (await module()).default as unknown as Component<Props>, props };
}

/** The page of every route but `home`, which App sends on to the page of the session. */
export const PAGE_VIEWS: { [N in Exclude<PageName, 'home'>]: PageView<N> } = {
  setup: view(
    () => import('./Setup.svelte'),
    () => ({}),
  ),
  login: view(
    () => import('./Login.svelte'),
    () => ({}),
  ),
  adminHome: view(
    () => import('./AdminHome.svelte'),
    () => ({}),
  ),
  directory: view(
    () => import('./Directory.svelte'),
    () => ({}),
  ),
  directoryImport: view(
    () => import('./DirectoryImport.svelte'),
    () => ({}),
  ),
  meetingNew: view(
    () => import('./MeetingEdit.svelte'),
    () => ({ meetingId: null }),
  ),
  meetingEdit: view(
    () => import('./MeetingEdit.svelte'),
    (p) => ({ meetingId: p.id }),
  ),
  meetingLinks: view(
    () => import('./MeetingLinks.svelte'),
    (p) => ({ meetingId: p.id }),
  ),
  calendar: view(
    () => import('./Calendar.svelte'),
    () => ({}),
  ),
  seriesList: view(
    () => import('./SeriesList.svelte'),
    () => ({}),
  ),
  seriesNew: view(
    () => import('./SeriesEdit.svelte'),
    () => ({ seriesId: null }),
  ),
  seriesEdit: view(
    () => import('./SeriesEdit.svelte'),
    (p) => ({ seriesId: p.id }),
  ),
  holidays: view(
    () => import('./Holidays.svelte'),
    () => ({}),
  ),
  meetingView: view(
    () => import('./MeetingPage.svelte'),
    (p) => ({ meetingId: p.id }),
  ),
  meetingRoom: view(
    () => import('./MeetingRoom.svelte'),
    (p) => ({ meetingId: p.id }),
  ),
  checkInPoster: view(
    () => import('./CheckInPoster.svelte'),
    (p) => ({ meetingId: p.id }),
  ),
  checkIn: view(
    () => import('./CheckIn.svelte'),
    (p) => ({ meetingId: p.id, token: p.token }),
  ),
  linkLanding: view(
    () => import('./LinkLanding.svelte'),
    (p) => ({ token: p.token }),
  ),
};

/** How to load the component of a matched route, and its props; null for `home`. */
export function pageViewOf(route: PageMatch): { load: () => Promise<Component<Props>>; props: Props } | null {
  if (route.name === 'home') return null;
  const { load, props } = PAGE_VIEWS[route.name];
  // TypeScript cannot pair the union's name with its params; matchPage built them together.
  return { load, props: props(route.params) };
}
