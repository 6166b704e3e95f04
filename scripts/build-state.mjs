// When `npm start` must build first. Plain JavaScript (typed by JSDoc, checked by `npm run typecheck`):
// the launcher runs before anything is compiled, without a TypeScript loader.
import fs from 'node:fs';
import path from 'node:path';

/** @typedef {'client' | 'server'} BuildPart */

/**
 * What each part of the build is made from, relative to the project folder, and the file whose
 * modification time says when it was built. The server bundle keeps node_modules outside, so the
 * lock file only matters to the client, which Vite bundles with its dependencies.
 * @type {Record<BuildPart, { output: string; sources: string[] }>}
 */
export const BUILD_PARTS = {
  client: { output: 'dist/client/index.html', sources: ['client', 'shared', 'package.json', 'package-lock.json', 'vite.config.ts'] },
  server: { output: 'dist/server/main.js', sources: ['server', 'shared', 'package.json', 'scripts/build.mjs'] },
};

/**
 * The newest modification time under `target` (a file, or a folder walked whole), 0 when it is missing.
 * @param {string} target
 * @returns {number}
 */
export function newestMtimeMs(target) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtimeMs(path.join(target, entry)));
  return newest;
}

/**
 * Whether `part` must be built: its output is missing, or a source changed after it was written.
 * A folder's own time counts too, so deleting a source file also makes the build stale.
 * @param {string} root the project folder
 * @param {BuildPart} part
 * @param {(target: string) => number} [newest] the newest time under a path (the file system's, unless a test gives its own)
 * @returns {boolean}
 */
export function needsBuild(root, part, newest = newestMtimeMs) {
  const { output, sources } = BUILD_PARTS[part];
  const built = newest(path.join(root, output));
  if (built === 0) return true;
  return sources.some((source) => newest(path.join(root, source)) > built);
}

/**
 * The parts `npm start` must build before it runs the server, in build order.
 * @param {string} root
 * @param {(target: string) => number} [newest]
 * @returns {BuildPart[]}
 */
export function staleParts(root, newest = newestMtimeMs) {
  /** @type {BuildPart[]} */
  const parts = ['client', 'server'];
  return parts.filter((part) => needsBuild(root, part, newest));
}
