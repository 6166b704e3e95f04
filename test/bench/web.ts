/**
 * web: Lighthouse's performance score of the three screens a meeting shows most, on the demo
 * meeting (`npm run demo`) served by the compiled server with the built client, as `npm start`
 * runs them: a participant's phone, the projector and the chair's console. Lighthouse runs with its
 * defaults (a mid-range phone, simulated slow 4G and a 4x slower CPU), performance only, in
 * Debian's Chromium (CHROMIUM_PATH, else /usr/bin/chromium; never a downloaded browser).
 *
 * A personal link is exchanged for a session cookie first, as the landing page does, and Lighthouse
 * measures the meeting page itself (/m/:id) with that cookie: the landing page's redirect is a
 * one-time step, not what a screen loads each time it opens.
 *
 * Each page is measured BENCH_WEB_RUNS times (3), each run in a fresh Chromium; the figures are the
 * medians. Goals (score >= 90, time to interactive <= 3.5 s) are reported, not enforced: only a
 * bench that could not measure exits non-zero.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type Flags, type Result } from 'lighthouse';
import { needsBuild } from '../../scripts/build-state.mjs';
import { buildClient } from '../../scripts/build.mjs';
import { API } from '../../shared/protocol/api';
import { pagePath } from '../../shared/protocol/pages';
import { freePort, startChildServer } from '../helpers/child-server';
import { HttpClient } from '../helpers/http-client';
import { median } from './bench-stats';

const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 3);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const GOAL_SCORE = 90;
const GOAL_TTI_MS = 3500;
const root = path.resolve(import.meta.dirname, '../..');

const PAGE_NAMES = ['participant', 'projector', 'chair'] as const;
type PageName = (typeof PAGE_NAMES)[number];

interface DemoOutput {
  meetingId: string;
  links: { chair?: string; projector?: string; participants: string[] };
}

interface Run {
  score: number;
  ttiMs: number;
  lcpMs: number;
  /** Script bytes as they came over the wire (brotli from this server), and as they are once decoded. */
  jsKb: number;
  jsRawKb: number;
  /** The largest scripts, for whoever splits the bundles next. */
  largest: string[];
}

interface NetworkRequestItem {
  url?: string;
  resourceType?: string;
  transferSize?: number;
  resourceSize?: number;
}

/** The client as `npm start` would serve it: built again when stale, or when built without its precompressed files. */
async function ensureClientBuilt(): Promise<void> {
  if (needsBuild(root, 'client') || !fs.existsSync(path.join(root, 'dist/client/index.html.br'))) {
    console.error('web: building the client (vite build and precompression)...');
    await buildClient(root);
  }
}

/** `npm run demo -- --json` on `dataDir`, its links carrying `publicUrl`. */
function seedDemo(dataDir: string, publicUrl: string): Promise<DemoOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/demo.ts'), '--json'], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, PUBLIC_URL: publicUrl, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`the demo seeding exited with ${code}`));
      try {
        resolve(JSON.parse(out) as DemoOutput);
      } catch (err) {
        reject(new Error(`the demo printed no JSON: ${String(err)}: ${out.slice(0, 200)}`));
      }
    });
  });
}

/** The session cookie a personal link gives, as the landing page gets it. */
async function sessionOf(baseUrl: string, linkUrl: string | undefined, what: string): Promise<string> {
  if (!linkUrl) throw new Error(`the demo meeting has no ${what} link`);
  const client = new HttpClient(baseUrl);
  const res = await client.post(API.linkExchange, { token: new URL(linkUrl).pathname.split('/').pop() });
  if (res.status !== 200 || !client.cookie) throw new Error(`the ${what} link was not exchanged for a session: ${res.status} ${JSON.stringify(res.body)}`);
  return client.cookie;
}

function numeric(lhr: Result, audit: string): number {
  const value = lhr.audits[audit]?.numericValue;
  if (typeof value !== 'number') throw new Error(`Lighthouse gave no ${audit}: ${lhr.audits[audit]?.errorMessage ?? 'missing audit'}`);
  return value;
}

