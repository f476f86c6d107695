import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuthResponse, Room } from '@chat/contracts';
import { startApp, type RunningApp } from '../support/app-server.js';
import { launchBrowser, screenshot, type LaunchedBrowser } from '../support/browser.js';
import { befriend, call, openAs, person, register, type Session } from './chat-support.js';

/**
 * Keyboard use: the skip link and visible focus, then the quick switcher: Ctrl+K, type, arrows and Enter lead to a
 * room or a person; Escape closes it.
 */

const run = Date.now().toString(36).slice(-5);
let app: RunningApp;
let chromium: LaunchedBrowser;
let ada: AuthResponse;
let bo: AuthResponse;
let s: Session;
let design: Room;

beforeAll(async () => {
  app = await startApp();
  ada = await register(app.baseUrl, person('Ada', run));
  bo = await register(app.baseUrl, { ...person('Bo', run), displayName: `Bo Designer ${run}` });
  await befriend(app.baseUrl, ada, bo);
  design = await call<Room>(app.baseUrl, ada.token, 'POST', '/rooms', { name: `Design ${run}`, description: 'Mockups' });
  await call<Room>(app.baseUrl, ada.token, 'POST', '/rooms', { name: `General ${run}`, description: 'Everything else' });
  chromium = await launchBrowser();
  s = await openAs(chromium.browser, app.baseUrl, ada);
});

afterAll(async () => {
  await chromium?.close();
  await app?.stop();
});

describe('keyboard', () => {
  it('the first Tab reaches a visible "Skip to content" link that moves focus to the main pane', async () => {
    const { page } = s;
    await page.goto('/friends');
    await page.getByRole('heading', { name: 'Friends', level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    const box = await skip.boundingBox();
    expect(box && box.width > 0 && box.height > 0 && box.y >= 0).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // The next Tab lands inside the main pane, on something drawn with a focus ring.
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { inMain: !!el.closest('main'), ring: style.outlineStyle !== 'none' || style.boxShadow !== 'none' };
    });
    expect(focus).toEqual({ inMain: true, ring: true });
  });
});

describe('quick switcher', () => {
  it('Ctrl+K, a few letters and Enter open the room', async () => {
    const { page } = s;
    await page.goto('/friends');
    await page.getByRole('heading', { name: 'Friends', level: 1 }).waitFor();
    await page.keyboard.press('Control+K');
    const dialog = page.getByRole('dialog', { name: 'Jump to…' });
    await dialog.waitFor();
    const box = dialog.getByRole('combobox', { name: 'Search rooms and people' });
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
    await box.fill('desi');
    // The room (a name prefix) ranks before Bo (a word inside his name), who is a friend.
    await dialog.getByRole('option', { name: new RegExp(`Bo Designer ${run}`) }).waitFor();
    const options = await dialog.getByRole('option').allInnerTexts();
    expect(options).toEqual([expect.stringContaining(`Design ${run}`), expect.stringContaining(`Bo Designer ${run}`)]);
    await screenshot(page, 'switcher-desktop', { fullPage: false });
    await box.press('Enter');
    await page.waitForURL(`**/rooms/${design.id}`);
    await dialog.waitFor({ state: 'hidden' });
  });

  it('arrow keys move the selection to a person, and Enter opens their profile', async () => {
    const { page } = s;
    await page.keyboard.press('Control+K');
    const dialog = page.getByRole('dialog', { name: 'Jump to…' });
    const box = dialog.getByRole('combobox');
    await box.fill('desi');
    await dialog.getByRole('option', { name: new RegExp(`Bo Designer ${run}`) }).waitFor();
    await box.press('ArrowDown');
    expect(await dialog.getByRole('option', { selected: true }).innerText()).toContain(`Bo Designer ${run}`);
    await box.press('Enter');
    await page.waitForURL(`**/users/${bo.user.id}`);
  });

  it('Escape closes it and says nothing matches for an unknown name', async () => {
    const { page } = s;
    await page.keyboard.press('Control+K');
    const dialog = page.getByRole('dialog', { name: 'Jump to…' });
    await dialog.getByRole('combobox').fill('zzzz-nobody');
    await dialog.getByText(/Nothing matches/).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(s.watch.errors).toEqual([]);
  });
});
