import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import type { Locator, Page } from 'playwright-core';
import { API } from '../../shared/protocol/api';
import { openCollab, typeInSection } from '../helpers/collab-client';
import { openPerson, pressOk, setUpMeeting } from '../helpers/meeting-people';
import { sessionOf } from '../helpers/minutes-fixture';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';

const available = e2eAvailable();

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not on screen');
  return box;
}

/**
 * Waits until the click's caret has reached the editor's own state, inside the server's line:
 * ProseMirror takes the DOM selection on its selectionchange, which may come after the DOM shows
 * it, and a key pressed before then acts on the old selection. TipTap keeps the editor on its element.
 */
async function caretInServerLine(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate<boolean>(
        "(() => { const ed = document.querySelector('[data-testid=minutes-editor] .ProseMirror')?.editor; if (!ed) return false;" +
          ' const at = ed.view.domAtPos(ed.state.selection.from).node; const el = at.nodeType === 1 ? at : at.parentElement;' +
          " return !!el?.closest('p.server-line'); })()",
      ),
    )
    .toBe(true);
}

describe.skipIf(!available)('the notulis at work, in a real browser', () => {
  const e2e = useE2E();
  const errors = e2e.errors;

  const editor = (page: Page) => page.getByTestId('minutes-editor').locator('.ProseMirror');
  const savedState = (page: Page) => page.getByTestId('save-state').getAttribute('data-state');

  it("N5 N6 N8 the notulis cannot type into the server's line; Enter on it gives a paragraph where the text lands; the Word export prints the line", async () => {
    const { meeting, linkFor } = await setUpMeeting(e2e.app, ['Dinkes', 'Dinsos', 'Disdik']);
    const chair = await openPerson(e2e.app, linkFor('chair'), meeting.id);
    const rina = await e2e.open(linkFor('notulis', 0).url, { errors });
    await editor(rina).locator('h2:has-text("Pembukaan") + p').waitFor();
    await pressOk(chair, { type: 'meeting.start' });
    await pressOk(chair, { type: 'turn.next' });

    const line = editor(rina).locator('p.server-line');
    await line.waitFor({ timeout: 5000 });
    const before = (await line.textContent()) ?? '';
    expect(before).toMatch(/^Dinas Dinkes · .* · mulai \d\d\.\d\d WITA$/);

    // A click on the line's first words, then typing: the line does not change.
    await line.click({ position: { x: 12, y: 6 } });
    await caretInServerLine(rina);
    await rina.keyboard.type('PALSU');
    expect(await line.textContent()).toBe(before);

    // Enter: the caret is in the paragraph right under the line, and the typing lands there.
    await rina.keyboard.press('Enter');
    await rina.keyboard.type('Realisasi anggaran 61 persen.');
    const notes = editor(rina).locator('p.server-line + p');
    expect(await notes.textContent()).toBe('Realisasi anggaran 61 persen.');
    expect(await line.textContent()).toBe(before);

    // Enter on the line once more: a new paragraph between the line and the notes already written.
    await line.click({ position: { x: 12, y: 6 } });
    await caretInServerLine(rina);
    await rina.keyboard.press('Enter');
    await editor(rina).locator('p.server-line + p:empty, p.server-line + p:has(br:only-child)').waitFor();
    await rina.keyboard.type('Kendala: lahan belum tersedia.');
    expect(await notes.textContent()).toBe('Kendala: lahan belum tersedia.');
    expect(await editor(rina).locator('p.server-line + p + p').textContent()).toBe('Realisasi anggaran 61 persen.');
    expect(await line.textContent()).toBe(before);
    await expect.poll(() => savedState(rina), { timeout: 5000 }).toBe('saved');
    expect(await rina.getByTestId('minutes-closed').count()).toBe(0);

    // The floor moves on: the server completes the line with the time spoken, and the Word file prints it.
    await pressOk(chair, { type: 'turn.next' });
    await expect.poll(() => line.first().textContent(), { timeout: 5000 }).toMatch(/ · durasi \d+ (detik|menit)/);
    const printed = (await line.first().textContent()) ?? '';
    const notulis = await sessionOf(e2e.app, linkFor('notulis', 0));
    const docx = await notulis.getBuffer(API.minutesExport(meeting.id, 'docx'));
    expect(docx.status).toBe(200);
    const xml = await (await JSZip.loadAsync(docx.body)).file('word/document.xml')!.async('string');
    const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => m[0].replace(/<[^>]+>/g, ''));
    expect(paragraphs).toContain(printed);
    const at = paragraphs.indexOf(printed);
    expect(paragraphs.slice(at + 1, at + 3)).toEqual(['Kendala: lahan belum tersedia.', 'Realisasi anggaran 61 persen.']);
    chair.close();
    expect(errors).toEqual([]);
  });

  it.each(['laptop', 'phone'] as const)(
    'N7 far down a long document, the "Sedang berbicara" strip stays on screen and the toolbar sits under it, uncovered, also for the caret (%s)',
    async (screen) => {
      // The OPDs of the app's directory are unique: each screen's meeting has its own.
      const opds = screen === 'phone' ? ['Dishub', 'DLH', 'Satpol PP'] : ['Bappeda', 'Bapenda', 'BPKAD'];
      const { meeting, linkFor } = await setUpMeeting(e2e.app, opds);
      const chair = await openPerson(e2e.app, linkFor('chair'), meeting.id);
      await pressOk(chair, { type: 'meeting.start' });
      await pressOk(chair, { type: 'turn.next' });
      // A long opening, written by the other notulis.
      const andi = openCollab(e2e.app.baseUrl, (await sessionOf(e2e.app, linkFor('notulis', 1))).cookie, meeting.id);
      await andi.synced();
      typeInSection(andi.doc, 'pembukaan', 'Rapat dibuka dan para kepala OPD melaporkan realisasi anggaran triwulan kedua. '.repeat(120));

      const rina = await e2e.open(linkFor('notulis', 0).url, { errors, phone: screen === 'phone' });
      const strip = rina.getByTestId('notulis-now');
      await strip.getByTestId('current-speaker').waitFor({ timeout: 5000 });
      expect(await strip.textContent()).toContain('Sedang berbicara');
      const toolbar = rina.getByRole('toolbar');
      await toolbar.waitFor();
      await editor(rina).locator('h2:has-text("Pembukaan") + p:has-text("triwulan kedua")').waitFor({ timeout: 5000 });

      // The notulis writes under Penutup, at the foot of the document.
      const closing = editor(rina).locator('h2:has-text("Penutup") + p');
      await closing.click();
      await rina.keyboard.type('Rapat ditutup pukul 11.40.');
      const viewport = rina.viewportSize();
      if (!viewport) throw new Error('no viewport');
      expect(Number(await rina.evaluate('window.scrollY'))).toBeGreaterThan(viewport.height);
      // Nothing is wider than the screen: the page does not scroll sideways.
      expect(Number(await rina.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(viewport.width);

      const stripBox = await boxOf(strip);
      expect(stripBox.y).toBeGreaterThanOrEqual(0);
      expect(stripBox.y).toBeLessThan(2);
      expect(stripBox.y + stripBox.height).toBeLessThanOrEqual(viewport.height);
      // Compact: the strip leaves most of the screen to the minutes.
      expect(stripBox.height).toBeLessThan(viewport.height / 8);
      expect(await strip.getByTestId('current-speaker').textContent()).toBe(opds[0]);

      const toolbarBox = await boxOf(toolbar);
      const covered = toolbarBox.y + toolbarBox.height;
      expect(toolbarBox.y).toBeGreaterThanOrEqual(stripBox.y + stripBox.height - 0.5);
      expect(toolbarBox.y).toBeLessThan(stripBox.y + stripBox.height + 24);
      expect(toolbarBox.height).toBeLessThan(64);
      // What is written is below both, in sight.
      const closingBox = await boxOf(closing);
      expect(closingBox.y).toBeGreaterThanOrEqual(covered);
      expect(closingBox.y + closingBox.height).toBeLessThanOrEqual(viewport.height);
      expect(await closing.textContent()).toBe('Rapat ditutup pukul 11.40.');

      // Up with the arrows into the long opening: the browser scrolls, and the caret never hides under the bars.
      const caretTop = async () =>
        Number(
          await rina.evaluate(
            'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(window.getSelection().getRangeAt(0).getBoundingClientRect().top))))',
          ),
        );
      for (let i = 0; i < 16; i++) await rina.keyboard.press('ArrowUp');
      expect(await caretTop()).toBeGreaterThanOrEqual(covered - 1);
      // And typing there (ProseMirror's own scrolling) keeps it in sight as well.
      await rina.keyboard.type('Catatan: ');
      expect(await caretTop()).toBeGreaterThanOrEqual(covered - 1);
      expect(await caretTop()).toBeLessThan(viewport.height);

      andi.destroy();
      chair.close();
      expect(errors).toEqual([]);
    },
  );
});
