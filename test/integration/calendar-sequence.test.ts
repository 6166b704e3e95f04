import fs from 'node:fs';
import ical, { type VEvent } from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/protocol/api';
import { seriesInputSchema, type Meeting, type MeetingInput, type Opd, type OpdFeed } from '../../shared/protocol';
import { migrationProvider } from '../../server/store/migrations';
import { createMigrator } from '../../server/store/sql-repositories';
import { adminClient, createOpds, meetingInput, seriesBody } from '../factories';
import { HttpClient } from '../helpers/http-client';
import { ManualClock } from '../helpers/manual-clock';

/** The database as this test sees it: the schema changes under it (0009, then latest), so no columns are fixed. */
type OldSchema = Record<string, Record<string, unknown>>;
import { startTestApp, type TestApp } from '../helpers/test-app';
import { emptyDatabase } from '../helpers/test-store';
import { at, atLeast, get, only } from '../helpers/at';

/** Friday 10 June 2022, 08.00 WITA. */
const NOW = Date.parse('2022-06-10T00:00:00Z');
const MINUTE = 60_000;

function onlyEvent(ics: string): VEvent {
  const events = Object.values(ical.sync.parseICS(ics)).filter((c): c is VEvent => !!c && c.type === 'VEVENT');
  expect(events).toHaveLength(1);
  return only(events, 'VEVENT');
}

/** SEQUENCE and LAST-MODIFIED as a calendar app reads them back. */
const revision = (e: VEvent) => ({ sequence: Number(e.sequence ?? 0), lastModified: e.lastmodified?.toISOString() ?? null, status: e.status ?? null });

describe('calendar files follow a moved or cancelled meeting', () => {
  let t: TestApp;
  let clock: ManualClock;
  let admin: HttpClient;
  let opds: Opd[];

  beforeAll(async () => {
    clock = new ManualClock(NOW);
    t = await startTestApp({ clock });
    admin = await adminClient(t);
    opds = await createOpds(admin, ['Dinkes', 'Dinsos']);
  });
  afterAll(async () => {
    await t.close();
    // After the restart the app runs on a folder it was given, which close() leaves in place.
    fs.rmSync(t.dataDir, { recursive: true, force: true });
  });

  const nowIso = () => new Date(clock.ms).toISOString();
  async function feeds(m: Meeting, seriesId: string | null) {
    const person = new HttpClient(t.baseUrl);
    const opdFeed = (await admin.get<{ items: OpdFeed[] }>(API.opdFeeds)).body.items.find((f) => f.opdId === at(opds, 0, 'OPD').id)!.url;
    const files: Record<string, string> = {
      invite: (await admin.getText(API.meetingInviteIcs(m.id))).body,
      invitation: (await admin.getText(API.meetingInviteIcs(m.id, at(m.participants, 0, 'participant').id))).body,
    };
    const opd = Object.values(ical.sync.parseICS((await person.getText(new URL(opdFeed).pathname + new URL(opdFeed).search)).body));
    const opdEvent = opd.find((c): c is VEvent => !!c && c.type === 'VEVENT' && c.uid === `rakor-${m.id}-${at(m.participants, 0, 'participant').id}@rakor`);
    expect(opdEvent).toBeDefined();
    const revisions = [
      revision(onlyEvent(get(files, 'invite', 'invite.ics'))),
      revision(onlyEvent(get(files, 'invitation', 'participant invitation'))),
      revision(opdEvent!),
    ];
    if (seriesId) {
      const { url } = (await admin.get<{ url: string }>(API.seriesFeed(seriesId))).body;
      revisions.push(revision(onlyEvent((await person.getText(new URL(url).pathname + new URL(url).search)).body)));
    }
    // Every file of the meeting says the same.
    const [first] = atLeast(revisions, 1, 'revision');
    for (const r of revisions) expect(r).toEqual(first);
    return first;
  }

  it('E6 I4 SEQUENCE rises when the date, time, place or sesi of a meeting changes, and only then; LAST-MODIFIED is its stored updated-at', async () => {
    const input: MeetingInput = meetingInput(opds, { date: '2022-06-20' });
    const created = (await admin.post<Meeting>(API.meetings, input)).body;
    const first = await feeds(created, null);
    expect(first).toEqual({ sequence: first.sequence, lastModified: nowIso(), status: 'CONFIRMED' });
    const s0 = first.sequence;
    expect(await t.store.meetings.calendarSequence(created.id)).toBe(s0);
    const put = async (change: Partial<MeetingInput>) => {
      clock.advance(5 * MINUTE);
      const res = await admin.put<Meeting>(API.meeting(created.id), {
        ...input,
        ...change,
        participants: created.participants.map((p, i) => ({ ...input.participants[i], id: p.id, ...(change.participants?.[i] ?? {}) })),
      });
      expect(res.status).toBe(200);
      Object.assign(input, change);
      return res.body;
    };

    // A new title or allotment is not a move: the same revision, newer content.
    let m = await put({ title: 'Coffee Morning (judul baru)', defaultAllotmentMinutes: 12 });
    expect(await feeds(m, null)).toEqual({ sequence: s0, lastModified: nowIso(), status: 'CONFIRMED' });
    m = await put({ startTime: '09:00' });
    expect(await feeds(m, null)).toEqual({ sequence: s0 + 1, lastModified: nowIso(), status: 'CONFIRMED' });
    m = await put({ date: '2022-06-21' });
    expect((await feeds(m, null)).sequence).toBe(s0 + 2);
    m = await put({ place: 'Ruang Tempudau' });
    expect((await feeds(m, null)).sequence).toBe(s0 + 3);
    m = await put({
      sessions: [
        { number: 1, startTime: '09:00', endTime: '10:30' },
        { number: 2, startTime: '10:30', endTime: '11:45' },
      ],
    });
    expect((await feeds(m, null)).sequence).toBe(s0 + 4);
    // Dinsos into sesi 2: its invitation takes another window.
    m = await put({ participants: [at(input.participants, 0, 'participant'), { ...at(input.participants, 1, 'participant'), session: 2 }] });
    expect((await feeds(m, null)).sequence).toBe(s0 + 5);
    // Saving it again unchanged raises nothing, and a restart keeps what was stored.
    m = await put({});
    const before = await feeds(m, null);
    expect(before.sequence).toBe(s0 + 5);
    await t.stop();
    t = await startTestApp({ clock, dataDir: t.dataDir });
    admin = await adminClient(t);
    expect(await feeds(m, null)).toEqual(before);
  });

  it('E6 I4 S14 cancelling an occurrence raises its SEQUENCE and LAST-MODIFIED in invite.ics and in the OPD and series feeds', async () => {
    const m = (await admin.post<Meeting>(API.meetings, meetingInput(opds, { title: 'Coffee Morning Asisten I', date: '2022-06-27' }))).body;
    const input = seriesInputSchema.parse(seriesBody());
    await t.store.schedule.insertSeries({ id: 'seri-e6', input, archivedAt: null, createdAt: nowIso(), updatedAt: nowIso() });
    await t.store.schedule.insertOccurrence({
      meetingId: m.id,
      seriesId: 'seri-e6',
      date: m.date,
      groupLabel: 'Asisten I',
      extra: false,
      detached: false,
      cancelled: false,
      movedFrom: null,
    });
    const planned = await feeds(m, 'seri-e6');
    expect(planned).toEqual({ sequence: planned.sequence, lastModified: nowIso(), status: 'CONFIRMED' });

    clock.advance(30 * MINUTE);
    expect((await admin.post(API.meetingCancel(m.id))).status).toBe(200);
    expect(await feeds(m, 'seri-e6')).toEqual({ sequence: planned.sequence + 1, lastModified: nowIso(), status: 'CANCELLED' });
    // Cancelling again is no new revision.
    clock.advance(5 * MINUTE);
    expect((await admin.post(API.meetingCancel(m.id))).status).toBe(200);
    expect((await feeds(m, 'seri-e6')).sequence).toBe(planned.sequence + 1);
  });
});

