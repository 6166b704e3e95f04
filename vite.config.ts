import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * The domain modules every meeting screen runs (times, the queue's rules, the plan), none of them
 * a Svelte component or a zod schema, so the chunk pulls in neither.
 */
const MEETING_CORE = /[\\/]shared[\\/]domain[\\/]((time|clock|speaking-queue|attendance)[\\/]|meeting[\\/](timeline|order|plan-rules|call-link)\.ts)/;

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
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              // What every meeting screen runs in one chunk, not a dozen of a few hundred bytes each: one
              // request on a weak link, and gzip shares its dictionary across them.
              name: 'meeting-core',
              test: (id: string) => MEETING_CORE.test(id) && !/schemas?\.ts$/.test(id),
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
