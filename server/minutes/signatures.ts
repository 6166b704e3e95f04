import type { MinutesExport } from '../../shared/minutes/export-model';

/** One signature: its title lines, the room for a wet signature and stamp, a line, the name under it. */
export interface SignatureCell {
  above: string[];
  name: string;
  below: string[];
}

/** The chair's signature (when the meeting has one), then one per notulis, two to a row. */
export function signatureCells(s: MinutesExport['signatures']): SignatureCell[] {
  const cells: SignatureCell[] = [];
  if (s.chairName.trim()) cells.push({ above: ['Mengetahui,', s.chairRole], name: s.chairName, below: s.chairTitle ? [s.chairTitle] : [] });
  for (const name of s.notulisNames) cells.push({ above: [s.notulisRole], name, below: [] });
  return cells;
}
