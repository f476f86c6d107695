import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuthResponse, Member, Room } from '@chat/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app-server.js';
import { DESKTOP, launchBrowser, PHONE, screenshot, watchForErrors, type LaunchedBrowser } from '../support/browser.js';

/**
 * Friends and rooms between people in separate browsers: Ada finds Ben and sends a friend request from his profile;
 * Ben accepts it on /friends. Ada creates a private room through the dialog, invites Ben (and Cy, a friend made through
 * the API) from the room's details; Ben accepts the invite and lands in the room. Ada makes Ben an admin, removes Cy,
 * and the members list shows it; Ben, now an admin, is offered no action on the owner. Ben creates a public room and
 * Ada finds it on the discover page and joins it. Then notifications, direct messages (refused by policy, then allowed),
 * unfriending with a confirmation, and every screen on a phone, in light and dark.
 */

const run = Date.now().toString(36).slice(-5);
const people = {
  ada: { username: `ada_${run}`, email: `ada.${run}@example.test`, password: 'correct horse battery', displayName: 'Ada Lovelace' },
  ben: { username: `ben_${run}`, email: `ben.${run}@example.test`, password: 'another long secret', displayName: 'Ben Okafor' },
  cy: { username: `cy_${run}`, email: `cy.${run}@example.test`, password: 'a third long secret', displayName: 'Cy Tremblay' },
};
type Person = keyof typeof people;

const privateRoom = { name: `Night owls ${run}`, description: 'Late reading, quiet talk.' };
const publicRoom = { name: `Sunrise club ${run}`, description: 'Early walks & coffee <b>not bold</b>' };

let app: RunningApp;
let chromium: LaunchedBrowser;
const auth: Partial<Record<Person, AuthResponse>> = {};
const open: Array<{ context: BrowserContext; watch: ReturnType<typeof watchForErrors> }> = [];
let ada: Page;
let ben: Page;
let adaWatch: ReturnType<typeof watchForErrors>;
let benWatch: ReturnType<typeof watchForErrors>;
let privateRoomId = '';
let publicRoomId = '';

