import type { MessageKey, MessageParams } from '../../i18n';
import type { AgendaItem, SessionWindow } from '../../protocol/meeting-plan';
import { DEFAULT_AGENDA } from '../../protocol/agenda-kinds';

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

type Issue = { path: (string | number)[]; key: MessageKey; params: MessageParams };

/** The rules of sessions and agenda, as issues naming the field (used by meetingInputSchema). */
export function meetingPlanIssues(m: PlanInput): Issue[] {
  const issues: Issue[] = [];
  const sessions = m.sessions ?? [];
  sessions.forEach((s, i) => {
    if (sessions.findIndex((o) => o.number === s.number) !== i) {
      issues.push({ path: ['sessions', i, 'number'], key: 'plan.field.sessionTwice', params: { n: s.number } });
      return;
    }
    if (s.endTime <= s.startTime) issues.push({ path: ['sessions', i, 'endTime'], key: 'plan.field.endAfterStart', params: {} });
    else if (s.startTime < m.startTime) issues.push({ path: ['sessions', i, 'startTime'], key: 'plan.field.beforeMeeting', params: {} });
    else if (s.endTime > m.endTime) issues.push({ path: ['sessions', i, 'endTime'], key: 'plan.field.afterMeeting', params: {} });
    else {
      for (const other of sessions.slice(0, i)) {
        if (other.endTime <= other.startTime) continue;
        if (s.startTime < other.endTime && other.startTime < s.endTime) {
          issues.push({ path: ['sessions', i, 'startTime'], key: 'plan.field.overlaps', params: { n: other.number } });
          break;
        }
        // The queue runs sesi 1 before sesi 2: their windows keep that order.
        if (s.number > other.number !== s.startTime > other.startTime) {
          issues.push({ path: ['sessions', i, 'startTime'], key: 'plan.field.sessionOrder', params: {} });
          break;
        }
      }
    }
  });
  if (sessions.length > 0) {
    const windows = new Set(sessions.map((s) => s.number));
    m.participants.forEach((p, i) => {
      if (!windows.has(p.session as 1 | 2)) {
        issues.push({ path: ['participants', i, 'session'], key: 'plan.field.noWindow', params: { n: p.session } });
      }
    });
  }
  const agenda = m.agenda ?? [];
  if (agenda.length > 0) {
    const paparan = agenda.map((a, i) => (a.kind === 'paparan' ? i : -1)).filter((i) => i >= 0);
    if (paparan.length === 0) issues.push({ path: ['agenda'], key: 'plan.field.needsPaparan', params: {} });
    for (const i of paparan.slice(1)) issues.push({ path: ['agenda', i, 'kind'], key: 'plan.field.onePaparan', params: {} });
    agenda.forEach((a, i) => {
      if (a.kind === 'topik' && !a.title) issues.push({ path: ['agenda', i, 'title'], key: 'field.required', params: {} });
    });
  }
  return issues;
}
