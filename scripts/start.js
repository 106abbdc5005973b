#!/usr/bin/env node
// npm start: build the H5 client, then migrate and seed the embedded database (first run only) and serve the API
// and the app on http://127.0.0.1:8787. SKIP_BUILD=1 reuses the last build.
const { run } = require('./run');

if (process.env.SKIP_BUILD !== '1') run('npm', ['run', '--silent', 'build:h5']);
run('npx', ['tsx', 'functions/src/local/start.ts']);
