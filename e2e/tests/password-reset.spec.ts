import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app-server.js';
import { launchBrowser, newContext, screenshot, watchForErrors, type LaunchedBrowser } from '../support/browser.js';
import { decodeQuotedPrintable, startMailSink, type MailSink } from '../support/mail-sink.js';

/**
 * Forgot password → the mailed link → a new password. The API sends its mail to a local SMTP sink, and the test
 * opens the exact link the mail carries (`/reset-password?token=...`).
 */

const run = Date.now().toString(36).slice(-5);
const user = { username: `linus_${run}`, email: `linus.${run}@example.test`, password: 'first password 1' };
const newPassword = 'second password 2';

let app: RunningApp;
let mail: MailSink;
let chromium: LaunchedBrowser;
let page: Page;
let watch: ReturnType<typeof watchForErrors>;
let link: URL;

beforeAll(async () => {
  mail = await startMailSink();
  app = await startApp({ env: (port) => ({ SMTP_URL: mail.url, PUBLIC_URL: `http://127.0.0.1:${port}` }) });
  const res = await fetch(`${app.baseUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(user),
  });
  expect(res.status).toBe(201);
  chromium = await launchBrowser();
  page = await (await newContext(chromium.browser, app.baseUrl)).newPage();
  watch = watchForErrors(page);
});

afterAll(async () => {
  await chromium?.close();
  await app?.stop();
  await mail?.close();
});

afterEach(() => {
  expect(watch?.errors ?? []).toEqual([]);
});

describe('password reset', () => {
  it('says the same thing for an unknown address and sends no mail', async () => {
    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email', { exact: true }).fill(`nobody.${run}@example.test`);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText('If an account exists for that email, a link to reset the password was sent.').waitFor();
    expect(mail.mails).toHaveLength(0);
  });

  it('mails a link to /reset-password for a known address', async () => {
    await page.goto('/forgot-password');
    await page.getByLabel('Email', { exact: true }).fill(user.email.toUpperCase());
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText('If an account exists for that email, a link to reset the password was sent.').waitFor();
    await screenshot(page, '12-forgot-password-sent');

    const received = await mail.waitFor(user.email);
    const body = decodeQuotedPrintable(received.data);
    const match = /(http:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+)/.exec(body);
    expect(match).not.toBeNull();
    link = new URL(match![1]!);
    expect(link.origin).toBe(app.baseUrl);
  });

  it('refuses two new passwords that differ, before asking the server', async () => {
    await page.goto(link.pathname + link.search);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat new password', { exact: true }).fill(`${newPassword}x`);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('The two passwords do not match.').waitFor();
  });

  it('sets the new password through the mailed link, which then works only once', async () => {
    await page.getByLabel('Repeat new password', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('Your password was changed and every device was logged out.').waitFor();
    await screenshot(page, '13-reset-password-done');

    // The same link a second time: the server refuses the spent token and the page says what to do.
    await page.goto(link.pathname + link.search);
    await page.getByLabel('New password', { exact: true }).fill('third password 3');
    await page.getByLabel('Repeat new password', { exact: true }).fill('third password 3');
    watch.allow(400);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('This link is invalid, was already used or has expired.').waitFor();
    watch.disallow();
  });

  it('logs in with the new password and no longer with the old one', async () => {
    await page.goto('/login');
    await page.getByLabel('Email or username', { exact: true }).fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill(user.password);
    watch.allow(401);
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await page.getByRole('alert').getByText('Invalid login or password').waitFor();
    watch.disallow();
    await screenshot(page, '14-login-wrong-password');

    await page.getByLabel('Password', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    // Login lands on the chats; the profile shows whose session it is.
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('link', { name: 'My profile' }).click();
    await page.getByRole('heading', { name: user.username, level: 2 }).waitFor();
  });
});
