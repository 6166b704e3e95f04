import { describe, expect, it } from 'vitest';
import { pdfPageCount } from '../../server/services/pdf-page-count';
import { sniffAttachment } from '../../server/services/follow-up-service';
import { materialSize } from '../../shared/protocol/materials';
import { BROKEN_PDF, paparanPdf, TEXT_AS_PDF } from '../helpers/paparan-pdf';

describe('bahan rapat: reading an uploaded paparan', () => {
  it('BR1 the page count is what pdf.js reads: 1, 3 and 12 pages', async () => {
    for (const pages of [1, 3, 12]) expect(await pdfPageCount(await paparanPdf(pages))).toBe(pages);
  });

  it('BR1 a file that starts like a PDF but cannot be opened has no page count', async () => {
    expect(await pdfPageCount(BROKEN_PDF)).toBeNull();
    // Cut in half: the cross-reference table and the pages are gone.
    const whole = await paparanPdf(3);
    expect(await pdfPageCount(whole.subarray(0, 60))).toBeNull();
  });

  it('BR2 a PDF is told by its first bytes, not by its name', async () => {
    expect(sniffAttachment(await paparanPdf(1))).toBe('application/pdf');
    expect(sniffAttachment(TEXT_AS_PDF)).toBeNull();
    expect(sniffAttachment(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
  });

  it('BR6 sizes read as the lists show them', () => {
    expect([materialSize(380 * 1024), materialSize(2.44 * 1024 * 1024), materialSize(2.44 * 1024 * 1024, 'en'), materialSize(10)]).toEqual([
      '380 kB',
      '2,4 MB',
      '2.4 MB',
      '1 kB',
    ]);
  });
});
