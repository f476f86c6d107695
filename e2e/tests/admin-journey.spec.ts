import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { ServerInfo } from '@chat/contracts';
import type { BrowserContext, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app-server.js';
import { axeProblems } from '../support/axe.js';
import { launchBrowser, newContext, screenshot, watchForErrors, type LaunchedBrowser } from '../support/browser.js';
import { person } from './chat-support.js';

/**
 * Running a server from its first account: the first person to register is its admin and is told so; they make
 * sign-up invite only and mint an invite link, which a second person opens in another browser to register; closed
 * sign-up shows its notice to a guest; the admin deactivates the second person, who can then not log in; the audit
 * log shows it all. Every admin screen goes through axe. Runs against the real built app with its own database.
 */

const run = Date.now().toString(36).slice(-5);
const ada = person('Ada', run);
const bo = person('Bo', run);

interface Browsing {
  context: BrowserContext;
  page: Page;
  watch: ReturnType<typeof watchForErrors>;
}

let app: RunningApp;
let chromium: LaunchedBrowser;
let admin: Browsing;
/** Browsers opened by a step, closed after it. */
const others: Browsing[] = [];
let invitePath = '';

async function open(): Promise<Browsing> {
  const context = await newContext(chromium.browser, app.baseUrl);
  const page = await context.newPage();
  const b = { context, page, watch: watchForErrors(page) };
  others.push(b);
  return b;
}

async function expectAxeClean(page: Page, screen: string): Promise<void> {
  expect(await axeProblems(page, screen)).toEqual([]);
}

const field = (p: Page, label: string) => p.getByLabel(label, { exact: true });

async function serverInfo(): Promise<ServerInfo> {
  return (await (await fetch(`${app.baseUrl}/api/server`)).json()) as ServerInfo;
}

async function logIn(p: Page, login: string, password: string): Promise<void> {
  await p.goto('/login');
  await field(p, 'Email or username').fill(login);
  await field(p, 'Password').fill(password);
  await p.getByRole('button', { name: 'Log in', exact: true }).click();
}

beforeAll(async () => {
  app = await startApp();
  chromium = await launchBrowser();
  const context = await newContext(chromium.browser, app.baseUrl);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.baseUrl });
  const page = await context.newPage();
  admin = { context, page, watch: watchForErrors(page) };
});

afterAll(async () => {
  await chromium?.close();
  await app?.stop();
});

afterEach(async () => {
  // No step may log a console error or throw in a page.
  const errors = [admin, ...others].flatMap((b) => b.watch.errors);
  for (const b of others.splice(0)) await b.context.close();
  expect(errors).toEqual([]);
});

