/** Jest in native ESM mode; @swc/jest strips the types per file (tsc checks them: npm run typecheck). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }]
  },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.net\\.test\\.ts$', '\\.shot\\.test\\.ts$'],
  testTimeout: 120000,
  // Longest files first, on a fresh clone too (see the file).
  testSequencer: '<rootDir>/__tests__/helpers/sequencer.mjs',
  maxWorkers: 2
};
