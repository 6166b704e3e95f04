import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { API } from '../../shared/protocol/api';
import { COLLAB_CLOSE, HEADING_ATTRS, MINUTES_PARTS, type FollowUpRecord } from '../../shared/minutes/layout';
import { TURN_META_ATTR } from '../../shared/minutes/schema';
import { insertFollowUp, patchFollowUp } from '../../client/lib/managers/minutes-doc';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { minutesFixture, sessionOf } from '../helpers/minutes-fixture';
import { openPerson, setUpMeeting } from '../helpers/meeting-people';
import { bodyText, turnSectionIds, typeInSection } from '../helpers/collab-client';
import { eventually } from '../helpers/wait';
import { at } from '../helpers/at';

const { app, collab, dropClients } = minutesFixture();

/** The stored document, read from the log as a restart would. */
async function storedDoc(t: TestApp, meetingId: string): Promise<Y.Doc> {
  const log = await t.store.minutes.load(meetingId);
  const doc = new Y.Doc();
  if (log.snapshot) Y.applyUpdate(doc, log.snapshot);
  for (const u of log.updates) Y.applyUpdate(doc, u.update);
  return doc;
}

function metaLine(doc: Y.Doc, turnId: string): Y.XmlElement | undefined {
  return doc
    .getXmlFragment(MINUTES_PARTS.body)
    .toArray()
    .find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.getAttribute(TURN_META_ATTR) === turnId);
}

/** Each way one update could break the minutes, as a tampered or buggy notulis client would send it. */
const POISONS: { name: string; poison: (doc: Y.Doc, turnId: string) => void; present: (doc: Y.Doc, turnId: string) => boolean }[] = [
  {
    name: 'a turn record that is not JSON',
    poison: (doc, turnId) => doc.getMap(MINUTES_PARTS.turns).set(turnId, '{not json'),
    present: (doc, turnId) => doc.getMap(MINUTES_PARTS.turns).get(turnId) === '{not json',
  },
  {
    name: 'a turn record forged for a turn that never spoke',
    poison: (doc) => doc.getMap(MINUTES_PARTS.turns).set('p-forged', JSON.stringify({ startedAt: 1, endedAt: null })),
    present: (doc) => doc.getMap(MINUTES_PARTS.turns).has('p-forged'),
  },
  {
    name: "an earlier meeting's follow-up forged by a client (FT7)",
    poison: (doc) => doc.getMap(MINUTES_PARTS.previous).set('m0/forged', JSON.stringify({ order: 1, action: 'palsu' })),
    present: (doc) => doc.getMap(MINUTES_PARTS.previous).has('m0/forged'),
  },
  {
    name: 'a plain string among the follow-ups',
    poison: (doc) => doc.getArray(MINUTES_PARTS.followUps).push(['tindak lanjut palsu']),
    present: (doc) => doc.getArray(MINUTES_PARTS.followUps).toArray().includes('tindak lanjut palsu'),
  },
  {
    name: 'a follow-up with an unknown status',
    poison: (doc) => {
      const m = new Y.Map<unknown>();
      doc.getArray(MINUTES_PARTS.followUps).push([m]);
      m.set('id', 'f-bad');
      m.set('action', 'x');
      m.set('status', 'hacked');
    },
    present: (doc) => JSON.stringify(doc.getArray(MINUTES_PARTS.followUps).toJSON()).includes('hacked'),
  },
  {
    name: 'a map as header.agenda',
    poison: (doc) => {
      const m = new Y.Map<string>();
      doc.getMap(MINUTES_PARTS.header).set('agenda', m);
      m.set('x', 'y');
    },
    present: (doc) => doc.getMap(MINUTES_PARTS.header).get('agenda') instanceof Y.Map,
  },
  {
    name: 'a number as header.title',
    poison: (doc) => doc.getMap(MINUTES_PARTS.header).set('title', 42),
    present: (doc) => doc.getMap(MINUTES_PARTS.header).get('title') === 42,
  },
  {
    name: 'a header field the server fills (title)',
    poison: (doc) => doc.getMap(MINUTES_PARTS.header).set('title', 'Rapat palsu'),
    present: (doc) => doc.getMap(MINUTES_PARTS.header).get('title') === 'Rapat palsu',
  },
  {
    name: 'a part outside the schema',
    poison: (doc) => doc.getMap('evil').set('x', 1),
    present: (doc) => doc.getMap('evil').has('x'),
  },
  {
    name: 'a node the editor does not know',
    poison: (doc) => doc.getXmlFragment(MINUTES_PARTS.body).push([new Y.XmlElement('script')]),
    present: (doc) =>
      doc
        .getXmlFragment(MINUTES_PARTS.body)
        .toArray()
        .some((n) => n instanceof Y.XmlElement && n.nodeName === 'script'),
  },
  {
    name: 'a heading marked with a turn the server did not write',
    poison: (doc) => {
      const h = new Y.XmlElement('heading');
      h.setAttribute(HEADING_ATTRS.turnId, 'p-forged');
      doc.getXmlFragment(MINUTES_PARTS.body).push([h]);
    },
    present: (doc) => turnSectionIds(doc).includes('p-forged'),
  },
  {
    name: "an edit of the server's line under a turn",
    poison: (doc, turnId) => {
      const t = metaLine(doc, turnId)?.get(0);
      if (t instanceof Y.XmlText) t.insert(0, 'PALSU ');
    },
    present: (doc, turnId) => (metaLine(doc, turnId)?.get(0) as Y.XmlText | undefined)?.toJSON().includes('PALSU') ?? false,
  },
  {
    name: "the removal of the server's line under a turn",
    poison: (doc, turnId) => {
      const body = doc.getXmlFragment(MINUTES_PARTS.body);
      const at = body.toArray().findIndex((n) => n instanceof Y.XmlElement && n.getAttribute(TURN_META_ATTR) === turnId);
      body.delete(at, 1);
    },
    present: (doc, turnId) => metaLine(doc, turnId) === undefined,
  },
  {
    name: 'a server line made by a client',
    poison: (doc) => {
      const p = new Y.XmlElement('paragraph');
      p.setAttribute(TURN_META_ATTR, 'p-forged');
      doc.getXmlFragment(MINUTES_PARTS.body).push([p]);
    },
    present: (doc) => metaLine(doc, 'p-forged') !== undefined,
  },
];

