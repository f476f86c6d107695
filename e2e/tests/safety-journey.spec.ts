import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuthResponse, Member, Message, Room } from '@chat/contracts';
import type { Page } from 'playwright-core';
import { axeProblems } from '../support/axe.js';
import { startApp, type RunningApp } from '../support/app-server.js';
import { launchBrowser, screenshot, type LaunchedBrowser } from '../support/browser.js';
import { befriend, call, messagesWith, openAs, openDm, person, register, send, type Person, type Session } from './chat-support.js';

/**
 * Safety between people in separate browsers. Ada blocks Mal from his profile: Mal's friend request is refused with a
 * sentence, and his message in their old direct conversation is not sent. In a room they share, Mal's message reaches
 * Ada collapsed, and "Show" reveals it. Ada reports it; Olive, the room's owner (not a server admin), finds it on
 * /reports and resolves it by deleting the message. Olive bans Mal from the member dialog: he is removed and cannot
 * join again. Olive creates an invite link with one use; Pat, logged out, opens it, logs in, comes back to it and
 * joins; the link is then used up for anyone else. Every new screen and dialog is checked with axe.
 */

const run = Date.now().toString(36).slice(-5);
let app: RunningApp;
let chromium: LaunchedBrowser;
const people: Record<'root' | 'olive' | 'ada' | 'mal' | 'pat', Person> = {
  root: person('Root', run),
  olive: person('Olive', run),
  ada: person('Ada', run),
  mal: person('Mal', run),
  pat: person('Pat', run),
};
const auth: Partial<Record<keyof typeof people, AuthResponse>> = {};
const sessions: Session[] = [];
let room: Room;
let dm: Room;
let inviteUrl = '';
const spam = `Cheap pills, click now ${run}`;

async function noAxeProblems(page: Page, screen: string): Promise<void> {
  const problems = await axeProblems(page, screen);
  if (problems.length) console.log(problems.join('\n'));
  expect(problems).toEqual([]);
}

async function as(who: keyof typeof people): Promise<Session> {
  const s = await openAs(chromium.browser, app.baseUrl, auth[who]!);
  sessions.push(s);
  return s;
}

async function members(who: keyof typeof people): Promise<string[]> {
  const list = await call<Member[]>(app.baseUrl, auth[who]!.token, 'GET', `/rooms/${room.id}/members`);
  return list.map((m) => m.user.id);
}

beforeAll(async () => {
  app = await startApp();
  chromium = await launchBrowser();
  // The first account of a server is its admin: Root takes that place, so Olive moderates only as a room owner.
  for (const who of ['root', 'olive', 'ada', 'mal', 'pat'] as const) auth[who] = await register(app.baseUrl, people[who]);
  room = await call<Room>(app.baseUrl, auth.olive!.token, 'POST', '/rooms', {
    name: `Garden ${run}`,
    description: 'Plants and people.',
    visibility: 'public',
  });
  for (const who of ['ada', 'mal'] as const) await call(app.baseUrl, auth[who]!.token, 'POST', `/rooms/${room.id}/join`);
  await befriend(app.baseUrl, auth.mal!, auth.ada!);
  dm = await openDm(app.baseUrl, auth.mal!, auth.ada!);
  await call(app.baseUrl, auth.mal!.token, 'POST', `/rooms/${dm.id}/messages`, { clientId: crypto.randomUUID(), body: 'Hi Ada' });
});

afterAll(async () => {
  for (const s of sessions) await s.context.close().catch(() => undefined);
  await chromium?.close();
  await app?.stop();
});

afterEach(() => {
  for (const s of sessions) expect(s.watch.errors).toEqual([]);
});

