import type { MessageKey, MessageParams } from '../../i18n';
import { MAX_AGENDA_ITEMS } from '../../protocol/meeting-plan';
import type { RotationGroup, SeriesInput } from '../../protocol/schedule';
import { agendaFromTemplate } from './agenda';
import { addDays, addMinutes } from '../time';
import { groupMembers, type DirectoryOpd } from './plan';
import { recurrenceDates } from './rrule';

export interface SeriesIssue {
  /** Dotted path of the field at fault, e.g. `rotation.1.group`. */
  field: string;
  key: MessageKey;
  params: MessageParams;
}

/**
 * What the schema cannot see, first issue only: the meeting must end before midnight, each rule
 * must have a date, the agenda must fit a meeting's, and each group must bring at least one
 * active OPD of the directory (hand-picked: each known, active, once).
 */
export function seriesIssue(input: SeriesInput, directory: readonly DirectoryOpd[]): SeriesIssue | null {
  if (addMinutes(input.startTime, input.durationMinutes) === null) {
    return { field: 'durationMinutes', key: 'schedule.field.afterMidnight', params: {} };
  }
  // Two years is far more than any horizon: a rule with no date in it can never meet.
  const within = input.endDate ?? addDays(input.startDate, 2 * 366);
  if (recurrenceDates(input.recurrence, input.startDate, input.endDate, within).length === 0) {
    return { field: input.endDate ? 'endDate' : 'recurrence', key: 'schedule.field.noDate', params: {} };
  }
  if (input.extra && recurrenceDates(input.extra.recurrence, input.startDate, input.endDate, within).length === 0) {
    return { field: 'extra.recurrence', key: 'schedule.field.noDate', params: {} };
  }
  const agenda = agendaFromTemplate(input.agenda);
  if (agenda.length > MAX_AGENDA_ITEMS) return { field: 'agenda', key: 'schedule.field.maxAgendaItems', params: { n: MAX_AGENDA_ITEMS } };
  if (agenda.some((item) => item.title.length > 200)) return { field: 'agenda', key: 'schedule.field.agendaItemTooLong', params: {} };
  for (const [i, group] of input.rotation.entries()) {
    const issue = groupIssue(group, `rotation.${i}`, directory);
    if (issue) return issue;
  }
  return input.extra ? groupIssue(input.extra.group, 'extra.group', directory) : null;
}

function groupIssue(group: RotationGroup, path: string, directory: readonly DirectoryOpd[]): SeriesIssue | null {
  if (group.kind === 'group') {
    return groupMembers(group, directory).length === 0
      ? { field: `${path}.group`, key: 'schedule.field.groupWithoutOpds', params: { group: group.group } }
      : null;
  }
  const byId = new Map(directory.map((o) => [o.id, o]));
  const seen = new Set<string>();
  for (const [j, id] of group.opdIds.entries()) {
    const opd = byId.get(id);
    const field = `${path}.opdIds.${j}`;
    if (!opd) return { field, key: 'errors.opdNotInDirectory', params: {} };
    if (opd.archived) return { field, key: 'errors.opdArchived', params: { shortName: opd.shortName } };
    if (seen.has(id)) return { field, key: 'field.duplicateOpd', params: {} };
    seen.add(id);
  }
  return null;
}
