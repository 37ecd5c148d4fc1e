// ESLint flat config. The import boundaries of ../shared/STYLE.md §2 are enforced here with a
// human message each (the excalidraw way), so the architecture cannot drift silently.
import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const NO_SVELTE = {
  group: ['svelte', 'svelte/*', '*.svelte'],
  message: 'Domain, storage and worker code stays free of Svelte: put UI code in components/views.',
};
const NO_DEXIE = {
  group: ['dexie'],
  message: 'Only src/lib/storage (and the workers through it) may import Dexie.',
};
const NO_COMLINK = {
  group: ['comlink'],
  message: 'Only src/lib/bridges and workers/ may import Comlink.',
};
const NO_PAPA = {
  group: ['papaparse'],
  message: 'PapaParse runs in the import worker only (never worker:true, never on the UI thread).',
};
const NO_WORKERS = {
  group: ['**/workers/**'],
  allowTypeImports: true,
  message: 'The UI talks to workers through src/lib/bridges, never by importing them (types only).',
};
const NO_STATE_OR_UI = {
  group: ['**/state/**', '**/components/**', '**/views/**', '**/bridges/**'],
  message: 'Workers are thin shells over src/lib/domain: no UI state or components here.',
};
const NO_STORAGE_IN_UI = {
  group: ['**/storage/**'],
  allowTypeImports: true,
  message: 'Components and views read data through src/lib/state, not storage.',
};

export default ts.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'test-results/',
      'bench/data/',
      'bench/results/',
      'public/sample/',
      'dev-dist/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      curly: 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'separate-type-imports' },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      'svelte/no-at-html-tags': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: ts.parser },
    },
  },
  {
    // Plain JS scripts are not part of a TS project.
    files: ['**/*.js', '**/*.mjs'],
    ...ts.configs.disableTypeChecked,
  },
  {
    files: ['scripts/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['src/lib/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_SVELTE,
            NO_DEXIE,
            NO_COMLINK,
            NO_PAPA,
            {
              group: [
                '**/lib/storage/*',
                '**/lib/bridges/*',
                '**/lib/state/*',
                '**/lib/components/*',
                '**/lib/views/*',
                'd3',
                'd3-selection',
              ],
              message:
                'src/lib/domain is the pure core: only ml-kmeans, d3-array and other domain modules.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'Domain code runs in Node and workers: use globalThis.' },
        { name: 'document', message: 'Domain code runs in Node and workers: no DOM.' },
        { name: 'localStorage', message: 'Domain code is pure: no storage.' },
      ],
    },
  },
  {
    files: ['workers/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [NO_SVELTE, NO_STATE_OR_UI] }],
    },
  },
  {
    files: ['src/lib/storage/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [NO_SVELTE, NO_COMLINK, NO_PAPA] }],
    },
  },
  {
    files: ['src/lib/bridges/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_SVELTE,
            NO_DEXIE,
            NO_PAPA,
            {
              group: ['**/domain/**'],
              allowTypeImports: true,
              message:
                'Bridges carry calls; domain runtime code belongs in the workers (types only).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/lib/state/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [NO_COMLINK, NO_PAPA, NO_WORKERS] }],
    },
  },
  {
    files: ['src/lib/components/**', 'src/lib/views/**', 'src/App.svelte'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [NO_DEXIE, NO_COMLINK, NO_PAPA, NO_WORKERS, NO_STORAGE_IN_UI] },
      ],
    },
  },
);
