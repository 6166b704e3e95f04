/**
 * WhatsApp numbers as the directory keeps them, and the `wa.me` link that opens a chat with a
 * text filled in. No imports: the protocol's schemas read numbers through this file.
 */

/** Why a typed number is refused: each a form error of the admin area. */
export type WhatsappProblem = 'field.whatsappChars' | 'field.whatsappCountry' | 'field.whatsappNotMobile' | 'field.whatsappLength';

export type WhatsappParse = { ok: true; number: string } | { ok: false; reason: WhatsappProblem };

/** Indonesia's country code; wa.me wants it in front of the national number. */
const COUNTRY = '62';

/** A mobile number after the country code: 8, an operator digit, then 7 to 10 more (0812-345-678 to 0812-3456-78901). */
const MOBILE = /^8[1-9]\d{7,10}$/;

/** What people put between the digits of a number they write down. */
const SEPARATORS = /[\s\-.()/\u00A0]/g;

/**
 * Reads a WhatsApp number as people write it ("0812-3456-7890", "+62 812 3456 7890",
 * "62812...", "812...", "+62 (0)812...") into E.164 digits without "+" ("6281234567890"), or says
 * why it is not a plausible Indonesian mobile number. '' (or only spaces) is no number: `''`.
 */
export function parseWhatsapp(input: string): WhatsappParse {
  let s = input.replace(SEPARATORS, '');
  if (s === '') return { ok: true, number: '' };
  if (!/^\+?\d+$/.test(s)) return { ok: false, reason: 'field.whatsappChars' };
  // "+62", or "0062" as an international call from an office switchboard is dialled.
  if (s.startsWith('+') || s.startsWith('00')) {
    s = s.replace(/^(\+|00)/, '');
    if (!s.startsWith(COUNTRY)) return { ok: false, reason: 'field.whatsappCountry' };
  }
  if (s.startsWith(COUNTRY)) s = s.slice(COUNTRY.length);
  // "0812..." nationally, and the "(0)" people keep after "+62".
  if (s.startsWith('0')) s = s.slice(1);
  if (!s.startsWith('8') || s.startsWith('80')) return { ok: false, reason: 'field.whatsappNotMobile' };
  if (!MOBILE.test(s)) return { ok: false, reason: 'field.whatsappLength' };
  return { ok: true, number: `${COUNTRY}${s}` };
}

/** The E.164 digits of a plausible number, '' for none, null when it is not one. */
export function normaliseWhatsapp(input: string): string | null {
  const parsed = parseWhatsapp(input);
  return parsed.ok ? parsed.number : null;
}

/** "+62 812-3456-7890": a stored number as people read it (digits in fours after the operator's three). */
export function formatWhatsapp(number: string): string {
  if (!number.startsWith(COUNTRY)) return number;
  const national = number.slice(COUNTRY.length);
  const rest = national.slice(3).match(/.{1,4}/g) ?? [];
  return `+${COUNTRY} ${[national.slice(0, 3), ...rest].join('-')}`;
}

/**
 * `https://wa.me/6281234567890?text=...`: opens a chat with that number and the text typed in, in
 * the WhatsApp app on a phone or WhatsApp Web on a computer. `number` may be written any way
 * parseWhatsapp reads; a number it refuses (or none) is a programming error here, since a screen
 * offers the link only for a number the directory holds.
 */
export function waMeUrl(number: string, text: string): string {
  const digits = normaliseWhatsapp(number);
  if (!digits) throw new RangeError(`not a WhatsApp number: "${number}"`);
  return `https://wa.me/${digits}?text=${encodeURIComponent(text)}`;
}

/** The number a reminder goes to: the representative's own, else the OPD's (its head's); '' when neither is known. */
export function reminderNumber(representativeWhatsapp: string, opdWhatsapp: string): string {
  return representativeWhatsapp || opdWhatsapp;
}
