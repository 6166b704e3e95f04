import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { en, id } from '../../shared/i18n/catalogues';
import { openPerson, pressOk, setUpMeeting, type Person } from '../helpers/meeting-people';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';

const available = e2eAvailable();

/** Issue 13: the participant page's initial JavaScript, gzip level 9, at most this many kB (1000 bytes). */
const PARTICIPANT_BUDGET_KB = 60;
/** What a remote OPD's phone adds before it joins the call: the call's status, notice and texts. */
const REMOTE_CALL_KB = 15;

/** What a follower's phone must never download, each found by a string only its library's code holds. */
const HEAVY = {
  zod: '$ZodType',
  Yjs: 'Yjs was already imported',
  TipTap: 'ProseMirror',
  'livekit-client': 'RTCPeerConnection',
} as const;

interface Script {
  name: string;
  text: string;
  gz: number;
}

/** Every script the page fetches until it is quiet, with its size after gzip -9 (the build's precompression). */
function recordScripts(page: Page): Script[] {
  const scripts: Script[] = [];
  page.on('response', (res) => {
    if (res.request().resourceType() !== 'script') return;
    void res.text().then(
      (text) => scripts.push({ name: new URL(res.url()).pathname.split('/').pop() ?? res.url(), text, gz: zlib.gzipSync(text, { level: 9 }).length }),
      () => undefined,
    );
  });
  return scripts;
}

/** Every catalogue key that contains a dot (a raw key on a screen always does), longest first. */
const KEYS = [...new Set([...Object.keys(id), ...Object.keys(en)])].filter((k) => k.includes('.')).sort((a, b) => b.length - a.length);

async function rawKeysOn(page: Page): Promise<string[]> {
  const text = await page.evaluate<string>(
    "document.body.innerText + ' ' + [...document.querySelectorAll('[aria-label],[title],[placeholder]')].map((e) => [e.getAttribute('aria-label'), e.getAttribute('title'), e.getAttribute('placeholder')].join(' ')).join(' ')",
  );
  return KEYS.filter((k) => new RegExp(`(^|[^\\w.])${k.replace(/\./g, '\\.')}($|[^\\w.])`).test(text));
}

describe.skipIf(!available)("a follower's phone downloads little, and no screen shows a raw key", () => {
  const e2e = useE2E();

  /** Every script a participant's phone fetches, from its link to a quiet page. */
  async function participantScripts(url: string): Promise<{ phone: Page; scripts: Script[]; kb: number }> {
    const ctx = await e2e.newContext({ viewport: { width: 390, height: 844 }, locale: 'id-ID', isMobile: true, hasTouch: true });
    const phone = await ctx.newPage();
    const scripts = recordScripts(phone);
    await phone.goto(url);
    await phone.getByTestId('ask-point-of-order').waitFor();
    await phone.waitForLoadState('networkidle');
    // The screen as a follower keeps it for a while: anything fetched on idle counts too.
    await phone.waitForTimeout(1500);
    return { phone, scripts, kb: scripts.reduce((sum, s) => sum + s.gz, 0) / 1000 };
  }

  function described(scripts: Script[]): string {
    return [...scripts]
      .sort((a, b) => b.gz - a.gz)
      .map((s) => `${s.name} ${(s.gz / 1000).toFixed(1)}`)
      .join(', ');
  }

  /** None of the libraries a follower's phone must never download is among `scripts`. */
  function expectNoHeavy(scripts: Script[]): void {
    for (const [library, marker] of Object.entries(HEAVY)) {
      const holder = scripts.find((s) => s.text.includes(marker));
      expect(holder?.name, `${library} is in ${holder?.name}`).toBeUndefined();
    }
  }

  /** A meeting of these OPDs with the first at the floor, and the chair's socket that started it. */
  async function runningMeeting(names: string[]) {
    const m = await setUpMeeting(e2e.app, names);
    const chair: Person = await openPerson(e2e.app, m.linkFor('chair'), m.meeting.id);
    await pressOk(chair, { type: 'meeting.start' });
    await pressOk(chair, { type: 'turn.next' });
    return { ...m, chair };
  }

  it('WB1 a participant in the room loads at most 60 kB gzip of scripts, no zod, Yjs, TipTap or livekit-client; one on video adds the call, not livekit-client', async () => {
    const { chair, ...m } = await runningMeeting(['Dinkes', 'Dinsos', 'Disdik']);
    try {
      // Disdik follows from the room (the factory alternates room and video).
      const room = await participantScripts(m.linkFor('participant', 2).url);
      expect(await room.phone.getByTestId('video-in-room-note').count()).toBe(1);
      console.log(`[e2e] WB1 in the room: ${room.kb.toFixed(1)} kB gzip -9 in ${room.scripts.length} files: ${described(room.scripts)}`);
      expect(room.scripts.length).toBeGreaterThan(0);
      expect(room.kb).toBeLessThanOrEqual(PARTICIPANT_BUDGET_KB);
      expectNoHeavy(room.scripts);

      // Opening the minutes is what brings the editor's code, and only then.
      const before = room.scripts.length;
      await room.phone.getByTestId('minutes-open').click();
      await room.phone.getByTestId('minutes-editor').waitFor();
      expect(room.scripts.length).toBeGreaterThan(before);
      expect(room.scripts.some((s) => s.text.includes(HEAVY.TipTap))).toBe(true);

      // Dinsos attends by video: the call's status and notice come too, livekit-client only with the joining.
      const remote = await participantScripts(m.linkFor('participant', 1).url);
      await remote.phone.locator('[data-testid=video-notice], [data-testid=video-call]').first().waitFor();
      console.log(`[e2e] WB1 on video: ${remote.kb.toFixed(1)} kB gzip -9 in ${remote.scripts.length} files: ${described(remote.scripts)}`);
      expect(remote.kb).toBeLessThanOrEqual(PARTICIPANT_BUDGET_KB + REMOTE_CALL_KB);
      expectNoHeavy(remote.scripts);
    } finally {
      chair.close();
    }
  });

  it('WB2 no screen of a meeting shows a catalogue key instead of its text, in Bahasa Indonesia or English', async () => {
    const { chair, ...m } = await runningMeeting(['Bapenda', 'DPMPTSP', 'Inspektorat']);
    try {
      for (const locale of ['id', 'en'] as const) {
        // The speaker in the room, an OPD on video (the factory alternates), and the other three roles.
        const screens = [
          ['participant', 0],
          ['participant', 1],
          ['chair', 0],
          ['projector', 0],
          ['notulis', 0],
        ] as const;
        for (const [role, index] of screens) {
          const ctx = await e2e.newContext({ viewport: role === 'participant' ? { width: 390, height: 844 } : { width: 1366, height: 768 } });
          await ctx.addInitScript(`try { localStorage.setItem('rakor.locale', '${locale}'); } catch {}`);
          const page = await ctx.newPage();
          await page.goto(m.linkFor(role, index).url);
          await page.getByTestId('current-speaker').first().waitFor();
          if (role === 'participant') {
            // In the room a note, on video the call (or what stands in for it, loaded with its texts).
            await page.locator('[data-testid=video-in-room-note], [data-testid=video-notice], [data-testid=video-call]').first().waitFor();
            await page.getByTestId('minutes-open').click();
            await page.getByTestId('minutes-editor').waitFor();
          }
          await page.waitForLoadState('networkidle');
          const what = `${role} ${index} in ${locale}`;
          expect(await page.evaluate<string>('document.documentElement.lang'), what).toBe(locale);
          expect(await rawKeysOn(page), what).toEqual([]);
          await ctx.close();
        }
      }
    } finally {
      chair.close();
    }
  });
});
