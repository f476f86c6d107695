import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuthResponse, Room } from '@chat/contracts';
import type { Page } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app-server.js';
import { launchBrowser, screenshot, type LaunchedBrowser } from '../support/browser.js';
import { call, openAs, person, register, type Session } from './chat-support.js';

/**
 * Issue 13, the conversation view with real history (200 messages): on a phone the conversation fills the screen and
 * opens at the newest message with the composer in view (items 1); the sticky day chip never lies over message text
 * (item 3); the keyboard reaches the messages (landmarks, F6 between regions, arrows between messages, Enter for a
 * message's menu, Tab from the composer into the list before the details pane) (item 13).
 */

const run = Date.now().toString(36).slice(-5);
const ada = person('Ada', run);
const bo = person('Bo', run);
const COUNT = 200;

let app: RunningApp;
let chromium: LaunchedBrowser;
let adaAuth: AuthResponse;
let boAuth: AuthResponse;
let room: Room;

const line = (i: number) =>
  i % 7 === 0
    ? `Message ${i}: a longer one, so that some bubbles wrap over two or three lines on a phone and the list has real height.`
    : `Message ${i}`;

beforeAll(async () => {
  // 200 messages through the API in a few seconds: the send limit is raised for the setup.
  app = await startApp({ env: () => ({ MESSAGE_RATE_PER_SECOND: '1000', MESSAGE_BURST: '1000' }) });
  chromium = await launchBrowser();
  adaAuth = await register(app.baseUrl, ada);
  boAuth = await register(app.baseUrl, bo);
  room = await call<Room>(app.baseUrl, adaAuth.token, 'POST', '/rooms', { name: `History ${run}`, visibility: 'public' });
  await call(app.baseUrl, boAuth.token, 'POST', `/rooms/${room.id}/join`);
  for (let i = 1; i <= COUNT; i++) {
    const who = i % 3 === 0 ? adaAuth : boAuth;
    await call(app.baseUrl, who.token, 'POST', `/rooms/${room.id}/messages`, { clientId: `h-${run}-${i}`, body: line(i) });
  }
  // Ada has read everything: the room opens at the newest message.
  await call(app.baseUrl, adaAuth.token, 'POST', `/rooms/${room.id}/read`, { seq: COUNT });
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await app?.stop();
});

async function withSession(options: { phone?: boolean; viewport?: { width: number; height: number } }, fn: (s: Session) => Promise<void>) {
  const s = await openAs(chromium.browser, app.baseUrl, adaAuth, { phone: options.phone });
  try {
    if (options.viewport) await s.page.setViewportSize(options.viewport);
    await fn(s);
    expect(s.watch.errors).toEqual([]);
  } finally {
    await s.context.close();
  }
}

async function openRoom(page: Page): Promise<void> {
  await page.goto(`/rooms/${room.id}`);
  await page
    .getByRole('log')
    .locator('.msg', { hasText: `Message ${COUNT}` })
    .waitFor();
  // The first positioning and the lazy layout settle.
  await page.waitForTimeout(300);
}

/** Whether the element lies wholly inside the window (the part of the page a person sees). */
function inViewport(page: Page, selector: string) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return { found: false, inside: false, rect: null };
    const r = el.getBoundingClientRect();
    return { found: true, inside: r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0, rect: { top: r.top, bottom: r.bottom } };
  }, selector);
}

describe('a phone conversation with 200 messages (issue 13, item 1)', () => {
  for (const viewport of [
    { width: 390, height: 844 },
    { width: 360, height: 640 },
  ]) {
    it(`at ${viewport.width}×${viewport.height}: opens at the newest message with the composer in view; only the list scrolls`, async () => {
      await withSession({ phone: true, viewport }, async ({ page }) => {
        await openRoom(page);
        const last = await inViewport(page, `.msg[data-seq="${COUNT}"]`);
        const composer = await inViewport(page, 'form.composer');
        const header = await inViewport(page, '.conv-header');
        expect({ last, composer, header }).toMatchObject({ last: { inside: true }, composer: { inside: true }, header: { inside: true } });

        const doc = await page.evaluate(() => {
          window.scrollTo(0, 100_000);
          const scroller = document.querySelector<HTMLElement>('.message-scroller')!;
          return {
            scrollY: window.scrollY,
            documentHeight: document.documentElement.scrollHeight,
            windowHeight: window.innerHeight,
            listScrolls: scroller.scrollHeight > scroller.clientHeight + 100,
          };
        });
        // The document itself has nothing to scroll: the message list does.
        expect(doc.scrollY).toBe(0);
        expect(doc.documentHeight).toBeLessThanOrEqual(doc.windowHeight);
        expect(doc.listScrolls).toBe(true);
        await screenshot(page, `conversation-200-phone-${viewport.width}x${viewport.height}`, { fullPage: false });

        // Scrolling the list keeps the header and the composer where they are.
        await page.locator('.message-scroller').evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
        await page.waitForTimeout(100);
        expect(await inViewport(page, 'form.composer')).toMatchObject({ inside: true, rect: composer.rect });
        expect(await inViewport(page, '.conv-header')).toMatchObject({ inside: true, rect: header.rect });
      });
    });
  }
});

