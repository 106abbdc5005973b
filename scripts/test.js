#!/usr/bin/env node
// npm test: type-check, build the H5 client (the browser journeys load it), then every jest test:
// unit, integration over HTTP, the store suite on PGlite and PostgreSQL, and the Chromium journeys.
// Extra arguments go to jest, e.g. `npm test -- tests/unit`. Ends with one line: `jest: N passed, N failed`.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { run } = require('./run');

const jestArgs = process.argv.slice(2);
run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
run('npx', ['tsc', '--noEmit', '-p', 'client/tsconfig.json']);
if (process.env.SKIP_BUILD !== '1') run('npm', ['run', '--silent', 'build:h5']);

const results = path.join(__dirname, '../tests/.artifacts/jest-results.json');
fs.mkdirSync(path.dirname(results), { recursive: true });
fs.rmSync(results, { force: true });
const jest = spawnSync('npx', ['jest', '--json', `--outputFile=${results}`, ...jestArgs], {
  stdio: 'inherit',
  env: {
    ...process.env,
    // PGlite loads its WebAssembly with a dynamic import, which jest supports only with this flag
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings`.trim(),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  },
});
if (fs.existsSync(results)) {
  const r = JSON.parse(fs.readFileSync(results, 'utf8'));
  console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
}
process.exit(jest.status ?? 1);
