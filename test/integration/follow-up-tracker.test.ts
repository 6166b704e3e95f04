import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { API } from '../../shared/protocol/api';
import type { Meeting, MeetingLink } from '../../shared/protocol';
import { MINUTES_PARTS } from '../../shared/minutes/layout';
import { readFollowUps } from '../../shared/minutes/schema';
import { FOLLOW_UP_API, MAX_ATTACHMENT_BYTES, type CarriedFollowUp, type FollowUpDetail, type TrackedFollowUp } from '../../shared/protocol/follow-ups';
import { meetingInput } from '../factories';
import { minutesFixture, sessionOf } from '../helpers/minutes-fixture';
import { errorOf, HttpClient } from '../helpers/http-client';
import { setUpMeeting } from '../helpers/meeting-people';
import { eventually } from '../helpers/wait';
import { at, must } from '../helpers/at';
import type { TestApp } from '../helpers/test-app';

const { app, collab } = minutesFixture();

const P3K = 'Usulkan formasi P3K dalam APBD Perubahan 2022';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** A meeting with Dinkes, Dinsos and Disdik whose notulis writes one tindak lanjut for Dinkes and Dinsos. */
async function meetingWithFollowUp(t: TestApp) {
  const people = await setUpMeeting(t);
  const { meeting, linkFor, opds } = people;
  const notulis = await sessionOf(t, linkFor('notulis', 0));
  const editor = collab(t, notulis.cookie, meeting.id);
  await editor.synced();
  editor.doc.transact(() => {
    const f = new Y.Map<unknown>();
    f.set('id', 'p3k');
    f.set('action', P3K);
    f.set('opdIds', [at(opds, 0, 'OPD').id, at(opds, 1, 'OPD').id]);
    f.set('dueDate', '2022-09-30');
    f.set('status', 'open');
    editor.doc.getArray<Y.Map<unknown>>(MINUTES_PARTS.followUps).push([f]);
  });
  await eventually(async () => (await t.store.followUps.forMeeting(meeting.id)).length === 1, { what: 'the item in the tracker' });
  return { ...people, notulis, editor };
}

/** A later meeting of the same OPDs, with its links. */
async function laterMeeting(t: TestApp, admin: HttpClient, first: Meeting, date = '2022-06-20') {
  const input = meetingInput([], { title: 'Coffee Morning Asisten I, pekan 2', date });
  input.participants = first.participants.map((p) => ({ ...p, id: undefined }));
  const meeting = (await admin.post<Meeting>(API.meetings, input)).body;
  const links = (await admin.get<{ items: MeetingLink[] }>(API.meetingLinks(meeting.id))).body.items;
  const chair = await sessionOf(
    t,
    must(
      links.find((l) => l.role === 'chair'),
      'chair link',
    ),
  );
  return { meeting, links, chair };
}

function form(fields: Record<string, string>, file?: { bytes: Buffer; name: string; type: string }): FormData {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  if (file) body.set('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  return body;
}

async function postForm(client: HttpClient, path: string, body: FormData, headers: Record<string, string> = {}) {
  const res = await fetch(`${client.baseUrl}${path}`, { method: 'POST', body, headers: { ...(client.cookie ? { cookie: client.cookie } : {}), ...headers } });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as unknown };
}

const codeOf = (res: { body: unknown }) => (res.body as { error: { code: string; message: string } }).error;

