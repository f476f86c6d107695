import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuthResponse, Invite, Message, Room } from '@chat/contracts';
import type { Page } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app-server.js';
import { axeProblems } from '../support/axe.js';
import { launchBrowser, screenshot, type LaunchedBrowser } from '../support/browser.js';
import { befriend, call, messagesWith, openAs, openDm, person, register, send, type Session } from './chat-support.js';

/**
 * Issue 17, pins, saved messages and mark as unread in the browser: an owner pins a message and a member sees it
 * pinned live and in the header's panel (and cannot pin himself); a member saves a message, finds it on /saved and
 * unsaves it; marking a conversation unread from a message brings back its badge and "New messages" line, keeps them
 * while it stays open, and another device of the same person follows live.
 */

const run = Date.now().toString(36).slice(-5);
let app: RunningApp;
let chromium: LaunchedBrowser;
let ada: AuthResponse;
let bo: AuthResponse;
let team: Room;
let a: Session;
let b: Session;
let a2: Session | null = null;

async function post(auth: AuthResponse, body: string, roomId = team.id): Promise<Message> {
  return call<Message>(app.baseUrl, auth.token, 'POST', `/rooms/${roomId}/messages`, { clientId: crypto.randomUUID(), body });
}

async function openMenu(page: Page, text: string): Promise<void> {
  const row = messagesWith(page, text);
  await row.hover();
  await row.getByRole('button', { name: /^Actions for/ }).click();
  await page.getByRole('menu').waitFor();
}

async function menuItems(page: Page): Promise<string[]> {
  return (await page.getByRole('menuitem').allInnerTexts()).map((t) => t.trim());
}

async function noAxeProblems(page: Page, screen: string): Promise<void> {
  const problems = await axeProblems(page, screen);
  if (problems.length) console.log(problems.join('\n'));
  expect(problems).toEqual([]);
}

const teamItem = (page: Page) => page.getByRole('list', { name: 'Conversations' }).getByRole('link', { name: new RegExp(`^Team ${run}`) });

beforeAll(async () => {
  app = await startApp();
  ada = await register(app.baseUrl, person('Ada', run));
  bo = await register(app.baseUrl, person('Bo', run));
  await befriend(app.baseUrl, ada, bo);
  team = await call<Room>(app.baseUrl, ada.token, 'POST', '/rooms', { name: `Team ${run}` });
  const invite = await call<Invite>(app.baseUrl, ada.token, 'POST', `/rooms/${team.id}/invites`, { userId: bo.user.id });
  await call(app.baseUrl, bo.token, 'POST', `/invites/${invite.id}/accept`);
  await post(ada, 'Pin this one: the release checklist');
  await post(bo, 'First plan: ship on Friday');
  await post(bo, 'Second plan: ship on Monday');
  await post(bo, 'Third plan: ask the team');
  // Ada has read everything.
  await call(app.baseUrl, ada.token, 'POST', `/rooms/${team.id}/read`, { seq: 4 });
  chromium = await launchBrowser();
  a = await openAs(chromium.browser, app.baseUrl, ada);
  b = await openAs(chromium.browser, app.baseUrl, bo);
});

afterAll(async () => {
  await chromium?.close();
  await app?.stop();
});

afterEach(() => {
  expect(a?.watch.errors ?? []).toEqual([]);
  expect(b?.watch.errors ?? []).toEqual([]);
  expect(a2?.watch.errors ?? []).toEqual([]);
});

