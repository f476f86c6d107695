import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuthResponse, Invite, Message, Room } from '@chat/contracts';
import { startApp, type RunningApp } from '../support/app-server.js';
import { launchBrowser, screenshot, type LaunchedBrowser } from '../support/browser.js';
import {
  befriend,
  call,
  messagesWith,
  messageTexts,
  OFFLINE_NOISE,
  openAs,
  openDm,
  person,
  register,
  send,
  watchErrors,
  type Session,
} from './chat-support.js';

/**
 * Issue 4, two people in two browsers: messages arrive live, "is typing…", presence, read receipts, history paging,
 * and a dropped network: what was sent meanwhile arrives once and in order, and what was written offline is
 * delivered once when the connection returns.
 */

const run = Date.now().toString(36).slice(-5);
let app: RunningApp;
let chromium: LaunchedBrowser;
let ada: AuthResponse;
let bo: AuthResponse;
let dm: Room;
let team: Room;
let a: Session;
let b: Session;

beforeAll(async () => {
  // a send limit the history test's 70 seeded messages fit under without waiting
  app = await startApp({ env: () => ({ MESSAGE_RATE_PER_SECOND: '100', MESSAGE_BURST: '100' }) });
  ada = await register(app.baseUrl, person('Ada', run));
  bo = await register(app.baseUrl, person('Bo', run));
  await befriend(app.baseUrl, ada, bo);
  dm = await openDm(app.baseUrl, ada, bo);
  team = await call<Room>(app.baseUrl, ada.token, 'POST', '/rooms', { name: `Team ${run}`, description: 'Where the team talks.' });
  const invite = await call<Invite>(app.baseUrl, ada.token, 'POST', `/rooms/${team.id}/invites`, { userId: bo.user.id });
  await call(app.baseUrl, bo.token, 'POST', `/invites/${invite.id}/accept`);
  chromium = await launchBrowser();
  a = await openAs(chromium.browser, app.baseUrl, ada);
  b = await openAs(chromium.browser, app.baseUrl, bo, { colorScheme: 'dark' });
});

afterAll(async () => {
  await chromium?.close();
  await app?.stop();
});

afterEach(() => {
  expect(a?.watch.errors ?? []).toEqual([]);
  expect(b?.watch.errors ?? []).toEqual([]);
});

const composer = (s: Session) => s.page.getByRole('textbox', { name: /^Message / });
// Offline, the banner says so (and that saved messages are shown); online without the server, "Reconnecting…".
const banner = (s: Session) => s.page.getByText(/^(Reconnecting…|You are offline: showing saved messages\.)$/);

