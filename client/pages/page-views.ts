import type { Component } from 'svelte';
import type { PageMatch, PageName, PageParams } from '../../shared/protocol/pages';
import AdminHome from './AdminHome.svelte';
import Calendar from './Calendar.svelte';
import CheckIn from './CheckIn.svelte';
import CheckInPoster from './CheckInPoster.svelte';
import Directory from './Directory.svelte';
import DirectoryImport from './DirectoryImport.svelte';
import Holidays from './Holidays.svelte';
import LinkLanding from './LinkLanding.svelte';
import Login from './Login.svelte';
import MeetingEdit from './MeetingEdit.svelte';
import MeetingLinks from './MeetingLinks.svelte';
import MeetingPage from './MeetingPage.svelte';
import MeetingRoom from './MeetingRoom.svelte';
import SeriesEdit from './SeriesEdit.svelte';
import SeriesList from './SeriesList.svelte';
import Setup from './Setup.svelte';

type Props = Record<string, unknown>;

/** What a page of shared/protocol/pages.ts draws: a component, given props from the path's parameters. */
export interface PageView<N extends PageName> {
  component: Component<Props>;
  props: (params: PageParams<N>) => Props;
}

/** Checks the props against the component here; App draws every page the same way. */
function view<N extends PageName, P extends Props>(component: Component<P>, props: (params: PageParams<N>) => P): PageView<N> {
  return { component: component as unknown as Component<Props>, props };
}

/** The page of every route but `home`, which App sends on to the page of the session. */
export const PAGE_VIEWS: { [N in Exclude<PageName, 'home'>]: PageView<N> } = {
  setup: view(Setup, () => ({})),
  login: view(Login, () => ({})),
  adminHome: view(AdminHome, () => ({})),
  directory: view(Directory, () => ({})),
  directoryImport: view(DirectoryImport, () => ({})),
  meetingNew: view(MeetingEdit, () => ({ meetingId: null })),
  meetingEdit: view(MeetingEdit, (p) => ({ meetingId: p.id })),
  meetingLinks: view(MeetingLinks, (p) => ({ meetingId: p.id })),
  calendar: view(Calendar, () => ({})),
  seriesList: view(SeriesList, () => ({})),
  seriesNew: view(SeriesEdit, () => ({ seriesId: null })),
  seriesEdit: view(SeriesEdit, (p) => ({ seriesId: p.id })),
  holidays: view(Holidays, () => ({})),
  meetingView: view(MeetingPage, (p) => ({ meetingId: p.id })),
  meetingRoom: view(MeetingRoom, (p) => ({ meetingId: p.id })),
  checkInPoster: view(CheckInPoster, (p) => ({ meetingId: p.id })),
  checkIn: view(CheckIn, (p) => ({ meetingId: p.id, token: p.token })),
  linkLanding: view(LinkLanding, (p) => ({ token: p.token })),
};

/** The component and props of a matched route; null for `home`. */
export function pageViewOf(route: PageMatch): { component: Component<Props>; props: Props } | null {
  if (route.name === 'home') return null;
  const { component, props } = PAGE_VIEWS[route.name];
  // TypeScript cannot pair the union's name with its params; matchPage built them together.
  return { component, props: props(route.params) };
}
