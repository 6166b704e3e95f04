import { SCREEN_API } from '../../shared/protocol/api-screens';
import { describe, expect, it } from 'vitest';
import type { Meeting } from '../../shared/protocol';
import type { MinutesStatus } from '../../shared/minutes/layout';
import type { Letterhead, MinutesVersion } from '../../shared/protocol/letterhead';
import type { MinutesDiff } from '../../shared/minutes/version-diff';
import { API } from '../../shared/protocol/api';
import { meetingInput } from '../factories';
import { encodePng, demoLogoPng } from '../../server/demo/logo';
import { minutesFixture, sessionOf } from '../helpers/minutes-fixture';
import { setUpMeeting } from '../helpers/meeting-people';
import { bodyText, typeInSection } from '../helpers/collab-client';
import { errorOf, type HttpClient } from '../helpers/http-client';
import { eventually } from '../helpers/wait';

const { app, collab } = minutesFixture();

const KOP = {
  government: 'PEMERINTAH KABUPATEN KUTAI TIMUR',
  office: 'SEKRETARIAT DAERAH',
  address: 'Jl. Soekarno-Hatta, Bukit Pelangi\nSangatta, Kutai Timur, Kalimantan Timur',
  phone: '(0549) 21001',
  numberingPattern: '{no:3}/NOT-RAKOR/SETDA/{tahun}',
};

/** The logo PUT as the settings page sends it: the file's bytes with the type the browser gives it. */
async function putLogo(client: HttpClient, body: Uint8Array | string, contentType: string) {
  const res = await fetch(`${client.baseUrl}${SCREEN_API.letterheadLogo}`, {
    method: 'PUT',
    headers: { cookie: client.cookie, 'content-type': contentType },
    body,
  });
  return { status: res.status, body: (await res.json()) as Letterhead & { error?: { code: string; message: string; key: string } } };
}

async function finalise(client: HttpClient, meetingId: string): Promise<MinutesStatus> {
  const res = await client.post<MinutesStatus>(API.minutesFinalize(meetingId));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

describe('the kop surat settings', () => {
  it('OD1 only the admin reads and sets the kop surat; a bad pattern is refused naming the field', async () => {
    const t = await app();
    const { admin, linkFor } = await setUpMeeting(t);
    const notulis = await sessionOf(t, linkFor('notulis', 0));
    expect((await notulis.get(SCREEN_API.letterhead)).status).toBe(403);
    expect((await notulis.put(SCREEN_API.letterhead, KOP)).status).toBe(403);
    expect((await putLogo(notulis, demoLogoPng(64), 'image/png')).status).toBe(403);
    expect((await notulis.request('DELETE', SCREEN_API.letterheadLogo)).status).toBe(403);

    const before = (await admin.get<Letterhead>(SCREEN_API.letterhead)).body;
    expect(before).toMatchObject({ configured: false, government: '', logo: null });
    const bad = await admin.put(SCREEN_API.letterhead, { ...KOP, numberingPattern: 'NOT/{tahun}' });
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toMatchObject({ field: 'numberingPattern', key: 'letterhead.field.missingNo' });
    const saved = await admin.put<Letterhead>(SCREEN_API.letterhead, KOP);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ ...KOP, configured: true, email: '', updatedBy: 'sekretariat' });
  });

  it('OD1 a logo over 512 kB is refused 413, a text file named logo.png 415, and nothing is stored; a PNG is kept and served back', async () => {
    const t = await app();
    const { admin } = await setUpMeeting(t);
    // Before the texts are saved there is no kop to put a logo on.
    expect((await putLogo(admin, demoLogoPng(64), 'image/png')).status).toBe(409);
    await admin.put(SCREEN_API.letterhead, KOP);

    // Noise does not compress: a 700 x 700 RGBA PNG of random pixels is well over 512 kB.
    const huge = encodePng(700, 700, () => [Math.floor(Math.random() * 256), Math.floor(Math.random() * 256), Math.floor(Math.random() * 256), 255]);
    expect(huge.length).toBeGreaterThan(512 * 1024);
    const tooLarge = await putLogo(admin, huge, 'image/png');
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error).toMatchObject({ code: 'too_large', key: 'errors.letterhead.logoTooLarge' });
    expect(tooLarge.body.error?.message).toContain('512 kB');

    // The browser names the type from the file name: a text file called logo.png arrives as image/png.
    const text = await putLogo(admin, 'Ini bukan gambar, hanya catatan.\n', 'image/png');
    expect(text.status).toBe(415);
    expect(text.body.error).toMatchObject({ code: 'unsupported_type', key: 'errors.letterhead.logoType' });
    expect((await putLogo(admin, demoLogoPng(64), 'text/plain')).status).toBe(415);
    // A PNG too small to be an emblem.
    expect(
      (
        await putLogo(
          admin,
          encodePng(8, 8, () => [0, 0, 0, 255]),
          'image/png',
        )
      ).status,
    ).toBe(400);

    expect((await admin.get<Letterhead>(SCREEN_API.letterhead)).body.logo).toBeNull();
    expect((await admin.get(SCREEN_API.letterheadLogo)).status).toBe(404);
    expect(await t.store.letterhead.logo()).toBeNull();

    const png = demoLogoPng(96);
    const ok = await putLogo(admin, png, 'image/png');
    expect(ok.status).toBe(200);
    expect(ok.body.logo).toMatchObject({ mime: 'image/png', widthPx: 96, heightPx: 96, sizeBytes: png.length });
    const served = await admin.getBuffer(SCREEN_API.letterheadLogo);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.body.equals(png)).toBe(true);
    // Saving the texts again keeps the logo.
    await admin.put(SCREEN_API.letterhead, { ...KOP, office: 'BAGIAN PEMERINTAHAN' });
    expect((await admin.get<Letterhead>(SCREEN_API.letterhead)).body.logo).not.toBeNull();
    expect((await admin.request<Letterhead>('DELETE', SCREEN_API.letterheadLogo)).body.logo).toBeNull();
    expect((await admin.get(SCREEN_API.letterheadLogo)).status).toBe(404);
  });
});