describe('realtime chat', () => {
  it('delivers messages live and shows who is typing', async () => {
    await a.page.goto(`/rooms/${dm.id}`);
    await b.page.goto(`/rooms/${dm.id}`);
    await b.page.getByText('No messages yet — say hi').waitFor();

    await composer(a).fill('Hel');
    await b.page.getByText(`${ada.user.displayName} is typing…`).waitFor();
    await screenshot(b.page, 'chat-10-typing-desktop-dark');

    await composer(a).fill('Hello live');
    await composer(a).press('Enter');
    await messagesWith(b.page, 'Hello live').waitFor();
    // Sending ends the typing state at once.
    await b.page.getByText(`${ada.user.displayName} is typing…`).waitFor({ state: 'detached' });
  });

  it('shows read receipts from the members’ read markers', async () => {
    // Bo has the conversation open at the end: he read it, and Ada sees so.
    await messagesWith(a.page, 'Hello live').getByText('Seen').waitFor();

    await a.page.goto(`/rooms/${team.id}`);
    await send(a.page, 'Standup in five');
    await messagesWith(a.page, 'Standup in five').locator('time').waitFor();
    expect(await a.page.getByText(`Seen by ${bo.user.displayName}`).count()).toBe(0);
    // Bo's list shows it unread until he opens the room.
    const item = b.page.getByRole('list', { name: 'Conversations' }).getByRole('link', { name: new RegExp(`^Team ${run}`) });
    await item.locator('.chat-item__badge').waitFor();
    await item.click();
    await messagesWith(b.page, 'Standup in five').waitFor();
    await a.page.getByText(`Seen by ${bo.user.displayName}`).waitFor();
    await item.locator('.chat-item__badge').waitFor({ state: 'detached' });
  });

  it('turns the presence dot off when the other person leaves and on when they return', async () => {
    await a.page.goto(`/rooms/${dm.id}`);
    await b.page.goto(`/rooms/${dm.id}`);
    const status = a.page.locator('.conv-header__sub');
    await status.getByText('Online', { exact: true }).waitFor();
    const onlineDot = a.page
      .getByRole('list', { name: 'Conversations' })
      .getByRole('link', { name: new RegExp(`^${bo.user.displayName}`) })
      .locator('.avatar__presence--online');
    await onlineDot.waitFor();

    await b.page.close();
    await onlineDot.waitFor({ state: 'detached' });
    await status.getByText(/^Last seen/).waitFor();

    b.page = await b.context.newPage();
    b.watch = watchErrors(b.page);
    await b.page.goto(`/rooms/${dm.id}`);
    await onlineDot.waitFor();
    await status.getByText('Online', { exact: true }).waitFor();
  });

  it('after a network drop shows everything sent meanwhile, once and in order', async () => {
    await a.page.goto(`/rooms/${dm.id}`);
    await b.page.goto(`/rooms/${dm.id}`);
    await messagesWith(b.page, 'Hello live').waitFor();
    await messagesWith(a.page, 'Hello live').waitFor();
    b.watch.allow(OFFLINE_NOISE);
    await b.context.setOffline(true);
    await banner(b).waitFor();
    await screenshot(b.page, 'chat-11-reconnecting-desktop-dark');

    const missed = ['missed 1', 'missed 2', 'missed 3', 'missed 4', 'missed 5'];
    for (const text of missed) await send(a.page, text);
    await messagesWith(a.page, 'missed 5').locator('time').waitFor();
    expect(await messagesWith(b.page, 'missed').count()).toBe(0);

    await b.context.setOffline(false);
    await banner(b).waitFor({ state: 'detached', timeout: 20_000 });
    await messagesWith(b.page, 'missed 5').waitFor();
    const texts = await messageTexts(b.page);
    expect(texts.filter((t) => t.startsWith('missed'))).toEqual(missed);
    expect(texts).toEqual(['Hello live', ...missed]);
    b.watch.allow(null);
  });

  it('delivers a message written offline exactly once when the connection returns', async () => {
    b.watch.allow(OFFLINE_NOISE);
    await b.context.setOffline(true);
    await banner(b).waitFor();
    await send(b.page, 'written while offline');
    const pending = messagesWith(b.page, 'written while offline');
    await pending.waitFor();
    expect(await pending.getAttribute('class')).toMatch(/msg--queued|msg--sending/);
    await pending.getByTitle('Waiting for connection').waitFor();
    await screenshot(b.page, 'chat-12-pending-offline-desktop-dark');

    await b.context.setOffline(false);
    await messagesWith(a.page, 'written while offline').waitFor({ timeout: 20_000 });
    await b.page.waitForFunction(() => document.querySelectorAll('.msg--queued, .msg--sending').length === 0);
    // Give a duplicate time to show up, then count.
    await a.page.waitForTimeout(1_000);
    expect(await messagesWith(a.page, 'written while offline').count()).toBe(1);
    expect(await messagesWith(b.page, 'written while offline').count()).toBe(1);
    // And the server stored it once.
    const history = await call<{ messages: Message[] }>(app.baseUrl, ada.token, 'GET', `/rooms/${dm.id}/messages`);
    expect(history.messages.filter((m) => m.body === 'written while offline')).toHaveLength(1);
    b.watch.allow(null);
  });

  it('pages back through a long history and jumps back to the latest', async () => {
    for (let i = 1; i <= 70; i++) {
      await call(app.baseUrl, bo.token, 'POST', `/rooms/${team.id}/messages`, { clientId: `seed-${run}-${i}`, body: `seed ${i}` });
    }
    // 70 unread: the room opens at the "New messages" line, before the first of them.
    await a.page.goto(`/rooms/${team.id}`);
    const log = a.page.getByRole('log');
    await log.getByRole('separator', { name: 'New messages' }).waitFor();
    await log.getByText('seed 1', { exact: true }).waitFor();
    await a.page.getByRole('button', { name: /^(Jump to latest|\d+ new messages?)$/ }).waitFor();
    // Paging back to the start (older pages load at the top).
    await log.evaluate((el) => (el.scrollTop = 0));
    await log.getByText(`Welcome to Team ${run}!`).waitFor();
    const texts = await messageTexts(a.page);
    expect(texts).toEqual(['Standup in five', ...Array.from({ length: 70 }, (_, i) => `seed ${i + 1}`)]);
    // And back to the latest.
    await a.page.getByRole('button', { name: /^(Jump to latest|\d+ new messages?)$/ }).click();
    await a.page.getByRole('button', { name: /^(Jump to latest|\d+ new messages?)$/ }).waitFor({ state: 'detached' });
    const atEnd = await log.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    expect(atEnd).toBeLessThan(48);
  });
});

