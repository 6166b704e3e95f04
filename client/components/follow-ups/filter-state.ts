import { FOLLOW_UP_STATUSES, type FollowUpStatus } from '../../../shared/minutes/layout';
import { followUpFilterQuery, type FollowUpFilters } from '../../../shared/protocol/follow-ups';

/**
 * The dashboard's filters as its address holds them (?opdId=…&seriesId=…&status=open,done&overdue=1),
 * the same names the REST list reads: a link shared by the secretariat opens the same view. What a
 * hand-edited address gets wrong is dropped, never sent on to be refused.
 */
export function filtersFromSearch(search: string): FollowUpFilters {
  const params = new URLSearchParams(search);
  const status = (params.get('status') ?? '').split(',').filter((s): s is FollowUpStatus => (FOLLOW_UP_STATUSES as readonly string[]).includes(s));
  const id = (name: string) => {
    const v = params.get(name)?.trim() ?? '';
    return v && v.length <= 64 ? v : undefined;
  };
  const out: FollowUpFilters = {};
  const opdId = id('opdId');
  const seriesId = id('seriesId');
  if (opdId) out.opdId = opdId;
  if (seriesId) out.seriesId = seriesId;
  // In the order of the statuses, once each: two addresses of the same view read the same.
  if (status.length) out.status = FOLLOW_UP_STATUSES.filter((s) => status.includes(s));
  if (params.get('overdue') === '1' || params.get('overdue') === 'true') out.overdue = true;
  return out;
}

/** The query string of the page's address ('' without filters). */
export const searchOfFilters = (f: FollowUpFilters): string => followUpFilterQuery(f);

export const hasFilters = (f: FollowUpFilters): boolean => !!(f.opdId || f.seriesId || f.status?.length || f.overdue);
