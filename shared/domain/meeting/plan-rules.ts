import { DEFAULT_AGENDA, type AgendaItem, type SessionWindow } from '../../protocol/meeting-plan';

/** The rules of a meeting's plan, its sesi windows and agenda (S20, S21): domain, not protocol. */

/** The agenda the timeline runs: the meeting's own, else the default one. */
export function effectiveAgenda(agenda: readonly AgendaItem[] | undefined): readonly AgendaItem[] {
  return agenda && agenda.length > 0 ? agenda : DEFAULT_AGENDA;
}

interface PlanInput {
  startTime: string;
  endTime: string;
  sessions?: SessionWindow[];
  agenda?: AgendaItem[];
  participants: { session: number }[];
}

type PlanIssue = { path: (string | number)[]; message: string };

/** The rules of sessions and agenda, as issues naming the field (used by meetingInputSchema). */
export function meetingPlanIssues(m: PlanInput): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const sessions = m.sessions ?? [];
  sessions.forEach((s, i) => {
    if (sessions.findIndex((o) => o.number === s.number) !== i) {
      issues.push({ path: ['sessions', i, 'number'], message: `sesi ${s.number} is listed twice` });
      return;
    }
    if (s.endTime <= s.startTime) issues.push({ path: ['sessions', i, 'endTime'], message: 'the end must be after the start' });
    else if (s.startTime < m.startTime) issues.push({ path: ['sessions', i, 'startTime'], message: 'before the meeting starts' });
    else if (s.endTime > m.endTime) issues.push({ path: ['sessions', i, 'endTime'], message: "after the meeting's planned end" });
    else {
      for (const other of sessions.slice(0, i)) {
        if (other.endTime <= other.startTime) continue;
        if (s.startTime < other.endTime && other.startTime < s.endTime) {
          issues.push({ path: ['sessions', i, 'startTime'], message: `overlaps sesi ${other.number}` });
          break;
        }
        // The queue runs sesi 1 before sesi 2: their windows keep that order.
        if ((s.number > other.number) !== (s.startTime > other.startTime)) {
          issues.push({ path: ['sessions', i, 'startTime'], message: 'sesi 2 must come after sesi 1' });
          break;
        }
      }
    }
  });
  if (sessions.length > 0) {
    const windows = new Set(sessions.map((s) => s.number));
    m.participants.forEach((p, i) => {
      if (!windows.has(p.session as 1 | 2)) {
        issues.push({ path: ['participants', i, 'session'], message: `sesi ${p.session} has no time window` });
      }
    });
  }
  const agenda = m.agenda ?? [];
  if (agenda.length > 0) {
    const paparan = agenda.map((a, i) => (a.kind === 'paparan' ? i : -1)).filter((i) => i >= 0);
    if (paparan.length === 0) issues.push({ path: ['agenda'], message: 'the agenda needs the paparan slot (where the OPDs speak)' });
    for (const i of paparan.slice(1)) issues.push({ path: ['agenda', i, 'kind'], message: 'only one paparan slot' });
    agenda.forEach((a, i) => {
      if (a.kind === 'topik' && !a.title) issues.push({ path: ['agenda', i, 'title'], message: 'required' });
    });
  }
  return issues;
}
