import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { SCREENSHOTS_DIR } from './paths.js';

/** Debian's Chromium; a browser is never downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Playwright gives the browser a fresh temporary profile (its own --user-data-dir) and removes it on close. */
export async function launchBrowser(): Promise<LaunchedBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  return { browser, close: () => browser.close() };
}

export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };

export async function newContext(browser: Browser, baseURL: string, viewport = DESKTOP): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    viewport,
    locale: 'en-US',
    timezoneId: 'Europe/Berlin',
    deviceScaleFactor: viewport === PHONE ? 2 : 1,
    isMobile: viewport === PHONE,
    hasTouch: viewport === PHONE,
  });
}

/**
 * Collects console errors and uncaught page errors. A step that provokes an error answer on purpose (a form the
 * server refuses) names the status it expects with `allow`, and only Chromium's "Failed to load resource" line for
 * that status is let through.
 */
export function watchForErrors(page: Page): { errors: string[]; allow(status: number): void; disallow(): void } {
  const errors: string[] = [];
  let allowed: number | null = null;
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    if (allowed !== null && text.includes('Failed to load resource') && text.includes(`status of ${allowed}`)) return;
    errors.push(`console.error: ${text} (${msg.location().url})`);
  });
  return {
    errors,
    allow: (status) => (allowed = status),
    disallow: () => (allowed = null),
  };
}

/**
 * Saves artifacts/screenshots/<name>.png. Desktop shots take the whole page; phone shots take what the screen shows,
 * since a full-page capture draws the fixed bottom tab bar in the middle of the page.
 */
export async function screenshot(page: Page, name: string, { fullPage = true }: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage, animations: 'disabled' });
}
