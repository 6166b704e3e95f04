import * as Y from 'yjs';
import { MINUTES_PARTS, type FollowUpStatus } from '../../shared/minutes/layout';
import { API } from '../../shared/protocol/api';
import { FOLLOW_UP_API } from '../../shared/protocol/follow-ups';
import type { MeetingLink, Opd, OccurrenceSummary, Series } from '../../shared/protocol';
import { adminClient, seriesBody } from '../factories';
import { at, must } from './at';
import { openCollab } from './collab-client';
import type { ShiftedClock } from './screen-fit';
import { setUpMeeting } from './meeting-people';
import { sessionOf } from './minutes-fixture';
import type { TestApp } from './test-app';
import { eventually } from './wait';

/**
 * The secretariat's dashboard's world: tindak lanjut of two meetings, written as a notulis writes
 * them (the minutes' Y.Doc, which the tracker follows), across three OPDs, every status, overdue
 * and not, one meeting of a series. The integration and e2e tests of the dashboard share it. The
 * server's clock is the world's: the series is planned early in July 2022 (a series plans from its
 * today on), and the secretariat looks at it all on 15 October 2022.
 */

/** The day the secretariat looks: after the P3K item's due date, before the last one's. */
export const LOOKED_AT = '2022-10-15T02:00:00Z';

export interface WorldItem {
  id: string;
  action: string;
  /** Indexes into the world's OPDs (Dinkes, Dinsos, Disdik). */
  owners: number[];
  dueDate: string;
  status: FollowUpStatus;
}

export const P3K = 'Usulkan formasi P3K dalam APBD Perubahan 2022';
/** An action a spreadsheet would run as a formula, were it not written as text. */
export const FORMULA_ACTION = '=HYPERLINK("https://evil.example","klik")';

/** The first meeting (Coffee Morning Asisten I, Monday 13 June 2022, WITA). */
export const FIRST_ITEMS: readonly WorldItem[] = [
  { id: 'p3k', action: P3K, owners: [0, 1], dueDate: '2022-09-30', status: 'open' },
  { id: 'pasar', action: 'Bangun pasar di Sangatta Selatan', owners: [1], dueDate: '', status: 'in_progress' },
  { id: 'makam', action: 'Siapkan lahan pemakaman muslim', owners: [2], dueDate: '2022-07-01', status: 'done' },
  { id: 'batal', action: 'Survei ulang lokasi pasar lama', owners: [0], dueDate: '2022-01-01', status: 'cancelled' },
  { id: 'rumus', action: FORMULA_ACTION, owners: [2], dueDate: '2099-12-31', status: 'open' },
];

/** The series' meeting (Rakor Kesehatan, Monday 11 July 2022). */
export const SERIES_ITEMS: readonly WorldItem[] = [
  { id: 'rsud', action: 'Tambah tempat tidur RSUD', owners: [0], dueDate: '2022-08-31', status: 'done' },
  { id: 'gizi', action: 'Data balita gizi buruk per kecamatan', owners: [0, 1], dueDate: '2022-07-31', status: 'in_progress' },
];

/** The notulis writes `items` into the meeting's minutes; resolves once the tracker holds them all. */
export async function writeFollowUps(t: TestApp, notulis: MeetingLink, meetingId: string, opds: readonly Opd[], items: readonly WorldItem[]): Promise<void> {
  const session = await sessionOf(t, notulis);
  const editor = openCollab(t.baseUrl, session.cookie, meetingId);
  try {
    await editor.synced();
    editor.doc.transact(() => {
      const list = editor.doc.getArray<Y.Map<unknown>>(MINUTES_PARTS.followUps);
      for (const item of items) {
        const f = new Y.Map<unknown>();
        f.set('id', item.id);
        f.set('action', item.action);
        f.set(
          'opdIds',
          item.owners.map((i) => at(opds, i, 'OPD').id),
        );
        f.set('dueDate', item.dueDate);
        f.set('status', item.status);
        list.push([f]);
      }
    });
    await eventually(async () => (await t.store.followUps.forMeeting(meetingId)).length === items.length, { what: 'the items in the tracker' });
  } finally {
    editor.destroy();
  }
}

export async function followUpWorld(t: TestApp, clock: ShiftedClock) {
  clock.setTo('2022-07-04T00:00:00Z');
  const people = await setUpMeeting(t, ['Dinkes', 'Dinsos', 'Disdik']);
  const { admin, opds, meeting, linkFor } = people;
  await writeFollowUps(t, linkFor('notulis', 0), meeting.id, opds, FIRST_ITEMS);

  const series = await admin.post<Series>(
    API.series,
    seriesBody({
      name: 'Rakor Kesehatan',
      startDate: '2022-07-11',
      rotation: [{ kind: 'opds', label: 'Kesehatan', opdIds: [at(opds, 0, 'Dinkes').id, at(opds, 1, 'Dinsos').id] }],
      horizonWeeks: 2,
    }),
  );
  if (series.status !== 201) throw new Error(`series: ${JSON.stringify(series.body)}`);
  const occurrences = (await admin.get<{ occurrences: OccurrenceSummary[] }>(API.seriesOne(series.body.id))).body.occurrences;
  const seriesMeetingId = must(occurrences.find((o) => o.date === '2022-07-11')?.meetingId, 'the series meeting of 11 July 2022');
  const seriesLinks = (await admin.get<{ items: MeetingLink[] }>(API.meetingLinks(seriesMeetingId))).body.items;
  const seriesNotulis = must(
    seriesLinks.find((l) => l.role === 'notulis'),
    'the series notulis link',
  );
  await writeFollowUps(t, seriesNotulis, seriesMeetingId, opds, SERIES_ITEMS);

  // The secretariat's note on the P3K item: the latest note the exports carry.
  const noted = await admin.post(FOLLOW_UP_API.notes(FOLLOW_UP_API.staffBase, meeting.id, 'p3k'), {
    text: 'Usulan formasi dikirim ke BKPSDM.',
    link: 'https://example.go.id/surat-123',
  });
  if (noted.status !== 201) throw new Error(`note: ${JSON.stringify(noted.body)}`);
  clock.setTo(LOOKED_AT);
  // A session of that day: the one of July has long expired.
  return { ...people, admin: await adminClient(t), series: series.body, seriesMeetingId };
}
