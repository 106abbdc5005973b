import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT, TEMPLATE_DATA_DIR } from '../support/paths';

/**
 * The deployable path: osls bundles every function in serverless.yml with serverless-esbuild and
 * serverless-offline serves them as API Gateway would. One journey through it proves the handlers, the bundling
 * and the route declarations work together outside our own gateway.
 */
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

let child: ChildProcess;
let base: string;
let output = '';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-offline-'));

beforeAll(async () => {
  fs.cpSync(TEMPLATE_DATA_DIR, dataDir, { recursive: true });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn('npx', ['osls', 'offline', 'start', '--httpPort', String(port), '--lambdaPort', String(await freePort())], {
    cwd: ROOT,
    env: { ...process.env, APP_ENV: 'development', DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_OPTIONS: '' },
    detached: true,
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 150_000;
  while (!output.includes('Server ready')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`osls offline did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}, 180_000);

afterAll(() => {
  if (child?.pid) process.kill(-child.pid, 'SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('osls offline serves the same handlers: log in, open the household, declare', async () => {
  const health = await (await fetch(`${base}/api/health`)).json();
  expect(health).toMatchObject({ ok: true, database: 'pglite' });
  const login = await (await fetch(`${base}/api/auth/dev`, { method: 'POST', body: JSON.stringify({ username: 'farmer' }) })).json();
  const auth = { authorization: `Bearer ${login.token}` };
  const page = await fetch(`${base}/api/households/by-code/${login.user.householdCode}`, { headers: auth });
  expect(page.status).toBe(200);
  const bad = await fetch(`${base}/api/declarations`, { method: 'POST', headers: auth, body: '{"consent": false' });
  expect([bad.status, (await bad.json()).error.code]).toEqual([400, 'REQUEST.BAD_JSON']);
  const ok = await fetch(`${base}/api/declarations`, {
    method: 'POST', headers: auth,
    body: JSON.stringify({ householdId: login.user.householdId, riskTypes: ['disaster'], description: '暴雨冲毁了房屋', consent: true, clientKey: 'offline-test-1' }),
  });
  expect(ok.status).toBe(201);
}, 60_000);

test('osls offline: the bundled door-plate function finds pdfkit (external) and the CJK font, and answers a PDF', async () => {
  const login = await (await fetch(`${base}/api/auth/dev`, { method: 'POST', body: JSON.stringify({ username: 'village' }) })).json();
  const res = await fetch(`${base}/api/areas/qh-al-hx-1/door-plates`, { headers: { authorization: `Bearer ${login.token}` } });
  const body = await res.json();
  expect([res.status, body.plates]).toEqual([200, 17]);
  expect(Buffer.from(body.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
}, 60_000);
