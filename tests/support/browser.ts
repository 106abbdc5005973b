import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startApp, type TestApp } from './app';
import { ARTIFACTS, ROOT, TEST_NOW } from './paths';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');

/** Fails with a clear message when the real parts the journeys need are missing (CI installs them). */
export function assertBrowserPrerequisites(): void {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install chromium (or set CHROMIUM_PATH)`);
  if (!fs.existsSync(path.join(ROOT, 'client/dist/h5/index.html'))) {
    throw new Error('client/dist/h5 is not built: run npm run build:h5 (npm test does it first)');
  }
}

export interface Phone {
  page: Page;
  shot(name: string): Promise<void>;
  errors: string[];
  close(): Promise<void>;
}

/**
 * Headless Debian Chromium as a phone (390×844 at 2×, zh-CN, Beijing time), with a fresh profile, collecting page
 * errors. The phone's clock reads `now` (the server's injected clock), so dates it proposes agree with the server.
 */
export async function openPhone(now: Date | null = TEST_NOW): Promise<Phone> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-chromium-'));
  const ctx: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  // starts at `now` and keeps running (a frozen clock would stall the page transitions, which time themselves)
  if (now) {
    await page.clock.install({ time: now });
    await page.clock.resume();
  }
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    page,
    errors,
    async shot(name) {
      // Taro H5 scrolls inside its page element: grow the viewport to the content for a full-length picture
      const h = await page.evaluate(() =>
        Math.max(...Array.from(document.querySelectorAll('.taro_page, body')).map((e) => e.scrollHeight)));
      await page.setViewportSize({ width: 390, height: Math.min(Math.max(844, h), 4000) });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
      await page.setViewportSize({ width: 390, height: 844 });
    },
    async close() {
      await ctx.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in on the dev login page as a demo user, from a clean session. */
export async function signInAs(page: Phone['page'], baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${baseUrl}/`);
  await page.locator(`#dev-user-${username}`).click();
}

/** A browser journey's fixtures: the app (real gateway and database) and a phone, started once for the file. */
export function useJourney(): { app: TestApp; phone: Phone } {
  const journey = {} as { app: TestApp; phone: Phone };
  beforeAll(async () => {
    assertBrowserPrerequisites();
    journey.app = await startApp();
    journey.phone = await openPhone();
  }, 60_000);
  afterAll(async () => {
    await journey.phone?.close();
    await journey.app?.close();
  });
  return journey;
}
