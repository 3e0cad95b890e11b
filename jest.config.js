/** Jest in native ESM mode; ts-jest compiles TypeScript per file. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }]
  },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.net\\.test\\.ts$', '\\.shot\\.test\\.ts$'],
  testTimeout: 120000,
  // Longest files first, on a fresh clone too (see the file).
  testSequencer: '<rootDir>/__tests__/helpers/sequencer.mjs',
  maxWorkers: 2
};
