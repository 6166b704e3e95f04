import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './child-server';
import { eventually } from './wait';

const root = path.resolve(import.meta.dirname, '../..');

/** Debian's nginx, or null when it is not installed. */
export function nginxPath(): string | null {
  return ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p)) ?? null;
}

export interface NginxFront {
  port: number;
  baseUrl: string;
  /** The header that pins a test's connection to node `i` (its first choice; the others are its backups). */
  pin(i: number): Record<string, string>;
  close(): Promise<void>;
}

/**
 * The shipped deploy/nginx.conf, run by the real nginx in front of the test's nodes: only what
 * a test needs changes (its ports, its own folder for pid, logs and temp files). One addition,
 * for the tests alone: an `X-Rakor-Node: i` header sends a connection to node i first, with the
 * others as backups, so a test can put the chair on A and see it move when A dies.
 */
export async function startNginxFront(nodePorts: readonly number[]): Promise<NginxFront> {
  const binary = nginxPath();
  if (!binary) throw new Error('nginx is not installed (apt-get install nginx)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rakor-nginx-'));
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) fs.mkdirSync(path.join(dir, sub), { mode: 0o777 });
  const port = await freePort();
  const shipped = fs.readFileSync(path.join(root, 'deploy/nginx.conf'), 'utf8');
  const servers = (backupOf: number | null) =>
    nodePorts.map((p, i) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=3s${backupOf !== null && i !== backupOf ? ' backup' : ''};`).join('\n');
  const pinned = nodePorts.map((_, i) => `  upstream rakor_${i} {\n${servers(i)}\n    keepalive 16;\n  }`).join('\n');
  const pinMap = `  map $http_x_rakor_node $rakor_upstream {\n    default rakor;\n${nodePorts.map((_, i) => `    ${i} rakor_${i};`).join('\n')}\n  }`;
  const conf = shipped
    .replace(
      /^worker_processes auto;$/m,
      `worker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;${process.getuid?.() === 0 ? '\nuser root;' : ''}`,
    )
    .replace(/^(\s*server 127\.0\.0\.1:\d+ .*;\n)+/m, `${servers(null)}\n`)
    .replace(
      /^http \{$/m,
      `http {\n  access_log off;\n${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `  ${k}_temp_path ${dir}/${k === 'client_body' ? 'body' : k};`).join('\n')}\n${pinMap}\n${pinned}`,
    )
    .replace(/^\s*listen 8080;$/m, `    listen 127.0.0.1:${port};`)
    .replaceAll('proxy_pass http://rakor;', 'proxy_pass http://$rakor_upstream;');
  if (!conf.includes(`listen 127.0.0.1:${port};`) || !conf.includes(`server 127.0.0.1:${nodePorts[0]}`)) {
    throw new Error('deploy/nginx.conf no longer has the listen and server lines the test front rewrites');
  }
  const file = path.join(dir, 'nginx.conf');
  fs.writeFileSync(file, conf);
  const child: ChildProcess = spawn(binary, ['-p', dir, '-c', file, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const baseUrl = `http://127.0.0.1:${port}`;
  await eventually(
    async () =>
      child.exitCode !== null ||
      (await fetch(`${baseUrl}/nginx-probe`).then(
        () => true,
        () => false,
      )),
    { what: 'nginx to listen', timeoutMs: 10_000, everyMs: 50 },
  );
  if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${fs.readFileSync(path.join(dir, 'error.log'), 'utf8')}`);
  return {
    port,
    baseUrl,
    pin: (i) => ({ 'x-rakor-node': String(i) }),
    close: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGQUIT');
      }),
  };
}
