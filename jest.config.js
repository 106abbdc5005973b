/** One jest run for every layer: unit (shared), integration (handlers over HTTP), store (each database), e2e (Chromium). */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        // paths are rewritten at compile time, so code outside jest's module registry (globalSetup) resolves them too
        jsc: {
          parser: { syntax: 'typescript' }, target: 'es2022', baseUrl: __dirname,
          paths: { '@shared/*': ['shared/src/*'] },
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // jose ships ES modules only; compile it like our own code
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper: { '^@shared/(.*)$': '<rootDir>/shared/src/$1' },
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};
