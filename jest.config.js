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
  // jose, marked and sanitize-html's parser (htmlparser2 and its dom* helpers, entities) ship ES modules only: compile
  // them like our own code (sanitize-html itself too, so the pattern reaches its nested node_modules)
  transformIgnorePatterns: [
    '/node_modules/(?!(jose|marked|sanitize-html|htmlparser2|domhandler|domutils|dom-serializer|domelementtype|entities)/)',
  ],
  moduleNameMapper: { '^@shared/(.*)$': '<rootDir>/shared/src/$1' },
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};
