import { z } from 'zod';

/**
 * Chinese messages for zod's built-in checks, and no `new Function` probing (the WeChat runtime forbids it).
 * zod reads `jitless` when an object schema is built, so in the client this must run before any contract module is
 * loaded (client/src/services/zod-setup.ts is imported first); the messages apply at parse time.
 */
export function configureZod(): void {
  z.config({ ...z.locales.zhCN(), jitless: true });
}
