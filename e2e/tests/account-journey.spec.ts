import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuthResponse, Me } from '@chat/contracts';
import type { BrowserContext, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app-server.js';
import { launchBrowser, newContext, PHONE, screenshot, watchForErrors, type LaunchedBrowser } from '../support/browser.js';

/**
 * One person's account from the first visit: register, fill in the profile and find it saved after a reload,
 * log out, log back in with the username typed in another case; then a second person finds them by a prefix of
 * their name and opens their profile. Runs against the real built app with its own database.
 */

const run = Date.now().toString(36).slice(-5);
const ada = {
  username: `Ada_${run}`,
  email: `ada.${run}@example.test`,
  password: 'correct horse battery',
  displayName: `Ada Lovelace ${run}`,
  // Markup in a bio must show as typed, never as HTML.
  bio: 'Wrote the first program.\n<img src=x onerror="document.title=1"> <b>not bold</b> 😀',
  birthdate: '1990-03-05',
};
const grace = { username: `grace_${run}`, email: `grace.${run}@example.test`, password: 'another long secret' };

let app: RunningApp;
let chromium: LaunchedBrowser;
let context: BrowserContext;
let page: Page;
let watch: ReturnType<typeof watchForErrors>;

beforeAll(async () => {
  app = await startApp();
  chromium = await launchBrowser();
  context = await newContext(chromium.browser, app.baseUrl);
  page = await context.newPage();
  watch = watchForErrors(page);
});

afterAll(async () => {
  await chromium?.close();
  await app?.stop();
});

afterEach(() => {
  // No step may log a console error or throw in the page.
  expect(watch?.errors ?? []).toEqual([]);
});

async function field(p: Page, label: string) {
  return p.getByLabel(label, { exact: true });
}

async function logIn(p: Page, login: string, password: string): Promise<void> {
  await p.goto('/login');
  await (await field(p, 'Email or username')).fill(login);
  await (await field(p, 'Password')).fill(password);
  await p.getByRole('button', { name: 'Log in', exact: true }).click();
  // Login lands on the chats (`/`); these steps are about the profile.
  await p.waitForURL((url) => url.pathname === '/');
  await p.getByRole('link', { name: 'My profile' }).click();
  await p.waitForURL('**/profile');
}

describe('account journey', () => {
  it('serves the SPA with the strict CSP and no inline script', async () => {
    const res = await page.goto('/register');
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    expect(await page.locator('script:not([src])').count()).toBe(0);
  });

  it('shows the server validation messages beside the matching fields', async () => {
    await (await field(page, 'Username')).fill('a');
    await (await field(page, 'Email')).fill('not-an-email');
    await (await field(page, 'Password')).fill('short');
    watch.allow(400);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Username must be 3 to 32 characters').waitFor();
    await page.getByText('Enter an email address such as name@example.com.').waitFor();
    await page.getByText('Password must be 8 to 128 characters').waitFor();
    watch.disallow();
    expect(await (await field(page, 'Username')).getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, '01-register-validation');
  });

  it('registers a new account and lands on the profile', async () => {
    await (await field(page, 'Username')).fill(ada.username);
    await (await field(page, 'Email')).fill(ada.email);
    await (await field(page, 'Password')).fill(ada.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/profile');
    await page.getByText(`Welcome, ${ada.username}!`).waitFor();
    await page.getByRole('heading', { name: 'Devices' }).waitFor();
    await page.getByText('This device').waitFor();
    await screenshot(page, '02-profile-after-register');
  });

  it('edits display name, bio and birthdate, and finds them saved after a reload', async () => {
    await (await field(page, 'Display name')).fill(ada.displayName);
    await (await field(page, 'Bio')).fill(ada.bio);
    await (await field(page, 'Birthdate')).fill(ada.birthdate);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Your profile was saved.').waitFor();

    await page.reload();
    await page.getByRole('heading', { name: ada.displayName, level: 2 }).waitFor();
    expect(await (await field(page, 'Display name')).inputValue()).toBe(ada.displayName);
    expect(await (await field(page, 'Bio')).inputValue()).toBe(ada.bio);
    expect(await (await field(page, 'Birthdate')).inputValue()).toBe(ada.birthdate);
    await page.getByText('Born March 5, 1990').waitFor();
    // The bio is text: the markup shows as typed and no element was made from it.
    const bio = page.locator('.profile-card__bio');
    expect(await bio.innerText()).toBe(ada.bio);
    expect(await bio.locator('img, b').count()).toBe(0);
    expect(await page.title()).not.toBe('1');
    await screenshot(page, '03-my-profile-saved');
  });

  it('logs out from the account menu and cannot see the app any more', async () => {
    await page.getByRole('button', { name: /^Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.waitForURL((url) => url.pathname === '/login' && url.search === '');
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('chat.session'))).toBeNull();
    await page.goto('/profile');
    await page.waitForURL('**/login?next=%2Fprofile');
    await screenshot(page, '04-login');
  });

  it('logs in with the username typed in another case', async () => {
    await logIn(page, ada.username.toUpperCase(), ada.password);
    await page.getByRole('heading', { name: ada.displayName, level: 2 }).waitFor();
  });

  it('lets a second person find the first by a prefix of the display name and of the username', async () => {
    // Grace registers through the API, then logs in through the UI with her email in a separate browser context.
    const res = await fetch(`${app.baseUrl}/api/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(grace),
    });
    expect(res.status).toBe(201);
    const registered = (await res.json()) as AuthResponse;
    expect(registered.user.username).toBe(grace.username);

    await context.close();
    context = await newContext(chromium.browser, app.baseUrl);
    page = await context.newPage();
    watch = watchForErrors(page);
    await logIn(page, grace.email, grace.password);

    await page.getByRole('link', { name: 'Search people' }).click();
    await page.waitForURL('**/search');
    const search = page.getByRole('searchbox', { name: 'Search people' });
    await search.fill('ada lov');
    const results = page.getByRole('list', { name: 'Search results' });
    await results.getByText(ada.displayName).waitFor();
    await page.waitForURL(/\/search\?q=ada\+lov$/);
    await screenshot(page, '05-search-results');

    await search.fill(ada.username.slice(0, 6).toUpperCase());
    await page.waitForURL(/q=ADA_/);
    await results.getByText(`@${ada.username}`).waitFor();
  });

  it("opens the first person's profile from the results and shows their bio as text", async () => {
    await page.getByRole('list', { name: 'Search results' }).getByRole('link').first().click();
    await page.waitForURL('**/users/*');
    await page.getByRole('heading', { name: ada.displayName, level: 2 }).waitFor();
    expect(await page.locator('.profile-card__bio').innerText()).toBe(ada.bio);
    // a birthdate shows to friends only by default (birthdateVisibility: friends), and these two are not friends
    expect(await page.getByText('Born March 5, 1990').count()).toBe(0);
    await screenshot(page, '06-user-profile');
  });

  it('shows a clear message for a profile that does not exist', async () => {
    watch.allow(404);
    await page.goto('/users/00000000-0000-4000-8000-000000000000');
    await page.getByText('This profile does not exist.').waitFor();
    watch.disallow();
  });

  it('ends the session when it is revoked elsewhere: the next request goes back to /login', async () => {
    const login = await fetch(`${app.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: grace.username, password: grace.password }),
    });
    const other = (await login.json()) as AuthResponse;
    // From that other device, revoke every session but its own by changing the password.
    const change = await fetch(`${app.baseUrl}/api/users/me/password`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${other.token}` },
      body: JSON.stringify({ currentPassword: grace.password, newPassword: `${grace.password}!` }),
    });
    expect(change.status).toBe(204);
    grace.password = `${grace.password}!`;

    watch.allow(401);
    await page.getByRole('link', { name: 'My profile' }).click();
    await page.waitForURL('**/login?next=%2Fprofile');
    await page.getByText('Your session has ended. Log in again to continue.').waitFor();
    watch.disallow();
    expect(await page.evaluate(() => localStorage.getItem('chat.session'))).toBeNull();
  });

  it('fits a phone screen (390×844)', async () => {
    const phone = await newContext(chromium.browser, app.baseUrl, PHONE);
    const p = await phone.newPage();
    const phoneWatch = watchForErrors(p);
    try {
      await p.goto('/login');
      await p.getByRole('heading', { name: 'Welcome back' }).waitFor();
      await screenshot(p, '07-phone-login', { fullPage: false });

      await logIn(p, grace.username, grace.password);
      const me = (await p.evaluate(async () => {
        const raw = localStorage.getItem('chat.session');
        const token = raw ? (JSON.parse(raw) as { token: string }).token : '';
        const res = await fetch('/api/users/me', { headers: { Authorization: `Bearer ${token}` } });
        return res.json();
      })) as Me;
      expect(me.username).toBe(grace.username);
      await screenshot(p, '08-phone-my-profile', { fullPage: false });

      await p.goto(`/search?q=${encodeURIComponent('ada')}`);
      await p.getByRole('list', { name: 'Search results' }).getByText(ada.displayName).waitFor();
      await screenshot(p, '09-phone-search', { fullPage: false });

      await p.getByRole('list', { name: 'Search results' }).getByRole('link').first().click();
      await p.getByRole('heading', { name: ada.displayName, level: 2 }).waitFor();
      // Nothing may stick out sideways on a phone.
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBe(0);
      await screenshot(p, '10-phone-user-profile', { fullPage: false });
      expect(phoneWatch.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('follows a dark colour scheme', async () => {
    const dark = await chromium.browser.newContext({ baseURL: app.baseUrl, colorScheme: 'dark', viewport: { width: 1280, height: 860 } });
    const p = await dark.newPage();
    const darkWatch = watchForErrors(p);
    try {
      await logIn(p, grace.email, grace.password);
      const background = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe('rgb(14, 16, 22)');
      await screenshot(p, '11-dark-my-profile');
      expect(darkWatch.errors).toEqual([]);
    } finally {
      await dark.close();
    }
  });
});