describe('the nomor notulen', () => {
  it('OD2 meetings finalised in one year get 001 and 002, the next year starts again at 001, and a reopen keeps the number', async () => {
    const t = await app();
    const { admin, meeting, opds } = await setUpMeeting(t);
    await admin.put(SCREEN_API.letterhead, KOP);
    const second = (await admin.post<Meeting>(API.meetings, meetingInput(opds, { title: 'Rakor Asisten II', date: '2022-06-20' }))).body;
    const nextYear = (await admin.post<Meeting>(API.meetings, meetingInput(opds, { title: 'Rakor Januari', date: '2023-01-09' }))).body;

    expect((await admin.get<MinutesStatus>(API.minutesStatus(meeting.id))).body.nomor).toBeNull();
    expect((await finalise(admin, meeting.id)).nomor).toBe('001/NOT-RAKOR/SETDA/2022');
    expect((await finalise(admin, second.id)).nomor).toBe('002/NOT-RAKOR/SETDA/2022');
    expect((await finalise(admin, nextYear.id)).nomor).toBe('001/NOT-RAKOR/SETDA/2023');

    await admin.post(API.minutesReopen(meeting.id));
    expect((await admin.get<MinutesStatus>(API.minutesStatus(meeting.id))).body.nomor).toBe('001/NOT-RAKOR/SETDA/2022');
    // A pattern changed later numbers later minutes; a number given stays as it was printed.
    await admin.put(SCREEN_API.letterhead, { ...KOP, numberingPattern: '{no}/NOTULEN/{bulan_romawi}/{tahun}' });
    const again = await finalise(admin, meeting.id);
    expect(again).toMatchObject({ version: 2, nomor: '001/NOT-RAKOR/SETDA/2022' });
    const third = (await admin.post<Meeting>(API.meetings, meetingInput(opds, { title: 'Rakor Camat', date: '2022-07-04' }))).body;
    expect((await finalise(admin, third.id)).nomor).toBe('3/NOTULEN/VII/2022');

    // The exports print it under the title, with the kop above.
    const md = (await admin.getText(API.minutesExport(meeting.id, 'md'))).body;
    expect(md.startsWith('**PEMERINTAH KABUPATEN KUTAI TIMUR**')).toBe(true);
    expect(md).toContain('Nomor: 001/NOT\\-RAKOR/SETDA/2022'.replace('\\-', '-'));
  });

  it('OD2 minutes finalised at the same moment get distinct numbers from one counter', async () => {
    const t = await app();
    const { admin, opds } = await setUpMeeting(t);
    const meetings = await Promise.all(
      Array.from(
        { length: 5 },
        async (_, i) => (await admin.post<Meeting>(API.meetings, meetingInput(opds, { title: `Rakor ${i + 1}`, date: '2026-03-02' }))).body,
      ),
    );
    const numbers = (await Promise.all(meetings.map((m) => finalise(admin, m.id)))).map((s) => s.nomor);
    // No kop saved: the default pattern numbers them.
    expect(new Set(numbers).size).toBe(5);
    expect([...numbers].sort()).toEqual([
      '001/NOT-RAKOR/III/2026',
      '002/NOT-RAKOR/III/2026',
      '003/NOT-RAKOR/III/2026',
      '004/NOT-RAKOR/III/2026',
      '005/NOT-RAKOR/III/2026',
    ]);
  });
});

