import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuthResponse, FileMeta, Message, Room } from '@chat/contracts';
import type { BrowserContext, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app-server.js';
import { launchBrowser, newContext, screenshot, watchForErrors, type LaunchedBrowser } from '../support/browser.js';

/**
 * Stored XSS: a hostile user puts script payloads in everything another user's browser shows — display name, bio, room
 * name and description, messages (with `javascript:` links), a file name — and the victim browses the chat, the room,
 * the DM, the profile and the search results. Every payload shows literally as text, nothing runs (a dialog fails the
 * test, and so does a canary an `onerror` would set), no `javascript:` link exists, and every SPA response carries a
 * strict Content-Security-Policy. Data is made through the REST API; the browser only reads.
 */

const run = Date.now().toString(36).slice(-5);
/** Each payload calls alert() with its own number, so a fired dialog says which one got through. */
const payload = {
  displayName: `<img src=x onerror=alert(1)>${run}`,
  bio: `<script>alert(2)</script> <a href="javascript:alert(3)">bio link</a>`,
  roomName: `<svg onload=alert(4)> ${run}`,
  description: `<iframe src="javascript:alert(5)"></iframe>`,
  messages: [
    `<img src=x onerror="document.body.dataset.pwned=6;alert(6)">`,
    `<script>alert(7)</script>`,
    `javascript:alert(8)`,
    `[click me](javascript:alert(9))`,
    `<a href="javascript:alert(10)">click</a> and <b onmouseover=alert(11)>hover</b>`,
    `see https://example.com/?q=<script>alert(12)</script>`,
  ],
  dm: `<details open ontoggle=alert(13)>dm</details>`,
  fileName: `"><img src=x onerror=alert(14)>.html`,
};

let app: RunningApp;
let chromium: LaunchedBrowser;
let context: BrowserContext;
let page: Page;
let watch: ReturnType<typeof watchForErrors>;
const dialogs: string[] = [];
let mallory: AuthResponse;
let victim: AuthResponse & { password: string };
let room: Room;
let dm: Room;
let file: FileMeta;

async function call<T>(token: string | null, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${app.baseUrl}/api${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function registerUser(name: string, displayName: string): Promise<AuthResponse & { password: string }> {
  const password = `${name} has a long password`;
  const username = `${name}_${run}`;
  const auth = await call<AuthResponse>(null, 'POST', '/auth/register', {
    username,
    email: `${username}@example.test`,
    password,
    displayName,
  });
  return { ...auth, password };
}

beforeAll(async () => {
  app = await startApp();
  mallory = await registerUser('mallory', payload.displayName);
  victim = await registerUser('victim', `Victim ${run}`);
  await call(mallory.token, 'PATCH', '/users/me', { bio: payload.bio });
  const request = await call<{ id: string }>(mallory.token, 'POST', '/friends/requests', { userId: victim.user.id });
  await call(victim.token, 'POST', `/friends/requests/${request.id}/accept`);
  room = await call<Room>(mallory.token, 'POST', '/rooms', {
    name: payload.roomName,
    description: payload.description,
    visibility: 'public',
  });
  await call(victim.token, 'POST', `/rooms/${room.id}/join`);

  const form = new FormData();
  form.append('file', new Blob(['<script>alert(15)</script>'], { type: 'text/html' }), payload.fileName);
  const uploaded = await fetch(`${app.baseUrl}/api/files`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${mallory.token}` },
    body: form,
  });
  expect(uploaded.status).toBe(201);
  file = (await uploaded.json()) as FileMeta;
  let i = 0;
  for (const body of payload.messages)
    await call<Message>(mallory.token, 'POST', `/rooms/${room.id}/messages`, { clientId: `xss-${i++}`, body });
  await call<Message>(mallory.token, 'POST', `/rooms/${room.id}/messages`, {
    clientId: 'xss-file',
    body: 'a file',
    attachmentIds: [file.id],
  });
  dm = await call<Room>(mallory.token, 'POST', '/dms', { userId: victim.user.id });
  await call<Message>(mallory.token, 'POST', `/rooms/${dm.id}/messages`, { clientId: 'xss-dm', body: payload.dm });

  chromium = await launchBrowser();
  context = await newContext(chromium.browser, app.baseUrl);
  page = await context.newPage();
  watch = watchForErrors(page);
  // any dialog means a payload ran: it is recorded (and the test fails), then dismissed so the page goes on
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
});

afterAll(async () => {
  await chromium?.close();
  await app?.stop();
});

afterEach(async () => {
  expect(dialogs).toEqual([]);
  expect(watch?.errors ?? []).toEqual([]);
  if (page) await expectNothingRan(page);
});

/** No element a payload would have made, no javascript: link, no inline script, no canary set. */
async function expectNothingRan(p: Page): Promise<void> {
  expect(await p.locator('img[src="x"]').count()).toBe(0);
  expect(await p.locator('a[href^="javascript:" i], iframe, svg[onload], details[ontoggle], b[onmouseover]').count()).toBe(0);
  expect(await p.locator('script:not([src])').count()).toBe(0);
  expect(await p.evaluate(() => document.body.dataset.pwned ?? null)).toBeNull();
}

/** The visible text of `root` contains `text` exactly as typed. */
async function showsLiterally(root: ReturnType<Page['locator']>, text: string): Promise<void> {
  await root.getByText(text.slice(0, 12), { exact: false }).first().waitFor();
  expect(await root.innerText()).toContain(text);
}

describe('user text renders as text', () => {
  it('serves every SPA route with a strict Content-Security-Policy and no inline script', async () => {
    for (const path of ['/', '/login', `/rooms/${room.id}`, `/users/${mallory.user.id}`, '/search?q=x', '/no/such/page']) {
      const res = await fetch(`${app.baseUrl}${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      const csp = res.headers.get('content-security-policy') ?? '';
      const directives = new Map(
        csp
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .filter((d) => d[0])
          .map(([name, ...values]) => [name!, values]),
      );
      const scriptSrc = directives.get('script-src') ?? directives.get('default-src') ?? [];
      expect({ path, scriptSrc }).toEqual({ path, scriptSrc: ["'self'"] });
      expect(directives.get('object-src')).toEqual(["'none'"]);
      expect(directives.get('base-uri')).toEqual(["'self'"]);
      expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
      expect(scriptSrc.join(' ')).not.toMatch(/unsafe-inline|unsafe-eval|\*|data:|blob:|javascript:/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const html = await res.text();
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i); // no inline script in index.html
    }
  });

  it('shows messages, the room name, the sender and the file name in a room literally', async () => {
    await page.goto('/login');
    await page.getByLabel('Email or username', { exact: true }).fill(victim.user.username);
    await page.getByLabel('Password', { exact: true }).fill(victim.password);
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/');

    // the sidebar lists the room and the DM under names made of markup
    const conversations = page.getByRole('list', { name: 'Conversations' });
    await showsLiterally(conversations, payload.roomName);
    await showsLiterally(conversations, payload.displayName);

    await page.goto(`/rooms/${room.id}`);
    const log = page.getByRole('log', { name: `Messages in ${payload.roomName}` });
    await log.waitFor();
    // bodies render as a Markdown subset with no HTML path: a link to a javascript: URL shows only its text, no link
    for (const body of payload.messages) await showsLiterally(log, body.startsWith('[click me]') ? 'click me' : body);
    await showsLiterally(log, payload.displayName);
    await showsLiterally(page.getByRole('list', { name: 'Attachments' }), file.name);
    await page.getByRole('heading', { name: payload.roomName, level: 1 }).waitFor();
    // only the http(s) URL became a link, and it stops before the markup
    const links = await log.getByRole('link').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(links.filter((href) => !href.startsWith('http://127.0.0.1'))).toEqual(['https://example.com/?q=']);
    await screenshot(page, 'security-rendering-room');
  });

  it('shows the room description in the room details literally', async () => {
    await page.goto(`/rooms/${room.id}/details`);
    await showsLiterally(page.locator('main'), payload.description);
  });

  it('shows a direct message and the sender’s display name as the DM’s title literally', async () => {
    await page.goto(`/rooms/${dm.id}`);
    await page.getByRole('heading', { name: payload.displayName, level: 1 }).waitFor();
    await showsLiterally(page.getByRole('log'), payload.dm);
  });

  it('shows the display name and bio on the profile, and the name in search results, literally', async () => {
    await page.goto(`/users/${mallory.user.id}`);
    await page.getByRole('heading', { name: payload.displayName, level: 2 }).waitFor();
    await showsLiterally(page.locator('main'), payload.bio);
    await page.goto(`/search?q=${encodeURIComponent(`mallory_${run}`)}`);
    await showsLiterally(page.getByRole('list', { name: 'Search results' }), payload.displayName);
    await screenshot(page, 'security-rendering-search');
  });
});
