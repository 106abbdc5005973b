import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createDeps, setDeps, type Deps } from '../../functions/src/deps';
import { createGateway } from '../../functions/src/local/gateway';
import { TestClock } from './clock';
import { TEMPLATE_DATA_DIR } from './paths';

export interface TestApp {
  baseUrl: string;
  deps: Deps;
  clock: TestClock;
  /** Real HTTP to the gateway. `body` as a string is sent as-is (for malformed JSON). */
  request(method: string, urlPath: string, opts?: { token?: string; body?: unknown }): Promise<{ status: number; body: any }>;
  login(username: string): Promise<{ token: string; user: any }>;
  close(): Promise<void>;
}

/** A copy of the seeded template database, the deps on it, and the gateway on a free port. */
export async function startApp(opts: { env?: NodeJS.ProcessEnv; overrides?: Partial<Deps> } = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-test-'));
  fs.cpSync(TEMPLATE_DATA_DIR, dataDir, { recursive: true });
  const clock = new TestClock();
  const deps = await createDeps({ DATA_DIR: dataDir, ...opts.env }, { clock, ...opts.overrides });
  setDeps(deps);
  const server = createGateway();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const request: TestApp['request'] = async (method, urlPath, o = {}) => {
    const res = await fetch(baseUrl + urlPath, {
      method,
      headers: {
        ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
        ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return {
    baseUrl,
    deps,
    clock,
    request,
    async login(username) {
      const res = await request('POST', '/api/auth/dev', { body: { username } });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      setDeps(undefined);
      await deps.db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
