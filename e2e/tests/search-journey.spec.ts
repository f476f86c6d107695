import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuthResponse, Room } from '@chat/contracts';
import type { Locator, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app-server.js';
import { axeProblems } from '../support/axe.js';
import { launchBrowser, screenshot, type LaunchedBrowser } from '../support/browser.js';
import { call, messagesWith, openAs, person, register } from './chat-support.js';

/**
 * Issue 17, message search and jump to a message: a word searched from the sidebar shows highlighted results grouped
 * by room; a result far back in history opened with the keyboard opens its room centred on it, highlighted, paging
 * both ways; a message arriving meanwhile is there after "Jump to latest"; Ctrl+F in a room searches that room, and
 * its chip widens the search to every room; typed operators filter like the filter row.
 */

const run = Date.now().toString(36).slice(-5);
const ada = person('Ada', run);
const bo = person('Bo', run);
const COUNT = 300;
const FAR = 150;

let app: RunningApp;
let chromium: LaunchedBrowser;
let adaAuth: AuthResponse;
let boAuth: AuthResponse;
let ops: Room;
let garden: Room;

const line = (i: number) =>
  i === FAR ? `Message ${i}: the zephyr deploy failed at step ${i}` : i === 290 ? `Message ${i}: zephyr is back` : `Message ${i}`;

beforeAll(async () => {
  app = await startApp({ env: () => ({ MESSAGE_RATE_PER_SECOND: '1000', MESSAGE_BURST: '1000' }) });
  chromium = await launchBrowser();
  adaAuth = await register(app.baseUrl, ada);
  boAuth = await register(app.baseUrl, bo);
  ops = await call<Room>(app.baseUrl, adaAuth.token, 'POST', '/rooms', { name: `ops-${run}`, visibility: 'public' });
  garden = await call<Room>(app.baseUrl, adaAuth.token, 'POST', '/rooms', { name: `garden-${run}`, visibility: 'public' });
  await call(app.baseUrl, boAuth.token, 'POST', `/rooms/${ops.id}/join`);
  await call(app.baseUrl, boAuth.token, 'POST', `/rooms/${garden.id}/join`);
  for (let i = 1; i <= COUNT; i++) {
    const who = i % 3 === 0 ? adaAuth : boAuth;
    await call(app.baseUrl, who.token, 'POST', `/rooms/${ops.id}/messages`, { clientId: `s-${run}-${i}`, body: line(i) });
  }
  // The newest match of all: the garden's group comes first.
  await call(app.baseUrl, boAuth.token, 'POST', `/rooms/${garden.id}/messages`, {
    clientId: `g-${run}-1`,
    body: 'A zephyr bent the tulips',
  });
  await call(app.baseUrl, adaAuth.token, 'POST', `/rooms/${ops.id}/read`, { seq: COUNT });
  await call(app.baseUrl, adaAuth.token, 'POST', `/rooms/${garden.id}/read`, { seq: 1 });
}, 240_000);

afterAll(async () => {
  await chromium?.close();
  await app?.stop();
});

/** The group headers of the results, in order. */
function groupTitles(page: Page): Promise<string[]> {
  return page.locator('.msearch-group__title').allInnerTexts();
}

/** Where a row is in the message list: inside it, and how far its middle is from the list's middle (px). */
function placeInList(page: Page, text: string | Locator) {
  return (typeof text === 'string' ? messagesWith(page, text) : text).evaluate((row) => {
    const list = row.closest('.message-scroller')!.getBoundingClientRect();
    const r = row.getBoundingClientRect();
    return {
      inside: r.top >= list.top && r.bottom <= list.bottom,
      offCentre: Math.abs((r.top + r.bottom) / 2 - (list.top + list.bottom) / 2),
      flashed: row.classList.contains('msg--flash'),
      focused: document.activeElement === row,
    };
  });
}

describe('message search and jump to a message (issue 17)', () => {
  it('searches from the sidebar, opens a far-back result centred, pages both ways, and jumps back to the latest', async () => {
    const { context, page, watch } = await openAs(chromium.browser, app.baseUrl, adaAuth);
    try {
      await page.goto(`/rooms/${ops.id}`);
      await messagesWith(page, `Message ${COUNT}`).waitFor();

      // The sidebar's search field opens the results.
      const sidebarSearch = page.getByRole('searchbox', { name: 'Search messages' });
      await sidebarSearch.fill('zephyr');
      await sidebarSearch.press('Enter');
      await page.waitForURL(/\/search\/messages\?q=zephyr/);
      const results = page.getByRole('listbox', { name: 'Search results' });
      await results.getByRole('option').nth(2).waitFor();

      // Grouped by room, the room of the newest match first; every match marked.
      expect(await groupTitles(page)).toEqual([`#garden-${run}`, `#ops-${run}`]);
      expect(await results.getByRole('option').count()).toBe(3);
      const marks = await results.locator('mark').allInnerTexts();
      expect(marks.map((m) => m.toLowerCase())).toEqual(['zephyr', 'zephyr', 'zephyr']);
      expect(await results.getByRole('option').nth(0).innerText()).toContain('Bo');

      expect(await axeProblems(page, 'message search results')).toEqual([]);
      await screenshot(page, 'search-results-desktop', { fullPage: false });

      // The keyboard: into the results, down to the far-back one, Enter.
      await results.getByRole('option').first().focus();
      for (let i = 0; i < 5; i++) {
        const focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
        if (focused.includes(`step ${FAR}`)) break;
        await page.keyboard.press('ArrowDown');
      }
      expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toContain(`step ${FAR}`);
      await page.keyboard.press('Enter');

      // The room opens centred on it, highlighted and focused; neither the first nor the latest messages are loaded.
      await page.waitForURL(new RegExp(`/rooms/${ops.id}\\?seq=${FAR}$`));
      await messagesWith(page, `step ${FAR}`).waitFor();
      await page.waitForTimeout(300);
      const place = await placeInList(page, `step ${FAR}`);
      expect(place.inside).toBe(true);
      expect(place.offCentre).toBeLessThan(80);
      expect(place.flashed).toBe(true);
      expect(place.focused).toBe(true);
      expect(await messagesWith(page, `Message ${COUNT}`).count()).toBe(0);
      expect(await page.locator(`.msg[data-seq="${FAR - 60}"]`).count()).toBe(0);
      await screenshot(page, 'search-jump-centred', { fullPage: false });

      // A message arrives while an older part of the history is on screen: it is not lost.
      await call(app.baseUrl, boAuth.token, 'POST', `/rooms/${ops.id}/messages`, { clientId: `s-${run}-live`, body: 'Fresh news' });

      // Scrolling up loads older pages, scrolling down newer ones.
      const log = page.getByRole('log');
      await log.evaluate((el) => (el.scrollTop = 0));
      await page.locator(`.msg[data-seq="${FAR - 60}"]`).waitFor({ timeout: 10_000 });
      for (let i = 0; i < 20 && (await page.locator(`.msg[data-seq="${FAR + 60}"]`).count()) === 0; i++) {
        await log.evaluate((el) => (el.scrollTop = el.scrollHeight));
        await page.waitForTimeout(250);
      }
      expect(await page.locator(`.msg[data-seq="${FAR + 60}"]`).count()).toBe(1);

      // "Jump to latest" goes back to the live end, with the message that arrived meanwhile.
      await page.getByRole('button', { name: /Jump to latest|new message/ }).click();
      await page.waitForURL(new RegExp(`/rooms/${ops.id}$`));
      await messagesWith(page, 'Fresh news').waitFor();
      await page.waitForTimeout(300);
      expect((await placeInList(page, 'Fresh news')).inside).toBe(true);
      const texts = await page.getByRole('log').locator('.msg .msg__text').allInnerTexts();
      expect(texts.slice(-2)).toEqual([`Message ${COUNT}`, 'Fresh news']);

      expect(watch.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a reply quote whose original is not loaded finds it in older pages and shows it', async () => {
    const tenth = await call<{ messages: Array<{ id: string }> }>(
      app.baseUrl,
      adaAuth.token,
      'GET',
      `/rooms/${ops.id}/messages?around=10&limit=1`,
    );
    await call(app.baseUrl, boAuth.token, 'POST', `/rooms/${ops.id}/messages`, {
      clientId: `s-${run}-reply`,
      body: 'Answering the tenth',
      replyToId: tenth.messages[0]!.id,
    });
    await call(app.baseUrl, adaAuth.token, 'POST', `/rooms/${ops.id}/read`, { seq: COUNT + 2 });
    const { context, page, watch } = await openAs(chromium.browser, app.baseUrl, adaAuth);
    try {
      await page.goto(`/rooms/${ops.id}`);
      const reply = messagesWith(page, 'Answering the tenth');
      await reply.waitFor();
      expect(await page.locator('.msg[data-seq="10"]').count()).toBe(0);
      await reply.getByRole('button', { name: 'Reply to an earlier message. Show the original message' }).click();
      await page.locator('.msg[data-seq="10"]').waitFor({ timeout: 15_000 });
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-seq') === '10', undefined, { timeout: 5_000 });
      await page.waitForTimeout(600);
      expect((await placeInList(page, page.locator('.msg[data-seq="10"]'))).inside).toBe(true);
      expect(watch.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('on a phone the search page fits and passes axe', async () => {
    const { context, page, watch } = await openAs(chromium.browser, app.baseUrl, adaAuth, { phone: true });
    try {
      await page.goto('/search/messages?q=zephyr');
      await page.getByRole('listbox', { name: 'Search results' }).getByRole('option').nth(2).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await axeProblems(page, 'message search on a phone')).toEqual([]);
      await screenshot(page, 'search-results-phone', { fullPage: false });
      expect(watch.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('Ctrl+F in a room searches that room; the chip widens it; typed operators filter too', async () => {
    const { context, page, watch } = await openAs(chromium.browser, app.baseUrl, adaAuth);
    try {
      await page.goto(`/rooms/${ops.id}`);
      await messagesWith(page, `Message ${COUNT}`).waitFor();
      await page.getByRole('textbox', { name: /^Message / }).focus();
      await page.keyboard.press('Control+f');
      await page.waitForURL(new RegExp(`/search/messages\\?in=${ops.id}`));

      const box = page.getByRole('searchbox', { name: 'Search messages' });
      await page
        .waitForFunction(() => document.activeElement?.id === 'message-search', undefined, { timeout: 5_000 })
        .catch(async () => {
          throw new Error(`focus is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200))}`);
        });
      const chip = page.getByRole('list', { name: 'Filters in use' }).getByRole('listitem');
      expect(await chip.innerText()).toContain(`in #ops-${run}`);
      await box.fill('zephyr');
      const results = page.getByRole('listbox', { name: 'Search results' });
      await results.getByRole('option').nth(1).waitFor();
      expect(await groupTitles(page)).toEqual([`#ops-${run}`]);
      expect(await results.getByRole('option').count()).toBe(2);
      expect(await axeProblems(page, 'message search in one room')).toEqual([]);

      // Removing the chip searches every room.
      await page.getByRole('button', { name: `Remove filter: in #ops-${run}` }).click();
      await page.waitForURL((url) => !url.search.includes('in='));
      await results.getByRole('option').nth(2).waitFor();
      expect(await groupTitles(page)).toEqual([`#garden-${run}`, `#ops-${run}`]);

      // Typed operators: in:#room and from:@name narrow it like the filter row.
      await box.fill(`zephyr in:#garden-${run}`);
      await page.getByRole('button', { name: `Remove filter: in #garden-${run}` }).waitFor();
      await page.waitForFunction(() => document.querySelectorAll('.msearch-group__title').length === 1);
      expect(await groupTitles(page)).toEqual([`#garden-${run}`]);

      await box.fill(`zephyr from:@${ada.username}`);
      await page.getByRole('button', { name: `Remove filter: from ${ada.displayName}` }).waitFor();
      await page.waitForFunction(() => document.querySelectorAll('[role="option"]').length === 1);
      expect(await results.getByRole('option').first().innerText()).toContain(`step ${FAR}`);

      // Words that match nothing say so.
      await box.fill('qwertyuiopzz');
      await page.getByText(/No messages match/).waitFor();
      expect(await axeProblems(page, 'message search without results')).toEqual([]);

      expect(watch.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