describe('the tracker of tindak lanjut across meetings', () => {
  it('FT2 an item written in the minutes is tracked; its OPD reports progress through its personal link; the secretariat sees it and a draft of the minutes takes the status', async () => {
    const t = await app();
    const { admin, meeting, linkFor, editor } = await meetingWithFollowUp(t);
    const dinkes = await sessionOf(t, linkFor('participant', 0));

    const mine = await dinkes.get<{ items: TrackedFollowUp[] }>(`/api/meetings/${meeting.id}/my-follow-ups`);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((i) => [i.action, i.status, i.opdShortNames, i.meetingTitle])).toEqual([[P3K, 'open', ['Dinkes', 'Dinsos'], meeting.title]]);

    const base = FOLLOW_UP_API.participantBase(meeting.id);
    const sent = await postForm(
      dinkes,
      FOLLOW_UP_API.notes(base, meeting.id, 'p3k'),
      form(
        { text: 'Usulan formasi sudah dikirim ke BKPSDM.', status: 'in_progress', link: 'https://example.go.id/surat-123' },
        { bytes: PDF, name: 'surat usulan.pdf', type: 'application/pdf' },
      ),
    );
    expect(sent.status).toBe(201);
    const detail = sent.body as FollowUpDetail;
    expect(detail.status).toBe('in_progress');
    const note = at(detail.notes, 0, 'note');
    expect(note).toMatchObject({ authorName: 'Dinkes (Kepala Dinkes)', statusFrom: 'open', statusTo: 'in_progress', link: 'https://example.go.id/surat-123' });
    expect(note.file).toMatchObject({ name: 'surat usulan.pdf', mime: 'application/pdf', sizeBytes: PDF.length });

    // The secretariat's list and the file, byte for byte.
    const listed = await admin.get<{ items: TrackedFollowUp[] }>(`${FOLLOW_UP_API.list}?status=in_progress`);
    expect(listed.body.items.map((i) => [i.id, i.status, i.noteCount, i.updatedBy])).toEqual([['p3k', 'in_progress', 1, 'Dinkes (Kepala Dinkes)']]);
    const file = await admin.getBuffer(FOLLOW_UP_API.noteFile(FOLLOW_UP_API.staffBase, meeting.id, 'p3k', note.id));
    expect([file.status, file.headers.get('content-type'), file.body.equals(PDF)]).toEqual([200, 'application/pdf', true]);

    // The notulis's editor shows the new status, as a server edit.
    await eventually(() => readFollowUps(editor.doc)[0]?.status === 'in_progress', { what: 'the minutes take the status' });
    // And the notulis's own change goes the other way.
    editor.doc.transact(() => editor.doc.getArray<Y.Map<unknown>>(MINUTES_PARTS.followUps).get(0).set('dueDate', '2022-10-31'));
    await eventually(async () => (await t.store.followUps.get(meeting.id, 'p3k'))?.dueDate === '2022-10-31', { what: 'the tracker takes the due date' });
    expect((await t.store.followUps.get(meeting.id, 'p3k'))?.status).toBe('in_progress');
  });

  it('FT3 a later meeting brings the item back to its chair with its status; closing it is recorded once, with who', async () => {
    const t = await app();
    const { admin, meeting } = await meetingWithFollowUp(t);
    const next = await laterMeeting(t, admin, meeting);
    const previous = await next.chair.get<{ items: CarriedFollowUp[] }>(FOLLOW_UP_API.previous(next.meeting.id));
    expect(previous.status).toBe(200);
    expect(previous.body.items.map((i) => [i.action, i.status, i.meetingId, i.decision])).toEqual([[P3K, 'open', meeting.id, null]]);
    // The first meeting itself, and a meeting dated before it, bring nothing back.
    const first = await sessionOf(
      t,
      must(
        (await admin.get<{ items: MeetingLink[] }>(API.meetingLinks(meeting.id))).body.items.find((l) => l.role === 'chair'),
        'chair',
      ),
    );
    expect((await first.get<{ items: CarriedFollowUp[] }>(FOLLOW_UP_API.previous(meeting.id))).body.items).toEqual([]);

    const closed = await next.chair.post<{ items: CarriedFollowUp[] }>(FOLLOW_UP_API.review(next.meeting.id), {
      fromMeetingId: meeting.id,
      followUpId: 'p3k',
      decision: 'closed',
    });
    expect(closed.status).toBe(200);
    expect(closed.body.items.map((i) => [i.status, i.decision, i.decidedBy])).toEqual([['done', 'closed', 'Kasmidi Bulang']]);
    const again = await next.chair.post(FOLLOW_UP_API.review(next.meeting.id), { fromMeetingId: meeting.id, followUpId: 'p3k', decision: 'carried' });
    expect([again.status, errorOf(again).code, errorOf(again).message]).toEqual([
      409,
      'conflict',
      'This follow-up was closed in this meeting already, by Kasmidi Bulang.',
    ]);
    expect(await t.store.followUps.reviews(next.meeting.id)).toHaveLength(1);
    // The history says so, and the item stays on the later meeting's list though it is closed.
    const detail = await admin.get<FollowUpDetail>(FOLLOW_UP_API.item(FOLLOW_UP_API.staffBase, meeting.id, 'p3k'));
    expect(detail.body.notes.map((n) => [n.authorName, n.statusTo])).toEqual([['Kasmidi Bulang', 'done']]);
    expect((await next.chair.get<{ items: CarriedFollowUp[] }>(FOLLOW_UP_API.previous(next.meeting.id))).body.items).toHaveLength(1);

    // Bad input and the wrong role change nothing.
    const bad = await next.chair.post(FOLLOW_UP_API.review(next.meeting.id), { fromMeetingId: meeting.id, followUpId: 'p3k', decision: 'forgotten' });
    expect([bad.status, errorOf(bad).code]).toEqual([400, 'bad_request']);
    const participant = await sessionOf(
      t,
      must(
        next.links.find((l) => l.role === 'participant'),
        'participant',
      ),
    );
    const refused = await participant.post(FOLLOW_UP_API.review(next.meeting.id), { fromMeetingId: meeting.id, followUpId: 'p3k', decision: 'carried' });
    expect([refused.status, errorOf(refused).code]).toEqual([403, 'forbidden']);
    expect((await participant.get(FOLLOW_UP_API.previous(next.meeting.id))).status).toBe(403);
  });

  it('FT4 an OPD sees and edits only its own items; the standing page link opens them until it is revoked', async () => {
    const t = await app();
    const { admin, meeting, linkFor, opds } = await meetingWithFollowUp(t);
    const disdik = await sessionOf(t, linkFor('participant', 2));
    expect((await disdik.get<{ items: TrackedFollowUp[] }>(`/api/meetings/${meeting.id}/my-follow-ups`)).body.items).toEqual([]);
    const base = FOLLOW_UP_API.participantBase(meeting.id);
    expect(errorOf(await disdik.get(FOLLOW_UP_API.item(base, meeting.id, 'p3k'))).code).toBe('not_found');
    const foreign = await disdik.post(FOLLOW_UP_API.notes(base, meeting.id, 'p3k'), { text: 'Sudah selesai', status: 'done' });
    expect([foreign.status, errorOf(foreign).code]).toEqual([404, 'not_found']);
    expect(await t.store.followUps.notes(meeting.id, 'p3k')).toEqual([]);
    // A participant is no secretariat, and nobody without a session is anyone.
    expect((await disdik.get(FOLLOW_UP_API.list)).status).toBe(403);
    expect((await new HttpClient(t.baseUrl).get(FOLLOW_UP_API.list)).status).toBe(401);

    const dinsos = at(opds, 1, 'Dinsos');
    const created = await admin.post<{ url: string }>(FOLLOW_UP_API.pageLink(dinsos.id));
    expect(created.status).toBe(201);
    const token = must(created.body.url.split('/opd/')[1], 'token');
    const anyone = new HttpClient(t.baseUrl);
    const page = await anyone.get<{ opd: { shortName: string }; items: TrackedFollowUp[] }>(FOLLOW_UP_API.page(token));
    expect([page.status, page.body.opd.shortName, page.body.items.map((i) => i.id)]).toEqual([200, 'Dinsos', ['p3k']]);
    const viaPage = await anyone.post<FollowUpDetail>(FOLLOW_UP_API.notes(FOLLOW_UP_API.pageBase(token), meeting.id, 'p3k'), {
      text: 'Data penerima bansos P3K diverifikasi.',
    });
    expect([viaPage.status, at(viaPage.body.notes, 0, 'note').authorName]).toEqual([201, 'Dinsos']);
    expect((await admin.get<{ active: boolean }>(FOLLOW_UP_API.pageLink(dinsos.id))).body.active).toBe(true);

    // A new link replaces the old; a revoked one is refused with a message a person can act on.
    const renewed = await admin.post<{ url: string }>(FOLLOW_UP_API.pageLink(dinsos.id));
    const old = await anyone.get(FOLLOW_UP_API.page(token));
    expect([old.status, errorOf(old).code, errorOf(old).message]).toEqual([
      410,
      'link_revoked',
      'This OPD page link no longer works. Ask the secretariat for a new one.',
    ]);
    const fresh = must(renewed.body.url.split('/opd/')[1], 'token');
    expect((await anyone.get(FOLLOW_UP_API.page(fresh))).status).toBe(200);
    expect((await admin.request('DELETE', FOLLOW_UP_API.pageLink(dinsos.id))).body).toEqual({ revoked: 1 });
    expect((await anyone.get(FOLLOW_UP_API.page(fresh))).status).toBe(410);
    const late = await anyone.post(FOLLOW_UP_API.notes(FOLLOW_UP_API.pageBase(fresh), meeting.id, 'p3k'), { text: 'terlambat' });
    expect(late.status).toBe(410);
    expect((await anyone.get(FOLLOW_UP_API.page('x'.repeat(43)))).status).toBe(410);
    expect(await t.store.followUps.notes(meeting.id, 'p3k')).toHaveLength(1);
  });

  it('FT5 a file over the limit or of a refused type gets a clear 4xx and nothing is stored; so does a form from another site', async () => {
    const t = await app();
    const { meeting, linkFor } = await meetingWithFollowUp(t);
    const dinkes = await sessionOf(t, linkFor('participant', 0));
    const path = FOLLOW_UP_API.notes(FOLLOW_UP_API.participantBase(meeting.id), meeting.id, 'p3k');
    const stored = async () => [(await t.store.followUps.notes(meeting.id, 'p3k')).length, (await t.store.followUps.get(meeting.id, 'p3k'))?.status];

    const big = Buffer.concat([PDF, Buffer.alloc(MAX_ATTACHMENT_BYTES)]);
    const tooBig = await postForm(dinkes, path, form({ text: 'Paparan', status: 'done' }, { bytes: big, name: 'paparan.pdf', type: 'application/pdf' }));
    expect([tooBig.status, codeOf(tooBig).code]).toEqual([413, 'too_large']);
    expect(codeOf(tooBig).message).toContain('at most 10 MB');

    const script = await postForm(
      dinkes,
      path,
      form({ text: 'Laporan', status: 'done' }, { bytes: Buffer.from('#!/bin/sh\necho hi\n'), name: 'laporan.pdf', type: 'application/pdf' }),
    );
    expect([script.status, codeOf(script).code, codeOf(script).message]).toEqual([
      415,
      'unsupported_type',
      'This type of file is not accepted: upload a PDF, PNG or JPEG.',
    ]);

    const badLink = await postForm(dinkes, path, form({ text: 'Laporan', link: 'javascript:alert(1)' }));
    expect([badLink.status, codeOf(badLink).code]).toEqual([400, 'bad_request']);
    const empty = await postForm(dinkes, path, form({ text: '  ' }));
    expect([empty.status, codeOf(empty).code]).toEqual([400, 'bad_request']);

    const crossSite = await postForm(dinkes, path, form({ text: 'Laporan', status: 'done' }), { origin: 'https://evil.example' });
    expect([crossSite.status, codeOf(crossSite).code]).toEqual([403, 'forbidden']);
    const textPlain = await dinkes.request('POST', path, 'text=x', { 'content-type': 'text/plain' });
    expect(textPlain.status).toBe(415);

    expect(await stored()).toEqual([0, 'open']);
    expect(await t.store.followUps.fileCount()).toBe(0);
  });

  it('FT6 finalised minutes keep the status they were finalised with; the tracker goes on; a reopen brings it into the draft', async () => {
    const t = await app();
    const { admin, meeting, notulis, linkFor } = await meetingWithFollowUp(t);
    expect((await notulis.post(API.minutesFinalize(meeting.id))).status).toBe(200);
    const dinkes = await sessionOf(t, linkFor('participant', 0));
    const done = await dinkes.post<FollowUpDetail>(FOLLOW_UP_API.notes(FOLLOW_UP_API.participantBase(meeting.id), meeting.id, 'p3k'), {
      text: 'Formasi masuk APBD-P.',
      status: 'done',
    });
    expect([done.status, done.body.status]).toEqual([201, 'done']);
    const md = await admin.getText(API.minutesExport(meeting.id, 'md'));
    expect(md.body).toContain('Belum');
    expect(md.body).not.toContain('Selesai |');
    expect((await admin.post(API.minutesReopen(meeting.id))).status).toBe(200);
    await eventually(async () => (await admin.getText(API.minutesExport(meeting.id, 'md'))).body.includes('Selesai'), {
      what: 'the reopened draft takes the status',
    });
    expect((await t.store.followUps.get(meeting.id, 'p3k'))?.status).toBe('done');
  });
});

