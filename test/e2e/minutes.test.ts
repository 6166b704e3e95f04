import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPerson, setUpMeeting } from '../helpers/meeting-people';
import { e2eAvailable } from './chromium';
import { scrollToMinutes, useE2E } from './fixture';

const available = e2eAvailable();

describe.skipIf(!available)('the minutes in real browsers', () => {
  const e2e = useE2E();
  const errors = e2e.errors;

  const open = (url: string, phone = false) => e2e.open(url, { phone, errors });

  const editor = (page: Page) => page.getByTestId('minutes-editor').locator('.ProseMirror');
  /** The paragraph under the "Pembukaan" heading. */
  const opening = (page: Page) => editor(page).locator('h2:has-text("Pembukaan") + p');
  /** The paragraph's text without the other notulis's caret label drawn inside it. */
  const openingText = (page: Page) =>
    opening(page).evaluate((el: unknown) => {
      // Structural types: the tests are compiled without the DOM library.
      type Node = {
        cloneNode(deep: boolean): Node;
        querySelectorAll(s: string): { forEach(f: (c: { remove(): void }) => void): void };
        textContent: string | null;
      };
      const copy = (el as Node).cloneNode(true);
      copy.querySelectorAll('.collaboration-carets__caret').forEach((c) => c.remove());
      return copy.textContent ?? '';
    });

  it('M1 M2 M5 two notulis write the same section and see each other; a participant reads live and cannot type; the chair finalises', async () => {
    const { linkFor } = await setUpMeeting(e2e.app);
    const rina = await open(linkFor('notulis', 0).url);
    const andi = await open(linkFor('notulis', 1).url);
    const dinkes = await open(linkFor('participant', 0).url, true);
    // A participant's minutes come closed, so its phone loads no editor until asked (issue 13).
    await dinkes.getByTestId('minutes-open').click();
    const chair = await open(linkFor('chair').url);
    await scrollToMinutes(chair);
    for (const p of [rina, andi, dinkes]) await opening(p).waitFor();

    await opening(rina).click();
    await rina.keyboard.type('Rapat dibuka pukul 08.35 oleh Wakil Bupati.');
    await expect.poll(() => openingText(andi), { timeout: 5000 }).toContain('Rapat dibuka pukul 08.35');

    // The second notulis writes in the same paragraph; each sees the other's text.
    await opening(andi).click();
    await andi.keyboard.press('End');
    await andi.keyboard.type(' Hadir 3 OPD.');
    await expect.poll(() => openingText(rina), { timeout: 5000 }).toContain('Hadir 3 OPD.');
    expect(await openingText(andi)).toContain('Rapat dibuka pukul 08.35 oleh Wakil Bupati. Hadir 3 OPD.');

    // And each other's caret, with the name.
    await expect.poll(() => rina.locator('.collaboration-carets__label').allTextContents(), { timeout: 5000 }).toContain('Andi');
    await expect.poll(() => andi.locator('.collaboration-carets__label').allTextContents(), { timeout: 5000 }).toContain('Rina');

    // The participant reads along live, on a phone, and cannot type.
    await expect.poll(() => openingText(dinkes), { timeout: 5000 }).toContain('Hadir 3 OPD.');
    expect(await editor(dinkes).getAttribute('contenteditable')).toBe('false');
    await opening(dinkes).click();
    await dinkes.keyboard.type('DIRETAS');
    await rina.waitForTimeout(300);
    expect(await openingText(dinkes)).not.toContain('DIRETAS');
    expect(await openingText(rina)).not.toContain('DIRETAS');

    // Saved, as the notulis is told.
    await expect.poll(() => rina.getByTestId('save-state').getAttribute('data-state'), { timeout: 5000 }).toBe('saved');
    expect(await rina.getByTestId('save-state').textContent()).toContain('Tersimpan');

    // The chair finalises: every editor becomes read-only.
    await chair.getByTestId('minutes-finalize').click();
    for (const p of [rina, andi, dinkes]) {
      await p.getByTestId('minutes-finalized').waitFor({ timeout: 5000 });
    }
    await expect.poll(() => editor(rina).getAttribute('contenteditable'), { timeout: 5000 }).toBe('false');
    await expect.poll(() => editor(andi).getAttribute('contenteditable'), { timeout: 5000 }).toBe('false');
    expect(await rina.getByTestId('minutes-finalize').count()).toBe(0);

    expect(errors).toEqual([]);
  });

  it("M3 M10 the server's line under a turn cannot be edited in the editor; typing around it is saved and nothing is refused", async () => {
    const { meeting, linkFor } = await setUpMeeting(e2e.app, ['Bappeda', 'Bapenda', 'BPKAD']);
    const chair = await openPerson(e2e.app, linkFor('chair'), meeting.id);
    const rina = await open(linkFor('notulis', 0).url);
    await opening(rina).waitFor();
    await chair.send({ type: 'meeting.start' });
    await chair.send({ type: 'turn.next' });
    const line = editor(rina).locator('p.server-line');
    await line.waitFor({ timeout: 5000 });
    const before = await line.textContent();
    expect(before).toMatch(/mulai \d\d\.\d\d WITA/);

    // Typing, deleting and pasting inside the line change nothing.
    await line.click();
    await rina.keyboard.type('PALSU');
    await rina.keyboard.press('Backspace');
    await rina.keyboard.press('Delete');
    expect(await line.textContent()).toBe(before);
    // The paragraph after it is the notulis's: Backspace at its start does not merge into the line.
    const notes = editor(rina).locator('p.server-line + p');
    await notes.click();
    await rina.keyboard.type('Realisasi anggaran 61 persen.');
    await rina.keyboard.press('Home');
    await rina.keyboard.press('Backspace');
    expect(await line.textContent()).toBe(before);
    // Select everything and delete: the notulis's text goes, the server's line stays.
    await rina.keyboard.press('Control+A');
    await rina.keyboard.press('Delete');
    expect(await line.count()).toBe(1);
    expect(await line.textContent()).toBe(before);

    await notes.click();
    await rina.keyboard.type('Kendala: lahan belum tersedia.');
    await expect.poll(() => rina.getByTestId('save-state').getAttribute('data-state'), { timeout: 5000 }).toBe('saved');
    expect(await rina.getByTestId('minutes-closed').count()).toBe(0);
    chair.close();
    expect(errors).toEqual([]);
  });
});
