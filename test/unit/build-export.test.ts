import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { agendaLine, buildExport } from '../../server/minutes/build-export';
import { MINUTES_PARTS } from '../../shared/minutes/layout';
import { fixtureMeeting } from '../helpers/queue-fixture';

describe('the notulen structure built from the document and the meeting', () => {
  it('M8 "Acara" is what the notulis typed, else the meeting\'s agenda on one line', () => {
    const meeting = fixtureMeeting();
    expect(agendaLine({ agenda: [] })).toBe('Pembukaan; Paparan OPD; Arahan pimpinan; Penutup');
    expect(
      agendaLine({
        agenda: [
          { kind: 'pembukaan', title: '', plannedMinutes: 5 },
          { kind: 'paparan', title: '', plannedMinutes: 0 },
          { kind: 'topik', title: 'Persiapan pemilu', plannedMinutes: 20 },
        ],
      }),
    ).toBe('Pembukaan; Paparan OPD; Persiapan pemilu');

    const doc = new Y.Doc();
    const acara = () => buildExport({ doc, meeting, queue: null, opds: [], status: null, city: '' }).header.find(([k]) => k === 'Acara')?.[1];
    expect(acara()).toBe('Pembukaan; Paparan OPD; Arahan pimpinan; Penutup');
    doc.getMap<string>(MINUTES_PARTS.header).set('agenda', '1. Realisasi APBD TW II');
    expect(acara()).toBe('1. Realisasi APBD TW II');
  });
});