describe('the minutes of a later meeting', () => {
  it('FT7 list the earlier items with their status as of that meeting; the finalised minutes keep it while the tracker goes on', async () => {
    const t = await app();
    const { admin, meeting, linkFor } = await meetingWithFollowUp(t);
    const next = await laterMeeting(t, admin, meeting);
    const dinkes = await sessionOf(t, linkFor('participant', 0));
    await dinkes.post(FOLLOW_UP_API.notes(FOLLOW_UP_API.participantBase(meeting.id), meeting.id, 'p3k'), {
      text: 'Dalam pembahasan TAPD.',
      status: 'in_progress',
    });
    await next.chair.post(FOLLOW_UP_API.review(next.meeting.id), { fromMeetingId: meeting.id, followUpId: 'p3k', decision: 'carried' });

    const md = (await admin.getText(API.minutesExport(next.meeting.id, 'md'))).body;
    expect(md).toContain('## Tindak lanjut rapat sebelumnya');
    const row = must(
      md.split('\n').find((l) => l.includes(P3K)),
      'the row of the item',
    );
    for (const cell of ['Coffee Morning Asisten I, 13 Juni 2022', 'Dinkes, Dinsos', '30 September 2022', 'Dalam proses (dilanjutkan oleh Kasmidi Bulang)'])
      expect(row).toContain(cell);
    // The first meeting's own minutes have no such section.
    expect((await admin.getText(API.minutesExport(meeting.id, 'md'))).body).not.toContain('rapat sebelumnya');

    expect((await next.chair.post(API.minutesFinalize(next.meeting.id))).status).toBe(200);
    await dinkes.post(FOLLOW_UP_API.notes(FOLLOW_UP_API.participantBase(meeting.id), meeting.id, 'p3k'), { text: 'Masuk APBD-P.', status: 'done' });
    const frozen = (await admin.getText(API.minutesExport(next.meeting.id, 'md'))).body;
    expect(
      must(
        frozen.split('\n').find((l) => l.includes(P3K)),
        'row',
      ),
    ).toContain('Dalam proses (dilanjutkan');
    const pdf = await admin.getBuffer(API.minutesExport(next.meeting.id, 'pdf'));
    expect(pdf.status).toBe(200);
    // A third meeting no longer brings the closed item back.
    const third = await laterMeeting(t, admin, meeting, '2022-06-27');
    expect((await third.chair.get<{ items: CarriedFollowUp[] }>(FOLLOW_UP_API.previous(third.meeting.id))).body.items).toEqual([]);
  });
});

