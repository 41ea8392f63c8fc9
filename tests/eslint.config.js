// ESLint flat config (`npm run lint` = eslint --config tests/eslint.config.js src tests).
// Besides typescript-eslint's recommended rules and the React hooks rules, it enforces the
// architecture's import boundaries with `no-restricted-imports`:
//   src/shared          — pure code both sides use: no Node, no Electron, no React, nothing from main/renderer
//   src/renderer        — runs in a page: no Node, no Electron, nothing from src/main
//   src/main            — no React, nothing from src/renderer; only src/main/electron/* may import electron
//   src/main/electron/preload.ts — runs sandboxed: only `electron`, no Node modules
//   src/server          — the central server: no Electron, no React, nothing from src/renderer
//   everything else (tests, scripts) — never imports electron (Playwright's _electron drives the binary)
// In a flat config the last matching block's options for a rule replace earlier ones, so each block
// below lists every restriction for its files.
import { builtinModules } from 'node:module';
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));

// ---- restriction building blocks (no-restricted-imports `paths` and `patterns`) ----

const noNode = {
  paths: nodeBuiltins.map((name) => ({ name, message: 'Node built-ins are not available here.' })),
  patterns: [{ regex: '^node:', message: 'Node built-ins are not available here.' }],
};
const noElectron = {
  paths: [{ name: 'electron', message: 'Only src/main/electron/* may import electron.' }],
  patterns: [{ regex: '^electron/', message: 'Only src/main/electron/* may import electron.' }],
};
const noReact = {
  paths: [],
  patterns: [{ regex: '^react(-dom|-redux|-i18next)?(/|$)', message: 'React belongs to src/renderer only.' }],
};
// Relative imports that climb out of the current area into src/main or src/renderer. (A folder
// called "main" or "renderer" inside the area itself would also match: don't create one.)
const noMainFrom = (message) => ({
  paths: [],
  patterns: [{ regex: '^(\\.\\./)+(src/)?main(/|$)|(^|/)src/main(/|$)', message }],
});
const noRendererFrom = (message) => ({
  paths: [],
  patterns: [{ regex: '^(\\.\\./)+(src/)?renderer(/|$)|(^|/)src/renderer(/|$)', message }],
});
// From src/shared, any path segment "main" or "renderer" is outside src/shared.
const noMainOrRendererFromShared = {
  paths: [],
  patterns: [
    {
      regex: '(^|/)(main|renderer)(/|$)',
      message: 'src/shared is used by both sides: it must not import from src/main or src/renderer.',
    },
  ],
};

function restrict(...parts) {
  return [
    'error',
    {
      paths: parts.flatMap((part) => part.paths),
      patterns: parts.flatMap((part) => part.patterns),
    },
  ];
}

export default defineConfig(
  {
    ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.tmp/**', 'release/**'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },

  // ---- environments ----
  {
    files: ['src/main/**', 'src/server/**', 'tests/**', '**/*.mjs', '**/*.cjs', '**/*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/main/electron/preload.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },

  // ---- React ----
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },

  // ---- import boundaries ----
  {
    // The default everywhere; the blocks below replace it for their files with their full lists.
    ignores: ['src/main/electron/**'],
    rules: { 'no-restricted-imports': restrict(noElectron) },
  },
  {
    files: ['src/shared/**'],
    rules: { 'no-restricted-imports': restrict(noNode, noElectron, noReact, noMainOrRendererFromShared) },
  },
  {
    files: ['src/renderer/**'],
    ignores: ['src/renderer/vite.config.ts'], // build-time config, runs in Node
    rules: {
      'no-restricted-imports': restrict(
        noNode,
        noElectron,
        noMainFrom('src/renderer must not import src/main: reach it through the API client (src/renderer/api).'),
      ),
    },
  },
  {
    files: ['src/renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': restrict(noElectron, noMainFrom('The renderer build must not import src/main.')),
    },
  },
  {
    files: ['src/main/**'],
    ignores: ['src/main/electron/**'],
    rules: {
      'no-restricted-imports': restrict(
        noElectron,
        noReact,
        noRendererFrom('src/main must not import src/renderer.'),
      ),
    },
  },
  {
    files: ['src/main/electron/**'],
    rules: {
      'no-restricted-imports': restrict(noReact, noRendererFrom('src/main must not import src/renderer.')),
    },
  },
  {
    files: ['src/main/electron/preload.ts'],
    rules: {
      'no-restricted-imports': restrict(noNode, noReact, noRendererFrom('src/main must not import src/renderer.')),
    },
  },
  {
    files: ['src/server/**'],
    rules: {
      'no-restricted-imports': restrict(
        noElectron,
        noReact,
        noRendererFrom('The central server must not import src/renderer.'),
      ),
    },
  },
);