describe('the minutes keep their shape', () => {
  it('M10 every update that would break the document is refused with its close code, stored nowhere and relayed to nobody; good edits go on', async () => {
    const t = await app();
    const { meeting, linkFor } = await setUpMeeting(t);
    const chair = await openPerson(t, linkFor('chair'), meeting.id);
    const notulis = await sessionOf(t, linkFor('notulis', 0));
    const other = await sessionOf(t, linkFor('notulis', 1));
    const watcher = collab(t, other.cookie, meeting.id);
    await watcher.synced();
    await chair.send({ type: 'meeting.start' });
    await chair.send({ type: 'turn.next' });
    const turnId = 'p-' + at(meeting.participants, 0, 'participant').id;
    await eventually(() => metaLine(watcher.doc, turnId) !== undefined, { what: "the server's line" });

    for (const [i, { name, poison, present }] of POISONS.entries()) {
      const rogue = collab(t, notulis.cookie, meeting.id);
      await rogue.synced();
      rogue.doc.transact(() => poison(rogue.doc, turnId));
      expect(present(rogue.doc, turnId), `${name}: the poison is in the rogue's copy`).toBe(true);
      await eventually(() => rogue.closes.includes(COLLAB_CLOSE.refused), { what: `${name}: refused` });
      // Final: the provider does not come back with the same update.
      expect(rogue.provider.shouldConnect, `${name}: no reconnect`).toBe(false);
      rogue.destroy();

      // A fence: a later good edit reaches the watcher, the poison never did.
      const honest = collab(t, notulis.cookie, meeting.id);
      await honest.synced();
      typeInSection(honest.doc, 'pembukaan', `ok${i} `);
      await eventually(() => bodyText(watcher.doc).includes(`ok${i} `), { what: `${name}: fence` });
      expect(present(watcher.doc, turnId), `${name}: relayed to nobody`).toBe(false);
      expect(present(await storedDoc(t, meeting.id), turnId), `${name}: stored nowhere`).toBe(false);
      honest.destroy();
    }

    // What the editors really do is accepted: typing, the agenda, a follow-up added and edited.
    const editor = collab(t, notulis.cookie, meeting.id);
    await editor.synced();
    editor.doc.getMap(MINUTES_PARTS.header).set('agenda', 'Paparan OPD\nArahan pimpinan');
    const id = insertFollowUp(editor.doc, null);
    patchFollowUp(
      editor.doc,
      id,
      { action: 'Usulkan P3K ke APBD Perubahan', opdIds: [at(meeting.participants, 0, 'participant').opdId], dueDate: '2022-06-30', status: 'in_progress' },
      null,
    );
    typeInSection(editor.doc, 'kesimpulan', 'Disepakati.');
    await eventually(() => bodyText(watcher.doc).includes('Disepakati.'), { what: 'good edits relayed' });
    expect(editor.closes).toEqual([]);
    await eventually(async () => (await t.app.services.minutes.followUps(meeting.id)).length === 1, { what: 'follow-up synced' });
    const rows = (await notulis.get<{ items: FollowUpRecord[] }>(API.followUps(meeting.id))).body;
    expect(JSON.stringify(rows)).toContain('APBD Perubahan');
    chair.close();
  });

  it('M11 a document damaged before the check still opens after a restart: exports answer 200, the next turn gets its section, finalise works', async () => {
    const t = await app();
    const { meeting, linkFor } = await setUpMeeting(t);
    const chair = await openPerson(t, linkFor('chair'), meeting.id);
    await chair.send({ type: 'meeting.start' });
    await chair.send({ type: 'turn.next' });
    const first = 'p-' + at(meeting.participants, 0, 'participant').id;
    await eventually(async () => turnSectionIds(await storedDoc(t, meeting.id)).includes(first), { what: 'first section stored' });
    chair.close();
    await t.stop();

    // Every poison the issue names, written straight into the log as an old server would have stored it.
    const again0 = await startTestApp({ dataDir: t.dataDir });
    const doc = await storedDoc(again0, meeting.id);
    const before = Y.encodeStateVector(doc);
    doc.transact(() => {
      doc.getMap(MINUTES_PARTS.turns).set(first, '{not json');
      doc.getArray(MINUTES_PARTS.followUps).push(['plain string']);
      const good = new Y.Map<unknown>();
      doc.getArray(MINUTES_PARTS.followUps).push([good]);
      good.set('id', 'f-1');
      good.set('action', 'Siapkan lahan pemakaman muslim');
      good.set('opdIds', []);
      good.set('dueDate', '2022-07-31');
      good.set('status', 'open');
      const agenda = new Y.Map<string>();
      doc.getMap(MINUTES_PARTS.header).set('agenda', agenda);
      agenda.set('x', 'y');
      doc.getMap(MINUTES_PARTS.header).set('title', 42);
    });
    await again0.store.minutes.appendUpdate(meeting.id, Y.encodeStateAsUpdate(doc, before), Date.now());
    await again0.stop();

    const t2 = await app({ dataDir: t.dataDir });
    const reader = await sessionOf(t2, linkFor('participant', 0));
    const notulis = await sessionOf(t2, linkFor('notulis', 0));
    const view = collab(t2, reader.cookie, meeting.id);
    await view.synced();
    expect(view.closes).toEqual([]);

    for (const format of ['docx', 'pdf', 'md'] as const) {
      const res = await fetch(`${t2.baseUrl}${API.minutesExport(meeting.id, format)}`, { headers: { cookie: notulis.cookie } });
      expect(res.status, format).toBe(200);
    }
    const md = await (await fetch(`${t2.baseUrl}${API.minutesExport(meeting.id, 'md')}`, { headers: { cookie: notulis.cookie } })).text();
    expect(md).toContain('Siapkan lahan pemakaman muslim');
    expect(md).toContain(meeting.title);
    const follow = await notulis.get<FollowUpRecord[] | { items: FollowUpRecord[] }>(API.followUps(meeting.id));
    expect(follow.status).toBe(200);
    expect(JSON.stringify(follow.body)).toContain('pemakaman');

    // The next turn still gets its section; the damaged record of the first is repaired with its duration.
    const chair2 = await openPerson(t2, await sessionOf(t2, linkFor('chair')), meeting.id);
    await chair2.send({ type: 'turn.next' });
    const second = 'p-' + at(meeting.participants, 1, 'participant').id;
    await eventually(() => turnSectionIds(view.doc).includes(second), { what: 'second section' });
    await eventually(() => /durasi \d/.test(bodyText(view.doc)), { what: 'first duration' });
    const record = JSON.parse(String(view.doc.getMap(MINUTES_PARTS.turns).get(first))) as { endedAt: number | null };
    expect(record.endedAt).not.toBeNull();

    const fin = await notulis.post(API.minutesFinalize(meeting.id), {});
    expect(fin.status).toBe(200);

    // And once more after a restart: the damaged document still loads.
    chair2.close();
    view.destroy();
    dropClients();
    await t2.stop();
    const t3 = await app({ dataDir: t.dataDir });
    const reread = collab(t3, reader.cookie, meeting.id);
    await reread.synced();
    expect(turnSectionIds(reread.doc)).toEqual([first, second]);
    expect(reread.closes).toEqual([]);
  });
});
