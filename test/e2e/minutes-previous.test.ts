import { describe, expect, it } from 'vitest';
import { setUpMeeting } from '../helpers/meeting-people';
import { openIn } from '../helpers/screen-fit';
import { at, must } from '../helpers/at';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';
import { laterMeeting, writeFollowUp } from './follow-up-meetings';

const available = e2eAvailable();
const P3K = 'Usulkan formasi P3K dalam APBD Perubahan 2022';

describe.skipIf(!available)('the later meeting’s minutes in the editor', () => {
  const e2e = useE2E();

  it('FT13 the notulis reads "Tindak lanjut rapat sebelumnya" in the editor, read-only, with each item’s status and origin, in its own texts', async () => {
    const first = await setUpMeeting(e2e.app);
    const dinkes = at(first.opds, 0, 'Dinkes');
    await writeFollowUp(e2e.app, first.linkFor('notulis', 0), first.meeting.id, { id: 'p3k', action: P3K, opdIds: [dinkes.id], dueDate: '2022-09-30' });
    const second = await laterMeeting(first.admin, first.meeting, { title: 'Coffee Morning Asisten I, pekan 2', date: '2022-06-20' });
    const notulisLink = must(
      second.links.find((l) => l.role === 'notulis'),
      'the notulis link',
    );
    const errors: string[] = [];
    const page = await openIn(await e2e.newContext({ viewport: { width: 1366, height: 768 }, locale: 'id-ID' }), notulisLink.url, errors);
    const section = page.getByTestId('minutes-previous-follow-ups');
    await section.waitFor({ timeout: 15_000 });
    const text = await section.innerText();
    expect(text).toContain('Tindak lanjut rapat sebelumnya');
    expect(text).toContain(P3K);
    expect(text).toContain('Belum');
    expect(text).toContain('Coffee Morning Asisten I');
    // Its own texts came with the editor: no catalogue key shows.
    expect(text).not.toMatch(/\b(minutes|followUps)\.[a-zA-Z.]+/);
    // Nothing in it is typed into: no field, no editable region.
    expect(await section.locator('input, textarea, select, [contenteditable="true"]').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