describe('pins', () => {
  it('an owner pins a message; a member sees it pinned live and in the pinned messages panel', async () => {
    await a.page.goto(`/rooms/${team.id}`);
    await b.page.goto(`/rooms/${team.id}`);
    await messagesWith(b.page, 'Pin this one').waitFor();
    await b.page.getByRole('button', { name: 'Pinned messages' }).waitFor();

    await openMenu(a.page, 'Pin this one');
    await a.page.getByRole('menuitem', { name: 'Pin', exact: true }).click();
    await messagesWith(a.page, 'Pin this one').getByText('Pinned', { exact: true }).waitFor();

    // Live at Bo's: the words "Pinned" on the message and the count on the header's button.
    await messagesWith(b.page, 'Pin this one').getByText('Pinned', { exact: true }).waitFor();
    const pinsButton = b.page.getByRole('button', { name: 'Pinned messages, 1' });
    await pinsButton.click();
    const panel = b.page.getByRole('dialog', { name: 'Pinned messages' });
    await panel.getByRole('link', { name: /Pin this one: the release checklist/ }).waitFor();
    // A member of a group cannot unpin.
    expect(await panel.getByRole('button', { name: /^Unpin/ }).count()).toBe(0);
    await screenshot(b.page, 'pins-01-panel-desktop');
    await noAxeProblems(b.page, 'pinned messages panel');
    await b.page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    // Focus goes back to the button.
    expect(await b.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Pinned messages, 1');
  });

  it('a member of a group cannot pin', async () => {
    await openMenu(b.page, 'Second plan');
    const items = await menuItems(b.page);
    expect(items).toContain('Save');
    expect(items).not.toContain('Pin');
    expect(items).not.toContain('Unpin');
    await b.page.keyboard.press('Escape');
  });

  it('the owner unpins from the panel and the member sees it go live', async () => {
    await a.page.getByRole('button', { name: 'Pinned messages, 1' }).click();
    const panel = a.page.getByRole('dialog', { name: 'Pinned messages' });
    await panel.getByRole('button', { name: `Unpin the message from ${ada.user.displayName}` }).click();
    await panel.getByText('No pinned messages yet.').waitFor();
    await a.page.keyboard.press('Escape');
    await messagesWith(b.page, 'Pin this one').getByText('Pinned', { exact: true }).waitFor({ state: 'detached' });
    await b.page.getByRole('button', { name: 'Pinned messages', exact: true }).waitFor();
  });
});

describe('saved messages', () => {
  it('saves a message from its menu, lists it on /saved, and unsaves it there', async () => {
    await openMenu(b.page, 'Second plan');
    await b.page.getByRole('menuitem', { name: 'Save', exact: true }).click();
    await b.page.getByText('Saved. Find it in Saved messages.').waitFor();
    // The menu knows it is saved now.
    await openMenu(b.page, 'Second plan');
    expect(await menuItems(b.page)).toContain('Unsave');
    await b.page.keyboard.press('Escape');

    await b.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Saved' }).click();
    await b.page.getByRole('heading', { name: 'Saved messages', level: 1 }).waitFor();
    const list = b.page.getByRole('list', { name: 'Saved messages' });
    const item = list.getByRole('link', { name: /Second plan: ship on Monday/ });
    await item.waitFor();
    expect(await item.innerText()).toContain(`in Team ${run}`);
    expect(await item.innerText()).toContain(bo.user.displayName);
    expect(await item.getAttribute('href')).toMatch(new RegExp(`^/rooms/${team.id}\\?seq=3$`));
    await screenshot(b.page, 'saved-01-page-desktop');
    await noAxeProblems(b.page, 'saved messages page');

    await list.getByRole('button', { name: `Unsave the message from ${bo.user.displayName}` }).click();
    await b.page.getByText('No saved messages yet.').waitFor();
    await noAxeProblems(b.page, 'saved messages page, empty');

    // Opening a saved message opens its room.
    await openTeam(b);
    await openMenu(b.page, 'Third plan');
    await b.page.getByRole('menuitem', { name: 'Save', exact: true }).click();
    await b.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Saved' }).click();
    // (Scoped to the list: the sidebar's conversation link shows the same text as its last message.)
    await b.page
      .getByRole('list', { name: 'Saved messages' })
      .getByRole('link', { name: /Third plan: ask the team/ })
      .click();
    await b.page.waitForURL(new RegExp(`/rooms/${team.id}\\?seq=4$`));
    await messagesWith(b.page, 'Third plan').waitFor();
  });

  it('pages back through many saved messages with "Load more"; either member of a direct room may pin', async () => {
    const dm = await openDm(app.baseUrl, bo, ada);
    // Written by both, so neither comes near the send rate limit (bursts of 30).
    for (let i = 1; i <= 32; i++) {
      const m = await post(i % 2 ? ada : bo, `Note ${i} to self`, dm.id);
      await call(app.baseUrl, bo.token, 'PUT', `/messages/${m.id}/save`);
    }
    await b.page.goto('/saved');
    const list = b.page.getByRole('list', { name: 'Saved messages' });
    await list.getByRole('link', { name: /Note 32 to self/ }).waitFor();
    // Newest save first, 30 a page (the earlier save of "Third plan" is on the second page too).
    expect(await list.getByRole('listitem').count()).toBe(30);
    expect(await list.getByRole('link', { name: /Note 2 to self/ }).count()).toBe(0);
    const note = await list.getByRole('link', { name: /Note 3 to self/ }).innerText();
    expect(note).toContain(`with ${ada.user.displayName}`);
    expect(note).toContain(ada.user.displayName);
    await b.page.getByRole('button', { name: 'Load more' }).click();
    await list.getByRole('link', { name: /Third plan/ }).waitFor();
    expect(await list.getByRole('listitem').count()).toBe(33);
    await b.page.getByRole('button', { name: 'Load more' }).waitFor({ state: 'detached' });

    await b.page.goto(`/rooms/${dm.id}`);
    await openMenu(b.page, 'Note 32 to self');
    expect(await menuItems(b.page)).toEqual(expect.arrayContaining(['Pin', 'Unsave', 'Mark unread from here']));
    await b.page.keyboard.press('Escape');
  });
});

async function openTeam(s: Session): Promise<Page> {
  await s.page.goto(`/rooms/${team.id}`);
  await messagesWith(s.page, 'Third plan').waitFor();
  return s.page;
}

describe('mark as unread', () => {
  it('brings back the badge and the "New messages" line, keeps them while the room stays open, and another device follows', async () => {
    a2 = await openAs(chromium.browser, app.baseUrl, ada);
    await a2.page.goto('/');
    await teamItem(a2.page).waitFor();
    expect(await teamItem(a2.page).locator('.chat-item__badge').count()).toBe(0);

    await openTeam(a);
    expect(await teamItem(a.page).locator('.chat-item__badge').count()).toBe(0);
    expect(await a.page.getByRole('separator', { name: 'New messages' }).count()).toBe(0);

    await openMenu(a.page, 'First plan');
    await a.page.getByRole('menuitem', { name: 'Mark unread from here' }).click();
    const badge = teamItem(a.page).locator('.chat-item__badge');
    await badge.waitFor();
    expect(await badge.innerText()).toMatch(/^3/);
    const line = a.page.getByRole('separator', { name: 'New messages' });
    await line.waitFor();
    // The line sits right before the first unread message.
    const next = await line.evaluate((el) => el.nextElementSibling?.textContent ?? '');
    expect(next).toContain('First plan');

    // Another device of Ada's follows live.
    await teamItem(a2.page).locator('.chat-item__badge').waitFor();

    // Still looking at it: it is not marked read again.
    await a.page.waitForTimeout(2_500);
    expect(await badge.count()).toBe(1);
    expect(await line.count()).toBe(1);
    const server = await call<Room>(app.baseUrl, ada.token, 'GET', `/rooms/${team.id}`);
    expect(server).toMatchObject({ myReadSeq: 1, unreadCount: 3 });
    await screenshot(a.page, 'unread-01-marked-desktop');

    // Writing there is reading it: the badge goes, here and on the other device.
    await send(a.page, 'Caught up now');
    await badge.waitFor({ state: 'detached' });
    await teamItem(a2.page).locator('.chat-item__badge').waitFor({ state: 'detached' });
  });
});
