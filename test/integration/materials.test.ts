import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { API, PROTOCOL_VERSION, type Ack, type MeetingLink } from '../../shared/protocol';
import { MATERIAL_API, MAX_MATERIAL_BYTES, type Material, type MaterialDisplay } from '../../shared/protocol/materials';
import { errorOf, HttpClient } from '../helpers/http-client';
import { linkClient, openPerson, pressOk, setUpMeeting, type Person } from '../helpers/meeting-people';
import { BROKEN_PDF, paparanPdf, TEXT_AS_PDF } from '../helpers/paparan-pdf';
import { connectSocket, emitAck, waitForConnect, type TestSocket } from '../helpers/socket-client';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { eventually } from '../helpers/wait';
import { at } from '../helpers/at';

let apps: TestApp[] = [];
let sockets: TestSocket[] = [];
afterEach(async () => {
  for (const s of sockets) s.disconnect();
  sockets = [];
  for (const t of apps) await t.close();
  apps = [];
});

async function app(opts: Parameters<typeof startTestApp>[0] = {}): Promise<TestApp> {
  const t = await startTestApp(opts);
  apps.push(t);
  return t;
}

function form(file: { bytes: Buffer; name: string; type?: string } | null, fields: Record<string, string> = {}): FormData {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  if (file) body.set('file', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/pdf' }), file.name);
  return body;
}

async function upload(client: HttpClient, meetingId: string, body: FormData, headers: Record<string, string> = {}) {
  const res = await fetch(`${client.baseUrl}${MATERIAL_API.list(meetingId)}`, { method: 'POST', body, headers: { cookie: client.cookie, ...headers } });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as unknown, headers: res.headers };
}

const listOf = async (client: HttpClient, meetingId: string) => client.get<{ items: Material[] }>(MATERIAL_API.list(meetingId));

/** A meeting of Dinkes (room), Dinsos (remote), Disdik (room), with a session for each role. */
async function meetingWithPeople(t: TestApp) {
  const people = await setUpMeeting(t);
  const { meeting, linkFor } = people;
  const open = (link: MeetingLink) => linkClient(t.baseUrl, link);
  return {
    ...people,
    chair: await open(linkFor('chair')),
    notulis: await open(linkFor('notulis')),
    projector: await open(linkFor('projector')),
    observer: await open(linkFor('observer')),
    dinkes: await open(linkFor('participant', 0)),
    dinsos: await open(linkFor('participant', 1)),
    pid: (i: number) => at(meeting.participants, i, 'participant').id,
  };
}

/** A joined socket that records every display it hears. */
async function listener(t: TestApp, client: HttpClient, meetingId: string) {
  const socket = connectSocket(t.baseUrl, client.cookie);
  sockets.push(socket);
  const heard: MaterialDisplay[] = [];
  socket.on('material:display', (d) => heard.push(d));
  await waitForConnect(socket);
  const join = await emitAck(socket, 'meeting:join', { meetingId, protocolVersion: PROTOCOL_VERSION });
  expect(join).toHaveProperty('data');
  const show = (participantId: string | null, page = 1) => emitAck<MaterialDisplay>(socket, 'material:show', { meetingId, participantId, page });
  return { socket, heard, show };
}

const errorCode = (ack: Ack<unknown>) => ('error' in ack ? `${ack.error.code} ${ack.error.key ?? ''}` : 'ok');

