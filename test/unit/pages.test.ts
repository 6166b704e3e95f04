import { describe, expect, it } from 'vitest';
import { PAGE_ROUTES, PAGES, matchPage, pagePath, type PageName } from '../../shared/protocol/pages';

const ID = '3f2c1a9e-7b4d-4e21-9c55-0a1b2c3d4e5f';
const TOKEN = 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5';

describe('the one table of client pages', () => {
  it('every page matches the path built for it, with its parameters', () => {
    for (const name of Object.keys(PAGE_ROUTES) as PageName[]) {
      const keys = [...PAGE_ROUTES[name].pattern.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '');
      const params: Record<string, string> = Object.fromEntries(keys.map((key) => [key, key === 'token' ? TOKEN : ID]));
      const path = pagePath(name, params as never);
      expect(matchPage(path), path).toEqual({ name, params });
    }
  });

  it('PAGES spells the paths the server and the links have always used', () => {
    expect(PAGES.adminHome).toBe('/admin');
    expect(PAGES.meetingNew).toBe('/admin/meetings/new');
    expect(PAGES.meetingLinks(ID)).toBe(`/admin/meetings/${ID}/links`);
    expect(PAGES.meetingView(ID)).toBe(`/m/${ID}`);
    expect(PAGES.checkIn(ID, TOKEN)).toBe(`/m/${ID}/hadir/${TOKEN}`);
    expect(PAGES.linkLanding(TOKEN)).toBe(`/l/${TOKEN}`);
  });

  const rows: [path: string, expected: ReturnType<typeof matchPage>][] = [
    ['/', { name: 'home', params: {} }],
    ['/admin/', { name: 'adminHome', params: {} }],
    ['/admin/meetings/new', { name: 'meetingNew', params: {} }],
    ['/admin/series/new', { name: 'seriesNew', params: {} }],
    [`/admin/series/${ID}`, { name: 'seriesEdit', params: { id: ID } }],
    [`/m/${ID}/hadir`, { name: 'checkInPoster', params: { id: ID } }],
    ['/m/a%20b', { name: 'meetingView', params: { id: 'a b' } }],
    ['/m/%E0%A4%A', null],
    ['/m', null],
    [`/m/${ID}/elsewhere`, null],
    ['/admin/meetings', null],
  ];
  it.each(rows)('%s', (path, expected) => {
    expect(matchPage(path)).toEqual(expected);
  });
});
