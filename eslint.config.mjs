// Lint rules that keep the layers apart and the code honest. Runs in `npm test` (npm run lint).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/** Apps Script's global services: only adapters and entry points may touch them. */
const APPS_SCRIPT_GLOBALS = [
  'SpreadsheetApp',
  'PropertiesService',
  'CacheService',
  'LockService',
  'UrlFetchApp',
  'Utilities',
  'Session',
  'HtmlService',
  'ScriptApp',
  'Charts',
  'MailApp',
  'Logger',
  'DriveApp',
].map((name) => ({ name, message: 'Apps Script services are reached through src/adapters (or src/entry).' }));

/** `layer` may not import from any of `forbidden` (folders under src/, or sidebar/). */
const layer = (files, forbidden, why) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: forbidden.map((f) => ({ group: [`**/${f}/**`, `**/${f}`], message: why })) },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-self-import': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'prefer-const': ['error', { destructuring: 'all' }],
    },
    settings: { 'import-x/resolver': { typescript: true, node: true } },
  },
  // The add-on's own code: strict about types that arrive from outside.
  {
    files: ['src/**/*.ts', 'sidebar/**/*.ts', 'sidebar/**/*.tsx'],
    ignores: ['**/*.test.ts'],
    languageOptions: { globals: {} },
  },
  // Each file is checked with the types of the runtime it runs in.
  {
    files: ['src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.gas.json' } },
  },
  {
    files: ['sidebar/**/*.ts', 'sidebar/**/*.tsx'],
    ignores: ['**/*.test.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.sidebar.json' } },
  },
  // Layers (ARCHITECTURE.md): catalog imports nothing of ours; core only the catalog; the client only
  // core and catalog; adapters never services or entry; nothing in src/ imports the sidebar.
  layer(
    ['src/catalog/**/*.ts'],
    ['core', 'client', 'adapters', 'services', 'entry', 'sidebar'],
    'src/catalog is the bottom layer: it imports nothing of ours.',
  ),
  layer(
    ['src/core/**/*.ts'],
    ['client', 'adapters', 'services', 'entry', 'sidebar'],
    'src/core is pure: it knows nothing of Apps Script, the client, services or entry points.',
  ),
  layer(
    ['src/client/**/*.ts'],
    ['adapters', 'services', 'entry', 'sidebar'],
    'src/client talks to the world through its ports only.',
  ),
  layer(
    ['src/adapters/**/*.ts'],
    ['services', 'entry', 'sidebar'],
    'Adapters wrap Apps Script services; they do not call services or entry points.',
  ),
  layer(['src/services/**/*.ts'], ['entry', 'sidebar'], 'Services do not reach back into entry points.'),
  layer(
    ['sidebar/**/*.ts', 'sidebar/**/*.tsx'],
    ['adapters', 'services', 'client'],
    'The sidebar runs in the browser: it may use the catalog and pure core, and the server only through google.script.run (types from src/entry/sidebarApi.ts).',
  ),
  {
    files: ['src/catalog/**/*.ts', 'src/core/**/*.ts', 'src/client/**/*.ts', 'src/services/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-globals': ['error', ...APPS_SCRIPT_GLOBALS] },
  },
  {
    files: ['sidebar/**/*.ts', 'sidebar/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Tests, the emulator, scripts and benchmarks run on Node: the looser type rules for test doubles.
  {
    files: [
      '**/*.test.ts',
      'test/**/*.ts',
      'emulator/**/*.ts',
      'scripts/**/*.ts',
      'scripts/**/*.mjs',
      'bench/**/*.ts',
      '*.js',
      '*.mjs',
      'test/**/*.js',
    ],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  // The fakes stand in for Apps Script, which turns any value into text with String() and ends an
  // execution by throwing its own non-Error signal: both are what they model, not mistakes.
  {
    files: ['test/fakes/**/*.ts', 'test/harness/**/*.ts', 'emulator/**/*.ts'],
    rules: { '@typescript-eslint/no-base-to-string': 'off', '@typescript-eslint/only-throw-error': 'off' },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  // jest's config and transform are CommonJS files (jest loads them with require).
  {
    files: ['jest.config.js', 'test/esbuild-jest-transform.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
