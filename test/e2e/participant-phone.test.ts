import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { API } from '../../shared/protocol/api';
import type { Meeting } from '../../shared/protocol';
import { meetingInputOf } from '../../shared/domain/meeting/input';
import { formatPlannedTime, planTimeline } from '../../shared/domain/meeting/timeline';
import { wallClockInZone, zoneLabel, type TimeZone } from '../../shared/domain/time';
import { openPerson, pressOk, setUpMeeting, type Person } from '../helpers/meeting-people';
import { must } from '../helpers/at';
import { eventually } from '../helpers/wait';
import { e2eAvailable } from './chromium';
import { useE2E, VIEWPORTS } from './fixture';

const available = e2eAvailable();

/** Screenshots of the phone's screens, for a person to look at (RAKOR_SHOTS_DIR, else a temp folder). */
const SHOTS = process.env.RAKOR_SHOTS_DIR ?? path.join(process.env.TMPDIR ?? '/tmp', 'rakor-participant-shots');

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** "09:58" -> 598 s; "+00:12" (overrun) -> -12 s. */
function seconds(text: string | null): number {
  const m = /(\+)?(\d+):(\d{2})/.exec(text ?? '');
  if (!m) throw new Error(`no countdown in ${JSON.stringify(text)}`);
  const value = Number(m[2]) * 60 + Number(m[3]);
  return m[1] ? -value : value;
}

