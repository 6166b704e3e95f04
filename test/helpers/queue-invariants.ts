import type { QueueState } from '../../shared/protocol';

/**
 * What must hold of any queue state the server can reach, whatever the commands (test/SPEC.md,
 * QF3-QF6). Each answers null when it holds, else what it found.
 */
export interface StateInvariant {
  id: string;
  rule: string;
  broken(state: QueueState): string | null;
}

const HOLDING_THE_FLOOR = new Set(['speaking', 'paused']);

export const STATE_INVARIANTS: readonly StateInvariant[] = [
  {
    id: 'QF3',
    rule: 'at most one turn holds the floor (speaking or paused), and it is the current turn',
    broken(s) {
      const holding = Object.values(s.turns)
        .filter((t) => HOLDING_THE_FLOOR.has(t.status))
        .map((t) => t.id);
      const expected = s.currentTurnId === null ? [] : [s.currentTurnId];
      return JSON.stringify(holding) === JSON.stringify(expected) ? null : `current ${s.currentTurnId}, holding the floor [${holding.join(', ')}]`;
    },
  },
  {
    id: 'QF4',
    rule: 'the order names every turn exactly once',
    broken(s) {
      const order = [...s.order].sort();
      const turns = Object.keys(s.turns).sort();
      return JSON.stringify(order) === JSON.stringify(turns) ? null : `order [${s.order.join(', ')}], turns [${turns.join(', ')}]`;
    },
  },
  {
    id: 'QF5',
    rule: "a speaker's clock runs only while its turn is speaking, the arahan clock only in the current turn, and no total is negative",
    broken(s) {
      for (const t of Object.values(s.turns)) {
        const { runningSince, arahanSince, accumulatedMs, arahanMs, allotmentMs } = t.timer;
        if (runningSince !== null && t.status !== 'speaking') return `${t.id} is ${t.status} with its clock running`;
        if (arahanSince !== null && t.id !== s.currentTurnId) return `${t.id} has arahan running but is not current`;
        if (runningSince !== null && arahanSince !== null) return `${t.id} runs both clocks`;
        if (accumulatedMs < 0 || arahanMs < 0 || allotmentMs <= 0) return `${t.id} timer ${JSON.stringify(t.timer)}`;
      }
      return null;
    },
  },
  {
    id: 'QF6',
    rule: 'a request is decided once: pending ones have no decision time and no turn, each admitted one has exactly one turn',
    broken(s) {
      for (const r of s.requests) {
        const turns = Object.values(s.turns).filter((t) => t.requestId === r.id).length;
        if ((r.status === 'pending') !== (r.decidedAt === null)) return `${r.id} is ${r.status} with decidedAt ${r.decidedAt}`;
        if (turns !== (r.status === 'admitted' ? 1 : 0)) return `${r.id} is ${r.status} with ${turns} turns`;
      }
      return null;
    },
  },
];
