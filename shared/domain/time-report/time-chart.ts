import type { Meeting } from '../../protocol/meeting';
import type { QueueState, Turn } from '../../protocol/queue';
import { minutesBetween } from '../time';
import { arahanMs, spokenMs } from '../speaking-queue/timer';

/**
 * A meeting's time as the chart and the PDF time report draw it: per OPD in speaking order, its
 * allotment against what it spoke, the overrun, and the chair's arahan and the tanggapan and
 * interupsi counted apart (neither eats an OPD's allotment: the queue's timer keeps arahan apart,
 * and an admitted request is a turn of its own).
 */

/** Where an OPD is in the meeting: none of its turns began, one is at the floor, all ended, all skipped. */
export type TimeChartRowStatus = 'waiting' | 'speaking' | 'done' | 'skipped';

export interface TimeChartRow {
  /** The participant's id, or the turn's for a guest without one. */
  key: string;
  participantId: string | null;
  /** The OPD's short name (the turn's label). */
  label: string;
  /** 1-based place of its first turn in the speaking order. */
  position: number;
  /** The allotments of its own turns (scheduled and added), extensions included: the "jatah" of the statistics. */
  allottedMs: number;
  /** What the chair granted beyond the plan (part of allottedMs). */
  extendedMs: number;
  spokenMs: number;
  /** Spoken beyond the allotment; 0 when within it. */
  overrunMs: number;
  /** The chair's arahan during its turns. */
  arahanMs: number;
  /** Its own tanggapan and interupsi (admitted requests), spoken apart from its turns. */
  responseMs: number;
  turns: number;
  status: TimeChartRowStatus;
}

export interface TimeChartTotals {
  /** Sum of the rows' allotments: the speaking plan. */
  allottedMs: number;
  spokenMs: number;
  overrunMs: number;
  /** All the chair's arahan, also during tanggapan and interupsi. */
  arahanMs: number;
  /** Spoken in tanggapan and interupsi turns. */
  responseMs: number;
  /** What the tanggapan and interupsi were allotted. */
  responseAllottedMs: number;
  responseTurns: number;
  /** Everything at the floor: the OPDs, the arahan, the tanggapan and interupsi. */
  floorMs: number;
  /** From the meeting's planned start to its planned end. */
  scheduledMs: number;
  /** From its start to its end (or to now while it runs); 0 before it starts. */
  meetingMs: number;
}

export interface TimeChart {
  rows: TimeChartRow[];
  totals: TimeChartTotals;
}

const isResponse = (t: Turn) => t.kind === 'response' || t.kind === 'point_of_order';

function rowStatus(turns: Turn[]): TimeChartRowStatus {
  if (turns.some((t) => t.status === 'speaking' || t.status === 'paused')) return 'speaking';
  if (turns.every((t) => t.status === 'skipped')) return 'skipped';
  if (turns.some((t) => t.status === 'done')) return 'done';
  return 'waiting';
}

/** The time chart of a meeting's queue at server time `now` (a running turn counts up to now). */
export function timeChart(state: QueueState, meeting: Pick<Meeting, 'startTime' | 'endTime'>, now: number): TimeChart {
  const groups = new Map<string, { position: number; turns: Turn[] }>();
  const responses: Turn[] = [];
  const all: Turn[] = [];
  state.order.forEach((id, i) => {
    const t = state.turns[id];
    if (!t) throw new Error(`timeChart: turn ${id} is in the order but not in the turns`);
    all.push(t);
    if (isResponse(t)) {
      responses.push(t);
      return;
    }
    const key = t.participantId ?? t.id;
    const group = groups.get(key);
    if (group) group.turns.push(t);
    else groups.set(key, { position: i + 1, turns: [t] });
  });
  const responseOf = new Map<string, number>();
  for (const t of responses) if (t.participantId !== null) responseOf.set(t.participantId, (responseOf.get(t.participantId) ?? 0) + spokenMs(t.timer, now));

  const rows = [...groups.entries()].map(([key, { position, turns }]): TimeChartRow => {
    const first = turns[0] as Turn;
    const allotted = turns.reduce((n, t) => n + t.timer.allotmentMs, 0);
    const spoken = turns.reduce((n, t) => n + spokenMs(t.timer, now), 0);
    return {
      key,
      participantId: first.participantId,
      label: first.label,
      position,
      allottedMs: allotted,
      extendedMs: turns.reduce((n, t) => n + t.extendedMs, 0),
      spokenMs: spoken,
      overrunMs: Math.max(0, spoken - allotted),
      arahanMs: turns.reduce((n, t) => n + arahanMs(t.timer, now), 0),
      responseMs: first.participantId === null ? 0 : (responseOf.get(first.participantId) ?? 0),
      turns: turns.length,
      status: rowStatus(turns),
    };
  });

  const sum = (values: number[]) => values.reduce((n, v) => n + v, 0);
  const spoken = sum(rows.map((r) => r.spokenMs));
  const arahan = sum(all.map((t) => arahanMs(t.timer, now)));
  const responseSpoken = sum(responses.map((t) => spokenMs(t.timer, now)));
  const started = state.startedAt;
  return {
    rows,
    totals: {
      allottedMs: sum(rows.map((r) => r.allottedMs)),
      spokenMs: spoken,
      overrunMs: sum(rows.map((r) => r.overrunMs)),
      arahanMs: arahan,
      responseMs: responseSpoken,
      responseAllottedMs: sum(responses.map((t) => t.timer.allotmentMs)),
      responseTurns: responses.length,
      floorMs: spoken + arahan + responseSpoken,
      scheduledMs: Math.max(0, minutesBetween(meeting.startTime, meeting.endTime)) * 60_000,
      meetingMs: started === null ? 0 : Math.max(0, (state.endedAt ?? now) - started),
    },
  };
}

/** "12:05" for 12 minutes 5 seconds, "1:02:05" past an hour: whole seconds, rounded down. */
export function formatDuration(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}
