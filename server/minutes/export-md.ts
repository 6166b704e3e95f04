import type { Block, MinutesExport, TextRun } from '../../shared/minutes/export-model';
import { signatureCells } from './signatures';

/** Renders the notulen as GitHub Markdown, in the same order as the Word and PDF exports. */
export function renderMarkdown(m: MinutesExport): string {
  const parts: string[] = [
    ...letterhead(m),
    `# ${escapeInline(m.documentTitle, HTML_BREAK)}`,
    `**${escapeInline(m.meetingTitle)}**`,
    ...(m.nomor !== null ? [escapeInline(m.nomor)] : []),
    hardLines(m.header.map(([label, value]) => `**${escapeInline(label)}**: ${escapeInline(value)}`)),
    `## ${escapeInline(m.attendanceTitle, HTML_BREAK)}`,
    table(
      m.attendanceColumns,
      m.attendance.map((a, i) => [String(i + 1), a.opd, a.person, a.status, a.arrived]),
      true,
    ),
    ...(m.previousFollowUps.length > 0
      ? [
          `## ${escapeInline(m.previousFollowUpsTitle, HTML_BREAK)}`,
          table(
            m.previousFollowUpColumns,
            m.previousFollowUps.map((f) => [String(f.no), f.action, f.from, f.opds, f.due, f.status]),
            true,
          ),
        ]
      : []),
    ...m.body.flatMap(block),
    `## ${escapeInline(m.followUpsTitle, HTML_BREAK)}`,
    table(
      m.followUpColumns,
      m.followUps.map((f) => [String(f.no), f.action, f.opds, f.due, f.status]),
      true,
    ),
    ...(m.lampiran?.length
      ? [`## ${escapeInline(m.lampiranTitle ?? '', HTML_BREAK)}`, ...block({ type: 'list', ordered: true, items: m.lampiran.map((text) => [{ text }]) })]
      : []),
    ...signatures(m.signatures),
  ];
  if (m.finalizedNote !== null) parts.push('---', `_${escapeInline(m.finalizedNote)}_`);
  return parts.filter((p) => p.length > 0).join('\n\n') + '\n';
}

// Two trailing spaces: a line break that every Markdown flavour understands.
const HARD_BREAK = '  \n';
// A table row or a heading is one line: there only HTML breaks one.
const HTML_BREAK = '<br>';

/**
 * Typed text as text: Markdown's formatting characters are backslash-escaped, and `&`, `<` and
 * `>` become entities, which every flavour shows as the character and none reads as HTML (not
 * every flavour honours a backslash before `<`: Python-Markdown would pass `\<script>` through).
 * A line break becomes `lineBreak`, and the line after it is kept from opening a block.
 */
export function escapeInline(s: string, lineBreak: string = HARD_BREAK): string {
  const escaped = s
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
  return escaped
    .split(/\r?\n/)
    .map((line, i) => (i === 0 || lineBreak !== HARD_BREAK ? line : escapeLineStart(line)))
    .join(lineBreak);
}

/**
 * A line that begins like "1.", "- ", "# " or "===" would open a list or a heading (or turn the
 * line above into one); escape that start. Quotes (`>`) are already entities.
 */
function escapeLineStart(s: string): string {
  return s.replace(/^(\s*)([#+\-=])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

function hardLines(lines: string[]): string {
  return lines.join(HARD_BREAK);
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
  const text = mergeRuns(runs)
    .map((r) => {
      // Emphasis markers must hug the text: "** a**" is not bold, so spaces go outside.
      const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(r.text);
      const [, lead = '', core = '', trail = ''] = match ?? [];
      if (core.length === 0 || (!r.bold && !r.italic)) return escapeInline(r.text);
      let marked = escapeInline(core);
      if (r.italic) marked = `_${marked}_`;
      if (r.bold) marked = `**${marked}**`;
      return `${escapeInline(lead)}${marked}${escapeInline(trail)}`;
    })
    .join('');
  // A break may end one run and the next run begin the new line: guard every line's start.
  return text
    .split(HARD_BREAK)
    .map((line, i) => (i === 0 ? line : escapeLineStart(line)))
    .join(HARD_BREAK);
}

function block(b: Block): string[] {
  switch (b.type) {
    case 'heading':
      // "#" is the document title, so a level-1 heading shares "##" with level 2.
      return [`${'#'.repeat(Math.max(2, b.level))} ${escapeInline(b.text, HTML_BREAK)}`];
    case 'paragraph': {
      const text = inline(b.runs);
      return text.trim().length === 0 ? [] : [escapeLineStart(text)];
    }
    case 'list':
      return [b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : '-'} ${escapeLineStart(inline(item))}`).join('\n')];
    case 'table': {
      const cols = Math.max(0, ...b.rows.map((r) => r.length));
      if (cols === 0) return [];
      const rows = b.rows.map((r) => Array.from({ length: cols }, (_, i) => r[i] ?? ''));
      const [head, ...rest] = rows;
      if (!head) return [];
      return [table(head, rest, false)];
    }
  }
}

function row(cells: string[]): string {
  return `| ${cells.map((c) => escapeInline(c.trim(), HTML_BREAK)).join(' | ')} |`;
}

/** A GFM table; with `placeholder`, an empty list prints one "—" row instead of a bare header. */
function table(head: string[], rows: string[][], placeholder: boolean): string {
  const body = rows.length === 0 && placeholder ? [['—', ...head.slice(1).map(() => '')]] : rows;
  return [row(head), `|${head.map(() => ' --- ').join('|')}|`, ...body.map(row)].join('\n');
}

/** The kop surat's lines above the title (a text file has no emblem nor pages), closed by a rule. */
function letterhead(m: MinutesExport): string[] {
  const k = m.letterhead;
  if (!k) return [];
  const lines = [`**${escapeInline(k.government)}**`, ...(k.office ? [`**${escapeInline(k.office)}**`] : []), ...k.addressLines.map((l) => escapeInline(l))];
  if (k.contactLine) lines.push(escapeInline(k.contactLine));
  return [hardLines(lines), '---'];
}

/** A line to sign on, in text. */
const SIGNATURE_LINE = '_'.repeat(24);

/** The place and date, then the chair's signature and one per notulis, each name under its line. */
function signatures(s: MinutesExport['signatures']): string[] {
  return [
    ...(s.placeDate ? [escapeInline(s.placeDate)] : []),
    ...signatureCells(s).map((c) =>
      hardLines([...c.above.map((t) => escapeInline(t)), escapeInline(SIGNATURE_LINE), `**${escapeInline(c.name)}**`, ...c.below.map((t) => escapeInline(t))]),
    ),
  ];
}
