import { describe, expect, it } from 'vitest';
import { estimateOffset, type ClockSample } from '../../shared/domain/clock/offset';
import { ClockSamples, PINGS, roughOffsetMs } from '../../client/lib/managers/clock-samples';
import { atLeast } from '../helpers/at';

describe('server clock estimate', () => {
  it('R5 keeps the lowest round trip and centres the server reading in it', () => {
    // The local clock is 3 minutes behind the server; one sample was queued for 400 ms.
    const skew = 180_000;
    const samples = [
      { sentAt: 1000, serverNow: 1000 + skew + 400, receivedAt: 1420 },
      { sentAt: 2000, serverNow: 2000 + skew + 10, receivedAt: 2020 },
      { sentAt: 3000, serverNow: 3000 + skew + 30, receivedAt: 3080 },
    ];
    expect(estimateOffset(samples)).toEqual({ offsetMs: skew, rttMs: 20 });
  });

  it('R5 no usable sample gives no estimate', () => {
    expect(estimateOffset([])).toBeNull();
    expect(estimateOffset([{ sentAt: 10, serverNow: 5, receivedAt: 9 }])).toBeNull();
  });
});

/** One ping sent at local time `at`: `upMs` to reach the server, `downMs` back; the server is `skewMs` ahead. */
function ping(at: number, upMs: number, downMs: number, skewMs: number): ClockSample {
  return { sentAt: at, serverNow: at + upMs + skewMs, receivedAt: at + upMs + downMs };
}

describe('server clock estimate: best of N and the error it leaves', () => {
  it.each([
    {
      given: 'a symmetric network',
      skewMs: 180_000,
      pings: [
        [40, 40],
        [15, 15],
        [90, 20],
      ],
      then: { offsetMs: 180_000, rttMs: 30 },
    },
    {
      given: 'a local clock ahead of the server',
      skewMs: -7_200_000,
      pings: [
        [5, 5],
        [50, 50],
      ],
      then: { offsetMs: -7_200_000, rttMs: 10 },
    },
    {
      given: 'a slow way up on the best ping',
      skewMs: 0,
      pings: [
        [300, 300],
        [30, 10],
      ],
      then: { offsetMs: 10, rttMs: 40 },
    },
    {
      given: 'a slow way down on the best ping',
      skewMs: 0,
      pings: [
        [300, 300],
        [10, 30],
      ],
      then: { offsetMs: -10, rttMs: 40 },
    },
    {
      given: 'equal round trips: the first one stands',
      skewMs: 1_000,
      pings: [
        [10, 10],
        [0, 20],
      ],
      then: { offsetMs: 1_000, rttMs: 20 },
    },
  ])('R5 $given', ({ skewMs, pings, then }) => {
    const samples = pings.map((legs, i) => {
      const [up, down] = atLeast(legs, 2, 'ping leg');
      return ping(1_000 * (i + 1), up, down, skewMs);
    });
    const estimate = estimateOffset(samples);
    expect(estimate).toEqual(then);
    // Whatever the asymmetry, the estimated server time is off by at most half the round trip used.
    expect(Math.abs((estimate?.offsetMs ?? NaN) - skewMs)).toBeLessThanOrEqual((estimate?.rttMs ?? 0) / 2);
  });

  it('R5 a sample answered before it was sent (the local clock jumped back) is skipped', () => {
    expect(estimateOffset([ping(1_000, 5, 5, 0), { sentAt: 2_000, serverNow: 2_000, receivedAt: 1_990 }])).toEqual({ offsetMs: 0, rttMs: 10 });
  });

  it('R5 a screen estimates from its last three measurements only', () => {
    const samples = new ClockSamples();
    const round = (n: number, rttMs: number, skewMs: number) => {
      for (let i = 0; i < PINGS; i++) samples.add(ping(n * 60_000 + i * 100, rttMs / 2, rttMs / 2, skewMs));
      return samples.estimate();
    };
    // A fast first measurement, then a slower network and a clock that drifted by 2 s.
    expect(round(0, 10, 5_000)).toEqual({ offsetMs: 5_000, rttMs: 10 });
    expect(round(1, 100, 7_000)).toEqual({ offsetMs: 5_000, rttMs: 10 });
    expect(round(2, 100, 7_000)).toEqual({ offsetMs: 5_000, rttMs: 10 });
    // The fourth forgets the first: its fast but outdated sample no longer wins.
    expect(round(3, 100, 7_000)).toEqual({ offsetMs: 7_000, rttMs: 100 });
  });

  it("R5 before any ping answers, the join's server time against the local clock is the estimate", () => {
    const localNow = 1_700_000_000_000;
    const serverNow = localNow + 42_000;
    expect(roughOffsetMs(serverNow, localNow)).toBe(42_000);
    expect(localNow + roughOffsetMs(serverNow, localNow)).toBe(serverNow);
  });

  it('R5 no measurement yet gives no estimate', () => {
    expect(new ClockSamples().estimate()).toBeNull();
  });
});
