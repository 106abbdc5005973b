import path from 'node:path';
import { loadConfig, type Config } from './config/env';
import type { Db } from './ports/db';
import { systemClock, type Clock } from './ports/clock';
import type { WechatApi } from './ports/wechat';
import type { FileStorage } from './ports/file-storage';
import type { PushChannel } from './ports/push';
import { createPushChannel } from './adapters/push-channel';
import { DataProtector } from './adapters/data-protector';
import { LocalWechatApi, WechatHttpApi } from './adapters/wechat-http';
import { LocalFileStorage } from './adapters/local-file-storage';
import { migrate } from './adapters/db/migrations';

export interface Deps {
  config: Config;
  db: Db;
  clock: Clock;
  wechat: WechatApi;
  protector: DataProtector;
  /** Uploaded photos; on the local disk under the data directory (a deployed Lambda needs an object store instead). */
  files: FileStorage;
  /** WeChat subscription pushes (config.push.channel); null locally, where the in-app inbox is the only channel. */
  push: PushChannel | null;
}

/** Chooses every adapter once, from the environment. The embedded default needs no configuration at all. */
export async function createDeps(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Deps> = {}): Promise<Deps> {
  const config = overrides.config ?? loadConfig(env);
  const db = overrides.db ?? (await openDb(config));
  await migrate(db);
  const wechat = overrides.wechat ?? (config.wechat ? new WechatHttpApi(config.wechat) : new LocalWechatApi({ publicH5Url: config.publicH5Url }));
  return {
    config,
    db,
    clock: overrides.clock ?? systemClock,
    wechat,
    protector: overrides.protector ?? new DataProtector(config.dataKey),
    files: overrides.files ?? new LocalFileStorage(path.join(config.dataDir, 'files')),
    push: overrides.push !== undefined ? overrides.push : await createPushChannel(config, wechat),
  };
}

async function openDb(config: Config): Promise<Db> {
  if (config.databaseUrl) {
    const { openPostgres } = await import('./adapters/db/postgres');
    return openPostgres(config.databaseUrl);
  }
  const { openPglite } = await import('./adapters/db/pglite');
  return openPglite(path.join(config.dataDir, 'db'));
}

// One set of deps per process (a Lambda container, the local gateway, a test worker), made on first use.
// Kept on globalThis so that handlers bundled into separate files still share one embedded database.
const KEY = Symbol.for('fangfan.deps');
type Holder = { [KEY]?: Promise<Deps> };

export function getDeps(): Promise<Deps> {
  const g = globalThis as Holder;
  g[KEY] ??= createDeps();
  return g[KEY];
}

export function setDeps(deps: Deps | undefined): void {
  const g = globalThis as Holder;
  g[KEY] = deps ? Promise.resolve(deps) : undefined;
}
