/**
 * `npm run bench`: every benchmark in turn, each in its own process (`node --import tsx`), its
 * output streamed as it comes. Exits non-zero if any of them failed; each still runs alone
 * (`npx tsx test/bench/fanout.ts`).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCHES = ['fanout.ts', 'cluster.ts', 'minutes.ts', 'floor.ts', 'rss.ts', 'web.ts'];
const here = path.dirname(fileURLToPath(import.meta.url));

function run(file: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, file)], { stdio: 'inherit' });
    child.once('error', (err) => {
      console.error(`${file}: ${err.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

let failed = 0;
for (const file of BENCHES) {
  const code = await run(file);
  if (code !== 0) {
    console.error(`${file} failed (exit ${code})`);
    failed++;
  }
}
process.exit(failed > 0 ? 1 : 0);
