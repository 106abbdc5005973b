import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { routes } from '@shared/contracts/routes';
import { loadConfig } from '../../functions/src/config/env';
import type { Db } from '../../functions/src/ports/db';
import { startApp } from '../support/app';
import { ROOT } from '../support/paths';
import { SCHEDULES } from '../../functions/src/handlers/schedules';

test('serverless.yml declares exactly the routes of the shared contract and the scheduled jobs, each with its handler', () => {
  const doc = parse(fs.readFileSync(path.join(ROOT, 'serverless.yml'), 'utf8')) as {
    functions: Record<string, { handler: string; events: { httpApi?: { method: string; path: string }; schedule?: string }[] }>;
  };
  const functions = Object.entries(doc.functions);
  const declared = Object.fromEntries(functions.filter(([, fn]) => fn.events[0].httpApi)
    .map(([name, fn]) => [name, `${fn.events[0].httpApi!.method} ${fn.events[0].httpApi!.path}`]));
  const contract = Object.fromEntries(Object.entries(routes).map(([name, r]) => [name, `${r.method} ${r.path}`]));
  expect(declared).toEqual(contract);
  const scheduled = Object.fromEntries(functions.filter(([, fn]) => !fn.events[0].httpApi).map(([name, fn]) => [name, fn.events[0].schedule]));
  expect(scheduled).toEqual(Object.fromEntries(Object.entries(SCHEDULES).map(([name, s]) => [name, s.schedule])));
  for (const [name, fn] of Object.entries(doc.functions)) {
    const [file, exported] = fn.handler.split('.');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(typeof require(path.join(ROOT, file))[exported]).toBe('function');
    expect(exported).toBe(name);
  }
});

describe('the gateway and the error mapping', () => {
  test('an unknown API path → 404 JSON in Chinese; the H5 app is served for everything else', async () => {
    const app = await startApp();
    try {
      const res = await app.request('GET', '/api/nothing-here');
      expect([res.status, res.body.error.code, res.body.error.message]).toEqual([404, 'REQUEST.NOT_FOUND', '请求的接口不存在']);
      const health = await app.request('GET', '/api/health');
      expect(health.body).toMatchObject({ ok: true, database: 'pglite' });
    } finally {
      await app.close();
    }
  });

  test('an unexpected failure → 500 with a request id and no internals; the log has the stack under that id', async () => {
    const app = await startApp();
    const broken: Db = {
      ...app.deps.db,
      query: async () => {
        throw new Error('relation "secret_internal_table" does not exist');
      },
    };
    const realDb = app.deps.db;
    const lines: string[] = [];
    const level = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'info';
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (lines.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      app.deps.db = broken;
      const res = await app.request('GET', '/api/health');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试', requestId: expect.any(String) } });
      expect(JSON.stringify(res.body)).not.toContain('secret_internal_table');
      const logged = lines.map((l) => JSON.parse(l)).find((l) => l.requestId === res.body.error.requestId);
      expect(logged).toMatchObject({ level: 'error', route: 'health', status: 500 });
      expect(logged.error).toContain('secret_internal_table');
    } finally {
      process.stdout.write = write;
      if (level === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = level;
      app.deps.db = realDb;
      await app.close();
    }
  });
});

test('production refuses to start without its secrets and database', () => {
  expect(() => loadConfig({ APP_ENV: 'production' })).toThrow(/SESSION_SECRET/);
  const key = Buffer.alloc(32, 1).toString('base64');
  expect(() => loadConfig({ APP_ENV: 'production', SESSION_SECRET: 's', DATA_KEY: key })).toThrow(/DATABASE_URL/);
  expect(() => loadConfig({ APP_ENV: 'production', SESSION_SECRET: 's', DATA_KEY: 'short', DATABASE_URL: 'postgres://x' })).toThrow(/32 bytes/);
  const full = { APP_ENV: 'production', SESSION_SECRET: 's', DATA_KEY: key, DATABASE_URL: 'postgres://x' };
  expect(() => loadConfig({ ...full, WECHAT_APP_ID: 'wx1' })).toThrow(/WECHAT_APP_SECRET/);
  const config = loadConfig({ ...full, WECHAT_APP_ID: 'wx1', WECHAT_APP_SECRET: 'ws' });
  expect(config).toMatchObject({ production: true, databaseUrl: 'postgres://x', wechat: { appId: 'wx1', apiBase: 'https://api.weixin.qq.com' } });
});
