import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { API, PAGES } from '../../shared/protocol/api';
import { FOLLOW_UP_API } from '../../shared/protocol/follow-ups';
import type { CheckInCode, Meeting, MeetingLink, Series } from '../../shared/protocol';
import { createOpds, meetingInput, seriesBody } from '../factories';
import type { HttpClient } from '../helpers/http-client';
import { openPerson, pressOk, setUpMeeting } from '../helpers/meeting-people';
import { eventually } from '../helpers/wait';
import { at, must } from '../helpers/at';
import { axeReport } from './axe';
import { e2eAvailable } from './chromium';
import { scrollToMinutes, useE2E, type NewPageOptions } from './fixture';
import { laterMeeting, writeFollowUp } from './follow-up-meetings';

const available = e2eAvailable();

const CSV = [
  'name,short_name,kind,group,head_name,head_title',
  'Dinas Pekerjaan Umum,DPU,dinas,Asisten II,Ir. Joko Santoso,Kepala Dinas',
  'Kecamatan Sangatta Selatan,Kec. Sangatta Selatan,kecamatan,Camat,Hasdiah,Camat',
].join('\n');

/** A date some weeks ahead, so the series and the second meeting are upcoming whatever day the test runs. */
function weeksAhead(weeks: number): string {
  const d = new Date();
  d.setUTCHours(12, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + weeks * 7);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

describe.skipIf(!available)('every main page passes axe-core (no serious or critical violation)', () => {
  const e2e = useE2E();
  let admin: HttpClient;
  let meeting: Meeting;
  let linkFor: (role: string, i?: number) => MeetingLink;
  let seriesId: string;

  beforeAll(async () => {
    // Seed 000: the Coffee Morning of Asisten I, with a second meeting ahead so the home lists both.
    const set = await setUpMeeting(e2e.app, ['Dinkes', 'Dinsos', 'Disdik', 'Bappeda']);
    ({ admin, meeting, linkFor } = set);
    const more = await createOpds(admin, ['Kec. Sangatta Utara']);
    const ahead = await admin.post<Meeting>(API.meetings, meetingInput([...set.opds, ...more], { title: 'Rakor Camat Triwulan III', date: weeksAhead(2) }));
    if (ahead.status !== 201) throw new Error(`second meeting: ${JSON.stringify(ahead.body)}`);
    const series = await admin.post<Series>(API.series, seriesBody({ startDate: weeksAhead(1), horizonWeeks: 4 }));
    if (series.status !== 201) throw new Error(`series: ${JSON.stringify(series.body)}`);
    seriesId = series.body.id;
    const holiday = await admin.post(API.holidays, { date: weeksAhead(3), name: 'Cuti bersama' });
    if (holiday.status !== 201) throw new Error(`holiday: ${JSON.stringify(holiday.body)}`);
  });

  /** A page of its own; an uncaught error in it fails the test like a violation would. */
  async function page(opts: NewPageOptions = {}): Promise<Page> {
    const p = await e2e.newPage(opts);
    p.on('pageerror', (err) => e2e.errors.push(err.message));
    return p;
  }
  const adminPage = (opts: NewPageOptions = {}) => page({ ...opts, cookie: admin.cookie });
  const url = (path: string) => `${e2e.app.baseUrl}${path}`;

  it('AX1 the login page and the first-run setup page', async () => {
    const login = await page();
    await login.goto(url(PAGES.login));
    await login.getByTestId('login-username').waitFor();
    const lines = await axeReport(login, 'login');

    // The setup page only shows on an app nobody has set up yet: one of its own.
    const fresh = await e2e.startApp();
    const setup = await page();
    await setup.goto((await fresh.app.setupUrl())!);
    await setup.getByTestId('setup-username').waitFor();
    lines.push(...(await axeReport(setup, 'setup')));
    expect(lines).toEqual([]);
  });

  it("AX2 the secretariat's meeting pages: the home with two meetings, a meeting's form and its links", async () => {
    const p = await adminPage();
    await p.goto(url(PAGES.adminHome));
    // The two meetings and the series' occurrences.
    await expect.poll(() => p.getByTestId('meeting-item').count()).toBeGreaterThanOrEqual(2);
    const lines = await axeReport(p, 'admin home');

    await p.goto(url(PAGES.meetingEdit(meeting.id)));
    await expect.poll(() => p.getByTestId('participant-row').count()).toBe(4);
    lines.push(...(await axeReport(p, 'meeting form')));

    await p.goto(url(PAGES.meetingLinks(meeting.id)));
    await expect.poll(() => p.locator('[data-testid="link-row"][data-role="participant"]').count()).toBe(4);
    lines.push(...(await axeReport(p, 'meeting links')));
    expect(lines).toEqual([]);
  });

  it('AX3 the schedule pages: the series list, a series and its form, a new series, the calendar and the holidays', async () => {
    const p = await adminPage({ viewport: { width: 1366, height: 768 } });
    await p.goto(url(PAGES.seriesList));
    await p.getByTestId('series-item').first().waitFor();
    const lines = await axeReport(p, 'series list');

    await p.goto(url(PAGES.seriesEdit(seriesId)));
    await p.getByTestId('series-title').waitFor();
    lines.push(...(await axeReport(p, 'series page')));
    await p.getByTestId('series-edit-toggle').click();
    await p.getByTestId('series-name').waitFor();
    lines.push(...(await axeReport(p, 'series page, editing')));

    await p.goto(url(PAGES.seriesNew));
    await p.getByTestId('series-name').waitFor();
    lines.push(...(await axeReport(p, 'new series')));

    await p.goto(url(`${PAGES.calendar}?date=${meeting.date}`));
    await p.getByTestId('calendar-entry').first().waitFor();
    lines.push(...(await axeReport(p, 'calendar')));

    await p.goto(url(PAGES.holidays));
    await p.getByTestId('holiday-row').first().waitFor();
    lines.push(...(await axeReport(p, 'holidays')));
    expect(lines).toEqual([]);
  });

  it('AX4 the directory and its import with a preview', async () => {
    const p = await adminPage();
    await p.goto(url(PAGES.directory));
    await expect.poll(() => p.getByTestId('opd-row').count()).toBeGreaterThanOrEqual(5);
    const lines = await axeReport(p, 'directory');

    await p.goto(url(PAGES.directoryImport));
    await p.getByTestId('import-csv').fill(CSV);
    await p.getByTestId('import-preview').click();
    await p.getByTestId('import-preview-table').waitFor();
    lines.push(...(await axeReport(p, 'directory import')));
    expect(lines).toEqual([]);
  });

  describe('a running meeting: Dinkes has spoken, Dinsos has the floor, Dinkes asks to respond', () => {
    beforeAll(async () => {
      const chair = await openPerson(e2e.app, linkFor('chair'), meeting.id);
      const dinkes = await openPerson(e2e.app, linkFor('participant', 0), meeting.id);
      await pressOk(chair, { type: 'meeting.start' });
      await pressOk(chair, { type: 'turn.next' });
      await pressOk(chair, { type: 'turn.next' });
      await pressOk(dinkes, { type: 'request.create', kind: 'response' });
      chair.close();
      dinkes.close();
    });

    const open = (role: string, i = 0, phone = false) => e2e.open(linkFor(role, i).url, { phone, errors: e2e.errors });

    it("AX5 the chair's console with a finished turn and a pending request", async () => {
      const chair = await open('chair');
      await eventually(async () => (await chair.getByTestId('request-row').count()) === 1, { timeoutMs: 5000, what: "the request on the chair's console" });
      await chair.getByTestId('current-speaker').waitFor();
      // The minutes below the console in their steady state: read live, not still connecting.
      await scrollToMinutes(chair);
      await chair.locator('[data-testid="minutes-live"].saved').waitFor();
      expect(await axeReport(chair, 'chair')).toEqual([]);
    });

    it("AX6 the notulis's screen with the minutes editor loaded", async () => {
      const notulis = await open('notulis');
      await notulis.getByTestId('minutes-editor').locator('.ProseMirror').waitFor();
      await notulis.getByTestId('notulis-now').waitFor();
      expect(await axeReport(notulis, 'notulis')).toEqual([]);
    });

    it("AX7 a participant's screen on a phone (390x844) and on a laptop", async () => {
      const phone = await open('participant', 2, true);
      await phone.getByTestId('current-speaker').waitFor();
      await phone.getByTestId('queue-row').first().waitFor();
      const lines = await axeReport(phone, 'participant, phone');

      const laptop = await open('participant', 1);
      await laptop.getByTestId('current-speaker').waitFor();
      lines.push(...(await axeReport(laptop, 'participant, laptop')));
      expect(lines).toEqual([]);
    });

    it('AX12 the chair, the notulis and a phone after switching to English', async () => {
      const screens = [
        { where: 'chair, English', page: await open('chair'), ready: 'request-row' },
        { where: 'notulis, English', page: await open('notulis'), ready: 'minutes-editor' },
        { where: 'participant, phone, English', page: await open('participant', 3, true), ready: 'queue-row' },
      ];
      const lines: string[] = [];
      for (const { where, page: p, ready } of screens) {
        await p.getByTestId(ready).first().waitFor();
        await p.locator('.topbar .lang select').selectOption('en');
        await expect.poll(() => p.locator('html').getAttribute('lang')).toBe('en');
        await p.getByTestId('current-speaker').first().waitFor();
        lines.push(...(await axeReport(p, where)));
      }
      expect(lines).toEqual([]);
    });

    it('AX8 the projector at 1920x1080 while a turn runs', async () => {
      const projector = await open('projector');
      await projector.setViewportSize({ width: 1920, height: 1080 });
      await projector.getByTestId('current-speaker').waitFor();
      await projector.getByTestId('countdown').first().waitFor();
      expect(await axeReport(projector, 'projector')).toEqual([]);
    });

    it("AX9 the check-in poster, a phone's check-in and the meeting room's screen", async () => {
      const poster = await adminPage();
      await poster.goto(url(PAGES.checkInPoster(meeting.id)));
      await poster.getByTestId('checkin-poster').getByTestId('checkin-code').locator('img').waitFor();
      const lines = await axeReport(poster, 'check-in poster');

      const code = await admin.get<CheckInCode>(API.checkInCode(meeting.id));
      expect(code.status).toBe(200);
      // Disdik sits in the room (the factory alternates room and remote).
      const phone = await open('participant', 2, true);
      await phone.goto(code.body.url);
      await phone.getByTestId('checkin-outcome').waitFor();
      lines.push(...(await axeReport(phone, 'check-in')));
      // A phone that never opened its personal link is told so.
      const stranger = await page({ viewport: 'phone' });
      await stranger.goto(code.body.url);
      await stranger.getByTestId('checkin-problem').waitFor();
      lines.push(...(await axeReport(stranger, 'check-in without a session')));

      const room = await adminPage();
      await room.goto(url(PAGES.meetingRoom(meeting.id)));
      await room.getByTestId('video-room-page').locator('h1').waitFor();
      lines.push(...(await axeReport(room, 'meeting room')));
      expect(lines).toEqual([]);
    });
  });

  it("AX10 a personal link that is not valid, and a page that doesn't exist", async () => {
    const p = await page({ viewport: 'phone' });
    await p.goto(url(`/l/${'x'.repeat(43)}`));
    await p.getByTestId('landing-title').waitFor();
    const lines = await axeReport(p, 'link landing');

    await p.goto(url('/tidak-ada'));
    await p.locator('main h1').waitFor();
    lines.push(...(await axeReport(p, 'not found')));
    expect(lines).toEqual([]);
  });

  it('AX11 one main landmark on every kind of screen, and the skip link moves the focus into it', async () => {
    const screens = [await adminPage(), await e2e.open(linkFor('projector').url, { errors: e2e.errors })];
    await screens[0]!.goto(url(PAGES.adminHome));
    await screens[0]!.getByTestId('meeting-item').first().waitFor();
    await screens[1]!.getByTestId('projector').waitFor();
    for (const s of screens) {
      expect(await s.locator('main, [role="main"]').count()).toBe(1);
      await s.keyboard.press('Tab');
      expect(await s.evaluate<string>('document.activeElement?.className ?? ""')).toContain('skip-link');
      await s.keyboard.press('Enter');
      // The focus is on main itself (or inside it): a screen reader reads on from the content, not the top bar.
      await eventually(async () => await s.evaluate<boolean>('!!document.activeElement?.closest("main")'), {
        timeoutMs: 2000,
        what: 'the focus inside main after the skip link',
      });
    }
    expect(e2e.errors).toEqual([]);
  });

  it("AX13 the tracker's screens: the chair's console with the floor OPD's earlier items, an OPD's page on a phone with an item open, its standing page link, and that link revoked", async () => {
    // The first meeting's minutes hold a tindak lanjut for Dinkes; a later meeting of the same OPDs runs with Dinkes at the floor.
    const dinkes = at(meeting.participants, 0, 'Dinkes').opdId;
    await writeFollowUp(e2e.app, linkFor('notulis'), meeting.id, {
      id: 'ax-p3k',
      action: 'Usulkan formasi P3K dalam APBD Perubahan 2022',
      opdIds: [dinkes],
      dueDate: '2022-06-17',
    });
    const later = await laterMeeting(admin, meeting, { title: 'Coffee Morning Asisten I, pekan 2', date: '2022-06-20' });
    const runner = await openPerson(e2e.app, later.chairLink, later.meeting.id);
    await pressOk(runner, { type: 'meeting.start' });
    await pressOk(runner, { type: 'turn.next' });
    runner.close();

    const chair = await e2e.open(later.chairLink.url, { errors: e2e.errors });
    await chair.getByTestId('floor-follow-ups').getByRole('button', { name: 'Tutup (selesai)' }).waitFor();
    const lines = await axeReport(chair, 'chair, earlier follow-ups');

    const phone = await e2e.open(later.linkOf(0).url, { phone: true, errors: e2e.errors });
    await phone.goto(url(PAGES.myFollowUps(later.meeting.id)));
    const row = phone.getByTestId('opd-follow-up').first();
    await row.getByRole('button', { expanded: false }).click();
    await row.getByTestId('progress-form').waitFor();
    await row.getByText('Belum ada catatan perkembangan.').waitFor();
    lines.push(...(await axeReport(phone, 'OPD follow-ups, phone')));

    const created = await admin.post<{ url: string }>(FOLLOW_UP_API.pageLink(dinkes));
    const standing = await page({ viewport: 'phone' });
    await standing.goto(url(`/opd/${must(created.body.url.split('/opd/')[1], 'the token')}`));
    await standing.getByTestId('opd-follow-up').first().waitFor();
    lines.push(...(await axeReport(standing, 'OPD page link')));
    expect((await admin.request('DELETE', FOLLOW_UP_API.pageLink(dinkes))).status).toBe(200);
    await standing.reload();
    await standing.getByRole('alert').waitFor();
    lines.push(...(await axeReport(standing, 'OPD page link, revoked')));
    expect(lines).toEqual([]);
  });
});
