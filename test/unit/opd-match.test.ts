import { describe, expect, it } from 'vitest';
import { foldText, matchOpds, type OpdSearchable } from '../../client/components/opd/opd-match';

/** Part of Kutai Timur's directory, in the directory's order (group, then the group's own order). */
const DIRECTORY: OpdSearchable[] = (
  [
    ['Dinkes', 'Dinas Kesehatan', 'dr. Bahrani Hasanal', 'Asisten I'],
    ['Dinsos', 'Dinas Sosial', 'Ernata Hadi Sujito', 'Asisten I'],
    ['Disdikbud', 'Dinas Pendidikan dan Kebudayaan', 'Mulyono', 'Asisten I'],
    ['Bappeda', 'Badan Perencanaan Pembangunan Daerah', 'Noviari Noor', 'Asisten II'],
    ['DPMPTSP', 'Dinas Penanaman Modal dan PTSP', 'Darsafani', 'Asisten II'],
    ['BPKAD', 'Badan Pengelolaan Keuangan dan Aset Daerah', 'Ade Achmad Yulkafilah', 'Asisten III'],
    ['Kec. Sangatta Selatan', 'Kecamatan Sangatta Selatan', 'Hasdiah', 'Camat'],
    ['Kec. Bengalon', 'Kecamatan Bengalon', 'Muhammad Rifa’i', 'Camat'],
    ['Desa Sangatta Utara', 'Desa Sangatta Utara', 'Sélamet Riyadi', 'Kepala Desa'],
  ] as const
).map(([shortName, name, headName, group]) => ({ id: shortName.toLowerCase(), shortName, name, headName, group }));

const shorts = (query: string) => matchOpds(DIRECTORY, query).map((o) => o.shortName);

describe('D7 one OPD matcher for every picker', () => {
  it('folds case, diacritics, apostrophes and punctuation', () => {
    expect(foldText('  Kec. Sangatta  Selatan ')).toBe('kec sangatta selatan');
    expect(foldText('Muhammad Rifa’i')).toBe('muhammad rifai');
    expect(foldText('Sélamet')).toBe('selamet');
    expect(foldText('dr. Bahrani')).toBe('dr bahrani');
  });

  const rows: [title: string, query: string, expected: string[]][] = [
    ['nothing typed matches nothing', '   ', []],
    ['a short name, in any case', 'DINKES', ['Dinkes']],
    ['a short name prefix, in the directory order', 'dins', ['Dinsos']],
    ['short name prefixes come before names that merely contain the text', 'dis', ['Disdikbud']],
    ['a short name prefix ranks above a word of a name', 'bap', ['Bappeda']],
    ['a word of the full name', 'kesehatan', ['Dinkes']],
    ['a head, by a word of their name', 'bahrani', ['Dinkes']],
    ['a head, with the title and its dot typed or not', 'dr bahrani', ['Dinkes']],
    ['a head, without the apostrophe', 'rifai', ['Kec. Bengalon']],
    ['a head, without the accent', 'selamet', ['Desa Sangatta Utara']],
    ['a group: its own OPDs first, then groups that begin alike', 'Asisten I', ['Dinkes', 'Dinsos', 'Disdikbud', 'Bappeda', 'DPMPTSP', 'BPKAD']],
    ['a group named exactly', 'camat', ['Kec. Sangatta Selatan', 'Kec. Bengalon']],
    ['a short name with its dot left out', 'kec sangatta', ['Kec. Sangatta Selatan']],
    ['short names and names before heads and groups', 'sangatta', ['Kec. Sangatta Selatan', 'Desa Sangatta Utara']],
    ['a fragment inside a word', 'pendidik', ['Disdikbud']],
    ['every word somewhere, in any order', 'selatan kecamatan', ['Kec. Sangatta Selatan']],
    ['words across fields', 'bengalon rifai', ['Kec. Bengalon']],
    ['nothing matches', 'kominfo', []],
  ];
  it.each(rows)('%s (%j)', (_title, query, expected) => {
    expect(shorts(query)).toEqual(expected);
  });

  it('ranks a short name prefix above a head, a group and a name', () => {
    const opds: OpdSearchable[] = [
      { id: 'a', shortName: 'Dinas Sosial', name: 'Dinas Sosial', headName: '', group: 'Asisten I' },
      { id: 'b', shortName: 'Satpol PP', name: 'Satuan Polisi Pamong Praja', headName: 'Sosial Hadi', group: 'Asisten I' },
      { id: 'c', shortName: 'Inspektorat', name: 'Inspektorat', headName: '', group: 'Sosial' },
      { id: 'd', shortName: 'Sosbud', name: 'Bagian Sosial Budaya', headName: '', group: 'Asisten III' },
    ];
    expect(matchOpds(opds, 'sos').map((o) => o.id)).toEqual(['d', 'a', 'b', 'c']);
  });
});
