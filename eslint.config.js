// ESLint flat config. `npm run lint` runs this, dependency-cruiser (import cycles, .dependency-cruiser.cjs)
// and `prettier --check`; Prettier owns layout, so eslint-config-prettier comes last and turns off every
// stylistic rule that would fight it.
import { builtinModules } from 'node:module';
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/** Node's built-in modules by every name an import can use: `fs`, `node:fs`, `fs/promises`. */
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));

/** What shared/, which runs on both sides, must not reach for (STYLE.md: shared is pure). */
const sharedBoundary = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        ...nodeBuiltins.map((name) => ({ name, message: 'shared/ runs in the browser too: no Node built-ins.' })),
        ...['socket.io', 'socket.io-client', 'ws', 'express', 'better-sqlite3', 'pino', 'kysely', 'y-websocket', 'livekit-client', 'livekit-server-sdk'].map(
          (name) => ({ name, message: 'shared/ is pure: sockets, HTTP, storage, logging and video live in server/ or client/.' }),
        ),
      ],
      patterns: [
        { regex: '^node:', message: 'shared/ runs in the browser too: no node:* modules.' },
        { regex: '^(\\.\\./)+(server|client)(/|$)', message: 'shared/ is imported by server/ and client/, never the other way round.' },
      ],
    },
  ],
  'no-restricted-globals': [
    'error',
    ...[
      'window',
      'document',
      'navigator',
      'location',
      'history',
      'localStorage',
      'sessionStorage',
      'indexedDB',
      'fetch',
      'WebSocket',
      'XMLHttpRequest',
      'EventSource',
      'requestAnimationFrame',
      'self',
      'performance',
    ].map((name) => ({ name, message: `shared/ has no DOM: '${name}' belongs in client/.` })),
    ...['process', 'Buffer', 'require', '__dirname', '__filename', 'global'].map((name) => ({
      name,
      message: `shared/ runs in the browser too: '${name}' belongs in server/.`,
    })),
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
      message: 'shared/ takes `now` as an argument: no Date.now().',
    },
    {
      selector: "NewExpression[callee.name='Date'][arguments.length=0]",
      message: 'shared/ takes `now` as an argument: no argument-less new Date().',
    },
  ],
};

export default defineConfig(
  {
    ignores: [
      'dist/',
      'data/',
      'node_modules/',
      'test-results/',
      'coverage/',
      // Fixtures break the rules on purpose; test/unit/lint-boundaries.test.ts lints them itself.
      'test/fixtures/',
      'test/.tmp/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      parserOptions: {
        // One TypeScript program per tsconfig: client/tsconfig.json for client/, the root one for the rest.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      // Unused arguments named _x are kept deliberately (callbacks with a fixed signature).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Components and rune modules (*.svelte.ts) go through svelte-eslint-parser, which hands the script to TypeScript.
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { parser: tseslint.parser },
    },
  },
  {
    // Components are linted without types. Typed lint cannot see what a .svelte file imports from another
    // (TypeScript has no Svelte plugin here: component props and module exports read as `any`, so the
    // no-unsafe-* rules only raise false alarms), and it doubled the time of `npm run lint`. svelte-check
    // --fail-on-warnings (npm run typecheck) types these files for real.
    files: ['**/*.svelte'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.svelte'],
    rules: {
      // This is a plain Svelte + Vite app, not SvelteKit: there is no `resolve()` from $app/paths to call.
      'svelte/no-navigation-without-resolve': 'off',
    },
  },
  {
    files: ['client/**/*.ts'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['server/**/*.ts', 'test/**/*.ts', '*.config.{js,ts}'],
    languageOptions: { globals: globals.node },
  },
  {
    // No `any` in shared/ or in handler signatures (STYLE.md): `unknown` plus zod at the edges. The recommended
    // set already makes it an error everywhere; here it stays one even if the default is ever relaxed.
    files: ['shared/**/*.ts', 'server/http/**/*.ts', 'server/realtime/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    // shared/ is pure TypeScript used by both sides: no node:*, no DOM, no server/ or client/, no clock.
    files: ['shared/**/*.ts'],
    languageOptions: { globals: { ...globals.es2023 } },
    rules: sharedBoundary,
  },
  {
    // This file and other plain JS configs sit outside every tsconfig: lint them without types.
    files: ['**/*.{js,cjs,mjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  prettier,
  ...svelte.configs.prettier,
);