describe('the sticky day chip (issue 13, item 3)', () => {
  for (const phone of [false, true]) {
    it(`never lies over the text of a message while scrolling (${phone ? 'phone' : 'desktop'})`, async () => {
      await withSession({ phone }, async ({ page }) => {
        await openRoom(page);
        const covered: string[] = [];
        for (const fraction of [0.35, 0.5, 0.62, 0.8]) {
          await page.locator('.message-scroller').evaluate((el, f) => (el.scrollTop = (el.scrollHeight - el.clientHeight) * f), fraction);
          await page.waitForTimeout(80);
          // Every message text under the chip: at each point where they overlap, is the text what the eye sees?
          covered.push(
            ...(await page.evaluate(() => {
              const found: string[] = [];
              const chip = [...document.querySelectorAll<HTMLElement>('.timeline-day span')]
                .map((el) => el.getBoundingClientRect())
                .find((r) => r.top >= 0 && r.top < 80);
              if (!chip) return ['no chip stuck at the top'];
              for (const text of document.querySelectorAll<HTMLElement>('.msg__text')) {
                for (const r of text.getClientRects()) {
                  const left = Math.max(r.left, chip.left);
                  const right = Math.min(r.right, chip.right);
                  const top = Math.max(r.top, chip.top);
                  const bottom = Math.min(r.bottom, chip.bottom);
                  if (right - left < 1 || bottom - top < 1) continue;
                  const x = (left + right) / 2;
                  const y = (top + bottom) / 2;
                  const hit = document.elementFromPoint(x, y);
                  if (hit && (text.contains(hit) || hit.closest('.msg')))
                    found.push(`"${text.textContent}" shows under the chip at ${x},${y}`);
                }
              }
              return found;
            })),
          );
        }
        expect(covered).toEqual([]);
        await screenshot(page, `conversation-day-band-${phone ? 'phone' : 'desktop'}`, { fullPage: false });
      });
    });
  }
});

describe('the keyboard in a conversation (issue 13, item 13)', () => {
  it('has landmarks for the sidebar, the messages and the composer', async () => {
    await withSession({}, async ({ page }) => {
      await openRoom(page);
      await page.getByRole('complementary', { name: 'Sidebar' }).waitFor();
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      await page.getByRole('region', { name: 'Messages' }).getByRole('log').waitFor();
      await page.getByRole('form', { name: 'Write a message' }).waitFor();
    });
  });

  it('moves between the sidebar, the message list and the composer with F6 and Shift+F6', async () => {
    await withSession({}, async ({ page }) => {
      await openRoom(page);
      const where = () =>
        page.evaluate(() => {
          const a = document.activeElement;
          if (!a) return 'none';
          if (a.closest('.sidebar-column')) return 'sidebar';
          if (a.closest('form.composer')) return 'composer';
          if (a.closest('.message-pane')) return a.classList.contains('msg') ? `message ${a.getAttribute('data-seq')}` : 'list';
          if (a.closest('.details')) return 'details';
          return a.tagName;
        });
      // Entering the room focuses the composer. F6 goes on in the order of the tab stops: composer, messages, details.
      expect(await where()).toBe('composer');
      await page.keyboard.press('F6');
      // The list's current message: the newest one until another was chosen.
      expect(await where()).toBe(`message ${COUNT}`);
      await page.keyboard.press('F6');
      expect(await where()).toBe('details');
      await page.keyboard.press('F6');
      expect(await where()).toBe('sidebar');
      await page.keyboard.press('F6');
      expect(await where()).toBe('composer');
      await page.keyboard.press('Shift+F6');
      expect(await where()).toBe('sidebar');
      await page.keyboard.press('Shift+F6');
      expect(await where()).toBe('details');
      await page.keyboard.press('Control+F6');
      expect(await where()).toBe('sidebar');
    });
  });

  it('walks the messages with the arrows, opens a message’s menu with Enter, and Tab goes from the composer to the list first', async () => {
    await withSession({}, async ({ page }) => {
      await openRoom(page);
      const box = page.getByRole('textbox', { name: /^Message / });
      expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
      // Tab from the composer: the message list (one stop: the current message), before the details pane.
      await page.keyboard.press('Tab');
      const focused = () =>
        page.evaluate(() => document.activeElement?.getAttribute('data-seq') ?? document.activeElement?.className ?? '');
      expect(await focused()).toBe(String(COUNT));
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      expect(await focused()).toBe(String(COUNT - 2));
      await page.keyboard.press('ArrowDown');
      expect(await focused()).toBe(String(COUNT - 1));
      // The focused message is on screen (not under the day band or the edges).
      const seen = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const r = el.getBoundingClientRect();
        const s = document.querySelector('.message-scroller')!.getBoundingClientRect();
        return r.top >= s.top && r.bottom <= s.bottom;
      });
      expect(seen).toBe(true);

      // Enter: the message's menu, on its first item; Escape: back to the message.
      await page.keyboard.press('Enter');
      const menu = page.getByRole('menu');
      await menu.waitFor();
      expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('menuitem');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Reply');
      await page.keyboard.press('Escape');
      await menu.waitFor({ state: 'detached' });
      await page.keyboard.press('ArrowUp');
      expect(await focused()).toBe(String(COUNT - 2));

      // Tab leaves the list in one stop: the next stop is outside it (the details pane here), not the next message.
      await page.keyboard.press('Tab');
      const after = await page.evaluate(() => {
        const a = document.activeElement!;
        return {
          inList: a.closest('.message-pane') !== null && !a.classList.contains('jump-latest'),
          inDetails: a.closest('.details') !== null,
        };
      });
      expect(after.inList).toBe(false);
      // Shift+Tab comes back to the message last chosen.
      await page.keyboard.press('Shift+Tab');
      if ((await focused()) !== String(COUNT - 2)) await page.keyboard.press('Shift+Tab');
      expect(await focused()).toBe(String(COUNT - 2));
      // Escape returns to the composer.
      await page.keyboard.press('Escape');
      expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
      await screenshot(page, 'conversation-keyboard-desktop', { fullPage: false });
    });
  });
});
