import { z } from '../../zod-setup';
import { parseWhatsapp } from './whatsapp-number';

/**
 * A WhatsApp number field of the directory (an OPD's, a representative's): written any way
 * parseWhatsapp reads, stored as its E.164 digits ("6281234567890"), '' for none. A number that
 * is not a plausible Indonesian mobile number is refused with the reason as the field's error.
 */
export const whatsappSchema = z
  .string()
  .max(40, 'field.maxChars')
  .transform((value, ctx) => {
    const parsed = parseWhatsapp(value);
    if (parsed.ok) return parsed.number;
    ctx.addIssue({ code: 'custom', message: parsed.reason, input: value });
    return z.NEVER;
  });
