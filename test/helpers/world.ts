import { hashToken, randomToken } from '../../server/auth/crypto';
import { API } from '../../shared/protocol/api';
import type { Meeting, MeetingLink, Opd, Series } from '../../shared/protocol';
import { adminClient, ADMIN, createOpds, meetingInput, opdInput, seriesBody } from '../factories';
import { HttpClient } from './http-client';
import type { TestApp } from './test-app';
import { first, must } from './at';

/**
 * One app populated for the fuzz test and the authorisation matrix: meeting A (the one under
 * test: six OPDs, in the room and remote alternately), meeting B (another meeting, whose roles
 * are strangers to A), meeting C (the fuzz may break it freely), a series with occurrences and
 * a holiday; every link of A and B, and a cookie per role.
 */
export interface World {
  t: TestApp;
  admin: HttpClient;
  opds: Opd[];
  a: Meeting;
  b: Meeting;
  c: Meeting;
  series: Series;
  /** Meetings generated for the series. */
  occurrenceIds: string[];
  holiday: string;
  links: { a: MeetingLink[]; b: MeetingLink[]; c: MeetingLink[] };
  /** The feed tokens the calendar hands the secretariat. */
  opdFeedToken: string;
  seriesFeedToken: string;
}

export const tokenOf = (link: MeetingLink): string => new URL(link.url).pathname.split('/').pop()!;

export async function buildWorld(t: TestApp): Promise<World> {
  const admin = await adminClient(t);
  const opds = await createOpds(admin, ['Dinkes', 'Dinsos', 'Disdik', 'Dishub', 'Bappeda', 'Satpol', 'Bapenda', 'Inspektorat']);
  const camat = (await admin.post<Opd>(API.opds, opdInput('Camat Sangatta', { group: 'Camat', kind: 'kecamatan' }))).body;
  opds.push(camat);
  const post = async (input: unknown) => {
    const res = await admin.post<Meeting>(API.meetings, input);
    if (res.status !== 201) throw new Error(`meeting: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const a = await post(meetingInput(opds.slice(0, 6), { title: 'Rakor A' }));
  const b = await post(meetingInput(opds.slice(6, 8), { title: 'Rakor B' }));
  const c = await post(meetingInput(opds.slice(0, 3), { title: 'Rakor C' }));
  const seriesRes = await admin.post<Series>(
    API.series,
    seriesBody({
      rotation: [
        { kind: 'group', group: 'Asisten I' },
        { kind: 'group', group: 'Camat' },
      ],
      horizonWeeks: 3,
    }),
  );
  if (seriesRes.status !== 201) throw new Error(`series: ${JSON.stringify(seriesRes.body)}`);
  const detail = (await admin.get<{ occurrences: { meetingId: string }[] }>(API.seriesOne(seriesRes.body.id))).body;
  const holiday = '2031-08-17';
  await admin.post(API.holidays, { date: holiday, name: 'HUT RI' });
  const linksOf = async (m: Meeting) => (await admin.get<{ items: MeetingLink[] }>(API.meetingLinks(m.id))).body.items;
  const feeds = (await admin.get<{ items: { opdId: string; url: string }[] }>(API.opdFeeds)).body.items;
  const seriesFeed = (await admin.get<{ url: string }>(API.seriesFeed(seriesRes.body.id))).body.url;
  return {
    t,
    admin,
    opds,
    a,
    b,
    c,
    series: seriesRes.body,
    occurrenceIds: detail.occurrences.map((o) => o.meetingId),
    holiday,
    links: { a: await linksOf(a), b: await linksOf(b), c: await linksOf(c) },
    opdFeedToken: new URL(
      must(
        feeds.find((f) => f.opdId === first(opds, 'OPD').id),
        'the first OPD feed',
      ).url,
    ).searchParams.get('token')!,
    seriesFeedToken: new URL(seriesFeed).searchParams.get('token')!,
  };
}

/** The link of `role` in `links` (participants by speaking position, notulis by index). */
export function linkOf(m: Meeting, links: MeetingLink[], role: string, i = 0): MeetingLink {
  const link =
    role === 'participant' ? links.find((l) => l.participantId === m.participants[i]?.id && !l.revoked) : links.filter((l) => l.role === role && !l.revoked)[i];
  if (!link) throw new Error(`no ${role} link ${i}`);
  return link;
}

/** A session cookie opened through a personal link. */
export async function exchange(t: TestApp, link: MeetingLink): Promise<string> {
  const client = new HttpClient(t.baseUrl);
  const res = await client.post(API.linkExchange, { token: tokenOf(link) });
  if (res.status !== 200) throw new Error(`exchange ${link.role}: ${res.status} ${JSON.stringify(res.body)}`);
  return client.cookie;
}

/** A fresh admin session by password. */
export async function adminLogin(t: TestApp): Promise<string> {
  const client = new HttpClient(t.baseUrl);
  const res = await client.post(API.login, ADMIN);
  if (res.status !== 200) throw new Error(`login: ${res.status}`);
  return client.cookie;
}

/** A cookie whose admin session ran out a second ago (stored as the app stores sessions). */
export async function expiredAdminCookie(t: TestApp, now: number): Promise<string> {
  const token = randomToken();
  const user = await t.store.users.findByUsername(ADMIN.username);
  await t.store.sessions.insert({
    idHash: hashToken(token),
    role: 'admin',
    name: ADMIN.username,
    userId: user?.id ?? null,
    meetingId: null,
    participantId: null,
    linkId: null,
    createdAt: new Date(now - 13 * 3600_000).toISOString(),
    expiresAt: new Date(now - 1000).toISOString(),
  });
  return `rakor_session=${token}`;
}