describe('session', () => {
  it('goes back to login when the socket is refused for an ended session', async () => {
    const login = await call<AuthResponse>(app.baseUrl, null, 'POST', '/auth/login', {
      login: bo.user.username,
      password: person('Bo', run).password,
    });
    const other = await openAs(chromium.browser, app.baseUrl, login);
    try {
      await other.page.goto(`/rooms/${dm.id}`);
      await messagesWith(other.page, 'Hello live').waitFor();
      // That session is logged out elsewhere: the server drops its socket, the next handshake is refused.
      await call(app.baseUrl, login.token, 'POST', '/auth/logout');
      await other.page.waitForURL((url) => url.pathname === '/login');
      await other.page.getByText('Your session has ended. Log in again to continue.').waitFor();
      expect(await other.page.evaluate(() => localStorage.getItem('chat.session'))).toBeNull();
      expect(other.watch.errors).toEqual([]);
    } finally {
      await other.context.close();
    }
  });
});

describe('screens', () => {
  it('fits a phone, light and dark: the list, then one conversation with a way back', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const phone = await openAs(chromium.browser, app.baseUrl, bo, { phone: true, colorScheme });
      try {
        await phone.page.goto('/');
        const list = phone.page.getByRole('list', { name: 'Conversations' });
        await list.getByRole('link', { name: new RegExp(`^Team ${run}`) }).waitFor();
        await screenshot(phone.page, `chat-20-phone-list-${colorScheme}`, { fullPage: false });
        await list.getByRole('link', { name: new RegExp(`^${ada.user.displayName}`) }).click();
        await messagesWith(phone.page, 'written while offline').waitFor();
        const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBe(0);
        await screenshot(phone.page, `chat-21-phone-conversation-${colorScheme}`, { fullPage: false });
        await phone.page.getByRole('link', { name: 'Back to conversations' }).click();
        await phone.page.waitForURL((url) => url.pathname === '/');
        expect(phone.watch.errors).toEqual([]);
      } finally {
        await phone.context.close();
      }
    }
  });

  it('shows the conversation on a wide screen, light and dark', async () => {
    await a.page.goto(`/rooms/${dm.id}`);
    await messagesWith(a.page, 'written while offline').waitFor();
    await screenshot(a.page, 'chat-22-desktop-conversation-light', { fullPage: false });
    await b.page.goto(`/rooms/${team.id}`);
    await messagesWith(b.page, 'seed 70').waitFor();
    await screenshot(b.page, 'chat-23-desktop-room-dark', { fullPage: false });
  });
});
