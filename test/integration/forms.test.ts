import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/protocol/api';
import type { OpdImportPreview, OpdImportResult, Opd, SessionState, TimeZone } from '../../shared/protocol';
import { translate } from '../../shared/i18n';
import { ADMIN, adminClient } from '../factories';
import { errorOf, HttpClient } from '../helpers/http-client';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { decodeCsvBytes, parseOpdCsv, TEMPLATE_COLUMNS } from '../../server/services/opd-csv';
import { AuthService } from '../../server/services/auth-service';
import { EventBus } from '../../server/events';
import { authRoutes } from '../../server/http/auth-routes';
import { sessionMiddleware } from '../../server/http/session';
import { errorHandler } from '../../server/http/errors';
import { silentLogger } from '../../server/logger';
import { systemClock } from '../../server/clock';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TEMPLATE = path.join(root, 'client/public/templat-direktori-opd.csv');

type SessionWithDefaults = SessionState & { defaultTimeZone: TimeZone | null };

describe('the secretariat forms on the server', () => {
  let t: TestApp;
  let admin: HttpClient;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminClient(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('G9 the directory template is UTF-8 with a BOM, has the importer’s columns and one example row that imports cleanly', async () => {
    const bytes = fs.readFileSync(TEMPLATE);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { text, encoding } = decodeCsvBytes(bytes);
    expect(encoding).toBe('utf-8');
    const lines = text.split(/\r?\n/).filter((l) => l !== '');
    expect(lines).toHaveLength(2);
    expect(lines[0]?.split(';')).toEqual([...TEMPLATE_COLUMNS]);
    const parsed = parseOpdCsv(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.rows[0]?.opd).toMatchObject({ shortName: 'Dinkes', kind: 'dinas', group: 'Asisten I', headName: 'dr. Ahmad Rifa’i' });

    // The same bytes as a file upload, as the secretariat sends the filled template back.
    const res = await admin.post<OpdImportPreview>(API.opdImportPreview, { file: bytes.toString('base64') });
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([]);
    expect(res.body.rows.map((r) => r.opd.shortName)).toEqual(['Dinkes']);
  });

  it('G10 an import error names the row and the column as the file writes it', async () => {
    const csv = [
      'nama;singkatan;jenis;kelompok',
      'Dinas Sosial;;dinas;Asisten I',
      'Badan Pendapatan;Bapenda;planet;Asisten III',
      'Dinas Sosial;Dinsos;dinas;',
    ].join('\n');
    const res = await admin.post<OpdImportPreview>(API.opdImportPreview, { csv });
    expect(res.status).toBe(200);
    expect(res.body.errors.map((e) => [e.line, e.field, e.params.column])).toEqual([
      [2, 'shortName', 'singkatan'],
      [3, 'kind', 'jenis'],
      [4, 'group', 'kelompok'],
    ]);
    const [first] = res.body.errors;
    if (!first) throw new Error('no error');
    expect(
      `${translate('id', 'import.lineColumn', { line: first.line, column: String(first.params.column) })}: ${translate('id', first.key, first.params)}`,
    ).toBe('Baris 2, kolom "singkatan": wajib diisi');
    // English headers are named as written too.
    const english = await admin.post<OpdImportPreview>(API.opdImportPreview, { csv: 'name,Short Name,kind,group\nDinas Sosial,,dinas,Asisten I' });
    expect(english.body.errors.map((e) => e.params.column)).toEqual(['Short Name']);
  });

  it('G11 "lainnya" imports as the kind other, and the refusal of an unknown kind lists "lainnya", not "other"', async () => {
    const csv = ['nama;singkatan;jenis;kelompok', 'Sekretariat DPRD;Setwan;Lainnya;Asisten III', 'RSUD;RSUD;rumah sakit;Asisten I'].join('\n');
    const res = await admin.post<OpdImportPreview>(API.opdImportPreview, { csv });
    expect(res.body.rows.map((r) => [r.opd.shortName, r.opd.kind])).toEqual([['Setwan', 'other']]);
    const [refused] = res.body.errors;
    if (!refused) throw new Error('no error');
    expect(translate('id', refused.key, refused.params)).toBe(
      'jenis harus salah satu dari dinas, badan, bagian, inspektorat, kecamatan, desa, lainnya (tertulis "rumah sakit")',
    );
    expect(translate('id', 'import.kinds')).not.toMatch(/\bother\b/);
    expect(translate('id', 'kind.other')).toBe('Lainnya');
    const applied = await admin.post<OpdImportResult>(API.opdImportApply, { csv: csv.split('\n').slice(0, 2).join('\n') });
    expect(applied.body).toEqual({ created: 1, updated: 0 });
    expect((await admin.get<{ items: Opd[] }>(API.opds)).body.items.find((o) => o.shortName === 'Setwan')?.kind).toBe('other');
  });

  it('G12 a used setup link answers that the admin exists (setup_invalid, errors.alreadySetUp), and the session says setup is done', async () => {
    const stranger = new HttpClient(t.baseUrl);
    const res = await stranger.post(API.setup, { token: 'a'.repeat(43), username: 'orang-lain', password: 'kata-sandi-lain-123' });
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'setup_invalid', key: 'errors.alreadySetUp' });
    expect((await stranger.get<SessionState>(API.session)).body.setupRequired).toBe(false);
    // The admin's own account still logs in: the refusal changed nothing.
    expect((await new HttpClient(t.baseUrl).post(API.login, ADMIN)).status).toBe(200);
  });

  it('G6 the session offers no configured zone when DEFAULT_TIME_ZONE is unset', async () => {
    expect((await admin.get<SessionWithDefaults>(API.session)).body.defaultTimeZone).toBeNull();
  });
});

describe('the configured zone in the session', () => {
  let t: TestApp;
  let server: http.Server;
  let baseUrl: string;

  beforeAll(async () => {
    t = await startTestApp();
    await adminClient(t);
    // The session routes as app.ts mounts them, given the option DEFAULT_TIME_ZONE becomes.
    const auth = new AuthService(t.store, new EventBus(silentLogger()), systemClock, 3_600_000);
    const app = express();
    app.use('/api', express.json(), sessionMiddleware(auth));
    app.use('/api', authRoutes(auth, { cookie: { secure: false, ttlMs: 3_600_000 }, loginLimit: 10, linkLimit: 10, defaultTimeZone: 'Asia/Makassar' }));
    app.use(errorHandler(silentLogger()));
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  it('G6 an admin’s session carries the regency zone; a visitor’s carries none', async () => {
    const admin = new HttpClient(baseUrl);
    expect((await admin.post(API.login, ADMIN)).status).toBe(200);
    expect((await admin.get<SessionWithDefaults>(API.session)).body).toMatchObject({ defaultTimeZone: 'Asia/Makassar', session: { role: 'admin' } });
    expect((await new HttpClient(baseUrl).get<SessionWithDefaults>(API.session)).body).toMatchObject({ defaultTimeZone: null, session: null });
  });
});
