import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type RunningApp } from '../support/app-server.js';
import { launchBrowser, screenshot, type LaunchedBrowser } from '../support/browser.js';
import { call, messagesWith, messageTexts, openAs, person, send, type Session } from './chat-support.js';

/**
 * Issue 3, two people in two browsers: both register, become friends through the friends UI, exchange direct
 * messages (a reply, a link, markup shown as text), create a private room, invite and join, chat, edit and delete.
 */

const run = Date.now().toString(36).slice(-5);
const ada = person('Ada', run);
const bo = person('Bo', run);
const roomName = `Project ${run}`;

let app: RunningApp;
let chromium: LaunchedBrowser;
let a: Session;
let b: Session;

beforeAll(async () => {
  app = await startApp();
  chromium = await launchBrowser();
  a = await openAs(chromium.browser, app.baseUrl, null);
  b = await openAs(chromium.browser, app.baseUrl, null);
});

afterAll(async () => {
  await chromium?.close();
  await app?.stop();
});

afterEach(() => {
  expect(a?.watch.errors ?? []).toEqual([]);
  expect(b?.watch.errors ?? []).toEqual([]);
});

async function registerInUi(s: Session, p: typeof ada): Promise<void> {
  await s.page.goto('/register');
  await s.page.getByLabel('Username', { exact: true }).fill(p.username);
  await s.page.getByLabel('Email', { exact: true }).fill(p.email);
  await s.page.getByLabel('Display name', { exact: true }).fill(p.displayName);
  await s.page.getByLabel('Password', { exact: true }).fill(p.password);
  await s.page.getByRole('button', { name: 'Create account' }).click();
  await s.page.waitForURL('**/profile');
}

