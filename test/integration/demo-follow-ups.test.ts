import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../server/minutes/export-md';
import { TEST_STORE } from '../helpers/test-store';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { must } from '../helpers/at';

const root = path.resolve(import.meta.dirname, '../..');
const runDemo = (dataDir: string) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(root, 'server/demo.ts'), '--json'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', PUBLIC_URL: 'http://localhost:3000' },
  }).then(({ stdout }) => JSON.parse(stdout) as { meetingId: string; previousMeetingId: string; links: { participants: string[] } });

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe.skipIf(TEST_STORE !== 'sqlite')('the demo', () => {
  it("FT10 the demo meeting brings back last week's two outcomes of seed 000: its console data and its minutes export hold them, with their owners", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rakor-demo-'));
    await runDemo(dataDir);
    // A second run updates what the first made: nothing doubles.
    const demo = await runDemo(dataDir);
    t = await startTestApp({ dataDir, storeKind: 'sqlite' });
    const { meetings, minutes, followUps } = t.app.services;

    const earlier = await t.store.followUps.forMeeting(demo.previousMeetingId);
    expect(earlier.map((f) => f.id)).toEqual(['demo-p3k', 'demo-pasar-makam']);
    expect((await t.store.minutes.status(demo.previousMeetingId))?.finalizedAt).not.toBeNull();
    expect(await t.store.followUps.notes(demo.previousMeetingId, 'demo-p3k')).toHaveLength(1);

    const meeting = await meetings.get(demo.meetingId);
    const previous = await followUps.previous(meeting);
    expect(previous.map((p) => [p.id, p.status, p.opdShortNames])).toEqual([
      ['demo-p3k', 'in_progress', ['BKPSDM', 'BPKAD']],
      ['demo-pasar-makam', 'open', ['Kec. Sangatta Selatan', 'Disperindag']],
    ]);

    const md = renderMarkdown(await minutes.exportModel(meeting));
    const section = must(md.split('## Tindak lanjut rapat sebelumnya')[1], 'the section').split('\n## ')[0] ?? '';
    expect(section).toContain('Menganggarkan rekrutmen P3K yang belum memiliki anggaran dalam APBD Perubahan 2022');
    expect(section).toContain('BKPSDM, BPKAD');
    expect(section).toContain('Dalam proses');
    expect(section).toContain('Menyiapkan lahan pasar dan pemakaman muslim di Kecamatan Sangatta Selatan');
    expect(section).toContain('Kec. Sangatta Selatan, Disperindag');
    expect(section).toContain('Coffee Morning Pemerintah Kabupaten Kutai Timur, 6 Juni 2022');
    // The Kutai Timur letterhead heads it.
    expect(md).toContain('PEMERINTAH KABUPATEN KUTAI TIMUR');
    expect(demo.links.participants).toHaveLength(26);
  }, 120_000);
});
