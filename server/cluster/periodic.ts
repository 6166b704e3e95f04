import type { Clock } from '../clock';
import type { Store } from '../store/ports';
import type { Cluster } from './cluster';

/** Whether this node does periodic work `name` now: once per period in the cluster. */
export type ClaimRound = (name: string, periodMs: number) => Promise<boolean>;

/** A node alone does every round itself. */
export const everyRound: ClaimRound = () => Promise.resolve(true);

/**
 * Periodic work (the series top-up, the session sweep, the LiveKit reconciliation) runs once per
 * period across the nodes: each node's timer asks, and the store's job claim (a conditional
 * update of one row in PostgreSQL) says yes to one of them. If that node dies, another one's next
 * tick finds the round due. No election: the database decides each round.
 */
export function claimRounds(store: Store, cluster: Cluster, clock: Clock): ClaimRound {
  if (!cluster.shared) return everyRound;
  // A little shorter than the timers' interval: a node's own next tick, a hair early, still finds it due.
  return (name, periodMs) => store.jobs.claim(name, clock.now().getTime(), Math.floor(periodMs * 0.9), cluster.nodeId);
}
