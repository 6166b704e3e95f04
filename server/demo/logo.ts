import { deflateSync } from 'node:zlib';

/**
 * The demo's emblem, drawn here rather than copied: a green shield with a gold border, a white
 * five-pointed star and a gold band. No real coat of arms is reproduced. Also a small PNG encoder
 * (RGBA, no filtering) the tests use to make logos of any size.
 */

type Rgba = [number, number, number, number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG of `width` x `height` whose pixels `paint(x, y)` gives. */
export function encodePng(width: number, height: number, paint: (x: number, y: number) => Rgba): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x++) raw.set(paint(x, y), row + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array()),
  ]);
}

const GREEN: Rgba = [22, 101, 52, 255];
const GOLD: Rgba = [202, 150, 30, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/** Inside the five-pointed star centred at (cx, cy) with outer radius r (even-odd over its outline). */
function inStar(x: number, y: number, cx: number, cy: number, r: number): boolean {
  const points = Array.from({ length: 10 }, (_, i) => {
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    const radius = i % 2 === 0 ? r : r * 0.4;
    return [cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)] as const;
  });
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i] ?? [0, 0];
    const [xj, yj] = points[j] ?? [0, 0];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The shield's half width at height t (0 top .. 1 tip): straight sides, then a rounded point. */
function shieldHalf(t: number): number {
  return t < 0.55 ? 0.42 : 0.42 * Math.sqrt(Math.max(0, 1 - ((t - 0.55) / 0.45) ** 2));
}

/** The demo emblem, `size` pixels square. */
export function demoLogoPng(size = 160): Buffer {
  return encodePng(size, size, (x, y) => {
    const u = x / size - 0.5;
    const t = (y / size - 0.06) / 0.9;
    if (t < 0 || t > 1) return CLEAR;
    const half = shieldHalf(t);
    if (Math.abs(u) > half) return CLEAR;
    if (Math.abs(u) > half - 0.04 || t < 0.04 || t > 0.96) return GOLD;
    if (inStar(x, y, size / 2, size * 0.36, size * 0.2)) return WHITE;
    if (t > 0.66 && t < 0.74) return GOLD;
    return GREEN;
  });
}