async function countdown(page: Page): Promise<number> {
  return seconds(await page.getByTestId('countdown').first().locator('.digits').textContent());
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function box(page: Page, testId: string): Promise<Box> {
  return must(await page.getByTestId(testId).first().boundingBox(), `the box of ${testId}`);
}

/** Inside the first screen of a 390x844 phone, without scrolling. */
function onFirstScreen(b: Box): boolean {
  return b.x >= 0 && b.y >= 0 && b.x + b.width <= VIEWPORTS.phone.width && b.y + b.height <= VIEWPORTS.phone.height;
}

/**
 * A start `minutesAhead` from now in one of the three zones whose clock leaves an hour before
 * midnight (one always does: they are an hour apart), as the meeting form takes it.
 */
function startAhead(minutesAhead: number): { date: string; startTime: string; endTime: string; timeZone: TimeZone } {
  const at = Date.now() + minutesAhead * 60_000;
  for (const timeZone of ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const) {
    const clock = wallClockInZone(at, timeZone);
    const [h = 0, m = 0] = clock.time.split(':').map(Number);
    if (h * 60 + m > 22 * 60 + 50) continue;
    const end = h * 60 + m + 60;
    const endTime = `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`;
    return { date: clock.date, startTime: clock.time, endTime, timeZone };
  }
  throw new Error('no zone before 22:50');
}

describe.skipIf(!available)("the participant's phone", () => {
  const e2e = useE2E();
  const errors = e2e.errors;
  const people: Person[] = [];
  afterEach(() => people.splice(0).forEach((p) => p.close()));
  const open = (url: string) => e2e.open(url, { phone: true, errors });

  async function runningMeeting(names: string[]) {
    const m = await setUpMeeting(e2e.app, names);
    const chair = await openPerson(e2e.app, m.linkFor('chair'), m.meeting.id);
    people.push(chair);
    await pressOk(chair, { type: 'meeting.start' });
    await pressOk(chair, { type: 'turn.next' });
    return { ...m, chair };
  }

  it('Y1 Y2 Y4 the header is two lines on a phone and one strip at 1024; own state, the floor, its countdown and the buttons fit the first screen', async () => {
    const { linkFor } = await runningMeeting(['Dinkes', 'Dinsos', 'Disdik']);
    const phone = await open(linkFor('participant', 1).url);
    await phone.getByTestId('your-turn-soon').waitFor();
    await phone.getByTestId('ask-response').waitFor();

    // Y1: the title and the time are two lines; the details are behind the disclosure.
    const header = await box(phone, 'meeting-header');
    const title = await box(phone, 'meeting-title-heading');
    const when = await box(phone, 'meeting-when');
    console.log(`[e2e] Y1 header ${header.height} px tall at 390 wide`);
    expect(title.height).toBeLessThan(32);
    expect(when.height).toBeLessThan(32);
    expect(header.height).toBeLessThanOrEqual(72);
    const place = phone.getByTestId('meeting-details').getByText('Ruang Meranti');
    expect(await place.isVisible()).toBe(false);
    await phone.getByTestId('meeting-when').click();
    expect(await place.isVisible()).toBe(true);
    expect(await phone.getByTestId('viewer-identity').textContent()).toContain('Dinsos');
    await phone.getByTestId('meeting-when').click();
    expect(await phone.getByTestId('connection').textContent()).toBe('Terhubung');

    await shot(phone, 'participant-next-390x844');

    // Y2: own state, the current speaker, its countdown and both request buttons without scrolling.
    for (const id of ['your-turn-soon', 'current-speaker', 'countdown', 'ask-response', 'ask-point-of-order', 'alerts-toggle']) {
      const b = await box(phone, id);
      expect(onFirstScreen(b), `${id} at ${JSON.stringify(b)}`).toBe(true);
    }
    expect(await countdown(phone)).toBeGreaterThan(9 * 60);
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(VIEWPORTS.phone.width);

    // Y4: the OPD at the floor is not offered a response to its own turn; the others are.
    const speaker = await open(linkFor('participant', 0).url);
    await speaker.getByTestId('your-turn').waitFor();
    expect(await speaker.getByTestId('ask-point-of-order').isVisible()).toBe(true);
    expect(await speaker.getByTestId('ask-response').count()).toBe(0);
    for (const id of ['your-turn', 'countdown', 'ask-point-of-order']) expect(onFirstScreen(await box(speaker, id)), id).toBe(true);
    await shot(speaker, 'participant-speaking-390x844');

    // Y1 at 1024: one line, title, time and link side by side, at most 72 px.
    await phone.setViewportSize({ width: 1024, height: 768 });
    await eventually(async () => (await box(phone, 'meeting-header')).height <= 72, { what: 'the header at most 72 px at 1024 wide' });
    const wide = await box(phone, 'meeting-header');
    const [t, w, c] = [await box(phone, 'meeting-title-heading'), await box(phone, 'meeting-when'), await box(phone, 'connection')];
    console.log(`[e2e] Y1 header ${wide.height} px tall at 1024 wide`);
    await shot(phone, 'participant-1024x768');
    expect(Math.abs(t.y + t.height / 2 - (w.y + w.height / 2))).toBeLessThan(8);
    expect(Math.abs(t.y + t.height / 2 - (c.y + c.height / 2))).toBeLessThan(8);
    expect(errors).toEqual([]);
  });

  it('Y3 before the meeting the phone shows its planned slot and the time until the start, live', async () => {
    const m = await setUpMeeting(e2e.app, ['Bapenda', 'DPMPTSP', 'Inspektorat']);
    const put = async (minutesAhead: number): Promise<Meeting> => {
      const res = await m.admin.put<Meeting>(API.meeting(m.meeting.id), { ...meetingInputOf(m.meeting), ...startAhead(minutesAhead) });
      expect(res.status).toBe(200);
      return res.body;
    };
    const far = await put(2 * 60 + 16);
    const phone = await open(m.linkFor('participant', 1).url);
    const slot = must(planTimeline(far).turns[m.meeting.participants[1]!.id], 'the planned turn of DPMPTSP');
    expect(await phone.getByTestId('planned-slot').textContent()).toBe(`Jadwal paparan Anda ${formatPlannedTime(slot.startMinute, far.timeZone)}`);
    expect(await phone.getByTestId('starts-in').textContent()).toMatch(/^Dimulai dalam 2 jam 1[56] menit$/);
    expect(onFirstScreen(await box(phone, 'starts-in'))).toBe(true);
    expect(onFirstScreen(await box(phone, 'planned-slot'))).toBe(true);
    await shot(phone, 'participant-before-390x844');
    await phone.getByTestId('upcoming-meeting').first().waitFor();
    await phone.screenshot({ path: path.join(SHOTS, 'participant-before-whole-page-390.png'), fullPage: true });

    // The host moves the meeting to ten minutes from now: the open phone follows, without a reload.
    const soon = await put(11);
    const start = `${soon.startTime.replace(':', '.')} ${zoneLabel(soon.timeZone)}`;
    await expect.poll(() => phone.getByTestId('starts-in').textContent(), { timeout: 5000 }).toMatch(new RegExp(`^Dimulai ${start}, 1[01] menit lagi$`));
    expect(errors).toEqual([]);
  });

  it("Y4 the speaker's own phone says plainly that its time is paused, and runs again on resume", async () => {
    const { linkFor, chair } = await runningMeeting(['Distan', 'Dishub', 'Diskominfo']);
    const speaker = await open(linkFor('participant', 0).url);
    await speaker.getByTestId('your-turn').waitFor();
    await pressOk(chair, { type: 'turn.pause' });
    await speaker.getByTestId('your-turn-paused').waitFor();
    expect(await speaker.getByTestId('your-turn-paused').textContent()).toContain('Waktu Anda dijeda');
    expect(onFirstScreen(await box(speaker, 'your-turn-paused'))).toBe(true);
    await shot(speaker, 'participant-paused-390x844');
    expect(await speaker.getByTestId('ask-response').count()).toBe(0);
    await pressOk(chair, { type: 'turn.resume' });
    await speaker.getByTestId('your-turn').waitFor();
    expect(await speaker.getByTestId('your-turn-paused').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