describe('the finalised versions', () => {
  it('OD4 OD5 each finalised version is listed with who and when, downloads as it was, and the diff shows the paragraph added after a reopen', async () => {
    const t = await app();
    const { admin, meeting, linkFor } = await setUpMeeting(t);
    const notulis = await sessionOf(t, linkFor('notulis', 0));
    const chair = await sessionOf(t, linkFor('chair'));
    const participant = await sessionOf(t, linkFor('participant', 0));
    const a = collab(t, notulis.cookie, meeting.id);
    await a.synced();
    typeInSection(a.doc, 'pembukaan', 'Rapat dibuka oleh Wakil Bupati.');
    await eventually(async () => bodyText((await t.app.rooms.peek(meeting.id))!.doc).includes('dibuka oleh'), { what: 'the first edit at the server' });
    await finalise(chair, meeting.id);

    await admin.post(API.minutesReopen(meeting.id));
    await a.synced();
    typeInSection(a.doc, 'kesimpulan', 'P3K diusulkan dalam APBD Perubahan.');
    await eventually(async () => bodyText((await t.app.rooms.peek(meeting.id))!.doc).includes('P3K diusulkan'), {
      what: 'the edit after the reopen at the server',
    });
    await finalise(notulis, meeting.id);

    const list = await participant.get<{ items: MinutesVersion[] }>(SCREEN_API.minutesVersions(meeting.id));
    expect(list.status).toBe(200);
    expect(list.body.items.map(({ version, finalizedBy, finalizedRole }) => ({ version, finalizedBy, finalizedRole }))).toEqual([
      { version: 1, finalizedBy: 'Kasmidi Bulang', finalizedRole: 'chair' },
      { version: 2, finalizedBy: 'Rina', finalizedRole: 'notulis' },
    ]);
    expect(list.body.items.every((v) => !Number.isNaN(Date.parse(v.finalizedAt)))).toBe(true);

    const v1 = await participant.getText(SCREEN_API.minutesVersionExport(meeting.id, 1, 'md'));
    expect(v1.status).toBe(200);
    expect(v1.headers.get('content-disposition')).toContain('versi-1.md');
    expect(v1.body).toContain('Rapat dibuka oleh Wakil Bupati.');
    expect(v1.body).not.toContain('P3K diusulkan');
    expect(v1.body).toContain('oleh Kasmidi Bulang (versi 1)');
    const v2 = await participant.getText(SCREEN_API.minutesVersionExport(meeting.id, 2, 'md'));
    expect(v2.body).toContain('P3K diusulkan dalam APBD Perubahan.');
    expect(v2.body).toContain('oleh Rina (versi 2)');
    for (const format of ['pdf', 'docx'] as const) {
      const file = await participant.getBuffer(SCREEN_API.minutesVersionExport(meeting.id, 1, format));
      expect(file.status, format).toBe(200);
      expect(file.body.subarray(0, 2).toString('latin1'), format).toBe(format === 'pdf' ? '%P' : 'PK');
    }

    const diff = await participant.get<MinutesDiff>(SCREEN_API.minutesVersionDiff(meeting.id, 2));
    expect(diff.status).toBe(200);
    expect(diff.body).toMatchObject({ version: 2, previous: 1 });
    const body = diff.body.sections.find((s) => s.part === 'body');
    expect(body).toMatchObject({ added: 1, removed: 0 });
    expect(body?.lines).toContainEqual({ kind: 'added', text: 'P3K diusulkan dalam APBD Perubahan.' });

    expect(errorOf(await participant.get(SCREEN_API.minutesVersionDiff(meeting.id, 1))).code).toBe('not_found');
    expect(errorOf(await participant.getText(SCREEN_API.minutesVersionExport(meeting.id, 3, 'md'))).code).toBe('not_found');
    expect(errorOf(await participant.get(`${SCREEN_API.minutesVersions(meeting.id)}/abc/diff`)).code).toBe('bad_request');
    // Another meeting's link reads none of it.
    const other = (await admin.post<Meeting>(API.meetings, meetingInput([], { title: 'Rapat lain' }))).body;
    expect((await participant.get(SCREEN_API.minutesVersions(other.id))).status).toBe(403);
  });
});
