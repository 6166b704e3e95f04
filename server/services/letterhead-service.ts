import { DEFAULT_NUMBERING_PATTERN } from '../../shared/minutes/numbering';
import { LOGO_MAX_BYTES, LOGO_MAX_PX, LOGO_MIN_PX, type Letterhead, type LetterheadInput, type LogoType } from '../../shared/protocol/letterhead';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import { probeImage } from '../minutes/logo-image';
import type { LetterheadRecord, Store } from '../store/ports';
import type { ActiveSession } from './auth-service';

/** What the settings page shows before the admin saved anything: the pattern prefilled, the texts empty. */
const UNSET: Letterhead = {
  configured: false,
  government: '',
  office: '',
  address: '',
  phone: '',
  email: '',
  website: '',
  numberingPattern: DEFAULT_NUMBERING_PATTERN,
  logo: null,
  updatedAt: null,
  updatedBy: null,
};

const asLogoType = (mime: string): LogoType => (mime === 'image/jpeg' ? 'image/jpeg' : 'image/png');

function toLetterhead(r: LetterheadRecord | null): Letterhead {
  if (!r) return UNSET;
  const { logo, ...rest } = r;
  return { ...rest, configured: true, logo: logo ? { ...logo, mime: asLogoType(logo.mime) } : null };
}

/** The kop surat: its texts, the numbering pattern and the logo, set once by the admin. */
export class LetterheadService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<Letterhead> {
    return toLetterhead(await this.store.letterhead.get());
  }

  async save(input: LetterheadInput, session: ActiveSession): Promise<Letterhead> {
    await this.store.letterhead.save({ ...input, updatedAt: this.clock.now().toISOString(), updatedBy: session.name });
    return this.get();
  }

  /**
   * A new logo from the raw bytes of the upload. Refused, and nothing stored, when it is too large
   * (413), not a PNG or JPEG by its bytes whatever its name or Content-Type (415), of a size no
   * letterhead has (400), or before the kop surat's texts are saved (409).
   */
  async setLogo(bytes: Uint8Array, session: ActiveSession): Promise<Letterhead> {
    if (bytes.length > LOGO_MAX_BYTES) throw logoTooLarge(bytes.length);
    const image = probeImage(bytes);
    if (!image) throw new AppError('unsupported_type', 'errors.letterhead.logoType');
    const { widthPx, heightPx } = image;
    if ([widthPx, heightPx].some((px) => px < LOGO_MIN_PX || px > LOGO_MAX_PX)) {
      throw new AppError('bad_request', 'errors.letterhead.logoSize', { width: widthPx, height: heightPx, min: LOGO_MIN_PX, max: LOGO_MAX_PX });
    }
    // The PDF writer must be able to place it: a file that only starts like a PNG is refused here, not at the first export.
    if (!(await embeddable(bytes))) throw new AppError('unsupported_type', 'errors.letterhead.logoUnreadable');
    const saved = await this.store.letterhead.setLogo({ bytes, ...image }, this.clock.now().toISOString(), session.name);
    if (!saved) throw new AppError('conflict', 'errors.letterhead.saveFirst');
    return this.get();
  }

  async deleteLogo(session: ActiveSession): Promise<Letterhead> {
    await this.store.letterhead.clearLogo(this.clock.now().toISOString(), session.name);
    return this.get();
  }

  async logo(): Promise<{ bytes: Uint8Array; mime: LogoType }> {
    const logo = await this.store.letterhead.logo();
    if (!logo) throw new AppError('not_found', 'errors.letterhead.noLogo');
    return { bytes: logo.bytes, mime: asLogoType(logo.mime) };
  }
}

/** The 413 of a logo over LOGO_MAX_BYTES, in kilobytes a person reads. */
export function logoTooLarge(sizeBytes: number | null): AppError {
  return new AppError('too_large', 'errors.letterhead.logoTooLarge', {
    max: Math.round(LOGO_MAX_BYTES / 1024),
    size: sizeBytes === null ? '?' : Math.ceil(sizeBytes / 1024),
  });
}

/** Whether pdfkit reads the image (it decodes PNG and JPEG itself); loaded only when a logo is uploaded. */
async function embeddable(bytes: Uint8Array): Promise<boolean> {
  const { default: PDFDocument } = await import('pdfkit');
  try {
    new PDFDocument({ size: 'A6' }).image(Buffer.from(bytes), 0, 0, { width: 10 });
    return true;
  } catch {
    return false;
  }
}
