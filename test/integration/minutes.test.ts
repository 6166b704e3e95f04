import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import JSZip from 'jszip';
import WebSocket from 'ws';
import { API } from '../../shared/protocol/api';
import { PROTOCOL_VERSION } from '../../shared/protocol/events';
import {
  COLLAB_CLOSE,
  COLLAB_PATH,
  HEADING_ATTRS,
  MAX_COLLAB_FRAME_BYTES,
  MINUTES_PARTS,
  type FollowUpRecord,
  type MinutesStatus,
} from '../../shared/minutes/layout';
import { minutesFixture, sessionOf } from '../helpers/minutes-fixture';
import { HttpClient, errorOf } from '../helpers/http-client';
import { openPerson, setUpMeeting } from '../helpers/meeting-people';
import { bodyText, collabUrl, typeInSection } from '../helpers/collab-client';
import { eventually } from '../helpers/wait';
import { at } from '../helpers/at';

const { app, collab, dropClients } = minutesFixture();

function headings(doc: Y.Doc, attr: string): string[] {
  return doc
    .getXmlFragment(MINUTES_PARTS.body)
    .toArray()
    .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.getAttribute(attr) !== undefined)
    .map((n) => String(n.getAttribute(attr)));
}

describe('minutes over the y-websocket protocol', () => {
  it('M1 M2 two notulis converge; a participant reads live, and its edits are dropped, also after a restart', async () => {
    const t = await app();
    const { meeting, linkFor } = await setUpMeeting(t);
    const [rina, andi, dinkes] = await Promise.all([
      sessionOf(t, linkFor('notulis', 0)),
      sessionOf(t, linkFor('notulis', 1)),
      sessionOf(t, linkFor('participant', 0)),
    ]);
    const a = collab(t, rina.cookie, meeting.id);
    const b = collab(t, andi.cookie, meeting.id);
    const reader = collab(t, dinkes.cookie, meeting.id);
    await Promise.all([a.synced(), b.synced(), reader.synced()]);

    // The server seeded the official sections before the first sync.
    expect(headings(a.doc, HEADING_ATTRS.section)).toEqual(['pembukaan', 'pembahasan', 'kesimpulan', 'penutup']);
    expect(a.doc.getMap(MINUTES_PARTS.header).get('dayDate')).toBe('Senin, 13 Juni 2022');

    typeInSection(a.doc, 'pembukaan', 'Rapat dibuka oleh Wakil Bupati. ');
    typeInSection(b.doc, 'kesimpulan', 'P3K masuk APBD Perubahan.');
    await eventually(() => bodyText(a.doc) === bodyText(b.doc) && bodyText(reader.doc) === bodyText(a.doc) && bodyText(a.doc).includes('P3K'), {
      what: 'convergence',
    });
    expect(bodyText(reader.doc)).toContain('Rapat dibuka oleh Wakil Bupati.');

    // The participant's own edit stays on its screen only.
    typeInSection(reader.doc, 'penutup', 'DIRETAS');
    typeInSection(a.doc, 'penutup', 'Rapat ditutup.');
    await eventually(() => bodyText(b.doc).includes('Rapat ditutup.'), { what: 'the notulis edit after the reader edit' });
    expect(bodyText(b.doc)).not.toContain('DIRETAS');
    expect(bodyText(a.doc)).not.toContain('DIRETAS');

    // No presence from readers.
    reader.provider.awareness.setLocalStateField('user', { name: 'Dinkes' });
    a.provider.awareness.setLocalStateField('user', { name: 'Rina' });
    await eventually(() => [...b.provider.awareness.getStates().values()].some((s) => (s as { user?: { name: string } }).user?.name === 'Rina'), {
      what: 'presence',
    });
    expect([...b.provider.awareness.getStates().values()].some((s) => (s as { user?: { name: string } }).user?.name === 'Dinkes')).toBe(false);

    // After a restart, a fresh notulis sees everything accepted and nothing dropped.
    const expected = bodyText(b.doc);
    dropClients();
    await t.stop();
    const again = await app({ dataDir: t.dataDir });
    const fresh = collab(again, rina.cookie, meeting.id);
    await fresh.synced();
    expect(bodyText(fresh.doc)).toBe(expected);
    expect(bodyText(fresh.doc)).not.toContain('DIRETAS');
  });

  it('A13 the upgrade checks the session before any sync: none, another meeting, an unknown meeting', async () => {
    const t = await app();
    const one = await setUpMeeting(t);
    const other = await setUpMeeting(t, ['Bappeda']);
    const notulis = await sessionOf(t, one.linkFor('notulis', 0));

    const anonymous = collab(t, '', one.meeting.id);
    const stranger = collab(t, notulis.cookie, other.meeting.id);
    const lost = collab(t, one.admin.cookie, 'no-such-meeting');
    await eventually(() => anonymous.closes.includes(COLLAB_CLOSE.unauthenticated), { what: 'the anonymous socket closed 4401' });
    await eventually(() => stranger.closes.includes(COLLAB_CLOSE.forbidden), { what: 'the stranger closed 4403' });
    await eventually(() => lost.closes.includes(COLLAB_CLOSE.notFound), { what: 'the unknown meeting closed 4404' });
    for (const c of [anonymous, stranger, lost]) expect(c.doc.getXmlFragment(MINUTES_PARTS.body).length).toBe(0);

    // A revoked link loses its open minutes connection at once.
    const writer = collab(t, notulis.cookie, one.meeting.id);
    await writer.synced();
    await one.admin.post(API.linkRevoke(one.meeting.id, one.linkFor('notulis', 0).id));
    await eventually(() => writer.closes.includes(COLLAB_CLOSE.unauthenticated), { what: 'closed on revoke' });
  });

  it('R10 a page of another protocol version (or none) is closed as outdated before any sync, and the same page of this version syncs', async () => {
    const t = await app();
    const { meeting, linkFor } = await setUpMeeting(t);
    const notulis = await sessionOf(t, linkFor('notulis', 0));
    const closeOf = (url: string) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(url, { headers: { cookie: notulis.cookie } });
        ws.on('message', () => reject(new Error(`${url}: the server synced an outdated page`)));
        ws.on('close', (code) => resolve(code));
        ws.on('error', reject);
      });
    const bare = `${t.baseUrl.replace(/^http/, 'ws')}${COLLAB_PATH}/${meeting.id}`;
    expect(await closeOf(bare)).toBe(COLLAB_CLOSE.outdated);
    expect(await closeOf(`${bare}?v=0`)).toBe(COLLAB_CLOSE.outdated);
    expect(await closeOf(`${bare}?v=${PROTOCOL_VERSION + 1}`)).toBe(COLLAB_CLOSE.outdated);
    const current = collab(t, notulis.cookie, meeting.id);
    await current.synced();
    expect(current.closes).toEqual([]);
  });

  it('M2 a message larger than the limit closes that socket and changes nothing', async () => {
    const t = await app();
    const { meeting, linkFor } = await setUpMeeting(t);
    const notulis = await sessionOf(t, linkFor('notulis', 0));
    const watcher = collab(t, notulis.cookie, meeting.id);
    await watcher.synced();
    const before = bodyText(watcher.doc);
    const ws = new WebSocket(collabUrl(t.baseUrl, meeting.id), { headers: { cookie: notulis.cookie } });
    await new Promise((r) => ws.once('open', r));
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send(Buffer.alloc(2 * 1024 * 1024, 1));
    expect(await closed).toBe(COLLAB_CLOSE.tooLarge);
    // Past the socket's own memory cap the library closes before the message is read.
    const huge = new WebSocket(collabUrl(t.baseUrl, meeting.id), { headers: { cookie: notulis.cookie } });
    await new Promise((r) => huge.once('open', r));
    const hugeClosed = new Promise<number>((r) => huge.once('close', (code) => r(code)));
    huge.send(Buffer.alloc(MAX_COLLAB_FRAME_BYTES + 1, 1));
    expect(await hugeClosed).toBe(COLLAB_CLOSE.frameTooLarge);
    // Garbage of a legal size is refused too, and the server lives on.
    const ws2 = new WebSocket(collabUrl(t.baseUrl, meeting.id), { headers: { cookie: notulis.cookie } });
    await new Promise((r) => ws2.once('open', r));
    const closed2 = new Promise<number>((r) => ws2.once('close', (code) => r(code)));
    ws2.send(Buffer.from([0, 2, 200, 1, 2, 3]));
    expect(await closed2).toBe(COLLAB_CLOSE.unreadable);
    typeInSection(watcher.doc, 'pembukaan', 'masih hidup');
    await eventually(async () => (await t.store.minutes.load(meeting.id)).updates.length > 0, { what: 'the edit stored' });
    expect(bodyText(watcher.doc)).toBe(before.replace('Pembukaan\n', 'Pembukaan\nmasih hidup'));
  });

  it('M3 the moving floor writes exactly one section per turn, with its duration, across reconnects and a restart', async () => {
    const t = await app();
    const { meeting, linkFor } = await setUpMeeting(t);
    const chair = await openPerson(t, linkFor('chair'), meeting.id);
    const notulis = await sessionOf(t, linkFor('notulis', 0));
    const a = collab(t, notulis.cookie, meeting.id);
    await a.synced();

    await chair.send({ type: 'meeting.start' });
    await chair.send({ type: 'turn.next' });
    await eventually(() => headings(a.doc, HEADING_ATTRS.turnId).length === 1, { what: 'first section' });
    expect(bodyText(a.doc)).toMatch(/Dinkes[\s\S]*mulai \d\d\.\d\d WITA/);
    // Pembahasan holds it: before Kesimpulan.
    const text = bodyText(a.doc);
    expect(text.indexOf('Dinkes')).toBeGreaterThan(text.indexOf('Pembahasan'));
    expect(text.indexOf('Dinkes')).toBeLessThan(text.indexOf('Kesimpulan'));

    // A reconnecting editor replays its state: still one section.
    a.provider.disconnect();
    typeInSection(a.doc, 'pembukaan', 'luring');
    a.provider.connect();
    await eventually(() => a.provider.synced && a.provider.wsconnected, { what: 'reconnect' });
    // Synced is the editor's view: its offline line may still be on its way to the server's log.
    await eventually(async () => bodyText((await t.app.rooms.peek(meeting.id))?.doc ?? new Y.Doc()).includes('luring'), {
      what: 'the offline line on the server',
    });

    // Restart in the middle of the turn: no duplicate.
    chair.close();
    a.destroy();
    dropClients();
    await t.stop();
    const again = await app({ dataDir: t.dataDir });
    const chair2 = await openPerson(again, await sessionOf(again, linkFor('chair')), meeting.id);
    const b = collab(again, notulis.cookie, meeting.id);
    await b.synced();
    expect(headings(b.doc, HEADING_ATTRS.turnId)).toEqual(['p-' + at(meeting.participants, 0, 'participant').id]);
    expect(bodyText(b.doc)).toContain('luring');

    await chair2.send({ type: 'turn.next' });
    await eventually(() => headings(b.doc, HEADING_ATTRS.turnId).length === 2, { what: 'second section' });
    await eventually(() => /durasi \d/.test(bodyText(b.doc)), { what: 'first duration' });
    expect(bodyText(b.doc).match(/durasi/g)).toHaveLength(1);
    // A response admitted by the chair gets a sub-entry of its own (Disdik answers Dinsos, who has the floor).
    const disdik = await openPerson(again, await sessionOf(again, linkFor('participant', 2)), meeting.id);
    await disdik.send({ type: 'request.create', kind: 'response' });
    const state = at((await again.app.services.queue.state(meeting.id)).requests, 0, 'request');
    await chair2.send({ type: 'request.admit', requestId: state.id, allotmentMinutes: 3 });
    await chair2.send({ type: 'turn.next' });
    await eventually(() => bodyText(b.doc).includes('Tanggapan: Disdik'), { what: 'response entry' });
    chair2.close();
    disdik.close();
  });

  it('M5 finalise freezes the minutes for everyone, keeps a version; only admin reopens', async () => {
    const t = await app();
    const { meeting, linkFor, admin } = await setUpMeeting(t);
    const notulis = await sessionOf(t, linkFor('notulis', 0));
    const participant = await sessionOf(t, linkFor('participant', 0));
    const chair = await sessionOf(t, linkFor('chair'));
    const a = collab(t, notulis.cookie, meeting.id);
    await a.synced();
    typeInSection(a.doc, 'pembukaan', 'Sebelum final.');
    await eventually(async () => (await t.store.minutes.load(meeting.id)).updates.length > 0, { what: 'the edit stored' });

    expect((await participant.get<MinutesStatus>(API.minutesStatus(meeting.id))).body).toMatchObject({ canEdit: false, canFinalize: false });
    expect(errorOf(await participant.post(API.minutesFinalize(meeting.id))).code).toBe('forbidden');
    const done = await chair.post<MinutesStatus>(API.minutesFinalize(meeting.id));
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ version: 1, finalizedBy: 'Kasmidi Bulang', canFinalize: false });
    expect(errorOf(await chair.post(API.minutesFinalize(meeting.id))).code).toBe('conflict');
    expect((await notulis.get<MinutesStatus>(API.minutesStatus(meeting.id))).body.canEdit).toBe(false);

    typeInSection(a.doc, 'penutup', 'Sesudah final.');
    const b = collab(t, notulis.cookie, meeting.id);
    await b.synced();
    // A fence: the room reads a's messages in order and relays a's presence after its edit, so
    // once b sees that presence, a wrongly accepted edit would already be in b's copy.
    a.provider.awareness.setLocalStateField('fence', 'after the final');
    const aId = a.doc.clientID;
    await eventually(() => (b.provider.awareness.getStates().get(aId) as { fence?: string } | undefined)?.fence === 'after the final', {
      what: "a's presence after its edit, at b",
    });
    expect(bodyText(b.doc)).toContain('Sebelum final.');
    expect(bodyText(b.doc)).not.toContain('Sesudah final.');

    expect(errorOf(await chair.post(API.minutesReopen(meeting.id))).code).toBe('forbidden');
    const reopened = await admin.post<MinutesStatus>(API.minutesReopen(meeting.id));
    expect(reopened.body).toMatchObject({ finalizedAt: null, reopenedBy: 'sekretariat', version: 1 });
    typeInSection(b.doc, 'penutup', 'Setelah dibuka.');
    await eventually(() => bodyText(a.doc).includes('Setelah dibuka.'), { what: 'editing again' });
  });

  it('M6 M7 follow-ups live in the document and in SQLite; exports carry header, body and follow-ups', async () => {
    const t = await app({ minutesCity: 'Sangatta' });
    const { meeting, linkFor, opds } = await setUpMeeting(t);
    const notulis = await sessionOf(t, linkFor('notulis', 0));
    const participant = await sessionOf(t, linkFor('participant', 0));
    const a = collab(t, notulis.cookie, meeting.id);
    await a.synced();
    typeInSection(a.doc, 'kesimpulan', 'Rekrutmen P3K dianggarkan pada APBD Perubahan.');
    a.doc.transact(() => {
      const f = new Y.Map<unknown>();
      f.set('id', 'f1');
      f.set('action', 'Usulkan formasi P3K dalam APBD Perubahan 2022');
      f.set('opdIds', [at(opds, 0, 'OPD').id, at(opds, 1, 'OPD').id]);
      f.set('dueDate', '2022-09-30');
      f.set('status', 'open');
      a.doc.getArray<Y.Map<unknown>>(MINUTES_PARTS.followUps).push([f]);
    });
    await eventually(async () => (await t.store.followUps.forMeeting(meeting.id)).length === 1, { what: 'follow-up stored' });
    const listed = await participant.get<{ items: FollowUpRecord[] }>(API.followUps(meeting.id));
    expect(listed.body.items[0]).toMatchObject({
      action: 'Usulkan formasi P3K dalam APBD Perubahan 2022',
      opdShortNames: ['Dinkes', 'Dinsos'],
      dueDate: '2022-09-30',
    });

    const md = await participant.getText(API.minutesExport(meeting.id, 'md'));
    expect(md.status).toBe(200);
    for (const text of [
      'Senin, 13 Juni 2022',
      'Ruang Meranti',
      'Kasmidi Bulang',
      'Rekrutmen P3K dianggarkan',
      'Usulkan formasi P3K',
      'Dinkes, Dinsos',
      '30 September 2022',
      'Sangatta, 13 Juni 2022',
    ]) {
      expect(md.body).toContain(text);
    }
    const docx = await participant.getBuffer(API.minutesExport(meeting.id, 'docx'));
    expect(docx.status).toBe(200);
    const xml = await (await JSZip.loadAsync(docx.body)).file('word/document.xml')!.async('string');
    const plain = xml.replace(/<[^>]+>/g, '');
    for (const text of ['Senin, 13 Juni 2022', 'Rekrutmen P3K dianggarkan', 'Usulkan formasi P3K', 'Kasmidi Bulang']) expect(plain).toContain(text);
    const pdf = await participant.getBuffer(API.minutesExport(meeting.id, 'pdf'));
    expect(pdf.status).toBe(200);
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(errorOf(await new HttpClient(t.baseUrl).get(API.minutesExport(meeting.id, 'md'))).code).toBe('unauthenticated');
  });

  it('M4 an idle document is folded into a snapshot and leaves memory; it comes back whole', async () => {
    const t = await app({ minutesIdleMs: 100, minutesCompactEvery: 5 });
    const { meeting, linkFor } = await setUpMeeting(t);
    const notulis = await sessionOf(t, linkFor('notulis', 0));
    const a = collab(t, notulis.cookie, meeting.id);
    await a.synced();
    for (let i = 0; i < 12; i++) typeInSection(a.doc, 'pembukaan', `baris ${i}. `);
    // Read where the server holds it: the editor's own document has every line at once, before the
    // server has stored them (a slower store showed it: the editor closed with lines still in flight).
    const served = async () => {
      const room = await t.app.rooms.peek(meeting.id);
      return room ? bodyText(room.doc) : '';
    };
    await eventually(async () => (await t.store.minutes.updateCount(meeting.id)) < 5 && (await served()).includes('baris 11.'), {
      what: 'compacted while editing',
    });
    const expected = bodyText(a.doc);
    a.destroy();
    dropClients();
    await eventually(async () => (await t.app.rooms.peek(meeting.id)) === null, { what: 'unloaded' });
    expect(await t.store.minutes.updateCount(meeting.id)).toBe(0);
    const b = collab(t, notulis.cookie, meeting.id);
    await b.synced();
    expect(bodyText(b.doc)).toBe(expected);
  });
});