describe('an OPD calendar feed', () => {
  it('FT11 carries the due date of each open item as an all-day event, and drops it once done', async () => {
    const t = await app();
    const { admin, meeting, opds, linkFor } = await meetingWithFollowUp(t);
    const feeds = (await admin.get<{ items: { opdId: string; url: string }[] }>(API.opdFeeds)).body.items;
    const url = new URL(
      must(
        feeds.find((f) => f.opdId === at(opds, 1, 'Dinsos').id),
        'feed',
      ).url,
    );
    const ics = (await new HttpClient(t.baseUrl).getText(`${url.pathname}${url.search}`)).body;
    const event = must(
      ics.split('BEGIN:VEVENT').find((e) => e.includes('rakor-fu-')),
      'the due event',
    );
    expect(event).toContain('DTSTART;VALUE=DATE:20220930');
    expect(event.replace(/\r\n /g, '')).toContain(`Lewat batas tindak lanjut: ${P3K}`);
    expect(ics).toContain('BEGIN:VEVENT'); // the meeting itself stays
    const dinkes = await sessionOf(t, linkFor('participant', 0));
    await dinkes.post(FOLLOW_UP_API.notes(FOLLOW_UP_API.participantBase(meeting.id), meeting.id, 'p3k'), { text: 'Selesai.', status: 'done' });
    expect((await new HttpClient(t.baseUrl).getText(`${url.pathname}${url.search}`)).body).not.toContain('rakor-fu-');
  });
});
