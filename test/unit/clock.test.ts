import { describe, expect, it } from 'vitest';
import { estimateOffset } from '../../shared/domain/clock/offset';

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
