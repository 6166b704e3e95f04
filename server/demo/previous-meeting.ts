import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { HEADING_ATTRS, MINUTES_PARTS } from '../../shared/minutes/layout';
import type { Meeting, MeetingInput, Opd } from '../../shared/protocol';
import type { RakorApp } from '../app';
import type { ActiveSession } from '../services/auth-service';
import type { Store } from '../store/ports';

/**
 * The meeting held the week before the demo's Coffee Morning, its minutes finalised with the two
 * outcomes of seed 000 as tindak lanjut: P3K hiring without budget, to go into the APBD Perubahan
 * (the personnel and finance agencies), and the market and the Muslim cemetery the camat of
 * Sangatta Selatan needs (with the trade agency). The demo meeting lists these OPDs, so its
 * console and its minutes bring both items back.
 */
export const PREVIOUS_OWNERS = {
  p3k: ['BKPSDM', 'BPKAD'],
  market: ['Kec. Sangatta Selatan', 'Disperindag'],
} as const;

/** The OPDs the demo meeting adds to its speakers so the earlier items come back with their owners. */
export const PREVIOUS_OWNER_SHORT_NAMES = [...new Set([...PREVIOUS_OWNERS.p3k, ...PREVIOUS_OWNERS.market])];

const ITEMS = [
  {
    id: 'demo-p3k',
    action: 'Menganggarkan rekrutmen P3K yang belum memiliki anggaran dalam APBD Perubahan 2022',
    owners: PREVIOUS_OWNERS.p3k,
    dueDate: '2022-08-31',
    status: 'open',
  },
  {
    id: 'demo-pasar-makam',
    action: 'Menyiapkan lahan pasar dan pemakaman muslim di Kecamatan Sangatta Selatan',
    owners: PREVIOUS_OWNERS.market,
    dueDate: '2022-07-29',
    status: 'open',
  },
] as const;

const DISCUSSION = [
  'BKPSDM melaporkan formasi P3K yang telah diangkat namun belum tersedia anggarannya; BPKAD menyampaikan bahwa anggaran dapat diusulkan pada APBD Perubahan.',
  'Camat Sangatta Selatan menyampaikan kebutuhan pasar dan pemakaman muslim bagi warga; Disperindag siap mendampingi perencanaan pasar.',
];

function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  t.insert(0, text);
  p.insert(0, [t]);
  return p;
}

/** Creates (or brings up to date) the earlier meeting and its finalised minutes; returns it. */
export async function seedPreviousMeeting(app: RakorApp, store: Store, base: MeetingInput, byShort: Map<string, Opd>): Promise<Meeting> {
  const { meetings, minutes, followUps } = app.services;
  const opdOf = (short: string) => {
    const opd = byShort.get(short);
    if (!opd) throw new Error(`demo directory lacks ${short}`);
    return opd;
  };
  const speakers = ['Disdikbud', 'Dinkes', ...PREVIOUS_OWNER_SHORT_NAMES];
  const input: MeetingInput = {
    ...base,
    title: 'Coffee Morning Pemerintah Kabupaten Kutai Timur',
    date: '2022-06-06',
    agenda: [],
    sessions: [],
    participants: speakers.map((short) => {
      const opd = opdOf(short);
      return {
        opdId: opd.id,
        representativeName: opd.headName,
        representativeTitle: opd.headTitle,
        representativeWhatsapp: '',
        attendance: 'room' as const,
        session: 1,
        allotmentMinutes: null,
      };
    }),
  };
  const existing = (await meetings.list()).find((m) => m.title === input.title && m.date === input.date);
  const meeting = existing ? await meetings.get(existing.id) : await meetings.create(input);

  const room = await app.rooms.open(meeting.id);
  const status = await store.minutes.status(meeting.id);
  if (!status?.finalizedAt) {
    await room.edit('demo', (doc) => {
      const items = doc.getArray<Y.Map<unknown>>(MINUTES_PARTS.followUps);
      const have = new Set(items.toArray().map((m) => m.get('id')));
      for (const item of ITEMS) {
        if (have.has(item.id)) continue;
        const map = new Y.Map<unknown>();
        items.push([map]);
        map.set('id', item.id);
        map.set('action', item.action);
        map.set(
          'opdIds',
          item.owners.map((short) => opdOf(short).id),
        );
        map.set('dueDate', item.dueDate);
        map.set('status', item.status);
      }
      // What was said, under Pembahasan, once.
      const body = doc.getXmlFragment(MINUTES_PARTS.body);
      const nodes = body.toArray();
      const at = nodes.findIndex((n) => n instanceof Y.XmlElement && n.getAttribute(HEADING_ATTRS.section) === 'pembahasan');
      const next = nodes[at + 1];
      const written = next instanceof Y.XmlElement && next.toJSON().includes('P3K');
      if (at >= 0 && !written) body.insert(at + 1, DISCUSSION.map(paragraph));
    });
    await minutes.syncFollowUps(room);
    const now = new Date().toISOString();
    const notulis: ActiveSession = {
      idHash: `demo-${randomUUID()}`,
      role: 'notulis',
      name: base.notulis[0] ?? 'Notulis',
      userId: null,
      meetingId: meeting.id,
      participantId: null,
      linkId: null,
      createdAt: now,
      expiresAt: now,
      actor: { role: 'notulis', meetingId: meeting.id, participantId: null },
    };
    await minutes.finalize(meeting.id, notulis);
  }
  // A week on, the personnel agency reported progress through its link: the tracker's history, not the signed minutes.
  if ((await store.followUps.notes(meeting.id, 'demo-p3k')).length === 0) {
    const bkpsdm = opdOf('BKPSDM');
    await followUps.addNote(
      meeting.id,
      'demo-p3k',
      { kind: 'opd', opdId: bkpsdm.id, name: `${bkpsdm.shortName} (${bkpsdm.headName})` },
      { text: 'Usulan anggaran P3K telah disampaikan ke TAPD untuk dibahas dalam KUA-PPAS Perubahan.', status: 'in_progress', link: '' },
      null,
    );
  }
  return meeting;
}
