import { ALL_AREAS } from '../lib/i18n.svelte';
import { view, type AdminPageName, type PageView } from './page-view';

/**
 * The secretariat's pages, in a chunk of their own that only an admin route fetches: the first
 * screen of a participant's phone carries the table of its own pages, not of these.
 */
export const ADMIN_PAGE_VIEWS: { [N in AdminPageName]: PageView<N> } = {
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
};