describe('block, report, ban and invite links', () => {
  let ada: Session;
  let mal: Session;
  let olive: Session;

  it('Ada blocks Mal from his profile, after a dialog that says what a block does', async () => {
    ada = await as('ada');
    await ada.page.goto(`/users/${auth.mal!.user.id}`);
    await ada.page.getByRole('heading', { name: people.mal.displayName, level: 2 }).waitFor();
    await ada.page.getByRole('button', { name: 'Block', exact: true }).click();
    const dialog = ada.page.getByRole('dialog', { name: `Block ${people.mal.displayName}?` });
    await dialog.getByText(/no longer be able to send you friend requests/).waitFor();
    await noAxeProblems(ada.page, 'block dialog');
    await screenshot(ada.page, 'safety-01-block-dialog');
    await dialog.getByRole('button', { name: 'Block', exact: true }).click();
    await ada.page.getByRole('status').getByText(`You blocked ${people.mal.displayName}.`).waitFor();
    // Friendship and messages are refused while the block stands: not offered.
    expect(await ada.page.getByRole('button', { name: 'Unfriend' }).count()).toBe(0);
    expect(await ada.page.getByRole('button', { name: 'Message' }).count()).toBe(0);
    await ada.page.getByRole('button', { name: 'Unblock', exact: true }).waitFor();

    // The profile page lists him, with Unblock.
    await ada.page.goto('/profile');
    const blocked = ada.page.getByRole('list', { name: 'Blocked people' });
    await blocked.getByText(people.mal.displayName).waitFor();
    await blocked.getByRole('button', { name: `Unblock ${people.mal.displayName}` }).waitFor();
    await noAxeProblems(ada.page, 'my profile with blocked people');

    // Their direct conversation keeps its history, and says why there is no composer, with Unblock at hand.
    await ada.page.goto(`/rooms/${dm.id}`);
    await messagesWith(ada.page, 'Hi Ada').waitFor();
    const note = ada.page.getByRole('status').filter({ hasText: `You blocked ${people.mal.displayName}.` });
    await note.getByText('Neither of you can send messages here').waitFor();
    await note.getByRole('button', { name: 'Unblock' }).waitFor();
    expect(await ada.page.getByRole('form', { name: 'Write a message' }).count()).toBe(0);
    await noAxeProblems(ada.page, 'direct conversation with a blocked person');
  });

  it('Mal’s friend request is refused with a sentence, and his direct message is not sent', async () => {
    mal = await as('mal');
    await mal.page.goto(`/users/${auth.ada!.user.id}`);
    await mal.page.getByRole('heading', { name: people.ada.displayName, level: 2 }).waitFor();
    mal.watch.allow(/status of 403/);
    await mal.page.getByRole('button', { name: 'Add friend' }).click();
    await mal.page.getByRole('alert').getByText('You cannot send this person a friend request.').waitFor();

    await mal.page.goto(`/rooms/${dm.id}`);
    await messagesWith(mal.page, 'Hi Ada').waitFor();
    await send(mal.page, 'Are you there?');
    await messagesWith(mal.page, 'Are you there?')
      .getByText(/^Not sent/)
      .waitFor();
    mal.watch.allow(null);
  });

  it('in the room they share, Mal’s message reaches Ada collapsed, and Show reveals it', async () => {
    await call(app.baseUrl, auth.mal!.token, 'POST', `/rooms/${room.id}/messages`, { clientId: crypto.randomUUID(), body: spam });
    await ada.page.goto(`/rooms/${room.id}`);
    const collapsed = ada.page.getByRole('log').locator('.msg--blocked');
    await collapsed.getByText('Message from a blocked user').waitFor();
    expect(await ada.page.getByRole('log').getByText(spam).count()).toBe(0);
    await noAxeProblems(ada.page, 'room with a collapsed message');
    await screenshot(ada.page, 'safety-02-collapsed-message');

    await collapsed.getByRole('button', { name: /^Show the message from a blocked user/ }).click();
    const revealed = messagesWith(ada.page, spam);
    await revealed.waitFor();
    // Focus stays on the message it revealed, not lost with the button.
    await ada.page.waitForFunction(() => document.activeElement?.getAttribute('aria-roledescription') === 'message');
  });

  it('Ada reports the message from its menu, and is thanked', async () => {
    const row = messagesWith(ada.page, spam);
    await row.hover();
    await row.getByRole('button', { name: /^Actions for/ }).click();
    await ada.page.getByRole('menuitem', { name: 'Report…' }).click();
    const dialog = ada.page.getByRole('dialog', { name: `Report ${people.mal.displayName}’s message` });
    await dialog.waitFor();
    // Sending without a reason says what is missing.
    await dialog.getByRole('button', { name: 'Send report' }).click();
    await dialog.getByText('Choose a reason.').waitFor();
    await dialog.getByRole('radio', { name: /^Spam/ }).check();
    await dialog.getByLabel('Comment (optional)').fill('Same thing in three rooms.');
    await noAxeProblems(ada.page, 'report dialog');
    await screenshot(ada.page, 'safety-03-report-dialog');
    await dialog.getByRole('button', { name: 'Send report' }).click();
    await ada.page.getByText('Thanks, your report was sent to the moderators').waitFor();
    await dialog.waitFor({ state: 'detached' });

    // Ada moderates nothing: the reports page says what it is for, and her account menu does not offer it.
    ada.watch.allow(/status of 403/);
    await ada.page.goto('/reports');
    await ada.page.getByText('Reports are for moderators').waitFor();
    await noAxeProblems(ada.page, 'reports page (not a moderator)');
    ada.watch.allow(null);
    await ada.page.getByRole('button', { name: /^Account menu/ }).click();
    await ada.page.getByRole('menu', { name: 'Account' }).waitFor();
    expect(await ada.page.getByRole('menuitem', { name: 'Reports' }).count()).toBe(0);
    await ada.page.keyboard.press('Escape');
  });

  it('Olive, the room’s owner, finds the report on /reports and resolves it by deleting the message', async () => {
    olive = await as('olive');
    await olive.page.goto('/');
    await olive.page.getByRole('button', { name: /^Account menu/ }).click();
    await olive.page.getByRole('menuitem', { name: 'Reports' }).click();
    await olive.page.waitForURL('**/reports');
    const report = olive.page.getByRole('list', { name: 'Open reports' }).getByRole('listitem').filter({ hasText: spam });
    await report.waitFor();
    await report.getByText('Same thing in three rooms.').waitFor();
    await report.getByRole('link', { name: room.name }).waitFor();
    // A room owner who is no server admin: no deactivating accounts.
    expect(await report.getByRole('button', { name: 'Deactivate account' }).count()).toBe(0);
    await noAxeProblems(olive.page, 'reports page');
    await screenshot(olive.page, 'safety-04-reports');

    await report.getByRole('button', { name: 'Delete message' }).click();
    const confirm = olive.page.getByRole('dialog', { name: 'Delete the reported message?' });
    await noAxeProblems(olive.page, 'resolve confirmation');
    await confirm.getByRole('button', { name: 'Delete message' }).click();
    await olive.page.getByText('Report resolved: message deleted').waitFor();
    await olive.page.getByText('No open reports. All clear.').waitFor();

    await olive.page.getByRole('tab', { name: 'Resolved' }).click();
    const resolved = olive.page.getByRole('list', { name: 'Resolved reports' }).getByRole('listitem').first();
    await resolved.getByText('Message deleted').first().waitFor();

    const history = await call<{ messages: Message[] }>(app.baseUrl, auth.olive!.token, 'GET', `/rooms/${room.id}/messages`);
    expect(history.messages.find((m) => m.sender.id === auth.mal!.user.id)?.deletedAt).not.toBeNull();
  });

  it('Olive bans Mal from the member dialog: he is removed and cannot join again', async () => {
    await olive.page.goto(`/rooms/${room.id}/details`);
    await olive.page.getByRole('button', { name: `Manage ${people.mal.displayName}` }).click();
    const dialog = olive.page.getByRole('dialog', { name: `Manage ${people.mal.displayName}` });
    await dialog.getByRole('button', { name: 'Ban from room…' }).click();
    await dialog.getByLabel('Reason (optional)').fill('Spam');
    await dialog.getByLabel('How long').selectOption('7d');
    await noAxeProblems(olive.page, 'ban form');
    await screenshot(olive.page, 'safety-05-ban');
    await dialog.getByRole('button', { name: 'Ban', exact: true }).click();
    await olive.page.getByText(`${people.mal.displayName} is banned from ${room.name}`).waitFor();
    const bans = olive.page.getByRole('list', { name: 'Banned people' });
    await bans.getByText(people.mal.displayName).waitFor();
    await bans.getByText(/“Spam”/).waitFor();
    expect(await olive.page.getByRole('list', { name: 'Members' }).getByText(people.mal.displayName).count()).toBe(0);
    expect(await members('olive')).not.toContain(auth.mal!.user.id);

    // Mal was told, and his attempt to join again is refused with the reason.
    await mal.page.getByText(`You were removed from ${room.name}`).waitFor();
    mal.watch.allow(/status of 403/);
    await mal.page.goto(`/rooms/${room.id}`);
    await mal.page.getByRole('button', { name: 'Join room', exact: true }).click();
    await mal.page.getByText('You are banned from this room.').waitFor();
    mal.watch.allow(null);
    expect(await members('olive')).not.toContain(auth.mal!.user.id);
  });

  it('Olive creates an invite link with one use, and copies it', async () => {
    await olive.page.getByRole('button', { name: 'New invite link' }).click();
    const form = olive.page.getByRole('form', { name: 'New invite link' });
    await form.getByLabel('Max uses').fill('0');
    await form.getByRole('button', { name: 'Create link' }).click();
    await form.getByText('Enter a number from 1 to 100,000.').waitFor();
    await form.getByLabel('Max uses').fill('1');
    await form.getByLabel('Expires').selectOption('1d');
    await form.getByRole('button', { name: 'Create link' }).click();
    const links = olive.page.getByRole('list', { name: 'Invite links' });
    const link = links.getByRole('listitem').first();
    await link.getByText('0 of 1 use').waitFor();
    await link.getByText('Active').waitFor();
    inviteUrl = await link.getByLabel('Invite link').inputValue();
    expect(new URL(inviteUrl).pathname).toMatch(/^\/room-invites\/[A-Za-z0-9_-]{20,}$/);
    await noAxeProblems(olive.page, 'room details with invite links and bans');
    await screenshot(olive.page, 'safety-06-invite-links');
  });

  it('Pat, logged out, opens the link, logs in, comes back to it and joins the room', async () => {
    const pat = await openAs(chromium.browser, app.baseUrl, null);
    sessions.push(pat);
    const path = new URL(inviteUrl).pathname;
    await pat.page.goto(path);
    await pat.page.waitForURL((url) => url.pathname === '/login');
    await pat.page.getByLabel('Email or username', { exact: true }).fill(people.pat.username);
    await pat.page.getByLabel('Password', { exact: true }).fill(people.pat.password);
    await pat.page.getByRole('button', { name: 'Log in', exact: true }).click();
    await pat.page.waitForURL((url) => url.pathname === path);
    await pat.page.getByRole('heading', { name: room.name, level: 2 }).waitFor();
    await pat.page.getByText('Plants and people.').waitFor();
    await pat.page.getByText('2 members').waitFor();
    await noAxeProblems(pat.page, 'room invite page');
    await screenshot(pat.page, 'safety-07-room-invite');
    await pat.page.getByRole('button', { name: 'Join room' }).click();
    await pat.page.waitForURL(`**/rooms/${room.id}`);
    await pat.page.getByRole('heading', { name: room.name, level: 1 }).waitFor();
    expect(await members('olive')).toContain(auth.pat!.user.id);

    // Its one use is spent: the link now says so.
    ada.watch.allow(/status of 403/);
    await ada.page.goto(path);
    await ada.page.getByText('This invite link no longer works').waitFor();
    await noAxeProblems(ada.page, 'used-up room invite');
    ada.watch.allow(null);
  });
});
