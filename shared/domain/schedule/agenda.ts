import { DEFAULT_AGENDA, type AgendaItem, type AgendaKind } from '../../protocol/meeting-plan';

/** The first word of a line that names a standard agenda item. */
const KIND_WORDS: Record<string, AgendaKind> = {
  pembukaan: 'pembukaan',
  paparan: 'paparan',
  ekspose: 'paparan',
  arahan: 'arahan',
  penutup: 'penutup',
  penutupan: 'penutup',
};

// "Pembukaan (10 menit)", "Arahan Bupati 15 menit", "Lain-lain (5)".
const MINUTES = /\s*(?:\((\d{1,3})\s*(?:menit|mnt|min|minutes?)?\s*\)|\s(\d{1,3})\s*(?:menit|mnt|min|minutes?))\s*$/i;
// "1.", "2)", "-", "•" before the item.
const BULLET = /^(?:\d{1,2}[.)]|[-*•])\s*/;

/**
 * A series' agenda template (one item per line) as a meeting's agenda. A line starting with
 * Pembukaan, Paparan (or Ekspose), Arahan or Penutup is that item, any other line a topic; minutes
 * may follow in parentheses ("(10 menit)"), else the standard item's default and 0 for a topic.
 * The OPDs' turns need one paparan slot: the first paparan line is it, later ones are topics, and
 * without one it comes after the opening. An empty template gives the default agenda ([]).
 */
export function agendaFromTemplate(template: string): AgendaItem[] {
  const items: AgendaItem[] = [];
  for (const raw of template.split(/\r?\n/)) {
    let line = raw.trim().replace(BULLET, '');
    if (!line) continue;
    const minutes = MINUTES.exec(line);
    if (minutes) line = line.slice(0, minutes.index).trim();
    if (!line) continue;
    // The line is trimmed and not empty, so it has a first word.
    const [first = ''] = line.split(/\s+/);
    const word = first.toLowerCase().replace(/[^a-z]/g, '');
    const known = Object.hasOwn(KIND_WORDS, word) ? KIND_WORDS[word] : undefined;
    let kind: AgendaKind = known ?? 'topik';
    if (kind === 'paparan' && items.some((i) => i.kind === 'paparan')) kind = 'topik';
    const plain = line.toLowerCase().replace(/[^a-z]/g, '') === word;
    items.push({
      kind,
      // A bare "Pembukaan" reads as the kind's own name; anything more is kept as written.
      title: kind !== 'topik' && plain ? '' : line,
      plannedMinutes: minutes ? Number(minutes[1] ?? minutes[2]) : (DEFAULT_AGENDA.find((d) => d.kind === kind)?.plannedMinutes ?? 0),
    });
  }
  if (items.length > 0 && !items.some((i) => i.kind === 'paparan')) {
    const after = items.findIndex((i) => i.kind !== 'pembukaan');
    items.splice(after === -1 ? items.length : after, 0, { kind: 'paparan', title: '', plannedMinutes: 0 });
  }
  return items;
}
