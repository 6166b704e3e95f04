import type { Component } from 'svelte';
import type { MessageAreaName } from '../../shared/i18n';
import { PAGE_ROUTES, type PageMatch, type PageName } from '../../shared/protocol/pages';
import { view, type AdminPageName, type PageView, type Props } from './page-view';

/** A page drawn from the first screen's texts alone (app, queue, errors). */
const FIRST_SCREEN: readonly MessageAreaName[] = [];

/** The page of every route but `home`, which App sends on to the page of the session. */
export const PAGE_VIEWS: { [N in Exclude<PageName, 'home' | AdminPageName>]: PageView<N> } = {
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

/** A page to draw: its component and its props, once its chunk (and its texts) came. */
export interface LoadedPage {
  component: Component<Props>;
  props: Props;
}

const isAdminPage = (name: PageName): name is AdminPageName => PAGE_ROUTES[name].access === 'admin';

/** How to load the component of a matched route, with its props; null for `home`. */
export function pageViewOf(route: PageMatch): { load: () => Promise<LoadedPage> } | null {
  const { name, params } = route;
  if (name === 'home') return null;
  // TypeScript cannot pair the union's name with its params; matchPage built them together.
  const draw = async (v: PageView<PageName>) => ({ component: await v.load(), props: v.props(params) });
  if (isAdminPage(name)) return { load: async () => draw((await import('./admin-page-views')).ADMIN_PAGE_VIEWS[name]) };
  return { load: () => draw(PAGE_VIEWS[name]) };
}