async function call<T>(who: Person, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${app.baseUrl}/api${path}`, {
    method,
    headers: { Authorization: `Bearer ${auth[who]!.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function browserFor(
  browser: Browser,
  who: Person,
  { viewport = DESKTOP, colorScheme = 'light' as 'light' | 'dark' } = {},
): Promise<{ page: Page; watch: ReturnType<typeof watchForErrors> }> {
  const phone = viewport === PHONE;
  const context = await browser.newContext({
    baseURL: app.baseUrl,
    viewport,
    colorScheme,
    locale: 'en-US',
    timezoneId: 'Europe/Berlin',
    deviceScaleFactor: phone ? 2 : 1,
    isMobile: phone,
    hasTouch: phone,
  });
  const page = await context.newPage();
  const watch = watchForErrors(page);
  open.push({ context, watch });
  const person = people[who];
  await page.goto('/login');
  await page.getByLabel('Email or username', { exact: true }).fill(person.username);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
  return { page, watch };
}

/** Polls `read` until `ok` holds (the UI updates before the server's answer arrives). */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function noSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBe(0);
}

const membersList = (page: Page) => page.getByRole('list', { name: 'Members' });
const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

beforeAll(async () => {
  app = await startApp();
  chromium = await launchBrowser();
  for (const who of Object.keys(people) as Person[]) {
    const res = await fetch(`${app.baseUrl}/api/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(people[who]),
    });
    expect(res.status).toBe(201);
    auth[who] = (await res.json()) as AuthResponse;
  }
  // Cy and Ada are friends already (through the API), so Ada has two friends to invite.
  const request = await call<{ id: string }>('cy', 'POST', '/friends/requests', { userId: auth.ada!.user.id });
  expect((await call('ada', 'POST', `/friends/requests/${request.body.id}/accept`)).status).toBe(200);

  ({ page: ada, watch: adaWatch } = await browserFor(chromium.browser, 'ada'));
  ({ page: ben, watch: benWatch } = await browserFor(chromium.browser, 'ben', { colorScheme: 'dark' }));
});

afterAll(async () => {
  for (const { context } of open) await context.close().catch(() => undefined);
  await chromium?.close();
  await app?.stop();
});

afterEach(() => {
  // No step may log a console error or throw in any page.
  for (const { watch } of open) expect(watch.errors).toEqual([]);
});

describe('friends and rooms between two people', () => {
  it('Ada finds Ben and sends him a friend request from his profile', async () => {
    await nav(ada).getByRole('link', { name: 'Search people' }).click();
    await ada.getByRole('searchbox', { name: 'Search people' }).fill('ben');
    await ada.getByRole('list', { name: 'Search results' }).getByText(people.ben.displayName).click();
    await ada.waitForURL(`**/users/${auth.ben!.user.id}`);
    await ada.getByRole('heading', { name: people.ben.displayName, level: 2 }).waitFor();

    await ada.getByRole('button', { name: 'Add friend' }).click();
    await ada.getByText('Request sent').waitFor();
    await ada.getByRole('button', { name: 'Cancel request' }).waitFor();
    expect(await ada.getByRole('button', { name: 'Add friend' }).count()).toBe(0);
    await screenshot(ada, 'social-01-profile-request-sent');
  });

  it('Ben sees the request on /friends, with a count in the navigation, and accepts it', async () => {
    await ben.reload();
    const friendsLink = nav(ben).getByRole('link', { name: /^Friends/ });
    await friendsLink.filter({ hasText: '1' }).waitFor();
    await friendsLink.click();
    await ben.waitForURL('**/friends');
    const accept = ben.getByRole('button', { name: `Accept friend request from ${people.ada.displayName}` });
    await accept.waitFor();
    await screenshot(ben, 'social-02-friends-incoming-dark');

    await accept.click();
    const friends = ben.getByRole('list', { name: 'Your friends' });
    await friends.getByRole('link', { name: people.ada.displayName }).waitFor();
    await ben.getByText('Nothing right now.', { exact: false }).waitFor();
    await friends.getByRole('button', { name: `Message ${people.ada.displayName}` }).waitFor();
  });

  it("Ada's view of Ben's profile now says they are friends", async () => {
    await ada.reload();
    await ada.locator('.profile-card').getByText('Friends', { exact: true }).waitFor();
    await ada.getByRole('button', { name: 'Message' }).waitFor();
    await ada.getByRole('button', { name: 'Unfriend' }).waitFor();
  });

  it('Ada creates a private room through the dialog; the server refuses an empty name beside the field', async () => {
    await nav(ada).getByRole('link', { name: 'Rooms', exact: true }).click();
    await ada.waitForURL('**/rooms/discover');
    await ada.getByRole('button', { name: 'Create room' }).click();
    const dialog = ada.getByRole('dialog', { name: 'Create a room' });
    await dialog.waitFor();
    // The name field has focus as the dialog opens.
    expect(await ada.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('name');

    adaWatch.allow(400);
    await dialog.getByRole('button', { name: 'Create room' }).click();
    await dialog.getByText('Name must be 1 to 80 characters').waitFor();
    adaWatch.disallow();
    expect(await dialog.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await screenshot(ada, 'social-03-create-room-validation');

    await dialog.getByLabel('Name', { exact: true }).fill(privateRoom.name);
    await dialog.getByLabel('Description', { exact: true }).fill(privateRoom.description);
    await dialog.getByRole('radio', { name: /^Private/ }).check();
    await dialog.getByRole('button', { name: 'Create room' }).click();
    await ada.waitForURL(/\/rooms\/[0-9a-f-]{36}$/);
    privateRoomId = new URL(ada.url()).pathname.split('/')[2]!;
    await dialog.waitFor({ state: 'hidden' });

    const room = await call<Room>('ada', 'GET', `/rooms/${privateRoomId}`);
    expect(room.body).toMatchObject({
      name: privateRoom.name,
      description: privateRoom.description,
      visibility: 'private',
      myRole: 'owner',
    });
  });

  it('Ada invites Ben and Cy from the room details', async () => {
    await ada.goto(`/rooms/${privateRoomId}/details`);
    await ada.getByRole('heading', { name: privateRoom.name, level: 2 }).waitFor();
    await ada.getByText('Private', { exact: true }).waitFor();
    const picker = ada.getByRole('list', { name: 'Friends to invite' });
    for (const who of ['ben', 'cy'] as const) {
      await picker.getByRole('button', { name: `Invite ${people[who].displayName}` }).click();
      await picker.getByRole('button', { name: `${people[who].displayName} invited` }).waitFor();
    }
    await screenshot(ada, 'social-04-room-details-invited');
  });

  it('Ben accepts the invite on /friends and lands in the room', async () => {
    await ben.reload();
    const join = ben.getByRole('button', { name: `Join ${privateRoom.name}` });
    await join.waitFor();
    await ben.getByText(`invited by ${people.ada.displayName}`).waitFor();
    await screenshot(ben, 'social-05-friends-invite-dark');
    await join.click();
    await ben.waitForURL(`**/rooms/${privateRoomId}`);

    // Cy accepts through the API.
    const invites = await call<Array<{ id: string; room: Room }>>('cy', 'GET', '/invites');
    const invite = invites.body.find((i) => i.room.id === privateRoomId)!;
    expect((await call('cy', 'POST', `/invites/${invite.id}/accept`)).status).toBe(200);
  });

  it('Ada makes Ben an admin, removes Cy, and the members list shows it', async () => {
    await ada.reload();
    const members = membersList(ada);
    await members.getByRole('link', { name: people.cy.displayName }).waitFor();
    expect(await members.getByRole('listitem').count()).toBe(3);

    await members.getByRole('button', { name: `Manage ${people.ben.displayName}` }).click();
    const manageBen = ada.getByRole('dialog', { name: `Manage ${people.ben.displayName}` });
    await manageBen.getByRole('radio', { name: /^Admin/ }).check();
    await screenshot(ada, 'social-06-manage-member');
    await manageBen.getByRole('button', { name: 'Save role' }).click();
    await manageBen.waitFor({ state: 'hidden' });
    const benRow = members.getByRole('listitem').filter({ hasText: people.ben.displayName });
    await benRow.getByText('Admin', { exact: true }).waitFor();

    await members.getByRole('button', { name: `Manage ${people.cy.displayName}` }).click();
    const manageCy = ada.getByRole('dialog', { name: `Manage ${people.cy.displayName}` });
    await manageCy.getByRole('button', { name: 'Remove from room' }).click();
    await manageCy.getByRole('button', { name: 'Remove', exact: true }).click();
    await manageCy.waitFor({ state: 'hidden' });
    await members.getByRole('link', { name: people.cy.displayName }).waitFor({ state: 'detached' });

    const rows = await members.getByRole('listitem').allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain(people.ada.displayName);
    expect(rows[0]).toContain('Owner');
    expect(rows[0]).toContain('You');
    expect(rows[1]).toContain(people.ben.displayName);
    expect(rows[1]).toContain('Admin');

    const server = await call<Member[]>('ada', 'GET', `/rooms/${privateRoomId}/members`);
    expect(server.body.map((m) => [m.user.username, m.role])).toEqual([
      [people.ada.username, 'owner'],
      [people.ben.username, 'admin'],
    ]);
    await screenshot(ada, 'social-07-room-members');
  });

  it('Ben, an admin now, may edit the room and invite, but is offered nothing against the owner', async () => {
    await ben.goto(`/rooms/${privateRoomId}/details`);
    const members = membersList(ben);
    await members.getByRole('link', { name: people.ada.displayName }).waitFor();
    expect(await members.getByRole('button', { name: `Manage ${people.ada.displayName}` }).count()).toBe(0);
    await ben.getByRole('button', { name: 'Edit room' }).waitFor();
    await ben.getByRole('heading', { name: 'Invite friends' }).waitFor();
    expect(await ben.getByRole('button', { name: 'Delete room' }).count()).toBe(0);
    await screenshot(ben, 'social-08-room-details-admin-dark');
  });

  it('Ada, the only owner, is told to hand the room over first; the Leave dialog offers it, and Escape keeps her in', async () => {
    await ada.getByRole('button', { name: 'Leave room' }).click();
    const dialog = ada.getByRole('dialog', { name: `Leave ${privateRoom.name}?` });
    await dialog.getByText('You are the only owner, and a room always needs one').waitFor();
    await dialog.getByLabel('New owner').waitFor();
    expect(await dialog.getByRole('button', { name: /owner and leave$/ }).count()).toBe(1);
    expect(await dialog.getByRole('button', { name: 'Leave room', exact: true }).count()).toBe(0);
    await ada.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(ada.url()).toContain(`/rooms/${privateRoomId}/details`);
  });

  it('Ada edits the room description as its owner', async () => {
    await ada.getByRole('button', { name: 'Edit room' }).click();
    const form = ada.getByRole('form', { name: 'Edit room' });
    await form.getByLabel('Description', { exact: true }).fill('Late reading, quiet talk. Books optional.');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await ada.getByText('Late reading, quiet talk. Books optional.').waitFor();
  });

  it('Ben creates a public room; Ada discovers it by name and joins it', async () => {
    await ben.goto('/rooms/new');
    const dialog = ben.getByRole('dialog', { name: 'Create a room' });
    await dialog.getByLabel('Name', { exact: true }).fill(publicRoom.name);
    await dialog.getByLabel('Description', { exact: true }).fill(publicRoom.description);
    await dialog.getByRole('radio', { name: /^Public/ }).check();
    await dialog.getByRole('button', { name: 'Create room' }).click();
    await ben.waitForURL(/\/rooms\/[0-9a-f-]{36}$/);
    publicRoomId = new URL(ben.url()).pathname.split('/')[2]!;

    await ada.goto('/rooms/discover');
    await ada.getByRole('searchbox', { name: 'Search public rooms' }).fill('sunrise');
    await ada.waitForURL(/q=sunrise/);
    const results = ada.getByRole('list', { name: 'Public rooms' });
    const row = results.getByRole('listitem').filter({ hasText: publicRoom.name });
    await row.waitFor();
    expect(await results.getByRole('listitem').count()).toBe(1);
    // The description is text: the markup shows as typed.
    await row.getByText('<b>not bold</b>', { exact: false }).waitFor();
    expect(await row.locator('b').count()).toBe(0);
    await screenshot(ada, 'social-09-discover');

    await row.getByRole('button', { name: `Join ${publicRoom.name}` }).click();
    await ada.waitForURL(`**/rooms/${publicRoomId}`);
    const joined = await call<Room>('ada', 'GET', `/rooms/${publicRoomId}`);
    expect(joined.body.myRole).toBe('member');

    // The conversation shows the room's details pane (this feature's panel) beside the messages.
    await ada
      .getByRole('button', { name: /^(Show|Hide) details$/ })
      .first()
      .waitFor();
    if ((await ada.getByRole('button', { name: 'Show details' }).count()) > 0)
      await ada.getByRole('button', { name: 'Show details' }).click();
    const pane = ada.locator('#conversation-details');
    await pane.getByRole('list', { name: 'Members' }).getByRole('link', { name: people.ben.displayName }).waitFor();
    await pane.getByRole('heading', { name: 'Invite friends' }).waitFor();
    await screenshot(ada, 'social-14-conversation-details-pane');

    // Back on the discover page, the room offers Open instead of Join.
    await ada.goto('/rooms/discover?q=sunrise');
    await ada.getByRole('link', { name: `Open ${publicRoom.name}` }).waitFor();
  });

  it('the bell counts unread notifications; choosing one marks it read and opens where it leads', async () => {
    // Ben was sent a friend request and a room invite.
    await ben.goto('/friends');
    const bell = ben.getByRole('button', { name: 'Notifications, 2 unread' });
    await bell.click();
    const panel = ben.getByRole('dialog', { name: 'Notifications' });
    await panel.getByText(`${people.ada.displayName} invited you to ${privateRoom.name}`).waitFor();
    await panel.getByText(`${people.ada.displayName} sent you a friend request`).waitFor();
    await screenshot(ben, 'social-10-bell-dark');
    await ben.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await ben.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Notifications, 2 unread');

    await bell.click();
    await panel.getByText(`${people.ada.displayName} sent you a friend request`).click();
    await ben.waitForURL('**/friends');
    await ben.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor();

    await ben.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    await panel.getByRole('button', { name: 'Mark all read' }).click();
    await ben.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    await ben.keyboard.press('Escape');
    const unread = await eventually(
      () => call<unknown[]>('ben', 'GET', '/notifications?unread=true'),
      (res) => res.body.length === 0,
    );
    expect(unread.body).toEqual([]);

    // Ada's acceptance notice leads to Ben's profile.
    await ada.goto('/notifications');
    const link = ada.getByRole('link', { name: new RegExp(`${people.ben.displayName} accepted your friend request`) });
    await link.waitFor();
    await screenshot(ada, 'social-11-notifications-page');
    await link.click();
    await ada.waitForURL(`**/users/${auth.ben!.user.id}`);
  });

  it('Message opens the direct conversation; its details show the other person', async () => {
    await ada.goto('/friends');
    await ada.getByRole('button', { name: `Message ${people.ben.displayName}` }).click();
    await ada.waitForURL(/\/rooms\/[0-9a-f-]{36}$/);
    const dmId = new URL(ada.url()).pathname.split('/')[2]!;
    await ada.goto(`/rooms/${dmId}/details`);
    await ada.getByRole('heading', { name: people.ben.displayName, level: 2 }).waitFor();
    await ada.getByRole('link', { name: 'View profile' }).waitFor();
    expect(await ada.getByRole('button', { name: 'Leave room' }).count()).toBe(0);
    await screenshot(ada, 'social-12-direct-details');
  });

  it("Ben cannot message Cy until Cy accepts messages from everyone, and sees the server's reason", async () => {
    await ben.goto(`/users/${auth.cy!.user.id}`);
    benWatch.allow(403);
    await ben.getByRole('button', { name: 'Message' }).click();
    await ben.getByRole('alert').getByText('You can message this person once you are friends').waitFor();
    benWatch.disallow();
    await screenshot(ben, 'social-13-profile-dm-refused-dark');

    // Cy opens up direct messages from the profile form.
    const { page: cy } = await browserFor(chromium.browser, 'cy');
    await nav(cy).getByRole('link', { name: 'My profile' }).click();
    await cy.getByRole('radio', { name: /^Everyone/ }).check();
    await cy.getByRole('button', { name: 'Save changes' }).click();
    await cy.getByText('Your profile was saved.').waitFor();
    expect((await call<{ dmPolicy: string }>('cy', 'GET', '/users/me')).body.dmPolicy).toBe('everyone');

    await ben.getByRole('button', { name: 'Message' }).click();
    await ben.waitForURL(/\/rooms\/[0-9a-f-]{36}$/);
  });

  it('Ada unfriends Cy after a confirmation; Escape cancels it first', async () => {
    await ada.goto('/friends');
    const friends = ada.getByRole('list', { name: 'Your friends' });
    await friends.getByRole('button', { name: `Unfriend ${people.cy.displayName}` }).click();
    const dialog = ada.getByRole('dialog', { name: `Unfriend ${people.cy.displayName}?` });
    await dialog.waitFor();
    await ada.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await friends.getByRole('link', { name: people.cy.displayName }).waitFor();

    await friends.getByRole('button', { name: `Unfriend ${people.cy.displayName}` }).click();
    await dialog.getByRole('button', { name: 'Unfriend' }).click();
    await friends.getByRole('link', { name: people.cy.displayName }).waitFor({ state: 'detached' });
    const left = await call<Array<{ id: string }>>('ada', 'GET', '/friends');
    expect(left.body.map((u) => u.id)).toEqual([auth.ben!.user.id]);
  });

  it('fits a phone (390×844), in light and in dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page } = await browserFor(chromium.browser, 'ada', { viewport: PHONE, colorScheme });
      const shot = (name: string) => screenshot(page, `social-phone-${colorScheme}-${name}`, { fullPage: false });

      await page.goto('/friends');
      await page.getByRole('list', { name: 'Your friends' }).getByRole('link', { name: people.ben.displayName }).waitFor();
      await noSidewaysScroll(page);
      await shot('friends');

      await page.goto('/rooms/discover');
      await page.getByRole('list', { name: 'Public rooms' }).getByText(publicRoom.name).waitFor();
      await noSidewaysScroll(page);
      await shot('discover');

      await page.getByRole('button', { name: 'Create room' }).click();
      await page.getByRole('dialog', { name: 'Create a room' }).waitFor();
      await shot('create-room');
      await page.keyboard.press('Escape');
      await page.waitForURL('**/rooms/discover');

      await page.goto(`/rooms/${privateRoomId}/details`);
      await membersList(page).getByRole('link', { name: people.ben.displayName }).waitFor();
      await noSidewaysScroll(page);
      await shot('room-details');

      await page.goto(`/users/${auth.ben!.user.id}`);
      await page.getByRole('button', { name: 'Unfriend' }).waitFor();
      await noSidewaysScroll(page);
      await shot('profile-actions');

      await page.getByRole('button', { name: /^Notifications/ }).click();
      await page.getByRole('dialog', { name: 'Notifications' }).getByRole('link', { name: 'See all notifications' }).waitFor();
      await noSidewaysScroll(page);
      await shot('bell');
    }
  });

  it('Ben deletes his public room after a confirmation; it leaves the discover list', async () => {
    await ben.goto(`/rooms/${publicRoomId}/details`);
    await ben.getByRole('button', { name: 'Delete room' }).click();
    const dialog = ben.getByRole('dialog', { name: `Delete ${publicRoom.name}?` });
    await dialog.getByText('This cannot be undone.', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Delete room' }).click();
    await ben.waitForURL((url) => url.pathname === '/');
    expect((await call('ben', 'GET', `/rooms/${publicRoomId}`)).status).toBe(404);

    await ada.goto('/rooms/discover');
    await ada.getByText('There are no public rooms yet.').waitFor();
  });
});
