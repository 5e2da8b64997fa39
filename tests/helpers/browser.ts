import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/core/clock.js';
import { type RunningServer, startNodeServer } from '../../src/runtime/server.js';

/**
 * The pages in a real browser: `npm start` as a new user runs it (embedded PGlite, demo data, demo
 * sign-in) on a loopback port, driven by Debian's chromium through playwright-core (no browser
 * download). Each page's screenshot is saved under test-artifacts/browser/ (not committed), and every
 * console error or uncaught page error fails the test that caused it.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'browser');

// Without the background-networking flags chromium keeps reaching for hosts this network refuses.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export type Site = {
  url: string;
  server: RunningServer;
  /** A new browser tab (its own cookies) whose console errors are collected. */
  open(options?: { phone?: boolean }): Promise<Tab>;
  close(): Promise<void>;
};

export type Tab = {
  page: Page;
  /**
   * Saves a full-page screenshot named after the step, and checks the page logged no error so far. A
   * page answered on purpose with an error status (a refused form is 400) names it: chromium logs that
   * status as a failed load of the document, and only that one line is then expected.
   */
  shot(name: string, options?: { status?: number }): Promise<void>;
  /** Signs in with the console's one-click demo button for a role. */
  signInAs(role: string): Promise<void>;
  close(): Promise<void>;
};

/** A clock of the test's own (tests/helpers/clock.ts) lets a journey step past a legal deadline. */
export async function openSite(options: { clock?: Clock } = {}): Promise<Site> {
  const dataDir = mkdtempSync(join(tmpdir(), 'registry-browser-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  const config = loadConfig({ DATA_DIR: dataDir, HOST: '127.0.0.1', DATABASE_URL: '' });
  const server = await startNodeServer(config, { port: 0, sweepOnStart: false, clock: options.clock });
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  } catch (error) {
    await server.close();
    throw error;
  }
  const url = server.url.replace('localhost', '127.0.0.1');
  const contexts: BrowserContext[] = [];
  return {
    url,
    server,
    async open(options = {}) {
      const context = await browser.newContext({
        baseURL: url,
        locale: 'zh-CN',
        viewport: options.phone ? { width: 375, height: 740 } : { width: 1280, height: 900 },
      });
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()} (${page.url()})`);
      });
      page.on('pageerror', (error) => errors.push(`page error: ${error.message} (${page.url()})`));
      return {
        page,
        async shot(name, options = {}) {
          await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
          const expected = `console: Failed to load resource: the server responded with a status of ${options.status}`;
          const unexpected = errors.filter((e) => !(options.status && e.startsWith(expected) && e.endsWith(`(${page.url()})`)));
          expect(unexpected, `console errors on ${name}`).toEqual([]);
          errors.length = 0;
        },
        async signInAs(role) {
          await page.goto('/console/sign-in');
          await page.locator(`button[data-role="${role}"]`).click();
          await page.waitForURL(/\/console(?:$|\/)/);
        },
        close: () => context.close(),
      };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
