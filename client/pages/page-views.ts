import type { Component } from 'svelte';
import type { MessageAreaName } from '../../shared/i18n';
import type { PageMatch, PageName, PageParams } from '../../shared/protocol/pages';
import { ALL_AREAS, locale } from '../lib/i18n.svelte';

type Props = Record<string, unknown>;

/** A page's module, fetched when the page is first opened: each page is a chunk of its own, so a participant's phone never downloads the admin pages. */
type PageModule<P extends Props> = () => Promise<{ default: Component<P> }>;

/** What a page of shared/protocol/pages.ts draws: a component, given props from the path's parameters. */
export interface PageView<N extends PageName> {
  load: () => Promise<Component<Props>>;
  props: (params: PageParams<N>) => Props;
}

/**
 * Checks the props against the component here; App draws every page the same way. A page comes
 * with the texts it needs (the first screen's areas are always there): the admin's pages take
 * them all; the meeting page's screens ask for their own.
 */
function view<N extends PageName, P extends Props>(
  module: PageModule<P>,
  props: (params: PageParams<N>) => P,
  areas: readonly MessageAreaName[] = ALL_AREAS,
): PageView<N> {
  return {
    load: async () => {
      const [loaded] = await Promise.all([module(), locale.need(areas)]);
      return loaded.default as unknown as Component<Props>;
    },
    props,
  };
}

/** A page drawn from the first screen's texts alone (app, queue, errors). */
const FIRST_SCREEN: readonly MessageAreaName[] = [];

/** The page of every route but `home`, which App sends on to the page of the session. */
export const PAGE_VIEWS: { [N in Exclude<PageName, 'home'>]: PageView<N> } = {
  setup: view(
    () => import('./Setup.svelte'),
    () => ({}),
    ['admin'],
  ),
  login: view(
    () => import('./Login.svelte'),
    () => ({}),
    ['admin'],
  ),
  // The home's link to the tindak lanjut says what it holds, in the tracker's words.
  adminHome: view(
    () => import('./AdminHome.svelte'),
    () => ({}),
    [...ALL_AREAS, 'followUps'],
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
  letterhead: view(
    () => import('./LetterheadSettings.svelte'),
    () => ({}),
  ),
  followUpsAdmin: view(
    () => import('./FollowUpsAdmin.svelte'),
    () => ({}),
    [...ALL_AREAS, 'followUps'],
  ),
  // Each role's screen asks for its own texts (MeetingPage.svelte).
  meetingView: view(
    () => import('./MeetingPage.svelte'),
    (p) => ({ meetingId: p.id }),
    FIRST_SCREEN,
  ),
  meetingRoom: view(
    () => import('./MeetingRoom.svelte'),
    (p) => ({ meetingId: p.id }),
  ),
  checkInPoster: view(
    () => import('./CheckInPoster.svelte'),
    (p) => ({ meetingId: p.id }),
    ['attendance'],
  ),
  checkIn: view(
    () => import('./CheckIn.svelte'),
    (p) => ({ meetingId: p.id, token: p.token }),
    ['attendance'],
  ),
  myFollowUps: view(
    () => import('./OpdFollowUps.svelte'),
    (p) => ({ meetingId: p.id }),
    ['followUps', 'minutes'],
  ),
  opdPage: view(
    () => import('./OpdFollowUps.svelte'),
    (p) => ({ token: p.token }),
    ['followUps', 'minutes'],
  ),
  linkLanding: view(
    () => import('./LinkLanding.svelte'),
    (p) => ({ token: p.token }),
    FIRST_SCREEN,
  ),
};

/** How to load the component of a matched route, and its props; null for `home`. */
export function pageViewOf(route: PageMatch): { load: () => Promise<Component<Props>>; props: Props } | null {
  if (route.name === 'home') return null;
  const { load, props } = PAGE_VIEWS[route.name];
  // TypeScript cannot pair the union's name with its params; matchPage built them together.
  return { load, props: props(route.params) };
}
