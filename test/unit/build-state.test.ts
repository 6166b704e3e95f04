import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { needsBuild, newestMtimeMs, staleParts } from '../../scripts/build-state.mjs';
import { partsToBuild } from '../../scripts/build.mjs';

const root = '/rakor';
const BUILT = 1000;

/** The newest time under each path, as the file system would answer: relative paths, 0 for what is missing. */
function times(given: Record<string, number>): (target: string) => number {
  return (target) => given[path.relative(root, target)] ?? 0;
}

/** Every source of both parts older than both builds. */
const fresh = {
  'dist/client/index.html': BUILT,
  'dist/server/main.js': BUILT,
  client: 900,
  server: 900,
  shared: 900,
  'package.json': 900,
  'package-lock.json': 900,
  'vite.config.ts': 900,
  'scripts/build.mjs': 900,
};

interface Row {
  when: string;
  given: Record<string, number>;
  stale: string[];
}

describe('C8 npm start builds what is missing or older than its sources', () => {
  it.each<Row>([
    { when: 'both builds are newer than every source', given: {}, stale: [] },
    { when: 'nothing was built yet', given: { 'dist/client/index.html': 0, 'dist/server/main.js': 0 }, stale: ['client', 'server'] },
    { when: 'only the client was built', given: { 'dist/server/main.js': 0 }, stale: ['server'] },
    { when: 'a client file changed', given: { client: 1001 }, stale: ['client'] },
    { when: 'a server file changed', given: { server: 1001 }, stale: ['server'] },
    { when: 'shared code changed (both sides bundle it)', given: { shared: 1001 }, stale: ['client', 'server'] },
    { when: 'package.json changed', given: { 'package.json': 1001 }, stale: ['client', 'server'] },
    { when: 'the lock file changed (the client bundles its packages, the server imports them)', given: { 'package-lock.json': 1001 }, stale: ['client'] },
    { when: "Vite's configuration changed", given: { 'vite.config.ts': 1001 }, stale: ['client'] },
    { when: "the server's build script changed", given: { 'scripts/build.mjs': 1001 }, stale: ['server'] },
    { when: 'a source has the very time of the build', given: { server: BUILT, client: BUILT }, stale: [] },
    { when: 'a folder is missing (a source deleted whole)', given: { client: 0 }, stale: [] },
  ])('C8 $when: builds $stale', ({ given, stale }) => {
    const newest = times({ ...fresh, ...given });
    expect(staleParts(root, newest)).toEqual(stale);
    expect(needsBuild(root, 'client', newest)).toBe(stale.includes('client'));
    expect(needsBuild(root, 'server', newest)).toBe(stale.includes('server'));
  });

  it('C8 `node scripts/build.mjs` builds both parts, or the ones named, and refuses any other name', () => {
    expect(partsToBuild([])).toEqual(['client', 'server']);
    expect(partsToBuild(['server'])).toEqual(['server']);
    expect(() => partsToBuild(['cilent'])).toThrow(/unknown build part cilent/);
  });
});

describe('C8 the newest time under a path', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rakor-build-state-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('C8 walks nested folders, counts the folders themselves, and is 0 for a missing path', () => {
    fs.mkdirSync(path.join(dir, 'a/b'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'a/one.ts'), '');
    fs.writeFileSync(path.join(dir, 'a/b/two.ts'), '');
    const at = (s: number) => new Date(s * 1000);
    for (const p of ['a/b', 'a', '.']) fs.utimesSync(path.join(dir, p), at(100), at(100));
    fs.utimesSync(path.join(dir, 'a/one.ts'), at(200), at(200));
    fs.utimesSync(path.join(dir, 'a/b/two.ts'), at(300), at(300));
    expect(newestMtimeMs(dir)).toBe(300_000);
    expect(newestMtimeMs(path.join(dir, 'a/one.ts'))).toBe(200_000);
    // A file removed: its folder's own time moves, so the build is stale all the same.
    fs.rmSync(path.join(dir, 'a/b/two.ts'));
    fs.utimesSync(path.join(dir, 'a/b'), at(400), at(400));
    expect(newestMtimeMs(dir)).toBe(400_000);
    expect(newestMtimeMs(path.join(dir, 'missing'))).toBe(0);
  });
});
