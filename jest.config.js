/** Unit tests live beside the code (src/**, emulator/, sidebar/), end-to-end and browser tests in test/. */
const { existsSync } = require('node:fs');
const { join } = require('node:path');

module.exports = {
  testEnvironment: 'node',
  roots: ['src', 'test', 'emulator', 'sidebar', 'scripts']
    .filter((d) => existsSync(join(__dirname, d)))
    .map((d) => `<rootDir>/${d}`),
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: { '^.+\\.tsx?$': '<rootDir>/test/esbuild-jest-transform.js' },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  testTimeout: 60000,
};
