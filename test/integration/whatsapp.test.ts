import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/protocol/api';
import type { Meeting, MeetingLink, Opd, OpdImportPreview, OpdImportResult } from '../../shared/protocol';
import { adminClient, meetingInput, opdInput } from '../factories';
import { HttpClient, errorOf } from '../helpers/http-client';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { at } from '../helpers/at';

const tokenOf = (url: string) => new URL(url).pathname.split('/').pop()!;

describe('WhatsApp numbers in the directory and on a meeting’s participants', () => {
  let t: TestApp;
  let admin: HttpClient;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminClient(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const opdByShort = async (shortName: string) =>
    (await admin.get<{ items: Opd[] }>(`${API.opds}?includeArchived=true`)).body.items.find((o) => o.shortName === shortName);

  it('WA6 an OPD’s number is stored as its E.164 digits on create and on edit; a bad number is 400 naming the field, and nothing changes', async () => {
    const created = await admin.post<Opd>(API.opds, opdInput('Dinkes', { whatsapp: '0812-3456-7890' }));
    expect(created.status).toBe(201);
    expect(created.body.whatsapp).toBe('6281234567890');
    expect((await opdByShort('Dinkes'))?.whatsapp).toBe('6281234567890');

    const none = await admin.post<Opd>(API.opds, opdInput('Dinsos'));
    expect(none.body.whatsapp).toBe('');

    const edited = await admin.patch<Opd>(API.opd(created.body.id), { whatsapp: '+62 853 4712 0099' });
    expect(edited.status).toBe(200);
    expect(edited.body.whatsapp).toBe('6285347120099');
    // Another edit leaves the number as it is.
    expect((await admin.patch<Opd>(API.opd(created.body.id), { headName: 'dr. Bahrani' })).body.whatsapp).toBe('6285347120099');

    for (const [typed, key] of [
      ['021-3456-789', 'field.whatsappNotMobile'],
      ['+60 12 345 6789', 'field.whatsappCountry'],
      ['0812-34', 'field.whatsappLength'],
      ['nomor kantor', 'field.whatsappChars'],
    ] as const) {
      const patch = await admin.patch(API.opd(created.body.id), { whatsapp: typed });
      expect(patch.status, typed).toBe(400);
      expect(errorOf(patch)).toMatchObject({ code: 'bad_request', field: 'whatsapp', key });
      const post = await admin.post(API.opds, opdInput(`X${key.length}`, { whatsapp: typed }));
      expect(post.status, typed).toBe(400);
      expect(errorOf(post)).toMatchObject({ field: 'whatsapp', key });
    }
    expect((await opdByShort('Dinkes'))?.whatsapp).toBe('6285347120099');
    expect(await opdByShort(`X${'field.whatsappChars'.length}`)).toBeUndefined();

    // Cleared with an empty field.
    expect((await admin.patch<Opd>(API.opd(created.body.id), { whatsapp: '' })).body.whatsapp).toBe('');
  });

  it('WA7 a CSV import reads the WhatsApp column under its usual headers and stores the digits', async () => {
    for (const [header, shortName] of [
      ['no_wa', 'Imp1'],
      ['No. WA', 'Imp2'],
      ['Nomor WhatsApp', 'Imp3'],
      ['whatsapp', 'Imp4'],
      ['No HP', 'Imp5'],
    ] as const) {
      const csv = `nama;singkatan;jenis;kelompok;${header}\nDinas ${shortName};${shortName};dinas;Asisten II;0812 3456 78${shortName.slice(3)}0\n`;
      const preview = await admin.post<OpdImportPreview>(API.opdImportPreview, { csv });
      expect(preview.body.errors, header).toEqual([]);
      expect(at(preview.body.rows, 0, 'row').opd.whatsapp, header).toBe(`62812345678${shortName.slice(3)}0`);
      expect((await admin.post<OpdImportResult>(API.opdImportApply, { csv })).body).toEqual({ created: 1, updated: 0 });
      expect((await opdByShort(shortName))?.whatsapp).toBe(`62812345678${shortName.slice(3)}0`);
    }
  });

  it('WA7 a bad number in the file is reported with its row and column, and nothing of the file is stored', async () => {
    const csv = [
      'nama;singkatan;jenis;kelompok;nama_kepala;No. WA',
      'Dinas Pariwisata;Dispar;dinas;Asisten II;Nurullah;0813-5000-1111',
      'Dinas Perhubungan;Dishub;dinas;Asisten II;Andi;(0549) 21 234',
      'Dinas Pertanian;Distan;dinas;Asisten II;Budi;+62 811 5400 2222',
      'Dinas Perikanan;Diskan;dinas;Asisten II;Citra;62 811 54',
    ].join('\n');
    const preview = await admin.post<OpdImportPreview>(API.opdImportPreview, { csv });
    expect(preview.status).toBe(200);
    expect(preview.body.errors.map((e) => [e.line, e.field, e.key, e.params.column])).toEqual([
      [3, 'whatsapp', 'field.whatsappNotMobile', 'No. WA'],
      [5, 'whatsapp', 'field.whatsappLength', 'No. WA'],
    ]);
    expect(preview.body.rows.map((r) => [r.opd.shortName, r.opd.whatsapp])).toEqual([
      ['Dispar', '6281350001111'],
      ['Distan', '6281154002222'],
    ]);

    const apply = await admin.post(API.opdImportApply, { csv });
    expect(apply.status).toBe(400);
    expect(errorOf(apply).code).toBe('import_invalid');
    expect(errorOf(apply).details?.map((d) => [d.line, d.field])).toEqual([
      [3, 'whatsapp'],
      [5, 'whatsapp'],
    ]);
    for (const s of ['Dispar', 'Dishub', 'Distan', 'Diskan']) expect(await opdByShort(s), s).toBeUndefined();
  });

  it('WA7 an import without the column keeps the numbers of the units it updates; an empty cell in the column clears one', async () => {
    await admin.post<Opd>(API.opds, opdInput('Bapenda', { group: 'Asisten III', whatsapp: '0811-2222-3333' }));
    await admin.post<Opd>(API.opds, opdInput('Disdik', { group: 'Asisten III', whatsapp: '0811-4444-5555' }));
    const without = 'name,short_name,kind,group,head_name,head_title\nBadan Pendapatan Daerah,Bapenda,badan,Asisten III,Sulastri,Kepala Badan\n';
    const preview = await admin.post<OpdImportPreview>(API.opdImportPreview, { csv: without });
    expect(at(preview.body.rows, 0, 'row')).toMatchObject({ action: 'update', opd: { headName: 'Sulastri', whatsapp: '6281122223333' } });
    expect((await admin.post<OpdImportResult>(API.opdImportApply, { csv: without })).body).toEqual({ created: 0, updated: 1 });
    expect(await opdByShort('Bapenda')).toMatchObject({ headName: 'Sulastri', whatsapp: '6281122223333' });

    const cleared = 'name,short_name,kind,group,whatsapp\nDinas Pendidikan,Disdik,dinas,Asisten III,\n';
    expect((await admin.post<OpdImportResult>(API.opdImportApply, { csv: cleared })).body).toEqual({ created: 0, updated: 1 });
    expect((await opdByShort('Disdik'))?.whatsapp).toBe('');
  });

  it('WA8 a representative’s number round-trips normalised with the OPD’s beside it; a bad one is 400 naming the row; a participant’s screen gets no numbers', async () => {
    const withNumber = await admin.post<Opd>(API.opds, opdInput('Dpmptsp', { whatsapp: '0812 9999 0000' }));
    const withoutNumber = await admin.post<Opd>(API.opds, opdInput('Dlh'));
    const opds = [withNumber.body, withoutNumber.body];
    const input = meetingInput(opds);
    input.participants = input.participants.map((p, i) => ({ ...p, representativeWhatsapp: i === 1 ? '+62 (0)856-1234-5678' : '' }));

    const created = await admin.post<Meeting>(API.meetings, input);
    expect(created.status).toBe(201);
    const read = await admin.get<Meeting>(API.meeting(created.body.id));
    expect(read.body.participants.map((p) => [p.opdShortName, p.representativeWhatsapp, p.opdWhatsapp])).toEqual([
      ['Dpmptsp', '', '6281299990000'],
      ['Dlh', '6285612345678', ''],
    ]);

    // Saving the meeting as read keeps the numbers; the OPD's number is the directory's now.
    await admin.patch(API.opd(withNumber.body.id), { whatsapp: '0812-1111-0000' });
    const again = read.body.participants.map((p) => ({
      id: p.id,
      opdId: p.opdId,
      representativeName: p.representativeName,
      representativeTitle: p.representativeTitle,
      representativeWhatsapp: p.representativeWhatsapp,
      attendance: p.attendance,
      session: p.session,
      allotmentMinutes: p.allotmentMinutes,
    }));
    const saved = await admin.put<Meeting>(API.meeting(created.body.id), { ...input, participants: again });
    expect(saved.status).toBe(200);
    expect(saved.body.participants.map((p) => [p.representativeWhatsapp, p.opdWhatsapp])).toEqual([
      ['', '6281211110000'],
      ['6285612345678', ''],
    ]);

    const bad = await admin.put(API.meeting(created.body.id), { ...input, participants: [again[0], { ...again[1], representativeWhatsapp: '0541-123' }] });
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toMatchObject({ field: 'participants.1.representativeWhatsapp', key: 'field.whatsappNotMobile' });
    expect((await admin.get<Meeting>(API.meeting(created.body.id))).body.participants[1]?.representativeWhatsapp).toBe('6285612345678');

    // The numbers are the secretariat's to use: a participant's own link reads the meeting without them.
    const links = (await admin.get<{ items: MeetingLink[] }>(API.meetingLinks(created.body.id))).body.items;
    const link = links.find((l) => l.role === 'participant' && l.participantId === read.body.participants[1]?.id);
    const person = new HttpClient(t.baseUrl);
    expect((await person.post(API.linkExchange, { token: tokenOf(link!.url) })).status).toBe(200);
    const seen = await person.get<Meeting>(API.meeting(created.body.id));
    expect(seen.status).toBe(200);
    expect(seen.body.participants.map((p) => [p.representativeWhatsapp, p.opdWhatsapp])).toEqual([
      ['', ''],
      ['', ''],
    ]);
    expect(JSON.stringify(seen.body)).not.toMatch(/628\d{8,}/);
    // Nor does the follow-up picker's directory.
    const directory = await person.get(API.meetingDirectory(created.body.id));
    expect(directory.status).toBe(200);
    expect(JSON.stringify(directory.body)).not.toMatch(/628\d{8,}/);
  });
});
