import { describe, expect, it } from 'vitest';
import { setUpMeeting } from '../helpers/meeting-people';
import { eventually } from '../helpers/wait';
import { e2eAvailable } from './chromium';
import { useE2E } from './fixture';

const available = e2eAvailable();

describe.skipIf(!available)('a double tap on Berikutnya', () => {
  const e2e = useE2E();
  const errors = e2e.errors;

  it('R7 Q2 a double click on Berikutnya advances exactly one speaker and shows no error', async () => {
    const { meeting, linkFor } = await setUpMeeting(e2e.app, ['Dinkes', 'Dinsos', 'Disdik', 'Dispar']);
    const chair = await e2e.open(linkFor('chair').url, { errors });
    const projector = await e2e.open(linkFor('projector').url, { errors });
    const queue = e2e.app.app.services.queue;
    const current = async () => {
      const s = await queue.state(meeting.id);
      return s.currentTurnId ? s.turns[s.currentTurnId] : null;
    };

    await chair.getByTestId('start-meeting').click();
    await chair.getByTestId('start-anyway').click(); // the meeting is dated in the past: the console asks first (X6)
    await chair.getByTestId('next').waitFor();
    await eventually(async () => (await queue.state(meeting.id)).phase === 'running', { timeoutMs: 3000, what: 'the meeting running' });
    const seqBefore = (await queue.state(meeting.id)).seq;

    // Two clicks a few milliseconds apart, as a hurried finger does: Dinkes gets the floor, and only Dinkes.
    await chair.getByTestId('next').dblclick();
    await eventually(
      async () =>
        (
          await projector
            .getByTestId('current-speaker')
            .textContent()
            .catch(() => null)
        )?.includes('Dinkes') ?? false,
      { timeoutMs: 3000, what: 'Dinkes on the projector' },
    );
    // Every answer is in (the console is no longer busy): nothing alarming was said.
    await eventually(async () => (await chair.getByTestId('chair-console').getAttribute('aria-busy')) === 'false', {
      timeoutMs: 3000,
      what: 'the chair console no longer busy',
    });
    expect(await chair.locator('[data-testid=chair-console] > .alert').count()).toBe(0);
    // A marker after the double click: the chair's socket keeps its order, so once the pause is
    // stored, anything the double click sent has been decided too.
    await chair.getByTestId('pause').click();
    await eventually(async () => (await current())?.status === 'paused', { timeoutMs: 3000, what: 'the pause stored' });

    const events = await e2e.app.store.queue.eventsSince(meeting.id, seqBefore, 100);
    expect(events.filter((e) => e.body.type === 'turn.started')).toHaveLength(1);
    expect((await current())?.label).toBe('Dinkes');
    expect(await chair.getByTestId('current-speaker').textContent()).toContain('Dinkes');
    // Nothing alarming: no "Tampilan Anda tertinggal… Silakan ulangi", no error banner at all.
    expect(await chair.locator('[data-testid=chair-console] > .alert').count()).toBe(0);
    expect(await chair.locator('body').textContent()).not.toContain('tertinggal');
    expect(errors).toEqual([]);
  });
});