/** One Lighthouse run of `url` in a Chromium of its own, so no run inherits another's cache or state. */
async function measure(url: string, cookie: string): Promise<Run> {
  const flags = ['--headless=new', '--disable-gpu', '--disable-dev-shm-usage', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: flags, logLevel: 'error' });
  try {
    const options: Flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'], extraHeaders: { Cookie: cookie } };
    const result = await lighthouse(url, options);
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`Lighthouse failed on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    // The meeting page itself must have been measured, not a login page it sent the browser to.
    if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(url).pathname) throw new Error(`Lighthouse ended on ${lhr.finalDisplayedUrl}, not ${url}`);
    const score = lhr.categories.performance?.score;
    if (typeof score !== 'number') throw new Error(`Lighthouse gave no performance score for ${url}`);
    const items = (lhr.audits['network-requests']?.details as { items?: NetworkRequestItem[] } | undefined)?.items ?? [];
    const scripts = items.filter((i) => i.resourceType === 'Script');
    const kb = (key: 'transferSize' | 'resourceSize') => scripts.reduce((sum, i) => sum + (i[key] ?? 0), 0) / 1024;
    const largest = [...scripts]
      .sort((a, b) => (b.transferSize ?? 0) - (a.transferSize ?? 0))
      .slice(0, 4)
      .map((i) => `${path.basename(new URL(i.url ?? '', url).pathname)} ${((i.transferSize ?? 0) / 1024).toFixed(1)} kB`);
    return {
      score: score * 100,
      ttiMs: numeric(lhr, 'interactive'),
      lcpMs: numeric(lhr, 'largest-contentful-paint'),
      jsKb: kb('transferSize'),
      jsRawKb: kb('resourceSize'),
      largest: scripts.length > 4 ? [...largest, `and ${scripts.length - 4} more`] : largest,
    };
  } finally {
    chrome.kill();
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;

async function main() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH or apt-get install chromium)`);
  await ensureClientBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rakor-bench-web-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const demo = await seedDemo(dataDir, baseUrl);
  const server = await startChildServer(dataDir, port);
  try {
    const meetingUrl = `${baseUrl}${pagePath('meetingView', { id: demo.meetingId })}`;
    const cookies: Record<PageName, string> = {
      participant: await sessionOf(baseUrl, demo.links.participants[0], 'participant'),
      projector: await sessionOf(baseUrl, demo.links.projector, 'projector'),
      chair: await sessionOf(baseUrl, demo.links.chair, 'chair'),
    };
    const pages: Record<string, unknown> = {};
    const table: string[] = [];
    for (const name of PAGE_NAMES) {
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) {
        const run = await measure(meetingUrl, cookies[name]);
        console.error(
          `web: ${name} run ${i + 1}/${RUNS}: score ${run.score.toFixed(0)}, TTI ${run.ttiMs.toFixed(0)} ms, LCP ${run.lcpMs.toFixed(0)} ms, JS ${run.jsKb.toFixed(1)} kB (${run.jsRawKb.toFixed(1)} kB decoded): ${run.largest.join(', ')}`,
        );
        runs.push(run);
      }
      const score = Math.round(median(runs.map((r) => r.score)));
      const tti = Math.round(median(runs.map((r) => r.ttiMs)));
      const lcp = Math.round(median(runs.map((r) => r.lcpMs)));
      const js = round1(median(runs.map((r) => r.jsKb)));
      const jsRaw = round1(median(runs.map((r) => r.jsRawKb)));
      const goal = { score_ge_90: score >= GOAL_SCORE, tti_le_3500_ms: tti <= GOAL_TTI_MS };
      pages[name] = { score, tti_ms: tti, lcp_ms: lcp, initial_js_gz_kb: js, initial_js_raw_kb: jsRaw, goal, scores: runs.map((r) => Math.round(r.score)) };
      table.push(
        `${name.padEnd(12)} ${String(score).padStart(5)} ${String(tti).padStart(8)} ${String(lcp).padStart(8)} ${js.toFixed(1).padStart(9)}   ${goal.score_ge_90 && goal.tti_le_3500_ms ? 'met' : `missed (${[!goal.score_ge_90 && 'score', !goal.tti_le_3500_ms && 'TTI'].filter(Boolean).join(', ')})`}`,
      );
    }
    console.error(`\nweb: Lighthouse ${RUNS}x per page, medians (mobile, simulated slow 4G, 4x CPU)`);
    console.error(
      `${'page'.padEnd(12)} ${'score'.padStart(5)} ${'TTI ms'.padStart(8)} ${'LCP ms'.padStart(8)} ${'JS kB'.padStart(9)}   goal (score >= ${GOAL_SCORE}, TTI <= ${GOAL_TTI_MS} ms)`,
    );
    for (const line of table) console.error(line);
    console.log(`BENCH ${JSON.stringify({ name: 'web', runs: RUNS, pages })}`);
  } finally {
    await server.kill9();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
