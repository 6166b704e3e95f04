import type { MeetingInput, Opd, OpdInput } from '../../shared/protocol';
import { API } from '../../shared/protocol/api';
import { HttpClient } from '../helpers/http-client';
import type { TestApp } from '../helpers/test-app';

export const ADMIN = { username: 'sekretariat', password: 'kata-sandi-rahasia-123' };

/** An admin client: sets the app up through its one-time setup link. */
export async function adminClient(t: TestApp): Promise<HttpClient> {
  const url = await t.app.setupUrl();
  const client = new HttpClient(t.baseUrl);
  if (url) {
    const token = new URL(url).searchParams.get('token');
    const res = await client.post(API.setup, { token, ...ADMIN });
    if (res.status !== 200) throw new Error(`setup failed: ${JSON.stringify(res.body)}`);
  } else {
    const res = await client.post(API.login, ADMIN);
    if (res.status !== 200) throw new Error(`login failed: ${JSON.stringify(res.body)}`);
  }
  return client;
}

export function opdInput(shortName: string, overrides: Partial<OpdInput> = {}): OpdInput {
  return {
    name: `Dinas ${shortName}`,
    shortName,
    kind: 'dinas',
    group: 'Asisten I',
    headName: `Kepala ${shortName}`,
    headTitle: 'Kepala Dinas',
    whatsapp: '',
    ...overrides,
  };
}

export async function createOpds(client: HttpClient, shortNames: string[]): Promise<Opd[]> {
  const out: Opd[] = [];
  for (const s of shortNames) {
    const res = await client.post<Opd>(API.opds, opdInput(s));
    if (res.status !== 201) throw new Error(`create opd failed: ${JSON.stringify(res.body)}`);
    out.push(res.body);
  }
  return out;
}

export function meetingInput(opds: Opd[], overrides: Partial<MeetingInput> = {}): MeetingInput {
  return {
    title: 'Coffee Morning Asisten I',
    kind: 'Coffee Morning',
    date: '2022-06-13',
    startTime: '08:30',
    endTime: '11:45',
    timeZone: 'Asia/Makassar',
    place: 'Ruang Meranti',
    mode: 'hybrid',
    chairName: 'Kasmidi Bulang',
    chairTitle: 'Wakil Bupati',
    notulis: ['Rina', 'Andi'],
    defaultAllotmentMinutes: 10,
    floorMode: 'floor',
    externalCallUrl: '',
    participants: opds.map((o, i) => ({
      opdId: o.id,
      representativeName: o.headName,
      representativeTitle: o.headTitle,
      representativeWhatsapp: '',
      attendance: i % 2 === 0 ? 'room' : 'remote',
      session: 1,
      allotmentMinutes: null,
    })),
    ...overrides,
  };
}

/**
 * The Kutai Timur Coffee Morning as a series body (seed 000): Mondays 08.30 WITA from 13 June 2022,
 * three hours, chaired by the Wakil Bupati, rotating through Asisten I. Sent as the client sends
 * it (the server fills its defaults); each test overrides what it is about.
 */
export function seriesBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Coffee Morning',
    recurrence: { kind: 'weekly', weekday: 'MO', interval: 1 },
    startDate: '2022-06-13',
    startTime: '08:30',
    durationMinutes: 180,
    timeZone: 'Asia/Makassar',
    chairName: 'Kasmidi Bulang',
    notulis: ['Rina'],
    rotation: [{ kind: 'group', group: 'Asisten I' }],
    ...overrides,
  };
}
