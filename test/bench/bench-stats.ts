/** What both benchmarks compute the same way: percentiles, paired rounds, the BENCH fields. */
import { at } from '../helpers/at';

export interface RoundResult {
  p50: number;
  p99: number;
  lost: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return at(sorted, Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length)), 'sample');
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  return at(
    [...xs].sort((a, b) => a - b),
    Math.floor(xs.length / 2),
    'sample',
  );
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** One line per round, system beside baseline. */
export function roundLine(round: number, s: RoundResult, b: RoundResult): string {
  return `round ${round}: system p50 ${s.p50.toFixed(2)} ms p99 ${s.p99.toFixed(2)} ms lost ${s.lost} | baseline p50 ${b.p50.toFixed(2)} ms p99 ${b.p99.toFixed(2)} ms lost ${b.lost}`;
}

/** The shared BENCH fields: medians, and the median of the paired p99 ratios (the noisy machine's fair measure). */
export function pairedSummary(system: RoundResult[], baseline: RoundResult[]) {
  const ratios = system.map((s, i) => s.p99 / at(baseline, i, 'baseline round').p99).sort((a, b) => a - b);
  return {
    p50_ms: round2(median(system.map((s) => s.p50))),
    p99_ms: round2(median(system.map((s) => s.p99))),
    baseline_p50_ms: round2(median(baseline.map((b) => b.p50))),
    baseline_p99_ms: round2(median(baseline.map((b) => b.p99))),
    ratio: round2(median(ratios)),
    ratios: ratios.map(round2),
    lost: system.reduce((n, s) => n + s.lost, 0),
    rss_mb: Math.round(process.memoryUsage().rss / 1024 / 1024),
  };
}