describe('the migration to a stored SEQUENCE', () => {
  it('E6 a meeting stored before it keeps the SEQUENCE its files carried (minutes from 2020 to updated_at), so the next change still counts', async () => {
    const empty = await emptyDatabase<OldSchema>();
    const { db } = empty;
    try {
      const migrator = await createMigrator(db, empty.dialect);
      const names = Object.keys(await migrationProvider(empty.dialect).getMigrations()).sort();
      const mine = names.indexOf('0010_meeting_calendar_sequence');
      expect((await migrator.migrateTo(at(names, mine - 1, 'migration before 0010'))).error).toBeUndefined();
      const updatedAt = '2022-06-10T08:07:59.999Z';
      await db
        .insertInto('meetings')
        .values({
          id: 'lama',
          title: 'Rakor lama',
          kind: 'Rakor',
          date: '2022-06-13',
          start_time: '08:30',
          end_time: '11:45',
          time_zone: 'Asia/Makassar',
          place: 'Ruang Meranti',
          mode: 'room',
          chair_name: 'Kasmidi Bulang',
          chair_title: '',
          notulis_json: '["Rina"]',
          default_allotment_minutes: 10,
          floor_mode: 'floor',
          created_at: updatedAt,
          updated_at: updatedAt,
        })
        .execute();
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const row = await db.selectFrom('meetings').select('ics_sequence').where('id', '=', 'lama').executeTakeFirstOrThrow();
      // What the files said before: floor((updated_at - 2020-01-01) / 1 minute).
      expect(row.ics_sequence).toBe(Math.floor((Date.parse(updatedAt) - Date.UTC(2020, 0, 1)) / MINUTE));
    } finally {
      await empty.drop();
    }
  });
});
