import { randomBytes, randomUUID } from 'node:crypto';
import type { MeetingInput } from '../shared/protocol';
import { createApplication } from './app';
import { hashPassword } from './auth/crypto';
import { systemClock } from './clock';
import { ConfigError, parseConfig } from './config';
import { silentLogger } from './logger';
import { openStore } from './store/open-store';
import { COFFEE_MORNING_SPEAKERS, DEMO_DIRECTORY } from './demo/directory';
import { seedLetterhead } from './demo/letterhead';
import { PREVIOUS_OWNER_SHORT_NAMES, seedPreviousMeeting } from './demo/previous-meeting';

/**
 * `npm run demo [-- --json]`: seeds the store (DATABASE_URL, or else DATA_DIR) with a regency directory and the Coffee Morning
 * of Asisten I (Kutai Timur, Monday 13 June 2022, 22 speakers) and prints its links.
 * Running it again updates the same meeting and keeps its links.
 */
const json = process.argv.includes('--json');

async function run() {
  const config = parseConfig(process.env);
  const { store, linkKey, location } = await openStore(config);
  const app = createApplication({
    store,
    clock: systemClock,
    logger: silentLogger(),
    linkKey,
    publicUrl: config.PUBLIC_URL,
    sessionTtlMs: config.SESSION_TTL_HOURS * 3600_000,
    loginRateLimit: config.LOGIN_RATE_LIMIT,
    linkRateLimit: config.LINK_RATE_LIMIT,
    clientDir: null,
  });
  const { opds, meetings, links } = app.services;

  // The directory goes in through the same import path the secretariat uses.
  const header = 'name,short_name,kind,group,head_name,head_title';
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const csv = [header, ...DEMO_DIRECTORY.map((o) => [o.name, o.shortName, o.kind, o.group, o.headName, o.headTitle].map(quote).join(','))].join('\n');
  await opds.applyImport(csv);
  // The regency's kop surat on every notulen the demo exports.
  await seedLetterhead(store, systemClock.now().toISOString());

  const directory = await opds.list({ includeArchived: false });
  const byShort = new Map(directory.map((o) => [o.shortName, o]));
  const remote = new Set(['Kesbangpol', 'BPBD', 'RSUD', 'Damkar', 'Baznas', 'UPT Rehsos']);
  const input: MeetingInput = {
    title: 'Coffee Morning Lingkup Asisten I (Pemerintahan dan Kesejahteraan Rakyat)',
    kind: 'Coffee Morning',
    date: '2022-06-13',
    startTime: '08:30',
    endTime: '11:45',
    timeZone: 'Asia/Makassar',
    place: 'Ruang Meranti, Kantor Bupati Kutai Timur',
    mode: 'hybrid',
    chairName: 'Kasmidi Bulang',
    chairTitle: 'Wakil Bupati Kutai Timur',
    notulis: ['Rina Wulandari', 'Andi Saputra'],
    defaultAllotmentMinutes: 8,
    floorMode: 'floor',
    externalCallUrl: '',
    // Asisten I's OPDs, then the owners of last week's tindak lanjut, whose items come back here.
    participants: [...COFFEE_MORNING_SPEAKERS, ...PREVIOUS_OWNER_SHORT_NAMES].map((short) => {
      const opd = byShort.get(short);
      if (!opd) throw new Error(`demo directory lacks ${short}`);
      return {
        opdId: opd.id,
        representativeName: opd.headName,
        representativeTitle: opd.headTitle,
        representativeWhatsapp: '',
        attendance: remote.has(short) ? ('remote' as const) : ('room' as const),
        session: 1,
        allotmentMinutes: short === 'Dinkes' || short === 'Disdikbud' ? 12 : null,
      };
    }),
  };
  const previous = await seedPreviousMeeting(app, store, input, byShort);
  const existing = (await meetings.list()).find((m) => m.title === input.title && m.date === input.date);
  let meeting;
  if (existing) {
    const current = await meetings.get(existing.id);
    const idByOpd = new Map(current.participants.map((p) => [p.opdId, p.id]));
    meeting = await meetings.update(existing.id, {
      ...input,
      participants: input.participants.map((p) => ({ ...p, id: idByOpd.get(p.opdId) })),
    });
  } else {
    meeting = await meetings.create(input);
  }

  let admin: Record<string, string>;
  if ((await store.users.count()) === 0) {
    const password = randomBytes(9).toString('base64url');
    await store.users.insert({
      id: randomUUID(),
      username: 'admin',
      passwordHash: await hashPassword(password),
      createdAt: systemClock.now().toISOString(),
    });
    admin = { username: 'admin', password };
  } else {
    admin = { username: 'admin', password: '(unchanged: the admin account existed before this demo run)' };
  }

  const active = (await links.list(meeting.id)).filter((l) => !l.revoked);
  const byRole = (role: string) => active.filter((l) => l.role === role);
  const order = new Map(meeting.participants.map((p) => [p.id, p.position]));
  const participantLinks = byRole('participant').sort((a, b) => (order.get(a.participantId ?? '') ?? 0) - (order.get(b.participantId ?? '') ?? 0));
  const result = {
    meetingId: meeting.id,
    previousMeetingId: previous.id,
    links: {
      chair: byRole('chair')[0]?.url,
      notulis: byRole('notulis')[0]?.url,
      projector: byRole('projector')[0]?.url,
      participants: participantLinks.map((l) => l.url),
    },
    admin,
  };
  await app.close();
  await store.close();

  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  console.log(`Demo siap di ${location}: ${directory.length} OPD, rapat "${meeting.title}" dengan ${meeting.participants.length} pembicara.\n`);
  console.log(
    `Rapat sebelumnya "${previous.title}" (${previous.date}): notulen final dengan tindak lanjut P3K serta pasar dan makam, yang kembali di rapat ini.`,
  );
  console.log(`Admin           ${config.PUBLIC_URL}/login  (${admin.username} / ${admin.password})`);
  console.log(`Pimpinan rapat  ${result.links.chair}`);
  // Both notulis: the minutes are written by two people at once.
  byRole('notulis').forEach((l) => console.log(`Notulis         ${l.url}  (${l.label})`));
  console.log(`Proyektor       ${result.links.projector}`);
  console.log('Peserta:');
  participantLinks.forEach((l, i) => console.log(`  ${String(i + 1).padStart(2)}. ${l.label.padEnd(36)} ${l.url}`));
  console.log('\nJalankan `npm start` lalu buka salah satu tautan di atas.');
}

run().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : `Demo failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
