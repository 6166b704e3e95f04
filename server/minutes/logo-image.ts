import type { LogoType } from '../../shared/protocol/letterhead';

/** What an uploaded logo is, by its bytes: the name and the Content-Type a browser sends prove nothing. */
export interface ProbedImage {
  mime: LogoType;
  widthPx: number;
  heightPx: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const u16 = (b: Uint8Array, at: number) => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const u32 = (b: Uint8Array, at: number) => (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;

/** A PNG's size from its first chunk, which the format requires to be IHDR. */
function png(b: Uint8Array): ProbedImage | null {
  if (b.length < 33 || !PNG_SIGNATURE.every((byte, i) => b[i] === byte)) return null;
  if (String.fromCharCode(...b.subarray(12, 16)) !== 'IHDR') return null;
  return { mime: 'image/png', widthPx: u32(b, 16), heightPx: u32(b, 20) };
}

/** A JPEG's size from its first start-of-frame segment (SOF0..SOF15 but DHT, JPG and DAC). */
function jpeg(b: Uint8Array): ProbedImage | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8 || b[2] !== 0xff) return null;
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1] ?? 0;
    // Fill bytes before a marker.
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { mime: 'image/jpeg', heightPx: u16(b, at + 5), widthPx: u16(b, at + 7) };
    }
    // Start of scan or end of image before any frame: not a picture we can place.
    if (marker === 0xda || marker === 0xd9) return null;
    at += 2 + u16(b, at + 2);
  }
  return null;
}

/** The image type and size read from the bytes, or null when they are neither a PNG nor a JPEG. */
export function probeImage(bytes: Uint8Array): ProbedImage | null {
  return png(bytes) ?? jpeg(bytes);
}
