import type { Block, MinutesExport, TextRun } from './export-model';

/**
 * What changed between two finalised versions of the notulen, read as the document reads: the
 * header fields, the attendance, the body's paragraphs, list items and table rows, and the
 * follow-ups, each as one line, compared part by part with a longest-common-subsequence diff.
 * A changed paragraph shows as the old line removed and the new one added.
 */
export const DIFF_PARTS = ['header', 'attendance', 'body', 'followUps'] as const;
export type DiffPart = (typeof DIFF_PARTS)[number];

export type DiffLine =
  | { kind: 'same' | 'added' | 'removed'; text: string }
  /** Unchanged lines left out between two changes (more than DIFF_CONTEXT away from both). */
  | { kind: 'skipped'; count: number };

export interface DiffSection {
  part: DiffPart;
  lines: DiffLine[];
  added: number;
  removed: number;
}

/** `GET /api/meetings/:id/minutes/versions/:version/diff`: version `previous` to `version`; only parts that changed. */
export interface MinutesDiff {
  version: number;
  previous: number;
  sections: DiffSection[];
}

/** Unchanged lines kept around each change, so a reader sees where it sits. */
export const DIFF_CONTEXT = 1;

const plain = (runs: TextRun[]): string =>
  runs
    .map((r) => r.text)
    .join('')
    .replace(/\s+/g, ' ')
    .trim();

function blockLines(b: Block): string[] {
  switch (b.type) {
    case 'heading':
      return [b.text.trim()];
    case 'paragraph': {
      const text = plain(b.runs);
      return text ? [text] : [];
    }
    case 'list':
      return b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : '•'} ${plain(item)}`);
    case 'table':
      return b.rows.map((row) => row.map((c) => c.trim()).join(' | '));
  }
}

/** The document as lines, part by part. Follow-ups leave out their number: one added above would renumber all. */
export function documentLines(m: MinutesExport): Record<DiffPart, string[]> {
  return {
    header: [`Judul: ${m.meetingTitle}`, ...(m.nomor ? [`Nomor: ${m.nomor}`] : []), ...m.header.map(([label, value]) => `${label}: ${value}`)],
    attendance: m.attendance.map((a) => [a.opd, a.person, a.status, a.arrived].filter(Boolean).join(' — ')),
    body: m.body.flatMap(blockLines),
    followUps: m.followUps.map((f) => `${f.action} — ${f.opds} — ${f.due} — ${f.status}`),
  };
}

/** The edit script from `a` to `b`: common prefix and suffix first, then an LCS table over the middle. */
export function diffLines(a: readonly string[], b: readonly string[]): { kind: 'same' | 'added' | 'removed'; text: string }[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  // lcs[i][j]: the longest common subsequence of midA[i..] and midB[j..], in one flat array.
  const lcs = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => lcs[i * (m + 1) + j] ?? 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = midA[i] === midB[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const out: { kind: 'same' | 'added' | 'removed'; text: string }[] = a.slice(0, start).map((text) => ({ kind: 'same', text }));
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const x = midA[i];
    const y = midB[j];
    if (x !== undefined && y !== undefined && x === y) {
      out.push({ kind: 'same', text: x });
      i++;
      j++;
    } else if (y === undefined || (x !== undefined && at(i + 1, j) >= at(i, j + 1))) {
      out.push({ kind: 'removed', text: x ?? '' });
      i++;
    } else {
      out.push({ kind: 'added', text: y });
      j++;
    }
  }
  for (const text of a.slice(endA)) out.push({ kind: 'same', text });
  return out;
}

/** Keeps DIFF_CONTEXT unchanged lines around each change and folds the rest into `skipped`. */
function withContext(lines: { kind: 'same' | 'added' | 'removed'; text: string }[]): DiffLine[] {
  const near = lines.map((l, i) => l.kind !== 'same' || lines.slice(Math.max(0, i - DIFF_CONTEXT), i + DIFF_CONTEXT + 1).some((x) => x.kind !== 'same'));
  const out: DiffLine[] = [];
  lines.forEach((line, i) => {
    if (near[i]) out.push(line);
    else {
      const last = out.at(-1);
      if (last?.kind === 'skipped') last.count++;
      else out.push({ kind: 'skipped', count: 1 });
    }
  });
  return out;
}

/** What changed from `before` (version `previous`) to `after` (version `version`). */
export function diffVersions(before: MinutesExport, after: MinutesExport, version: number, previous: number): MinutesDiff {
  const a = documentLines(before);
  const b = documentLines(after);
  const sections: DiffSection[] = [];
  for (const part of DIFF_PARTS) {
    const lines = diffLines(a[part], b[part]);
    const added = lines.filter((l) => l.kind === 'added').length;
    const removed = lines.filter((l) => l.kind === 'removed').length;
    if (added + removed > 0) sections.push({ part, lines: withContext(lines), added, removed });
  }
  return { version, previous, sections };
}
