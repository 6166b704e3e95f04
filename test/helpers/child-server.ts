import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { needsBuild } from '../../scripts/build-state.mjs';
import { buildServer } from '../../scripts/build.mjs';
import { eventually } from './wait';

const root = path.resolve(import.meta.dirname, '../..');
let built: Promise<void> | null = null;

/**
 * The compiled server of `npm run build` (dist/server/main.js), built first when it is missing or
 * older than its sources, once per process; esbuild takes well under a second. Test files that
 * build at once in parallel each write whole files (see buildServer), so none reads half of one.
 */
export function ensureServerBuilt(): Promise<void> {
  built ??= needsBuild(root, 'server') ? buildServer(root) : Promise.resolve();
  return built;
}

/** Whether `port` on loopback can be listened on now. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * A free TCP port on loopback, below Linux's ephemeral range (32768 and up): a port the kernel
 * hands out to outgoing connections (the browsers', the databases') can be taken between this
 * check and the child's listen, or while a killed node waits to restart on it (EADDRINUSE in CL1).
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
  throw new Error('no free port between 20000 and 32000 on 127.0.0.1');
}

export interface ChildServer {
  baseUrl: string;
  child: ChildProcess;
  /** SIGKILL: no shutdown hook runs, as when the machine's process is killed. */
  kill9(): Promise<void>;
  /** SIGTERM, as a deploy or a load balancer's orchestrator sends it: the server drains; resolves with its exit code and how long it took. */
  term(): Promise<{ code: number | null; ms: number }>;
}

export interface ChildServerOptions {
  /** server/main.ts through tsx's loader instead of the build (the rss benchmark compares the two). */
  fromSource?: boolean;
}

/**
 * The real server as its own process on `dataDir`, as `npm start` runs it: the compiled build under
 * plain Node (no TypeScript loader), ready when it answers /api/health.
 */
export async function startChildServer(dataDir: string, port: number, env: Record<string, string> = {}, opts: ChildServerOptions = {}): Promise<ChildServer> {
  if (!opts.fromSource) await ensureServerBuilt();
  const args = opts.fromSource ? ['--import', 'tsx', path.join(root, 'server/main.ts')] : ['--enable-source-maps', path.join(root, 'dist/server/main.js')];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', PUBLIC_URL: `http://127.0.0.1:${port}`, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  // A child that exited counts as done waiting, so its exit is reported at once, not after 30 s.
  const answered = async () =>
    child.exitCode !== null ||
    (await fetch(`${baseUrl}/api/health`).then(
      (res) => res.ok,
      () => false,
    ));
  try {
    await eventually(answered, { what: 'the child server to answer /api/health', timeoutMs: 30_000, everyMs: 50 });
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
  return {
    baseUrl,
    child,
    kill9: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
    term: () =>
      new Promise((resolve) => {
        const sent = Date.now();
        if (child.exitCode !== null) return resolve({ code: child.exitCode, ms: 0 });
        child.once('exit', (code) => resolve({ code, ms: Date.now() - sent }));
        child.kill('SIGTERM');
      }),
  };
}