describe('admin journey', () => {
  it('makes the first account of an empty server its admin and says where administration is', async () => {
    const { page } = admin;
    await page.goto('/register');
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await field(page, 'Username').fill(ada.username);
    await field(page, 'Email').fill(ada.email);
    await field(page, 'Display name').fill(ada.displayName);
    await field(page, 'Password').fill(ada.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/profile');
    const notice = page.getByRole('status').filter({ hasText: /this server.s admin/ });
    await notice.waitFor();
    await notice.getByRole('link', { name: 'Administration' }).waitFor();
    await screenshot(page, 'admin-01-first-account');

    await page.getByRole('button', { name: /^Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Administration' }).click();
    await page.waitForURL((url) => url.pathname === '/admin');
    await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
    expect(await page.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('link', { name: 'Reports' }).waitFor();
    // the overview counts this very account: one active person, one admin
    const people = page.locator('.overview__figure').filter({ hasText: 'Active people' });
    await people.getByText('1', { exact: true }).waitFor();
    await people.getByText(/1 admin\b/).waitFor();
    await page.getByText('Messages today').waitFor();
    await screenshot(page, 'admin-00-overview');
    await expectAxeClean(page, 'admin overview');

    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/settings');
    await expectAxeClean(page, 'admin settings');
  });

  it('makes sign-up invite only, with feedback, and guests see it at once', async () => {
    const { page } = admin;
    await field(page, 'Server name').fill(`Ada's place ${run}`);
    await page.getByRole('radio', { name: /^Invite only/ }).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('The settings were saved.').waitFor();
    expect(await serverInfo()).toEqual({ name: `Ada's place ${run}`, registration: 'invite' });
    await screenshot(page, 'admin-02-settings-saved');

    const guest = await open();
    await guest.page.goto('/register');
    await guest.page.getByText(`Ada's place ${run} is invite-only`).waitFor();
    const code = field(guest.page, 'Invite code');
    expect(await code.evaluate((el) => (el as HTMLInputElement).required)).toBe(true);
    expect(await code.inputValue()).toBe('');
    await expectAxeClean(guest.page, 'register (invite only)');
  });

  it('creates an invite link, lists it with its limits and copies it', async () => {
    const { page } = admin;
    await page.getByRole('tab', { name: 'Invite links' }).click();
    await page.waitForURL('**/admin/invites');
    await page.getByText('No invite links yet.').waitFor();
    await expectAxeClean(page, 'admin invite links (empty)');

    await field(page, 'Maximum uses').fill('0');
    await page.getByRole('button', { name: 'Create invite link' }).click();
    await page.getByText('Maximum uses must be between 1 and 100,000.').waitFor();

    await field(page, 'Maximum uses').fill('2');
    await field(page, 'Expires after (hours)').fill('24');
    await page.getByRole('button', { name: 'Create invite link' }).click();
    const created = page.getByRole('status').filter({ hasText: 'Invite link created' });
    await created.waitFor();
    const url = (await created.locator('.invite-url').innerText()).trim();
    invitePath = new URL(url).pathname;
    expect(invitePath).toMatch(/^\/invite\/[A-Za-z0-9_-]{32}$/);

    const list = page.getByRole('list', { name: 'Invite links' });
    const row = list.getByRole('listitem').filter({ hasText: url });
    await row.getByText('Active').waitFor();
    await row.getByText('0 of 2 uses').waitFor();
    await row.getByText(/expires in 1 day|expires tomorrow|expires in 24 hours/).waitFor();

    await created.getByRole('button', { name: 'Copy link' }).click();
    await created.getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await screenshot(page, 'admin-03-invite-links');
    await expectAxeClean(page, 'admin invite links');
  });

  it('lets a second person register in another browser through the invite link', async () => {
    const bob = await open();
    await bob.page.goto(invitePath);
    await bob.page.waitForURL((u) => u.pathname === '/register' && u.searchParams.get('invite') === invitePath.split('/')[2]);
    expect(await field(bob.page, 'Invite code').inputValue()).toBe(invitePath.split('/')[2]);
    await bob.page.getByText('Filled in from your invite link.').waitFor();
    await field(bob.page, 'Username').fill(bo.username);
    await field(bob.page, 'Email').fill(bo.email);
    await field(bob.page, 'Display name').fill(bo.displayName);
    await field(bob.page, 'Password').fill(bo.password);
    await bob.page.getByRole('button', { name: 'Create account' }).click();
    await bob.page.waitForURL('**/profile');
    await bob.page.getByText(`Welcome, ${bo.displayName}!`).waitFor();
    // Only the first account is told it runs the server.
    expect(await bob.page.getByText(/this server.s admin/).count()).toBe(0);

    // Not an admin: no menu entry, and /admin says so.
    await bob.page.getByRole('button', { name: /^Account menu/ }).click();
    await bob.page.getByRole('menuitem', { name: 'My profile' }).waitFor();
    expect(await bob.page.getByRole('menuitem', { name: 'Administration' }).count()).toBe(0);
    await bob.page.keyboard.press('Escape');
    await bob.page.goto('/admin/users');
    await bob.page.getByRole('heading', { name: 'Not allowed', level: 1 }).waitFor();
    await expectAxeClean(bob.page, 'admin (not allowed)');

    // The admin's list counts the use.
    await admin.page.reload();
    await admin.page.getByRole('list', { name: 'Invite links' }).getByText('1 of 2 uses').waitFor();
  });

  it('closes sign-up: a guest sees a notice instead of the form, and login offers no sign-up', async () => {
    const { page } = admin;
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/settings');
    await page.getByRole('radio', { name: /^Closed/ }).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('The settings were saved.').waitFor();

    const guest = await open();
    await guest.page.goto(invitePath);
    await guest.page.getByRole('heading', { name: 'Sign-up is closed', level: 1 }).waitFor();
    await guest.page.getByText('Invite links do not work while sign-up is closed.', { exact: false }).waitFor();
    expect(await guest.page.getByRole('button', { name: 'Create account' }).count()).toBe(0);
    expect(await guest.page.getByLabel('Username').count()).toBe(0);
    await screenshot(guest.page, 'admin-04-sign-up-closed');
    await expectAxeClean(guest.page, 'register (closed)');

    // a new server's first account needs no open sign-up: offered, and refused here since the server has accounts
    await guest.page.getByRole('button', { name: 'Create its first account' }).click();
    await guest.page.getByText("Only a new server's very first account needs no invite.", { exact: false }).waitFor();
    await field(guest.page, 'Username').fill(`late_${run}`);
    await field(guest.page, 'Email').fill(`late_${run}@example.test`);
    await field(guest.page, 'Password').fill('correct horse battery');
    guest.watch.allow(403);
    await guest.page.getByRole('button', { name: 'Create account' }).click();
    await guest.page.getByRole('alert').filter({ hasText: 'Registration is closed on this server' }).waitFor();
    guest.watch.disallow();
    await expectAxeClean(guest.page, 'register (first account refused)');
    await guest.page.goto('/register');
    await guest.page.getByRole('heading', { name: 'Sign-up is closed', level: 1 }).waitFor();

    await guest.page.getByRole('link', { name: 'Go to log in' }).click();
    await guest.page.getByRole('heading', { name: 'Welcome back' }).waitFor();
    await guest.page.getByRole('button', { name: 'Log in', exact: true }).waitFor();
    expect(await guest.page.getByRole('link', { name: 'Create an account' }).count()).toBe(0);
  });

  it('deactivates a user after a confirmation; they cannot log in any more', async () => {
    const { page } = admin;
    await page.getByRole('tab', { name: 'Users' }).click();
    await page.waitForURL('**/admin/users');
    const users = page.getByRole('list', { name: 'Users' });
    await users.getByText(ada.email).waitFor();
    await expectAxeClean(page, 'admin users');

    await page.getByRole('searchbox', { name: 'Search users' }).fill(bo.username.slice(0, 4));
    await page.waitForURL(/\/admin\/users\?q=bo_/);
    await users.getByText(bo.email).waitFor();
    // The previous page stays on screen (dimmed) until the search answers.
    await users.getByText(ada.email).waitFor({ state: 'detached' });

    await page.getByRole('button', { name: `Deactivate ${bo.displayName}` }).click();
    const dialog = page.getByRole('dialog', { name: `Deactivate ${bo.displayName}?` });
    await dialog.waitFor();
    await expectAxeClean(page, 'admin users (confirm deactivation)');
    await dialog.getByRole('button', { name: 'Deactivate' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = users.getByRole('listitem').filter({ hasText: bo.email });
    await row.getByText('Deactivated', { exact: true }).waitFor();
    await row.getByRole('button', { name: `Reactivate ${bo.displayName}` }).waitFor();
    await screenshot(page, 'admin-05-user-deactivated');

    const bob = await open();
    bob.watch.allow(401);
    await logIn(bob.page, bo.username, bo.password);
    await bob.page
      .getByRole('alert')
      .getByText(/invalid/i)
      .waitFor();
    expect(bob.page.url()).toContain('/login');
  });

  it('refuses to demote the last admin, and says why', async () => {
    const { page } = admin;
    await page.getByRole('searchbox', { name: 'Search users' }).fill('');
    const users = page.getByRole('list', { name: 'Users' });
    await users.getByText(ada.email).waitFor();
    await page.getByRole('button', { name: 'Remove admin: yourself' }).click();
    const dialog = page.getByRole('dialog', { name: 'Stop being an admin?' });
    admin.watch.allow(409);
    await dialog.getByRole('button', { name: 'Remove admin' }).click();
    await dialog
      .getByRole('alert')
      .getByText(/last active admin/)
      .waitFor();
    admin.watch.disallow();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await users.getByRole('listitem').filter({ hasText: ada.email }).getByText('Admin', { exact: true }).count()).toBe(1);
  });

  it('shows what happened in the audit log, newest first, with actor, target and time', async () => {
    const { page } = admin;
    await page.getByRole('tab', { name: 'Audit log' }).click();
    await page.waitForURL('**/admin/audit');
    const log = page.getByRole('list', { name: 'Audit log entries' });
    await log.getByRole('listitem').first().waitFor();
    const texts = await log.getByRole('listitem').allInnerTexts();
    const index = (re: RegExp) => texts.findIndex((t) => re.test(t));
    const deactivated = index(new RegExp(`deactivated @${bo.username}`));
    const closed = index(/changed sign-up from invite only to closed/);
    const created = index(/created an invite link for 2 uses, valid until/);
    const invite = index(/changed sign-up from open to everyone to invite only/);
    expect([deactivated, closed, created, invite].every((i) => i >= 0)).toBe(true);
    expect(deactivated).toBeLessThan(closed);
    expect(closed).toBeLessThan(created);
    expect(created).toBeLessThan(invite);
    expect(texts[deactivated]).toContain(ada.displayName);
    await log
      .getByRole('link', { name: `@${bo.username}` })
      .first()
      .waitFor();
    await page.getByText('That is the beginning of the log.').waitFor();
    await screenshot(page, 'admin-06-audit-log');
    await expectAxeClean(page, 'admin audit log');
  });

  it('lets a person delete their own account with their password, then logs them out', async () => {
    const { page } = admin;
    // Reactivated, Bo can log in again, and deletes his account.
    await page.getByRole('tab', { name: 'Users' }).click();
    await page.getByRole('button', { name: `Reactivate ${bo.displayName}` }).click();
    await page
      .getByRole('list', { name: 'Users' })
      .getByRole('listitem')
      .filter({ hasText: bo.email })
      .getByRole('button', { name: `Deactivate ${bo.displayName}` })
      .waitFor();

    const bob = await open();
    await logIn(bob.page, bo.email, bo.password);
    await bob.page.waitForURL((u) => u.pathname === '/');
    await bob.page.goto('/profile');
    await bob.page.getByRole('button', { name: 'Delete my account' }).click();
    const dialog = bob.page.getByRole('dialog', { name: 'Delete your account?' });
    await dialog.getByLabel('Password', { exact: true }).fill('not the password');
    bob.watch.allow(400);
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await dialog.getByText('That’s not your password.').waitFor();
    bob.watch.disallow();
    expect(await dialog.getByLabel('Password', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expectAxeClean(bob.page, 'delete account (wrong password)');

    await dialog.getByLabel('Password', { exact: true }).fill(bo.password);
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await bob.page.waitForURL((u) => u.pathname === '/login');
    await bob.page.getByText('Your account was deleted.').waitFor();
    expect(await bob.page.evaluate(() => localStorage.getItem('chat.session'))).toBeNull();

    bob.watch.allow(401);
    await logIn(bob.page, bo.username, bo.password);
    await bob.page
      .getByRole('alert')
      .getByText(/invalid/i)
      .waitFor();
  });
});