describe('bahan rapat (BR)', () => {
  it('BR3 an OPD uploads its paparan through its personal link; the chair, the notulis, the projector and the secretariat see it, another OPD does not', async () => {
    const t = await app();
    const { admin, meeting, chair, notulis, projector, observer, dinkes, dinsos, pid } = await meetingWithPeople(t);
    // The chair's screen hears each change of the bahan rapat, to read its list again.
    const console_ = await listener(t, chair, meeting.id);
    let changes = 0;
    console_.socket.on('materials:changed', (c) => void (c.meetingId === meeting.id && changes++));
    const pdf = await paparanPdf(3);
    const sent = await upload(dinkes, meeting.id, form({ bytes: pdf, name: 'Paparan Dinkes TW III.pdf' }), { origin: t.baseUrl });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ participantId: pid(0), opdShortName: 'Dinkes', title: 'Paparan Dinkes TW III', pageCount: 3, sizeBytes: pdf.length });
    await eventually(() => changes === 1, { what: 'the chair hears the upload' });

    for (const reader of [admin, chair, notulis, projector]) {
      const list = await listOf(reader, meeting.id);
      expect(list.status).toBe(200);
      expect(list.body.items.map((m) => [m.opdShortName, m.title, m.pageCount, m.sizeBytes, m.fileName])).toEqual([
        ['Dinkes', 'Paparan Dinkes TW III', 3, pdf.length, 'Paparan Dinkes TW III.pdf'],
      ]);
      expect(at(list.body.items, 0, 'material').uploadedBy).toContain('Dinkes');
      const file = await reader.getBuffer(MATERIAL_API.file(meeting.id, pid(0)));
      expect([file.status, file.headers.get('content-type'), file.headers.get('x-content-type-options'), file.body.equals(pdf)]).toEqual([
        200,
        'application/pdf',
        'nosniff',
        true,
      ]);
      expect(file.headers.get('content-disposition')).toMatch(/^inline; filename="Paparan Dinkes TW III.pdf"/);
    }
    // The OPD itself sees its own; another OPD sees nothing of it; the observer nothing at all.
    expect((await listOf(dinkes, meeting.id)).body.items).toHaveLength(1);
    expect((await listOf(dinsos, meeting.id)).body.items).toEqual([]);
    expect((await dinsos.getBuffer(MATERIAL_API.file(meeting.id, pid(0)))).status).toBe(403);
    expect((await listOf(observer, meeting.id)).status).toBe(403);

    // A new upload replaces the old, file and all.
    const files = await t.store.followUps.fileCount();
    const again = await upload(dinkes, meeting.id, form({ bytes: await paparanPdf(5), name: 'revisi.pdf' }, { title: 'Paparan Dinkes (revisi)' }));
    expect(again.status).toBe(201);
    expect(await t.store.followUps.fileCount()).toBe(files);
    expect((await listOf(chair, meeting.id)).body.items.map((m) => [m.title, m.pageCount])).toEqual([['Paparan Dinkes (revisi)', 5]]);

    // The admin uploads for an OPD (it must say which); the list keeps the speaking order.
    const missing = await upload(admin, meeting.id, form({ bytes: pdf, name: 'x.pdf' }));
    expect([missing.status, (missing.body as { error: { field: string } }).error.field]).toEqual([400, 'participantId']);
    expect((await upload(admin, meeting.id, form({ bytes: pdf, name: 'Dinsos.pdf' }, { participantId: pid(1) }))).status).toBe(201);
    expect((await listOf(notulis, meeting.id)).body.items.map((m) => m.opdShortName)).toEqual(['Dinkes', 'Dinsos']);
    // A participant cannot upload for another, nor the chair for anyone.
    expect((await upload(dinkes, meeting.id, form({ bytes: pdf, name: 'x.pdf' }, { participantId: pid(1) }))).status).toBe(403);
    expect((await upload(chair, meeting.id, form({ bytes: pdf, name: 'x.pdf' }))).status).toBe(403);

    // Deleting: the OPD its own, not another's; the admin any.
    expect((await dinkes.request('DELETE', MATERIAL_API.one(meeting.id, pid(1)))).status).toBe(403);
    expect((await dinkes.request('DELETE', MATERIAL_API.one(meeting.id, pid(0)))).status).toBe(200);
    expect((await admin.request('DELETE', MATERIAL_API.one(meeting.id, pid(1)))).status).toBe(200);
    expect((await listOf(chair, meeting.id)).body.items).toEqual([]);
    expect(await t.store.followUps.fileCount()).toBe(files - 1);
    await eventually(() => changes === 5, { what: 'the chair hears two more uploads and two deletions', seen: () => `${changes}` });
    expect((await dinkes.request('DELETE', MATERIAL_API.one(meeting.id, pid(0)))).status).toBe(404);
  });

  it('BR4 refused uploads store nothing: too large 413, a text file named .pdf 415, a PDF pdf.js cannot open 400, another site 403, JSON 415', async () => {
    const t = await app();
    const { meeting, chair, dinkes } = await meetingWithPeople(t);
    const files = await t.store.followUps.fileCount();
    const nothingStored = async () => {
      expect(await t.store.followUps.fileCount()).toBe(files);
      expect((await listOf(chair, meeting.id)).body.items).toEqual([]);
    };

    const big = Buffer.alloc(MAX_MATERIAL_BYTES + 1024, 0x20);
    big.write('%PDF-1.7\n');
    const tooLarge = await upload(dinkes, meeting.id, form({ bytes: big, name: 'besar.pdf' }));
    expect([tooLarge.status, errorOf(tooLarge as never).code]).toEqual([413, 'too_large']);
    expect(errorOf(tooLarge as never).message).toContain('at most 20 MB');
    await nothingStored();

    // The same without a declared length (a chunked body): refused as it streams, past the limit.
    const boundary = 'rakor-batas';
    const head = Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="besar.pdf"\r\ncontent-type: application/pdf\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const parts = [head, big, tail];
    const streamed = await fetch(`${t.baseUrl}${MATERIAL_API.list(meeting.id)}`, {
      method: 'POST',
      headers: { cookie: dinkes.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = parts.shift();
          if (next) controller.enqueue(new Uint8Array(next));
          else controller.close();
        },
      }),
      duplex: 'half',
    });
    expect([streamed.status, ((await streamed.json()) as { error: { code: string } }).error.code]).toEqual([413, 'too_large']);
    await nothingStored();

    const text = await upload(dinkes, meeting.id, form({ bytes: TEXT_AS_PDF, name: 'paparan.pdf' }));
    expect([text.status, errorOf(text as never).code, errorOf(text as never).key]).toEqual([415, 'unsupported_type', 'materials.fileType']);
    await nothingStored();

    const broken = await upload(dinkes, meeting.id, form({ bytes: BROKEN_PDF, name: 'rusak.pdf' }));
    expect([broken.status, errorOf(broken as never).key, errorOf(broken as never).field]).toEqual([400, 'materials.fileUnreadable', 'file']);
    await nothingStored();

    const crossSite = await upload(dinkes, meeting.id, form({ bytes: await paparanPdf(1), name: 'p.pdf' }), { origin: 'https://evil.example' });
    expect([crossSite.status, errorOf(crossSite as never).key]).toEqual([403, 'materials.originForbidden']);
    await nothingStored();

    const noFile = await upload(dinkes, meeting.id, form(null, { title: 'Tanpa berkas' }));
    expect([noFile.status, errorOf(noFile as never).key]).toEqual([400, 'materials.fileMissing']);
    const json = await dinkes.post(MATERIAL_API.list(meeting.id), { file: 'JVBERi0=' });
    expect(json.status).toBe(415);
    await nothingStored();
  });

  it('BR5 the chair shows the floor OPD’s paparan page by page, the floor OPD its own; any other is refused with a typed ack and nobody hears it', async () => {
    const t = await app();
    const { meeting, linkFor, projector, dinkes, dinsos, pid } = await meetingWithPeople(t);
    expect((await upload(dinkes, meeting.id, form({ bytes: await paparanPdf(4), name: 'dinkes.pdf' }))).status).toBe(201);
    expect((await upload(dinsos, meeting.id, form({ bytes: await paparanPdf(2), name: 'dinsos.pdf' }))).status).toBe(201);
    const chairPerson: Person = await openPerson(t, linkFor('chair'), meeting.id);
    sockets.push(chairPerson.socket);
    await pressOk(chairPerson, { type: 'meeting.start' });
    await pressOk(chairPerson, { type: 'turn.next' }); // Dinkes has the floor

    const chair = await listener(t, chairPerson.client, meeting.id);
    const screen = await listener(t, projector, meeting.id);
    const owner = await listener(t, dinkes, meeting.id);
    const other = await listener(t, dinsos, meeting.id);

    const shown = await chair.show(pid(0), 1);
    expect('data' in shown && [shown.data.participantId, shown.data.page, shown.data.material?.pageCount, shown.data.material?.opdShortName]).toEqual([
      pid(0),
      1,
      4,
      'Dinkes',
    ]);
    await eventually(() => screen.heard.length === 1, { what: 'the projector hears the display' });
    // The floor OPD turns its own pages.
    expect(errorCode(await owner.show(pid(0), 2))).toBe('ok');
    await eventually(() => screen.heard.at(-1)?.page === 2, { what: 'page 2 on the projector' });

    for (const l of [screen, owner, other]) await eventually(() => l.heard.at(-1)?.page === 2, { what: 'everyone has heard page 2' });
    const mark = new Map([screen, owner, other].map((l) => [l, l.heard.length]));
    // Another OPD: neither its own (it has not the floor) nor the floor's; a page the paparan lacks; the projector itself.
    expect(errorCode(await other.show(pid(1), 1))).toBe('forbidden materials.notOnFloor');
    expect(errorCode(await other.show(pid(0), 3))).toBe('forbidden materials.notOnFloor');
    expect(errorCode(await other.show(null))).toBe('forbidden materials.notOnFloor');
    expect(errorCode(await owner.show(pid(1), 1))).toBe('forbidden materials.showForbidden');
    expect(errorCode(await chair.show(pid(0), 5))).toBe('bad_request materials.pageOutOfRange');
    expect(errorCode(await screen.show(pid(0), 1))).toBe('forbidden materials.showForbidden');
    expect(errorCode(await chair.show(pid(2), 1))).toBe('not_found materials.notFound');
    const malformed = await emitAck(chair.socket, 'material:show', { meetingId: meeting.id, participantId: pid(0), page: 0 });
    expect(errorCode(malformed)).toMatch(/^bad_request/);
    // The fence: the chair's next accepted command is the first thing anyone hears after the refusals.
    expect(errorCode(await chair.show(pid(0), 3))).toBe('ok');
    for (const l of [screen, owner, other]) {
      await eventually(() => l.heard.at(-1)?.page === 3, { what: 'everyone hears page 3' });
      expect(l.heard.slice(mark.get(l)).map((d) => [d.participantId, d.page])).toEqual([[pid(0), 3]]);
    }
    expect((await projector.get<MaterialDisplay>(MATERIAL_API.display(meeting.id))).body).toMatchObject({ participantId: pid(0), page: 3 });

    // The floor OPD hides its own paparan.
    expect(errorCode(await owner.show(null))).toBe('ok');
    await eventually(() => screen.heard.at(-1)?.participantId === null, { what: 'the display hidden' });
  });

  it('BR5 the display clears by itself when the floor moves', async () => {
    const t = await app();
    const { meeting, linkFor, projector, dinkes, pid } = await meetingWithPeople(t);
    expect((await upload(dinkes, meeting.id, form({ bytes: await paparanPdf(2), name: 'dinkes.pdf' }))).status).toBe(201);
    const chairPerson = await openPerson(t, linkFor('chair'), meeting.id);
    sockets.push(chairPerson.socket);
    await pressOk(chairPerson, { type: 'meeting.start' });
    await pressOk(chairPerson, { type: 'turn.next' });
    const chair = await listener(t, chairPerson.client, meeting.id);
    const screen = await listener(t, projector, meeting.id);
    expect(errorCode(await chair.show(pid(0), 2))).toBe('ok');
    // A pause is no move of the floor: the paparan stays.
    await pressOk(chairPerson, { type: 'turn.pause' });
    await pressOk(chairPerson, { type: 'turn.resume' });
    expect((await projector.get<MaterialDisplay>(MATERIAL_API.display(meeting.id))).body.participantId).toBe(pid(0));

    await pressOk(chairPerson, { type: 'turn.next' }); // Dinsos
    await eventually(() => screen.heard.at(-1)?.participantId === null, { what: 'the display cleared' });
    expect((await projector.get<MaterialDisplay>(MATERIAL_API.display(meeting.id))).body).toMatchObject({ participantId: null, material: null });
    // Dinkes no longer has the floor: its own paparan is refused now.
    const owner = await listener(t, dinkes, meeting.id);
    expect(errorCode(await owner.show(pid(0), 1))).toBe('forbidden materials.notOnFloor');
  });

  it('BR9 the minutes list the bahan rapat as lampiran, numbered, in speaking order, before the signatures (Markdown, Word, PDF)', async () => {
    const t = await app();
    const { meeting, notulis, dinkes, dinsos } = await meetingWithPeople(t);
    const noLampiran = (await notulis.getText(API.minutesExport(meeting.id, 'md'))).body;
    expect(noLampiran).not.toContain('## Lampiran');
    expect((await upload(dinsos, meeting.id, form({ bytes: await paparanPdf(2), name: 'dinsos.pdf' }, { title: 'Bansos triwulan III' }))).status).toBe(201);
    expect((await upload(dinkes, meeting.id, form({ bytes: await paparanPdf(12), name: 'Paparan Dinkes.pdf' }))).status).toBe(201);
    const md = (await notulis.getText(API.minutesExport(meeting.id, 'md'))).body;
    const lampiran = md.indexOf('## Lampiran');
    expect(lampiran).toBeGreaterThan(md.indexOf('## Tindak Lanjut'));
    expect(lampiran).toBeLessThan(md.indexOf('Pimpinan Rapat', lampiran));
    expect(
      md
        .slice(lampiran)
        .split('\n')
        .filter((l) => /^\d+\. /.test(l)),
    ).toEqual(['1. Dinkes — Paparan Dinkes (12 halaman)', '2. Dinsos — Bansos triwulan III (2 halaman)']);
    const { readPdf } = await import('../helpers/pdf-pages');
    const pdf = await readPdf((await notulis.getBuffer(API.minutesExport(meeting.id, 'pdf'))).body);
    expect(pdf.texts.join(' ')).toMatch(/Lampiran.*Dinkes — Paparan Dinkes \(12 halaman\).*Dinsos — Bansos triwulan III \(2 halaman\)/);
    const JSZip = (await import('jszip')).default;
    const docx = await JSZip.loadAsync((await notulis.getBuffer(API.minutesExport(meeting.id, 'docx'))).body);
    const xml = (await docx.file('word/document.xml')?.async('string')) ?? '';
    expect(xml).toContain('Dinkes — Paparan Dinkes (12 halaman)');
    expect(xml.indexOf('Lampiran')).toBeLessThan(xml.indexOf('Dinsos — Bansos triwulan III (2 halaman)'));
  });

  it('BR7 the paparan and the page on screen survive a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rakor-materials-'));
    try {
      const first = await startTestApp({ dataDir });
      const { meeting, linkFor, projector, dinkes, pid } = await meetingWithPeople(first);
      expect((await upload(dinkes, meeting.id, form({ bytes: await paparanPdf(3), name: 'dinkes.pdf' }))).status).toBe(201);
      const chairPerson = await openPerson(first, linkFor('chair'), meeting.id);
      await pressOk(chairPerson, { type: 'meeting.start' });
      await pressOk(chairPerson, { type: 'turn.next' });
      const chair = await listener(first, chairPerson.client, meeting.id);
      expect(errorCode(await chair.show(pid(0), 3))).toBe('ok');
      chairPerson.close();
      chair.socket.disconnect();
      await first.stop();

      const second = await startTestApp({ dataDir });
      try {
        projector.baseUrl = second.baseUrl;
        const display = (await projector.get<MaterialDisplay>(MATERIAL_API.display(meeting.id))).body;
        expect([display.participantId, display.page, display.material?.pageCount]).toEqual([pid(0), 3, 3]);
        expect((await projector.getBuffer(MATERIAL_API.file(meeting.id, pid(0)))).status).toBe(200);
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
