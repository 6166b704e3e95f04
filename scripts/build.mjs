// `npm run build`: the client with Vite into dist/client, the server with esbuild into dist/server.
// `node scripts/build.mjs client` or `... server` builds one part. Plain JavaScript, like the launcher.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

/** @typedef {import('./build-state.mjs').BuildPart} BuildPart */

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The client, as `vite build` makes it (vite.config.ts: dist/client), then precompressed.
 * @param {string} [root]
 */
export async function buildClient(root = ROOT) {
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  await precompressClient(path.join(root, 'dist/client'));
}

/** What is worth compressing: text. Images and fonts of the web are compressed already. */
export const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|map|txt|xml|webmanifest|wasm)$/;
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Writes `name.br` (brotli at its highest quality) and `name.gz` (gzip level 9) beside every text
 * file of the hashed assets and beside index.html, so the server sends them without compressing
 * anything per request (server/http/static.ts). Quality 11 is too slow to run per request but
 * costs nothing once at build time. A variant that comes out no smaller than its file is not
 * written: the server then sends the file as it is. Each variant is written after its file, so
 * its time is never older (the server ignores a variant older than its file).
 * @param {string} clientDir the built client (dist/client)
 * @returns {Promise<{ files: number; bytes: number; br: number; gz: number }>} the sizes, for the log
 */
export async function precompressClient(clientDir) {
  const assets = path.join(clientDir, 'assets');
  const names = fs.existsSync(assets) ? fs.readdirSync(assets, { recursive: true, encoding: 'utf8' }).map((n) => path.join(assets, n)) : [];
  const files = [...names, path.join(clientDir, 'index.html')].filter((f) => COMPRESSIBLE.test(f) && fs.existsSync(f) && fs.statSync(f).isFile());
  const total = { files: files.length, bytes: 0, br: 0, gz: 0 };
  await Promise.all(
    files.map(async (file) => {
      const raw = fs.readFileSync(file);
      const [br, gz] = await Promise.all([
        brotli(raw, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
            [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        }),
        gzip(raw, { level: zlib.constants.Z_BEST_COMPRESSION }),
      ]);
      total.bytes += raw.length;
      total.br += Math.min(br.length, raw.length);
      total.gz += Math.min(gz.length, raw.length);
      if (br.length < raw.length) fs.writeFileSync(`${file}.br`, br);
      if (gz.length < raw.length) fs.writeFileSync(`${file}.gz`, gz);
    }),
  );
  return total;
}

/**
 * The server as one ES module, dist/server/main.js, for Node 20. Packages stay in node_modules
 * (imported at run time, as under tsx); the source map lets `node --enable-source-maps` name
 * .ts lines in stack traces. It leaves the sources' text out: a trace needs only the mappings,
 * and every byte of the map is held in memory by a node that reads it.
 *
 * Each file is written beside its place and renamed onto it, main.js last: a server starting
 * from dist/server while another build runs (parallel tests) reads a whole file, old or new,
 * never half of one, and the chunks it names are there. Chunks of older builds are left in
 * place (a running server may still load one); `rm -rf dist` clears them.
 * @param {string} [root]
 */
export async function buildServer(root = ROOT) {
  const esbuild = await import('esbuild');
  const outdir = path.join(root, 'dist/server');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['server/main.ts'],
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // What the code imports with import() (the exports' renderers) becomes a chunk of its own,
    // so the packages it needs load on first use and not at boot.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    sourcesContent: false,
    write: false,
    logLevel: 'warning',
  });
  fs.mkdirSync(outdir, { recursive: true });
  // Chunks (named by their content) and maps first, the entry last: it is what a starting server reads.
  const entry = path.join(outdir, 'main.js');
  const last = (/** @type {{ path: string }} */ f) => Number(f.path === entry) * 2 + Number(f.path === `${entry}.map`);
  const files = [...result.outputFiles].sort((a, b) => last(a) - last(b));
  for (const file of files) {
    fs.mkdirSync(path.dirname(file.path), { recursive: true });
    const temp = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(temp, file.contents);
    fs.renameSync(temp, file.path);
  }
}

/** @type {Record<BuildPart, (root?: string) => Promise<void>>} */
const BUILDERS = { client: buildClient, server: buildServer };

/**
 * The parts named, in the order given; none names both.
 * @param {string[]} names
 * @returns {BuildPart[]}
 */
export function partsToBuild(names) {
  if (names.length === 0) return ['client', 'server'];
  const unknown = names.filter((n) => n !== 'client' && n !== 'server');
  if (unknown.length > 0) throw new Error(`unknown build part ${unknown.join(', ')}: use client, server or neither`);
  return /** @type {BuildPart[]} */ (names);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    for (const part of partsToBuild(process.argv.slice(2))) await BUILDERS[part]();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
