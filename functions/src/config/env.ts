import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DepartmentThresholdOverrideSchema, type DepartmentThresholdOverride } from '@shared/domain/department-data';

export interface Config {
  production: boolean;
  /** Where the embedded database and locally generated secrets live. */
  dataDir: string;
  databaseUrl: string | null;
  sessionSecret: Uint8Array;
  /** 32-byte key for AES-256-GCM (personal data at rest) and for the keyed lookup hashes. */
  dataKey: Buffer;
  wechat: { appId: string; appSecret: string; apiBase: string; qrEnvVersion: 'release' | 'trial' | 'develop' } | null;
  /** Where the H5 app is served: door plates printed without WeChat credentials carry `${publicH5Url}/?code=…`. */
  publicH5Url: string;
  tokenTtlHours: number;
  push: PushConfig;
  /**
   * 部门筛查预警 thresholds per region and year (DEPARTMENT_THRESHOLDS, a JSON array of
   * {areaPath, year, thresholds: {medicalSelfPayYuan?, medicalShareOfIncome?, disasterLossYuan?}}); the defaults
   * (DEFAULT_DEPARTMENT_THRESHOLDS) apply where none is set.
   */
  departmentThresholds: DepartmentThresholdOverride[];
}

/** Messages, reminders and WeChat subscription pushes (functions/src/app/outbox.ts, dispatcher.ts, sweeps.ts). */
export interface PushConfig {
  /** How pushes leave: WeChat's HTTPS API, CloudBase's OpenAPI call, or not at all (the in-app inbox only). */
  channel: 'wechat' | 'cloudbase' | null;
  /** Subscription template ids (chosen in the mini-program's admin console): to-dos for staff, results for farmers. */
  templates: { todo: string | null; result: string | null };
  /** Which version of the mini-program a push opens (subscribeMessage miniprogram_state). */
  miniprogramState: 'formal' | 'trial' | 'developer';
  /** A push is parked as failed after this many tries. */
  maxAttempts: number;
  /** The first retry waits this long; each next one twice as long, up to an hour. */
  retryBaseSeconds: number;
  /** "Deadline approaching" goes out this many days before the due date. */
  remindDaysBefore: number;
  /** CloudBase environment id, when channel is cloudbase. */
  cloudbaseEnv: string | null;
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number ≥ 0`);
  return n;
}

function pushConfig(env: NodeJS.ProcessEnv, wechatConfigured: boolean): PushConfig {
  const channel = env.PUSH_CHANNEL || (wechatConfigured ? 'wechat' : 'none');
  if (channel !== 'wechat' && channel !== 'cloudbase' && channel !== 'none') {
    throw new Error('PUSH_CHANNEL must be wechat, cloudbase or none');
  }
  if (channel === 'wechat' && !wechatConfigured) throw new Error('PUSH_CHANNEL=wechat needs WECHAT_APP_ID and WECHAT_APP_SECRET');
  if (channel === 'cloudbase' && !env.CLOUDBASE_ENV) throw new Error('PUSH_CHANNEL=cloudbase needs CLOUDBASE_ENV');
  const state = env.WECHAT_MINIPROGRAM_STATE || 'formal';
  if (state !== 'formal' && state !== 'trial' && state !== 'developer') {
    throw new Error('WECHAT_MINIPROGRAM_STATE must be formal, trial or developer');
  }
  return {
    channel: channel === 'none' ? null : channel,
    templates: { todo: env.WECHAT_TEMPLATE_TODO || null, result: env.WECHAT_TEMPLATE_RESULT || null },
    miniprogramState: state,
    maxAttempts: Math.max(1, positiveInt(env.PUSH_MAX_ATTEMPTS, 8, 'PUSH_MAX_ATTEMPTS')),
    retryBaseSeconds: positiveInt(env.PUSH_RETRY_BASE_SECONDS, 60, 'PUSH_RETRY_BASE_SECONDS'),
    remindDaysBefore: positiveInt(env.REMIND_DAYS_BEFORE, 2, 'REMIND_DAYS_BEFORE'),
    cloudbaseEnv: env.CLOUDBASE_ENV || null,
  };
}

interface LocalSecrets {
  sessionSecret: string;
  dataKey: string;
}

/** Outside production a missing secret is generated once into the data directory and reused from then on. */
function localSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, 'secrets.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as LocalSecrets;
  fs.mkdirSync(dataDir, { recursive: true });
  const fresh: LocalSecrets = {
    sessionSecret: crypto.randomBytes(32).toString('base64'),
    dataKey: crypto.randomBytes(32).toString('base64'),
  };
  try {
    fs.writeFileSync(file, JSON.stringify(fresh), { flag: 'wx', mode: 0o600 });
    return fresh;
  } catch {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LocalSecrets; // another process wrote it first
  }
}

function departmentThresholds(value: string | undefined): DepartmentThresholdOverride[] {
  if (!value) return [];
  try {
    return z.array(DepartmentThresholdOverrideSchema).parse(JSON.parse(value));
  } catch (err) {
    throw new Error(`DEPARTMENT_THRESHOLDS must be a JSON array of {areaPath, year, thresholds}: ${(err as Error).message}`);
  }
}

function key32(base64: string, name: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes, base64-encoded`);
  return key;
}

/** Which version of the mini-program a printed code opens (wxacode.getUnlimited env_version). */
function qrEnvVersion(value: string | undefined): 'release' | 'trial' | 'develop' {
  if (!value) return 'release';
  if (value === 'release' || value === 'trial' || value === 'develop') return value;
  throw new Error('WECHAT_QR_ENV_VERSION must be release, trial or develop');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.APP_ENV === 'production';
  const dataDir = path.resolve(env.DATA_DIR || '.data');
  const databaseUrl = env.DATABASE_URL || null;
  // an empty variable counts as unset (serverless.yml passes unset ones through as '')
  let sessionSecret = env.SESSION_SECRET || undefined;
  let dataKey = env.DATA_KEY || undefined;
  if (!sessionSecret || !dataKey) {
    if (production) throw new Error('SESSION_SECRET and DATA_KEY must be set in production');
    const local = localSecrets(dataDir);
    sessionSecret ??= local.sessionSecret;
    dataKey ??= local.dataKey;
  }
  const key = key32(dataKey, 'DATA_KEY');
  if (production && !databaseUrl) throw new Error('DATABASE_URL must be set in production');
  const wechat = env.WECHAT_APP_ID && env.WECHAT_APP_SECRET
    ? {
      appId: env.WECHAT_APP_ID, appSecret: env.WECHAT_APP_SECRET, apiBase: env.WECHAT_API_BASE ?? 'https://api.weixin.qq.com',
      qrEnvVersion: qrEnvVersion(env.WECHAT_QR_ENV_VERSION),
    }
    : null;
  if (production && !wechat) throw new Error('WECHAT_APP_ID and WECHAT_APP_SECRET must be set in production');
  return {
    production,
    dataDir,
    databaseUrl,
    sessionSecret: new TextEncoder().encode(sessionSecret),
    dataKey: key,
    wechat,
    publicH5Url: (env.PUBLIC_H5_URL || 'http://127.0.0.1:8787').replace(/\/+$/, ''),
    tokenTtlHours: Number(env.TOKEN_TTL_HOURS ?? 24 * 7),
    push: pushConfig(env, wechat !== null),
    departmentThresholds: departmentThresholds(env.DEPARTMENT_THRESHOLDS),
  };
}