describe('chat journey: friends, direct messages, a private room', () => {
  it('registers both people; the chats view says how to start', async () => {
    await registerInUi(a, ada);
    await registerInUi(b, bo);
    await a.page.getByRole('link', { name: 'Chats' }).click();
    await a.page.getByRole('heading', { name: 'Start a conversation' }).waitFor();
    await a.page.getByText('No conversations yet').waitFor();
    await a.page.getByRole('link', { name: 'Browse public rooms' }).waitFor();
    await screenshot(a.page, 'chat-01-empty-desktop');
  });

  it('becomes friends through the friends UI', async () => {
    await a.page.goto(`/search?q=${encodeURIComponent(bo.username)}`);
    await a.page.getByRole('list', { name: 'Search results' }).getByRole('link').first().click();
    await a.page.getByRole('heading', { name: bo.displayName, level: 2 }).waitFor();
    await a.page.getByRole('button', { name: 'Add friend' }).click();

    await b.page.goto('/friends');
    await b.page.getByRole('button', { name: `Accept friend request from ${ada.displayName}` }).click();
    // Ada's open profile of Bo learns it live (friend:accepted): they are friends now.
    await a.page.getByRole('button', { name: 'Unfriend' }).waitFor();
  });

  it('exchanges direct messages: text stays text, links are safe, a reply quotes', async () => {
    await a.page.getByRole('button', { name: 'Message' }).click();
    await a.page.waitForURL('**/rooms/*');
    await a.page.getByRole('heading', { name: bo.displayName, level: 1 }).waitFor();
    await a.page.getByText('No messages yet — say hi').waitFor();
    const first = 'Hi Bo! <b>not bold</b> see https://example.com/a_(b). 😀';
    await send(a.page, first);
    await messagesWith(a.page, 'Hi Bo!').locator('time').waitFor();

    // Bo (on the friends page) gets the new conversation live in his list, with the preview and an unread badge.
    const item = b.page.getByRole('list', { name: 'Conversations' }).getByRole('link', { name: new RegExp(`^${ada.displayName}`) });
    await item.getByText('Hi Bo!').waitFor();
    expect(await item.locator('.chat-item__badge').innerText()).toMatch(/^1\b/);
    await screenshot(b.page, 'chat-02-unread-in-list-desktop');
    await item.click();
    const row = messagesWith(b.page, 'Hi Bo!');
    await row.waitFor();
    expect(await row.locator('.msg__text').innerText()).toBe(first);
    expect(await row.locator('b').count()).toBe(0);
    const link = row.getByRole('link', { name: 'https://example.com/a_(b)' });
    expect(await link.getAttribute('href')).toBe('https://example.com/a_(b)');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');

    // Reply through the message's menu.
    await row.hover();
    await row.getByRole('button', { name: /^Actions for/ }).click();
    await b.page.getByRole('menuitem', { name: 'Reply' }).click();
    await b.page.getByText(`Replying to ${ada.displayName}`).waitFor();
    await send(b.page, 'Hello Ada, nice to meet you');
    const reply = messagesWith(a.page, 'Hello Ada');
    await reply.waitFor();
    await reply.getByRole('button', { name: /^Reply to Ada/ }).waitFor();
    expect(await messageTexts(a.page)).toEqual([first, 'Hello Ada, nice to meet you']);
    await screenshot(a.page, 'chat-02-dm-desktop-light');
  });

  it('creates a private room, invites the friend, who joins from the invite', async () => {
    await a.page.getByRole('link', { name: 'New room' }).click();
    await a.page.getByLabel('Name', { exact: true }).fill(roomName);
    await a.page.getByRole('form', { name: 'Create a room' }).getByRole('button', { name: 'Create room' }).click();
    await a.page.waitForURL((url) => /^\/rooms\/[0-9a-f-]{36}$/.test(url.pathname));
    await a.page.getByRole('heading', { name: roomName, level: 1 }).waitFor();
    await a.page.getByRole('button', { name: `Invite ${bo.displayName}` }).click();
    await a.page.getByRole('button', { name: `${bo.displayName} invited` }).waitFor();

    await b.page.goto('/friends');
    await b.page.getByRole('button', { name: `Join ${roomName}` }).click();
    await b.page.waitForURL((url) => /^\/rooms\/[0-9a-f-]{36}$/.test(url.pathname));
    await b.page.getByRole('heading', { name: roomName, level: 1 }).waitFor();
    // Ada sees the member count follow.
    await a.page.getByText('2 members').first().waitFor();
  });

  it('chats in the room, edits with the Up arrow and deletes', async () => {
    await send(b.page, 'Glad to be here');
    await messagesWith(a.page, 'Glad to be here').waitFor();
    await send(a.page, 'Welcome!');
    await messagesWith(b.page, 'Welcome!').waitFor();

    // Up arrow in the empty composer edits the last own message.
    await a.page.getByRole('textbox', { name: `Message ${roomName}` }).press('ArrowUp');
    const editor = a.page.getByRole('textbox', { name: 'Edit message' });
    await editor.fill('Welcome, Bo!');
    await editor.press('Enter');
    const edited = messagesWith(b.page, 'Welcome, Bo!');
    await edited.getByText('edited').waitFor();
    await messagesWith(a.page, 'Welcome, Bo!').getByText('edited').waitFor();

    // Delete through the menu, confirmed: a tombstone for both.
    await send(a.page, 'This one was a mistake');
    const mistake = messagesWith(a.page, 'This one was a mistake');
    await messagesWith(b.page, 'This one was a mistake').waitFor();
    await mistake.hover();
    await mistake.getByRole('button', { name: /^Actions for your message/ }).click();
    await a.page.getByRole('menuitem', { name: 'Delete' }).click();
    await a.page.getByRole('dialog', { name: 'Delete this message?' }).getByRole('button', { name: 'Delete' }).click();
    await a.page.getByRole('log').getByText('Message deleted').waitFor();
    await b.page.getByRole('log').getByText('Message deleted').waitFor();
    expect(await b.page.getByRole('log').getByText('This one was a mistake').count()).toBe(0);
    await screenshot(b.page, 'chat-03-room-desktop-light');
  });

  it('opens a public room from its link for someone outside it, who joins and writes', async () => {
    const token = await a.page.evaluate(() => (JSON.parse(localStorage.getItem('chat.session')!) as { token: string }).token);
    const open = await call<{ id: string }>(app.baseUrl, token, 'POST', '/rooms', {
      name: `Open ${run}`,
      description: 'Anyone may come in.',
      visibility: 'public',
    });
    await b.page.goto(`/rooms/${open.id}`);
    await b.page.getByRole('heading', { name: 'You are not in this room yet' }).waitFor();
    await b.page.getByText('Anyone may come in.').waitFor();
    expect(await b.page.getByRole('textbox', { name: /^Message / }).count()).toBe(0);
    await b.page.getByRole('button', { name: 'Join room' }).click();
    await send(b.page, 'Hello open room');
    await a.page
      .getByRole('list', { name: 'Conversations' })
      .getByRole('link', { name: new RegExp(`^Open ${run}`) })
      .click();
    await messagesWith(a.page, 'Hello open room').waitFor();
    await a.page.getByText('2 members').first().waitFor();
  });

  it('says when a message is too long, counting characters as the server does', async () => {
    const box = a.page.getByRole('textbox', { name: /^Message / });
    await box.fill('😀'.repeat(4001));
    await a.page.getByText('1 characters too long: a message holds at most 4000.').waitFor();
    expect(await a.page.getByRole('button', { name: 'Send message' }).isDisabled()).toBe(true);
    await box.press('Backspace');
    await a.page.getByText('4000 / 4000').waitFor();
    expect(await a.page.getByRole('button', { name: 'Send message' }).isDisabled()).toBe(false);
    await box.fill('');
  });

  it('marks a refused message "not sent" and sends it again, once, on retry', async () => {
    const token = await a.page.evaluate(() => (JSON.parse(localStorage.getItem('chat.session')!) as { token: string }).token);
    const boId = await b.page.evaluate(async () => {
      const session = JSON.parse(localStorage.getItem('chat.session')!) as { token: string };
      const res = await fetch('/api/users/me', { headers: { Authorization: `Bearer ${session.token}` } });
      return ((await res.json()) as { id: string }).id;
    });
    await call(app.baseUrl, token, 'DELETE', `/friends/${boId}`);
    await a.page
      .getByRole('list', { name: 'Conversations' })
      .getByRole('link', { name: new RegExp(`^${bo.displayName}`) })
      .click();
    // The room on screen until now keeps its composer for a moment: typing before the DM's is there sent the
    // message into that room instead (a CI failure).
    await a.page.getByRole('textbox', { name: `Message ${bo.displayName}` }).waitFor();
    await send(a.page, 'Are we still friends?');
    const failed = messagesWith(a.page, 'Are we still friends?');
    await failed.getByText('Not sent: You can no longer send messages in this conversation').waitFor();
    await screenshot(a.page, 'chat-04-not-sent-desktop-light');

    // Friends again: the same message (same clientId) goes through on retry.
    const request = await call<{ id: string }>(app.baseUrl, token, 'POST', '/friends/requests', { userId: boId });
    const boToken = await b.page.evaluate(() => (JSON.parse(localStorage.getItem('chat.session')!) as { token: string }).token);
    await call(app.baseUrl, boToken, 'POST', `/friends/requests/${request.id}/accept`);
    await failed.getByRole('button', { name: 'Retry' }).click();
    await failed.getByText(/^Not sent/).waitFor({ state: 'detached' });
    await b.page
      .getByRole('list', { name: 'Conversations' })
      .getByRole('link', { name: new RegExp(`^${ada.displayName}`) })
      .click();
    await messagesWith(b.page, 'Are we still friends?').waitFor();
    expect(await messagesWith(b.page, 'Are we still friends?').count()).toBe(1);
    expect(await messagesWith(a.page, 'Are we still friends?').count()).toBe(1);
  });
});
