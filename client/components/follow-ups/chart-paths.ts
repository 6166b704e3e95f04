import type { Segment } from '../../../shared/domain/time-report/time-chart-layout';

/** Line segments (a pattern's hatching) as one SVG path. */
export const segmentsPath = (segments: readonly Segment[]): string =>
  segments.map((s) => `M${s.x1.toFixed(2)} ${s.y1.toFixed(2)}L${s.x2.toFixed(2)} ${s.y2.toFixed(2)}`).join('');
