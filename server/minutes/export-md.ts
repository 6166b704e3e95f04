import type { Block, MinutesExport, TextRun } from '../../shared/minutes/export-model';

/** Renders the notulen as GitHub Markdown, in the same order as the Word and PDF exports. */
export function renderMarkdown(m: MinutesExport): string {
  const parts: string[] = [
    `# ${escapeInline(m.documentTitle)}`,
    `**${escapeInline(m.meetingTitle)}**`,
    hardLines(m.header.map(([label, value]) => `**${escapeInline(label)}**: ${escapeInline(value)}`)),
    `## ${escapeInline(m.attendanceTitle)}`,
    table(
      m.attendanceColumns,
      m.attendance.map((a, i) => [String(i + 1), a.opd, a.person, a.status, a.arrived]),
      true,
    ),
    ...m.body.flatMap(block),
    `## ${escapeInline(m.followUpsTitle)}`,
    table(
      m.followUpColumns,
      m.followUps.map((f) => [String(f.no), f.action, f.opds, f.due, f.status]),
      true,
    ),
    ...signatures(m.signatures),
  ];
  if (m.finalizedNote !== null) parts.push('---', `_${escapeInline(m.finalizedNote)}_`);
  return parts.filter((p) => p.length > 0).join('\n\n') + '\n';
}

/** Backslash-escapes what Markdown would read as formatting, so typed text stays text. */
export function escapeInline(s: string): string {
  return s
    .replace(/[\\`*_[\]<>|~]/g, '\\$&')
    .replace(/\r?\n/g, '<br>');
}

/** A paragraph that begins like "1." or "- " would turn into a list; escape that start. */
function escapeLineStart(s: string): string {
  return s.replace(/^(\s*)([#+\-=>])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

function hardLines(lines: string[]): string {
  // Two trailing spaces: a line break that every Markdown flavour understands.
  return lines.join('  \n');
}

/** Adjacent runs with the same marks are merged so that "**a****b**" never appears. */
function mergeRuns(runs: TextRun[]): TextRun[] {
  const out: TextRun[] = [];
  for (const r of runs) {
    if (r.text.length === 0) continue;
    const prev = out.at(-1);
    if (prev && !!prev.bold === !!r.bold && !!prev.italic === !!r.italic) {
      out[out.length - 1] = { ...prev, text: prev.text + r.text };
    } else {
      out.push({ ...r });
    }
  }
  return out;
}

function inline(runs: TextRun[]): string {
  return mergeRuns(runs)
    .map((r) => {
      // Emphasis markers must hug the text: "** a**" is not bold, so spaces go outside.
      const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(r.text);
      const [, lead = '', core = '', trail = ''] = match ?? [];
      if (core.length === 0 || (!r.bold && !r.italic)) return escapeInline(r.text);
      let marked = escapeInline(core);
      if (r.italic) marked = `_${marked}_`;
      if (r.bold) marked = `**${marked}**`;
      return `${lead}${marked}${trail}`;
    })
    .join('');
}

function block(b: Block): string[] {
  switch (b.type) {
    case 'heading':
      // "#" is the document title, so a level-1 heading shares "##" with level 2.
      return [`${'#'.repeat(Math.max(2, b.level))} ${escapeInline(b.text)}`];
    case 'paragraph': {
      const text = inline(b.runs);
      return text.trim().length === 0 ? [] : [escapeLineStart(text)];
    }
    case 'list':
      return [
        b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : '-'} ${escapeLineStart(inline(item))}`).join('\n'),
      ];
    case 'table': {
      const cols = Math.max(0, ...b.rows.map((r) => r.length));
      if (cols === 0) return [];
      const rows = b.rows.map((r) => Array.from({ length: cols }, (_, i) => r[i] ?? ''));
      const [head, ...rest] = rows;
      return [table(head, rest, false)];
    }
  }
}

function row(cells: string[]): string {
  return `| ${cells.map((c) => escapeInline(c.trim())).join(' | ')} |`;
}

/** A GFM table; with `placeholder`, an empty list prints one "—" row instead of a bare header. */
function table(head: string[], rows: string[][], placeholder: boolean): string {
  const body = rows.length === 0 && placeholder ? [['—', ...head.slice(1).map(() => '')]] : rows;
  return [row(head), `|${head.map(() => ' --- ').join('|')}|`, ...body.map(row)].join('\n');
}

function signatures(s: MinutesExport['signatures']): string[] {
  return [
    hardLines(['Mengetahui,', escapeInline(s.chairRole), `**${escapeInline(s.chairName)}**`, escapeInline(s.chairTitle)]),
    hardLines([
      escapeInline(s.placeDate),
      escapeInline(s.notulisRole),
      `**${escapeInline(s.notulisNames.join(', '))}**`,
    ]),
  ];
}
