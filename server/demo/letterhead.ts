import type { Store } from '../store/ports';
import { demoLogoPng } from './logo';

const LOGO_PX = 160;

/**
 * The demo's kop surat: the Pemerintah Kabupaten Kutai Timur's Sekretariat Daerah, with the emblem
 * drawn in ./logo.ts (no real coat of arms). A kop the admin already set is left as it is.
 */
export async function seedLetterhead(store: Store, now: string): Promise<void> {
  if (await store.letterhead.get()) return;
  await store.letterhead.save({
    government: 'PEMERINTAH KABUPATEN KUTAI TIMUR',
    office: 'SEKRETARIAT DAERAH',
    address: 'Jl. Soekarno-Hatta, Bukit Pelangi, Sangatta\nKutai Timur, Kalimantan Timur',
    phone: '',
    email: '',
    website: '',
    numberingPattern: '{no:3}/NOT-RAKOR/SETDA/{tahun}',
    updatedAt: now,
    updatedBy: 'demo',
  });
  await store.letterhead.setLogo({ bytes: demoLogoPng(LOGO_PX), mime: 'image/png', widthPx: LOGO_PX, heightPx: LOGO_PX }, now, 'demo');
}
