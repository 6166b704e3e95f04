import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/protocol/api';
import type { Opd, OpdImportPreview, OpdImportResult } from '../../shared/protocol';
import { adminClient, opdInput } from '../factories';
import { HttpClient, errorOf } from '../helpers/http-client';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { at } from '../helpers/at';

describe('OPD directory', () => {
  let t: TestApp;
  let admin: HttpClient;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminClient(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('D1 creates, edits and refuses bad input naming the field', async () => {
    const created = await admin.post<Opd>(API.opds, opdInput('Dinkes', { name: 'Dinas Kesehatan' }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ shortName: 'Dinkes', archived: false });

    const bad = await admin.post(API.opds, { ...opdInput('X'), kind: 'kementerian' });
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toMatchObject({ code: 'bad_request', field: 'kind' });

    const dup = await admin.post(API.opds, opdInput('DINKES'));
    expect(dup.status).toBe(409);
    expect(errorOf(dup).field).toBe('shortName');

    const edited = await admin.patch<Opd>(API.opd(created.body.id), { headName: 'dr. Bahrani' });
    expect(edited.body.headName).toBe('dr. Bahrani');
    expect(edited.body.headTitle).toBe('Kepala Dinas');
    const emptyPatch = await admin.patch(API.opd(created.body.id), {});
    expect(emptyPatch.status).toBe(400);
    const missing = await admin.patch(API.opd('nope'), { headName: 'x' });
    expect(missing.status).toBe(404);
  });

  it('D2 searches without regard to case and hides archived units', async () => {
    const opd = await admin.post<Opd>(API.opds, opdInput('Bapenda', { name: 'Badan Pendapatan Daerah', kind: 'badan', group: 'Asisten III' }));
    expect((await admin.get<{ items: Opd[] }>(`${API.opds}?q=pendapatan`)).body.items.map((o) => o.shortName)).toEqual(['Bapenda']);
    expect((await admin.get<{ items: Opd[] }>(`${API.opds}?q=%25`)).body.items).toEqual([]);
    await admin.post(API.opdArchive(opd.body.id));
    expect((await admin.get<{ items: Opd[] }>(`${API.opds}?q=bapenda`)).body.items).toEqual([]);
    const all = await admin.get<{ items: Opd[] }>(`${API.opds}?q=bapenda&includeArchived=true`);
    expect(all.body.items[0]).toMatchObject({ shortName: 'Bapenda', archived: true });
    await admin.post(API.opdRestore(opd.body.id));
    expect((await admin.get<{ items: string[] }>(API.opdGroups)).body.items).toContain('Asisten III');
  });

  it('D3 D4 previews an import with line numbers and applies nothing while a row is bad', async () => {
    const csv = [
      'name,short_name,kind,group,head_name,head_title',
      'Dinas Sosial,Dinsos,dinas,Asisten I,Ernata,Kepala Dinas',
      ',NoName,dinas,Asisten I,,',
      'Kecamatan Bengalon,Kec. Bengalon,kecamatan,Camat,Suharman,Camat',
      'Dinas Kesehatan Baru,dinkes,dinas,Asisten I,dr. B,Kepala Dinas',
      'Something,Thing,planet,Asisten I,,',
      'Dinas Sosial 2,DINSOS,dinas,Asisten I,,',
    ].join('\n');
    const preview = await admin.post<OpdImportPreview>(API.opdImportPreview, { csv });
    expect(preview.status).toBe(200);
    expect(preview.body.rows.map((r) => [r.line, r.action, r.opd.shortName])).toEqual([
      [2, 'create', 'Dinsos'],
      [4, 'create', 'Kec. Bengalon'],
      [5, 'update', 'dinkes'],
    ]);
    expect(preview.body.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'name'],
      [6, 'kind'],
      [7, 'shortName'],
    ]);
    expect(at(preview.body.errors, 1, 'error').message).toContain('planet');

    const before = (await admin.get<{ items: Opd[] }>(API.opds)).body.items.length;
    const apply = await admin.post(API.opdImportApply, { csv });
    expect(apply.status).toBe(400);
    expect(errorOf(apply).code).toBe('import_invalid');
    expect(errorOf(apply).details).toHaveLength(3);
    expect((await admin.get<{ items: Opd[] }>(API.opds)).body.items.length).toBe(before);

    const clean = csv
      .split('\n')
      .filter((_, i) => ![2, 5, 6].includes(i))
      .join('\n');
    const ok = await admin.post<OpdImportResult>(API.opdImportApply, { csv: clean });
    expect(ok.body).toEqual({ created: 2, updated: 1 });
    const dinkes = (await admin.get<{ items: Opd[] }>(`${API.opds}?q=dinkes`)).body.items;
    expect(dinkes).toHaveLength(1);
    expect(at(dinkes, 0, 'Dinkes OPD').name).toBe('Dinas Kesehatan Baru');
  });

  it('D5 reads semicolons, Indonesian headers and a BOM', async () => {
    const csv = '\uFEFFnama;singkatan;jenis;kelompok;nama_kepala;jabatan\r\nDinas Pariwisata;Dispar;Dinas;Asisten I;Nurullah;Kepala Dinas\r\n';
    const preview = await admin.post<OpdImportPreview>(API.opdImportPreview, { csv });
    expect(preview.body.errors).toEqual([]);
    expect(at(preview.body.rows, 0, 'row').opd).toMatchObject({ name: 'Dinas Pariwisata', shortName: 'Dispar', kind: 'dinas', headName: 'Nurullah' });
    const noHeader = await admin.post<OpdImportPreview>(API.opdImportPreview, { csv: 'a,b\n1,2' });
    expect(noHeader.body.errors[0]).toMatchObject({ line: 1 });
    expect(at(noHeader.body.errors, 0, 'error').message).toContain('short_name');
  });

  it('A9 only the admin manages the directory', async () => {
    const anon = new HttpClient(t.baseUrl);
    const res = await anon.post(API.opds, opdInput('Anon'));
    expect(res.status).toBe(401);
    expect(errorOf(res).code).toBe('unauthenticated');
  });

  it('C3 bad JSON and unknown routes answer in the error shape', async () => {
    const bad = await admin.request('POST', API.opds, '{"name": ', {});
    expect(bad.status).toBe(400);
    expect(errorOf(bad).code).toBe('bad_request');
    const form = await admin.request('POST', API.opds, 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(400);
    const unknown = await admin.get('/api/nothing-here');
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe('not_found');
    expect((await admin.get(API.health)).body).toMatchObject({ status: 'ok' });
  });
});
