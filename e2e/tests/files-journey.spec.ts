import { deflateSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuthResponse, Me, Room } from '@chat/contracts';
import type { Page } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app-server.js';
import { launchBrowser, screenshot, type LaunchedBrowser } from '../support/browser.js';
import { befriend, call, messagesWith, openAs, openDm, person, register, type Session } from './chat-support.js';

/**
 * Issue 5 in two browsers: Ada attaches a picture and a text file in a direct conversation (progress up to 100 %),
 * Bo's browser shows the picture live and downloads the file; Ada's new avatar shows in Bo's view of her.
 * Accounts, friendship and the conversation are set up through the API; everything after that through the UI.
 */

const run = Date.now().toString(36).slice(-5);
const ada = person('Ada', run);
const bo = person('Bo', run);

let app: RunningApp;
let chromium: LaunchedBrowser;
let adaAuth: AuthResponse;
let boAuth: AuthResponse;
let dm: Room;
let a: Session;
let b: Session;

/** A real PNG of `width` × `height` with a colour gradient (no image library needed). */
function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) rows.set([(x * 255) / width, (y * 255) / height, 190], row + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The `chat_token` cookie that logging in sets (the sessions here are opened with the token in localStorage). */
async function withFileCookie(s: Session, auth: AuthResponse): Promise<void> {
  await s.context.addCookies([
    { name: 'chat_token', value: auth.token, url: `${app.baseUrl}/api/files/`, httpOnly: true, sameSite: 'Lax' },
  ]);
}

/** Waits until the <img> has been decoded (a broken or unauthorised picture never gets a natural width). */
async function loaded(page: Page, selector: string): Promise<void> {
  await page.waitForFunction(
    (sel) => {
      const img = document.querySelector<HTMLImageElement>(sel);
      return img !== null && img.complete && img.naturalWidth > 0;
    },
    selector,
    { timeout: 15_000 },
  );
}

beforeAll(async () => {
  app = await startApp();
  chromium = await launchBrowser();
  adaAuth = await register(app.baseUrl, ada);
  boAuth = await register(app.baseUrl, bo);
  await befriend(app.baseUrl, adaAuth, boAuth);
  dm = await openDm(app.baseUrl, adaAuth, boAuth);
  a = await openAs(chromium.browser, app.baseUrl, adaAuth);
  b = await openAs(chromium.browser, app.baseUrl, boAuth);
  await withFileCookie(a, adaAuth);
  await withFileCookie(b, boAuth);
});

afterAll(async () => {
  await chromium?.close();
  await app?.stop();
});

afterEach(() => {
  expect(a?.watch.errors ?? []).toEqual([]);
  expect(b?.watch.errors ?? []).toEqual([]);
});

describe('files journey: attachments, previews, downloads, avatars', () => {
  it('uploads a picture with progress up to 100 %, sends it, and the other browser shows it live', async () => {
    await a.page.goto(`/rooms/${dm.id}`);
    await b.page.goto(`/rooms/${dm.id}`);
    await a.page.getByRole('heading', { name: bo.displayName, level: 1 }).waitFor();
    await b.page.getByRole('heading', { name: ada.displayName, level: 1 }).waitFor();

    await a.page.getByTestId('composer-file-input').setInputFiles({ name: 'sunset.png', mimeType: 'image/png', buffer: png(320, 200) });
    const chips = a.page.getByRole('list', { name: 'Files to send' });
    const bar = chips.getByRole('progressbar', { name: 'Upload of sunset.png' });
    await bar.waitFor();
    await a.page.waitForFunction(
      () => document.querySelector('[role="progressbar"][aria-label="Upload of sunset.png"]')?.getAttribute('aria-valuenow') === '100',
    );
    await chips.getByText('Ready').waitFor();
    await a.page.getByRole('textbox', { name: /^Message / }).fill('The view from here');
    await screenshot(a.page, 'files-01-composer-desktop');
    await a.page.getByRole('button', { name: 'Send message' }).click();
    await expect(chips.count()).resolves.toBe(0);

    // Bo's browser, live: the preview (the thumbnail, space reserved, lazy) has loaded.
    const preview = messagesWith(b.page, 'The view from here').getByRole('img', { name: 'sunset.png' });
    await preview.waitFor();
    expect(await preview.getAttribute('src')).toMatch(/^\/api\/files\/[0-9a-f-]+\/thumbnail$/);
    expect(await preview.getAttribute('loading')).toBe('lazy');
    expect(Number(await preview.getAttribute('width'))).toBeGreaterThan(0);
    await loaded(b.page, '.msg img[alt="sunset.png"]');
    await loaded(a.page, '.msg img[alt="sunset.png"]');

    // Full size in a dialog, with a download link; Escape closes it.
    await b.page.getByRole('button', { name: 'Open sunset.png' }).click();
    const viewer = b.page.getByRole('dialog', { name: 'sunset.png' });
    await viewer.waitFor();
    await loaded(b.page, '.image-viewer__img');
    expect(await viewer.locator('.image-viewer__img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
    expect(await viewer.getByRole('link', { name: 'Download' }).getAttribute('href')).toMatch(/\/content$/);
    await screenshot(b.page, 'files-02-viewer-desktop', { fullPage: false });
    await b.page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'hidden' });
    await screenshot(b.page, 'files-03-image-received-desktop');
  });

  it('sends a text file; the other browser shows a card whose download link gives the same bytes', async () => {
    const text = `Notes of ${run}\nsecond line, ünïcödé ✓\n`;
    // Dropped onto the conversation (a drag from the desktop carries "Files").
    const drop = await a.page.evaluateHandle((content) => {
      const dt = new DataTransfer();
      dt.items.add(new File([content], 'notes.txt', { type: 'text/plain' }));
      return dt;
    }, text);
    const conversation = a.page.locator('section.conversation');
    await conversation.dispatchEvent('dragenter', { dataTransfer: drop });
    await a.page.getByText('Drop files to attach them').waitFor();
    await conversation.dispatchEvent('dragover', { dataTransfer: drop });
    await conversation.dispatchEvent('drop', { dataTransfer: drop });
    await a.page.getByText('Drop files to attach them').waitFor({ state: 'hidden' });
    await a.page.getByRole('list', { name: 'Files to send' }).getByText('Ready').waitFor();
    // The body may stay empty: the file is the message.
    await a.page.getByRole('button', { name: 'Send message' }).click();

    const card = b.page.getByRole('log').locator('.file-card', { hasText: 'notes.txt' });
    await card.waitFor();
    await card.getByText(`${Buffer.byteLength(text)} B`).waitFor();
    const link = card.getByRole('link', { name: 'Download notes.txt' });
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/api\/files\/[0-9a-f-]+\/content$/);
    expect(await link.getAttribute('download')).toBe('notes.txt');
    const downloaded = await b.page.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, bytes: Array.from(new Uint8Array(await res.arrayBuffer())) };
    }, href!);
    expect(downloaded.status).toBe(200);
    expect(Buffer.from(downloaded.bytes).equals(Buffer.from(text))).toBe(true);
    await screenshot(b.page, 'files-04-file-card-desktop');
  });

  it('shows the attachments on a phone', async () => {
    const phone = await openAs(chromium.browser, app.baseUrl, boAuth, { phone: true });
    await withFileCookie(phone, boAuth);
    try {
      await phone.page.goto(`/rooms/${dm.id}`);
      await phone.page.getByRole('log').locator('.file-card', { hasText: 'notes.txt' }).waitFor();
      // The preview loads lazily: once it is near the screen.
      await phone.page.locator('.msg img[alt="sunset.png"]').scrollIntoViewIfNeeded();
      await loaded(phone.page, '.msg img[alt="sunset.png"]');
      await phone.page.locator('.file-card', { hasText: 'notes.txt' }).scrollIntoViewIfNeeded();
      await screenshot(phone.page, 'files-05-conversation-phone', { fullPage: false });
      expect(phone.watch.errors).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });

  it('uploads an avatar in the profile; the other person sees it', async () => {
    await a.page.goto('/profile');
    const field = a.page.getByRole('group', { name: 'Profile picture' });
    await field.getByLabel('Choose a profile picture').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png(96, 96) });
    // Saved: the answer's avatarUrl is on the page's own avatar.
    await a.page.waitForFunction(() =>
      document.querySelector('.profile-card img.avatar__img')?.getAttribute('src')?.startsWith('/api/files/'),
    );
    await loaded(a.page, '.profile-card img.avatar__img');
    const me = await call<Me>(app.baseUrl, adaAuth.token, 'GET', '/users/me');
    expect(me.avatarUrl).toMatch(/^\/api\/files\/[0-9a-f-]+\/content$/);
    await screenshot(a.page, 'files-06-profile-avatar-desktop');

    await b.page.reload();
    await b.page.getByRole('heading', { name: ada.displayName, level: 1 }).waitFor();
    const selector = `.conv-header img.avatar__img[src="${me.avatarUrl}"]`;
    await loaded(b.page, selector);
    await loaded(b.page, `.chat-item img.avatar__img[src="${me.avatarUrl}"]`);
    await screenshot(b.page, 'files-07-avatar-seen-desktop');

    // Her profile, as Bo sees it.
    await b.page.goto(`/users/${adaAuth.user.id}`);
    await loaded(b.page, `.profile-card img.avatar__img[src="${me.avatarUrl}"]`);
  });

  it('lets a room admin set the room’s picture and cover in the room settings', async () => {
    const room = await call<Room>(app.baseUrl, adaAuth.token, 'POST', '/rooms', { name: `Photos ${run}` });
    await a.page.goto(`/rooms/${room.id}`);
    await a.page.getByRole('button', { name: 'Edit room' }).click();
    const form = a.page.getByRole('form', { name: 'Edit room' });
    await form.getByLabel('Choose a room picture').setInputFiles({ name: 'room.png', mimeType: 'image/png', buffer: png(64, 64) });
    await form.getByRole('group', { name: 'Room picture' }).getByRole('button', { name: 'Remove' }).waitFor();
    await form.getByLabel('Choose a cover').setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: png(600, 200) });
    await form.getByRole('group', { name: 'Cover' }).getByRole('button', { name: 'Remove' }).waitFor();
    await screenshot(a.page, 'files-08-room-settings-desktop');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await loaded(a.page, '.room-panel__cover img.cover-image');
    await loaded(a.page, '.room-panel__identity img.avatar__img');
    await loaded(a.page, '.chat-item img.avatar__img');
    await screenshot(a.page, 'files-09-room-cover-desktop');
  });
});
