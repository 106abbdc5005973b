import { z } from 'zod';

/**
 * Chinese messages for zod's built-in checks, and no `new Function` probing (the WeChat runtime forbids it).
 * Import once at each entry point (functions and client) before any schema is used.
 */
export function configureZod(): void {
  z.config({ ...z.locales.zhCN(), jitless: true });
}
