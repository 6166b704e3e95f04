// `npm start`: builds what is missing or older than its sources, then runs the compiled server.
// Plain JavaScript run by plain Node (`node --enable-source-maps scripts/start.mjs`): no
// TypeScript loader in a production process.
//
// The build runs in a child process, so Vite's and esbuild's memory leaves with it; the server
// then runs in this process, which is what receives SIGTERM and SIGINT (server/main.ts drains on
// them) and exits with the server's own code. A failed build exits with the build's code.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { staleParts } from './build-state.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stale = staleParts(root);
if (stale.length > 0) {
  console.log(`Membangun ${stale.map((part) => (part === 'client' ? 'antarmuka (vite build)' : 'server (esbuild)')).join(' dan ')}...`);
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), ...stale], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error(build.error ? `Build failed: ${build.error.message}` : 'Build failed.');
    process.exit(build.status ?? 1);
  }
}
await import(pathToFileURL(path.join(root, 'dist/server/main.js')).href);
