import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/** What the entry holds for every page. */
const BASE =
  /[\\/](node_modules[\\/](svelte|clsx|esm-env)[\\/]|shared[\\/]i18n[\\/](index|catalogues\.browser|message-area|app-messages|queue-messages|error-messages)\.ts|client[\\/]lib[\\/](i18n\.svelte|api|errors|session\.svelte|router\.svelte)\.ts|shared[\\/]protocol[\\/](api|pages)\.ts)/;

/**
 * The meeting page, its live connection (Socket.IO) and a follower's screen: what a participant's
 * phone needs after the entry. The other roles' screens take it too, and add their own.
 */
const MEETING_PAGE = new RegExp(
  [
    String.raw`node_modules[\\/](socket\.io-client|socket\.io-parser|engine\.io-client|engine\.io-parser|@socket\.io)[\\/]`,
    String.raw`client[\\/]lib[\\/](managers[\\/](meeting-connection|queue|clock)|socket|reload|call-link|turn-alerts|phone-sound)`,
    String.raw`client[\\/]components[\\/]queue[\\/](Countdown|ParticipantQueue|RequestButtons)\.svelte`,
    String.raw`client[\\/]components[\\/]queue[\\/]queue-view\.ts`,
    String.raw`client[\\/]components[\\/]meeting[\\/]UpcomingMeetings\.svelte`,
    String.raw`client[\\/]pages[\\/]MeetingPage\.svelte`,
    String.raw`client[\\/]pages[\\/]meeting[\\/](MeetingHeader|SpeakerPlan|ParticipantScreen|MinutesOnDemand)\.svelte`,
  ].join('|'),
);

/** A remote participant's call as it opens, before the stage (CallStage.svelte) and livekit-client. */
const CALL = new RegExp(
  [
    String.raw`client[\\/]lib[\\/]managers[\\/]video(-floor|-preferences|-devices|-media|-snapshot|-model|-failures|-connection|-status)?(\.svelte)?\.ts`,
    String.raw`client[\\/]components[\\/]video[\\/](attach-track|video-labels)\.ts`,
    String.raw`client[\\/]components[\\/]video[\\/](VideoCall|VideoAlerts|VideoNotice|VideoIcon|QualityBars)\.svelte`,
    String.raw`client[\\/]components[\\/]meeting[\\/](CallLinkButton|CallLinkFallback)\.svelte`,
    String.raw`client[\\/]pages[\\/]meeting[\\/]RemoteCall\.svelte`,
  ].join('|'),
);

/**
 * The domain modules every meeting screen runs (times, the queue's rules, the plan), none of them
 * a Svelte component or a zod schema, so the chunk pulls in neither.
 */
const MEETING_CORE = /[\\/]shared[\\/]domain[\\/]((time|clock|speaking-queue|attendance)[\\/]|meeting[\\/](timeline|order|plan-rules|call-link)\.ts)/;

/** Left out of the base chunk though their folders are in it, so they come with the forms that use them: zod schemas and typed times. */
const NOT_BASE = /(schemas?|[\\/]time[\\/]typed)\.ts$/;

const serverPort = Number(process.env.PORT ?? 3000);
const integrationTests = ['test/integration/**/*.test.ts'];
// Without a database the PostgreSQL project runs one skipped test instead, and its set-up says why.
const postgresReady = Boolean(process.env.RAKOR_TEST_DATABASE_URL);

export default defineConfig({
  root: 'client',
  plugins: [svelte()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // Every browser Rakor supports preloads modules itself; the polyfill would be weight on every phone.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              // What every page runs (Svelte, the first screen's texts, the routes) and the domain the
              // meeting screens and most admin pages share: one chunk beside the entry.
              name: 'base',
              priority: 2,
              test: (id: string) => (BASE.test(id) || MEETING_CORE.test(id)) && !NOT_BASE.test(id),
            },
            {
              // The meeting page before and with a follower's screen, in one chunk rather than a dozen of
              // a few hundred bytes each: one request on a weak link, and one gzip dictionary for them all.
              name: 'meeting',
              priority: 1,
              test: (id: string) => MEETING_PAGE.test(id),
            },
            {
              // A remote OPD's call before it is joined (the status, the notice, the fallback link): one chunk.
              // The stage and livekit-client come only with the joining.
              name: 'call',
              priority: 1,
              test: (id: string) => CALL.test(id),
            },
          ],
        },
      },
    },
  },
  server: {
    // In `npm run dev` the API and sockets live on the Node server; Vite proxies to it.
    proxy: {
      '/api': `http://localhost:${serverPort}`,
      '/socket.io': { target: `http://localhost:${serverPort}`, ws: true },
      '/collab': { target: `ws://localhost:${serverPort}`, ws: true },
    },
  },
  test: {
    root: '.',
    projects: [
      {
        test: {
          name: 'unit',
          root: '.',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          root: '.',
          include: integrationTests,
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        // The same integration tests on PostgreSQL: every app gets a schema of its own (test/helpers/test-store.ts).
        test: {
          name: 'integration-pg',
          root: '.',
          include: postgresReady ? integrationTests : ['test/integration-pg/unavailable.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
          env: { RAKOR_TEST_STORE: 'postgres' },
          globalSetup: ['test/helpers/pg-global-setup.ts'],
        },
      },
      {
        // Real Rakor processes on PostgreSQL and Redis behind nginx: one file at a time, each runs three servers.
        test: {
          name: 'cluster',
          root: '.',
          include: ['test/cluster/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        // Rakor against a real LiveKit server (scripts/livekit-server.sh), with participants scripted in @livekit/rtc-node.
        test: {
          name: 'livekit',
          root: '.',
          include: ['test/livekit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          root: '.',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
