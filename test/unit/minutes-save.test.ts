import { describe, expect, it } from 'vitest';
import {
  NEW_LEDGER,
  attached,
  changed,
  closeReasonOf,
  detached,
  isSaved,
  reconnectsAfter,
  saveStateOf,
  step1Sent,
  step2Received,
  type SaveLedger,
  type SaveLink,
  type SaveState,
} from '../../client/lib/managers/collab-save';

/**
 * What a writer's screen lives through, step by step, as CollabConnection feeds it to the ledger:
 * open: a socket connects (the provider sends its own SyncStep1 first); sync: the server's document arrived;
 * edit: a local change; probe: our SyncStep1 after a pause in typing; keepalive: a SyncStep1 on a quiet socket;
 * answer: a SyncStep2 from the server; asked: the server's SyncStep1 (the provider answers with what it lacks);
 * drop: the socket closed.
 */
type Step = 'open' | 'sync' | 'edit' | 'probe' | 'keepalive' | 'answer' | 'asked' | 'drop';

function live(steps: readonly Step[]): { ledger: SaveLedger; link: SaveLink } {
  let ledger = NEW_LEDGER;
  let link: SaveLink = { connected: false, offline: false, synced: false };
  for (const step of steps) {
    if (step === 'open') {
      link = { connected: true, offline: false, synced: link.synced };
      ledger = attached(ledger);
    } else if (step === 'sync') link = { ...link, synced: true };
    else if (step === 'edit' || step === 'asked') ledger = changed(ledger);
    else if (step === 'probe') ledger = step1Sent(ledger, true);
    else if (step === 'keepalive') ledger = step1Sent(ledger, false);
    else if (step === 'answer') ledger = step2Received(ledger);
    else {
      link = { connected: false, offline: true, synced: false };
      ledger = detached(ledger);
    }
  }
  return { ledger, link };
}

describe("minutes save state (a writer's screen)", () => {
  const connected: Step[] = ['open', 'answer', 'sync'];
  const cases: { given: string; when: Step[]; then: SaveState }[] = [
    { given: 'a screen still connecting', when: [], then: 'saving' },
    { given: "connected, the server's document not arrived yet", when: ['open'], then: 'saving' },
    { given: 'connected and synced, nothing typed', when: connected, then: 'saved' },
    { given: 'a change not yet probed', when: [...connected, 'edit'], then: 'saving' },
    { given: 'a change probed, the answer not back', when: [...connected, 'edit', 'probe'], then: 'saving' },
    { given: 'a change whose probe was answered', when: [...connected, 'edit', 'probe', 'answer'], then: 'saved' },
    { given: 'several changes, one probe after them, answered', when: [...connected, 'edit', 'edit', 'edit', 'probe', 'answer'], then: 'saved' },
    { given: 'a change typed after the probe went out', when: [...connected, 'edit', 'probe', 'edit', 'answer'], then: 'saving' },
    { given: 'that later change probed and answered too', when: [...connected, 'edit', 'probe', 'edit', 'answer', 'probe', 'answer'], then: 'saved' },
    {
      given: "the answer to the provider's own SyncStep1 arriving after our probe",
      when: ['open', 'sync', 'edit', 'probe', 'answer'],
      then: 'saving',
    },
    { given: "then the probe's own answer", when: ['open', 'sync', 'edit', 'probe', 'answer', 'answer'], then: 'saved' },
    {
      given: 'a keepalive SyncStep1 before the probe: its answer proves nothing',
      when: [...connected, 'edit', 'keepalive', 'probe', 'answer'],
      then: 'saving',
    },
    { given: "and the probe's answer after it", when: [...connected, 'edit', 'keepalive', 'probe', 'answer', 'answer'], then: 'saved' },
    { given: 'the socket dropped, everything confirmed before', when: [...connected, 'edit', 'probe', 'answer', 'drop'], then: 'offline' },
    { given: 'changes typed while offline', when: [...connected, 'drop', 'edit', 'edit'], then: 'offline' },
    { given: 'back online with offline changes, synced', when: [...connected, 'drop', 'edit', 'open', 'answer', 'sync'], then: 'saving' },
    {
      given: 'the server asked, the provider sent what it lacks, and a probe after that was answered',
      when: [...connected, 'drop', 'edit', 'open', 'answer', 'sync', 'asked', 'probe', 'answer'],
      then: 'saved',
    },
    {
      given: "a probe that was out when the socket dropped: the new socket's first answer is not its",
      when: [...connected, 'edit', 'probe', 'drop', 'open', 'answer', 'sync'],
      then: 'saving',
    },
  ];

  it.each(cases)('M12 given $given, then $then', ({ when, then }) => {
    const { ledger, link } = live(when);
    expect(saveStateOf(ledger, link)).toBe(then);
    // "Saved" on screen and the proof finalising waits for are the same thing while connected.
    if (link.connected) expect(isSaved(ledger, link)).toBe(then === 'saved');
  });

  it('M12 an answer never lowers what was confirmed', () => {
    const { ledger } = live([...connected, 'edit', 'edit', 'probe', 'answer', 'answer', 'answer']);
    expect(ledger).toMatchObject({ revision: 2, confirmed: 2, probe: null });
  });

  it('M12 a reader, who makes no changes, is saved once synced and offline when dropped', () => {
    expect(saveStateOf(live(connected).ledger, live(connected).link)).toBe('saved');
    const dropped = live([...connected, 'drop']);
    expect(saveStateOf(dropped.ledger, dropped.link)).toBe('offline');
  });
});

describe('minutes socket closes (refused and the others)', () => {
  it.each([
    { code: 4422, reason: 'refused', reconnects: false },
    { code: 4401, reason: 'unauthenticated', reconnects: false },
    { code: 4403, reason: 'forbidden', reconnects: false },
    { code: 4404, reason: 'notFound', reconnects: false },
    { code: 4413, reason: 'tooLarge', reconnects: false },
    { code: 1009, reason: 'frameTooLarge', reconnects: false },
    { code: 1012, reason: 'restarting', reconnects: true },
    { code: 1003, reason: 'unreadable', reconnects: true },
    { code: 1006, reason: null, reconnects: true },
    { code: 4499, reason: null, reconnects: false },
  ])('M12 close $code is named $reason and reconnects: $reconnects', ({ code, reason, reconnects }) => {
    expect(closeReasonOf(code)).toBe(reason);
    expect(reconnectsAfter(code)).toBe(reconnects);
  });
});
