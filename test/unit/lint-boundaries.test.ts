import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { describe, expect, it } from 'vitest';

// The project's own eslint.config.js and .dependency-cruiser.cjs, run on snippets that break them:
// a rule that stops firing (a renamed glob, a dropped block) fails here, not silently in review.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// The boundary rules need no types; without them no TypeScript program is built for a file that does not exist.
const eslint = new ESLint({ cwd: root, overrideConfig: { files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked } });

/** The rule ids ESLint reports for `code` as if it were the file at `file` (relative to the repository). */
async function rulesFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  if (!result) throw new Error(`ESLint returned no result for ${file}`);
  return result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

const inShared = 'shared/domain/probe/probe.ts';

describe('lint boundaries of shared/', () => {
  it.each([
    ['a node:* module', "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n"],
    ['a bare Node built-in', "import { EventEmitter } from 'events';\nexport const bus = new EventEmitter();\n"],
    ['server/', "import { createApp } from '../../../server/app';\nexport const app = createApp;\n"],
    ['client/', "import { api } from '../../../client/lib/api';\nexport const get = api;\n"],
    ['a socket package', "import { Server } from 'socket.io';\nexport const server = Server;\n"],
  ])('B1 importing %s fails no-restricted-imports', async (_what, code) => {
    expect(await rulesFor(inShared, code)).toContain('no-restricted-imports');
  });

  it.each([
    ['document', 'export const title = (): string => document.title;\n'],
    ['window', 'export const width = (): number => window.innerWidth;\n'],
    ['localStorage', "export const saved = (): string | null => localStorage.getItem('x');\n"],
    ['fetch', "export const load = () => fetch('/api');\n"],
    ['process', 'export const env = () => process.env;\n'],
  ])('B2 using %s fails no-restricted-globals', async (_what, code) => {
    expect(await rulesFor(inShared, code)).toContain('no-restricted-globals');
  });

  it.each([
    ['Date.now()', 'export const stamp = (): number => Date.now();\n'],
    ['new Date()', 'export const today = (): string => new Date().toISOString();\n'],
  ])('B2 reading the clock with %s fails no-restricted-syntax', async (_what, code) => {
    expect(await rulesFor(inShared, code)).toContain('no-restricted-syntax');
  });

  it.each([inShared, 'server/http/probe.ts', 'server/realtime/probe.ts'])('B3 `any` in %s fails no-explicit-any', async (file) => {
    expect(await rulesFor(file, 'export const loose = (x: any): number => x;\n')).toContain('@typescript-eslint/no-explicit-any');
  });

  it('B1 B2 clean shared code (zod, `now` as an argument, a dated Date) passes with no message', async () => {
    const clean = [
      "import { z } from 'zod';",
      "import { estimateOffset } from '../clock/offset';",
      'export const idSchema = z.string().min(1);',
      'export const isoAt = (now: number): string => new Date(now).toISOString();',
      'export const offsetOf = estimateOffset;',
      '',
    ].join('\n');
    expect(await rulesFor(inShared, clean)).toEqual([]);
  });

  it('B1 B2 the same imports and globals are allowed in server/', async () => {
    const code = "import { readFileSync } from 'node:fs';\nexport const read = (): string => readFileSync('x', 'utf8') + String(Date.now()) + process.pid;\n";
    expect(await rulesFor('server/store/probe.ts', code)).toEqual([]);
  });
});

/** dependency-cruiser with the project's rules, on the given paths (fixtures included: the config excludes them). */
async function cruiseFixtures(paths: string[]): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(path.join(root, '.dependency-cruiser.cjs'));
  const cwd = process.cwd();
  // dependency-cruiser resolves paths against the working directory; the test runner's is the repository already.
  if (cwd !== root) throw new Error(`run the lint test from the repository root (${root}), not ${cwd}`);
  const { output } = await cruise(paths, { ...options, exclude: { path: '^node_modules/' } });
  if (typeof output === 'string') throw new Error('dependency-cruiser returned text, expected its JSON result');
  return output;
}

describe('import cycles', () => {
  it('B4 two modules importing each other (one side type-only) fail no-circular', async () => {
    const result = await cruiseFixtures(['test/fixtures/lint/cycle']);
    const cycles = result.summary.violations.filter((v) => v.rule.name === 'no-circular');
    // One violation per cycle, naming every module on it.
    expect(cycles).toHaveLength(1);
    const onCycle = [cycles[0]?.from, ...(cycles[0]?.cycle ?? []).map((step) => step.name)];
    expect(new Set(onCycle)).toEqual(new Set(['test/fixtures/lint/cycle/meeting.ts', 'test/fixtures/lint/cycle/plan.ts']));
  });

  it('B4 a chain with no way back has no violation', async () => {
    const result = await cruiseFixtures(['test/fixtures/lint/chain']);
    expect(result.summary.violations).toEqual([]);
  });
});
