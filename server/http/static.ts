import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import compression from 'compression';
import express, { type Express, type RequestHandler, type Response } from 'express';

/** The codings a built file may have beside it (scripts/build.mjs writes `name.br` and `name.gz`), best first. */
const CODINGS = [
  { name: 'br', ext: '.br' },
  { name: 'gzip', ext: '.gz' },
] as const;
export type Coding = (typeof CODINGS)[number]['name'];
const ALL: ReadonlySet<Coding> = new Set(CODINGS.map((c) => c.name));

const YEAR_S = 365 * 24 * 3600;
const IMMUTABLE = `public, max-age=${YEAR_S}, immutable`;

/**
 * Answers compressed on the fly (the API's JSON, CSV and calendars; the pages when no variant was
 * built), above 1 kB: smaller, and the bytes saved do not pay for the work. Brotli at quality 4
 * costs about what gzip does. What already says its Content-Encoding (a precompressed file) is left
 * as it is. Socket.IO and the minutes' websocket never pass through Express, so this never sees them.
 */
export function compressResponses(): RequestHandler {
  return compression({ threshold: 1024, brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } } });
}

/**
 * The coding to send, of those `available`, given the request's Accept-Encoding: the one with the
 * highest q the client gives (br on a tie: it is the smaller), or null for the file as it is. `*`
 * stands for any coding the client did not name; q=0 refuses one.
 */
export function pickCoding(acceptEncoding: string | undefined, available: ReadonlySet<Coding> = ALL): Coding | null {
  if (!acceptEncoding) return null;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    if (!coding.trim()) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam === undefined ? 1 : Number(qParam.slice(2));
    q.set(coding.trim(), Number.isFinite(value) ? value : 0);
  }
  const star = q.get('*') ?? 0;
  let best: Coding | null = null;
  let bestQ = 0;
  for (const { name } of CODINGS) {
    if (!available.has(name)) continue;
    const value = q.get(name) ?? (name === 'gzip' ? q.get('x-gzip') : undefined) ?? star;
    if (value > bestQ) {
      best = name;
      bestQ = value;
    }
  }
  return best;
}

/**
 * Which variants stand beside `file` and are not older than it: one built before the file was
 * written again (a build run by hand, half done) would send the old text.
 */
async function variantsOf(file: string): Promise<Set<Coding> | null> {
  const stat = await fs.promises.stat(file).catch(() => null);
  if (!stat?.isFile()) return null;
  const found = new Set<Coding>();
  await Promise.all(
    CODINGS.map(async ({ name, ext }) => {
      const variant = await fs.promises.stat(file + ext).catch(() => null);
      if (variant?.isFile() && variant.mtimeMs >= stat.mtimeMs) found.add(name);
    }),
  );
  return found;
}

/**
 * Sends `file` in the best coding the client takes that was built beside it; with none (or the
 * variant gone meanwhile), calls `fallback`: the file as it is, which compressResponses may still compress.
 */
function sendVariant(res: Response, file: string, variants: ReadonlySet<Coding>, cacheControl: string, fallback: (gone: boolean) => void): void {
  res.vary('Accept-Encoding');
  const coding = pickCoding(res.req.headers['accept-encoding'], variants);
  if (!coding) return fallback(false);
  const ext = CODINGS.find((c) => c.name === coding)?.ext ?? '';
  // The type of the file itself, not of its .br: send() keeps a Content-Type already set.
  res.type(path.extname(file));
  res.setHeader('Content-Encoding', coding);
  res.setHeader('Cache-Control', cacheControl);
  res.sendFile(file + ext, { cacheControl: false, dotfiles: 'deny' }, (err) => {
    if (!err || res.headersSent) return;
    res.removeHeader('Content-Encoding');
    res.removeHeader('Content-Type');
    fallback(true);
  });
}

/**
 * The hashed assets (dist/client/assets): named by their content, so cached for a year and never
 * asked again; their .br or .gz is sent when the client takes it. What variants a file has is
 * remembered per name, for the same reason. A missing asset is a 404, never the page.
 */
function serveAssets(assetsDir: string): RequestHandler {
  const plain = express.static(assetsDir, { immutable: true, maxAge: '365d', fallthrough: false, index: false });
  const known = new Map<string, Set<Coding>>();
  return (req, res, next) => {
    const toStatic = (): void => {
      plain(req, res, next);
    };
    const file = assetFile(assetsDir, req.method, req.path);
    if (!file) return toStatic();
    const go = (variants: Set<Coding>) =>
      sendVariant(res, file, variants, IMMUTABLE, (gone) => {
        if (gone) known.delete(file);
        toStatic();
      });
    const cached = known.get(file);
    if (cached) return go(cached);
    variantsOf(file).then(
      (variants) => {
        if (!variants) return toStatic();
        known.set(file, variants);
        go(variants);
      },
      (err: unknown) => next(err),
    );
  };
}

/**
 * The file a GET or HEAD under /assets names, or null for anything else: another method, a bad
 * percent-encoding, a NUL, a `..`. Those go to express.static, which answers each properly (405, 400, 404).
 */
function assetFile(assetsDir: string, method: string, urlPath: string): string | null {
  if (method !== 'GET' && method !== 'HEAD') return null;
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = path.join(assetsDir, rel);
  if (rel.includes('\0') || rel.split('/').includes('..') || !file.startsWith(assetsDir + path.sep)) return null;
  return file;
}

/**
 * Serves the built SPA: hashed assets precompressed and cached for a year, the few other files
 * (favicon) for an hour, every other page answered by index.html, which is asked again each time
 * (no-cache: a new build's page names new assets) and sent precompressed when built so.
 */
export function serveClient(app: Express, clientDir: string): void {
  const index = path.join(clientDir, 'index.html');
  app.use('/assets', serveAssets(path.join(clientDir, 'assets')));
  app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
  app.get(/^(?!\/api\/|\/socket\.io\/).*/, (req, res, next) => {
    const plain = () => {
      res.setHeader('Cache-Control', 'no-cache');
      res.type('html').send(fs.readFileSync(index));
    };
    variantsOf(index).then(
      (variants) => sendVariant(res, index, variants ?? new Set(), 'no-cache', plain),
      (err: unknown) => next(err),
    );
  });
}

export function clientBuilt(clientDir: string): boolean {
  return fs.existsSync(path.join(clientDir, 'index.html'));
}
