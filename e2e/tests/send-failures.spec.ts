import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuthResponse, Message, Room } from '@chat/contracts';
import type { Page, WebSocketRoute } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app-server.js';
import { launchBrowser, screenshot, type LaunchedBrowser } from '../support/browser.js';
import { befriend, call, messagesWith, openAs, openDm, person, register, send, type Session } from './chat-support.js';

/**
 * Issue 13, item 15: a send that failed looks failed, on both ways a message leaves the browser. Over the socket the
 * server's ack carries the error; over REST (used while the socket cannot connect) the answer is a 500. Either way
 * the message is marked "Not sent" with Retry and Delete, and no "Seen" is shown beside it. A 503 UNAVAILABLE
 * (nothing stored) is not a failure: the message stays queued and goes again with the same clientId.
 */

const run = Date.now().toString(36).slice(-5);
const ada = person('Ada', run);
const bo = person('Bo', run);

let app: RunningApp;
let chromium: LaunchedBrowser;
let adaAuth: AuthResponse;
let boAuth: AuthResponse;
let dm: Room;

/** What Chromium logs for the failures these tests provoke on purpose. */
const PROVOKED = /status of 50[03]|WebSocket connection to|ERR_FAILED|socket\.io/;

beforeAll(async () => {
  app = await startApp();
  chromium = await launchBrowser();
  adaAuth = await register(app.baseUrl, ada);
  boAuth = await register(app.baseUrl, bo);
  await befriend(app.baseUrl, adaAuth, boAuth);
  dm = await openDm(app.baseUrl, adaAuth, boAuth);
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await app?.stop();
});

/** Ada wrote, Bo read it: the conversation shows "Seen" under her latest message. */
async function seenMessage(body: string): Promise<void> {
  const m = await call<Message>(app.baseUrl, adaAuth.token, 'POST', `/rooms/${dm.id}/messages`, {
    clientId: `seen-${run}-${body.replace(/\W+/g, '-')}`,
    body,
  });
  await call(app.baseUrl, boAuth.token, 'POST', `/rooms/${dm.id}/read`, { seq: m.seq });
}

async function history(): Promise<Message[]> {
  return (await call<{ messages: Message[] }>(app.baseUrl, adaAuth.token, 'GET', `/rooms/${dm.id}/messages?limit=100`)).messages;
}

async function withAda(setup: (page: Page) => Promise<void>, fn: (s: Session) => Promise<void>): Promise<void> {
  const s = await openAs(chromium.browser, app.baseUrl, adaAuth);
  s.watch.allow(PROVOKED);
  try {
    await setup(s.page);
    await s.page.goto(`/rooms/${dm.id}`);
    await s.page.getByRole('heading', { name: bo.displayName, level: 1 }).waitFor();
    await fn(s);
    expect(s.watch.errors).toEqual([]);
  } finally {
    await s.context.close();
  }
}

/** Per page, resolves once the server's Socket.IO CONNECT packet has been passed on to it (see `interceptSends`). */
const socketOpen = new WeakMap<Page, Promise<void>>();

/**
 * Passes the socket through, except `message:send` events, which `answer` may ack itself (return null to forward).
 * A send made before the socket is connected goes over REST: a test of the socket path waits for
 * `socketOpen.get(page)` first.
 */
function interceptSends(page: Page, answer: (payload: { clientId: string; body: string }) => object | null): Promise<void> {
  let opened!: () => void;
  socketOpen.set(page, new Promise<void>((resolve) => (opened = resolve)));
  return page.routeWebSocket(/\/socket\.io\//, (ws: WebSocketRoute) => {
    const server = ws.connectToServer();
    server.onMessage((frame) => {
      ws.send(frame);
      if (typeof frame === 'string' && frame.startsWith('40')) opened();
    });
    ws.onMessage((frame) => {
      const text = typeof frame === 'string' ? frame : frame.toString();
      const m = /^42(\d+)(\[.*)$/s.exec(text);
      if (m) {
        const [event, payload] = JSON.parse(m[2]!) as [string, { clientId: string; body: string }];
        if (event === 'message:send') {
          const ack = answer(payload);
          if (ack) {
            ws.send(`43${m[1]}${JSON.stringify([ack])}`);
            return;
          }
        }
      }
      server.send(frame);
    });
  });
}

/** No socket at all (WebSocket and long-polling refused): the app sends over REST. */
async function withoutSocket(page: Page): Promise<void> {
  await page.routeWebSocket(/\/socket\.io\//, (ws) => ws.close());
  await page.route('**/socket.io/**', (route) => route.abort());
}

async function expectFailed(s: Session, body: string): Promise<void> {
  const row = messagesWith(s.page, body);
  await row.getByText(/^Not sent/).waitFor();
  await row.getByRole('button', { name: 'Retry' }).waitFor();
  await row.getByRole('button', { name: 'Delete' }).waitFor();
  // Not sending any more, and nothing says it arrived: no "Seen" in the conversation, no pending clock.
  expect(await row.getByTitle('Sending').count()).toBe(0);
  expect(await s.page.getByRole('log').getByText(/^Seen/).count()).toBe(0);
  expect(await row.getAttribute('class')).toContain('msg--failed');
}

describe('a failed send looks failed (issue 13, item 15)', () => {
  it('over the socket: an error ack marks it failed with Retry and Delete, and Delete drops it', async () => {
    await seenMessage('before the socket failure');
    await withAda(
      (page) =>
        interceptSends(page, (p) =>
          p.body.includes('socket-fails') ? { ok: false, error: { code: 'INTERNAL', message: 'Internal server error' } } : null,
        ),
      async (s) => {
        await s.page.getByRole('log').getByText('Seen').waitFor();
        await socketOpen.get(s.page);
        await send(s.page, 'this one socket-fails');
        await expectFailed(s, 'this one socket-fails');
        await screenshot(s.page, 'send-failed-socket-desktop', { fullPage: false });
        await messagesWith(s.page, 'this one socket-fails').getByRole('button', { name: 'Delete' }).click();
        await messagesWith(s.page, 'this one socket-fails').waitFor({ state: 'detached' });
        // Gone from the conversation; "Seen" is back under the latest message that did arrive.
        await s.page.getByRole('log').getByText('Seen').waitFor();
      },
    );
    expect((await history()).some((m) => m.body.includes('socket-fails'))).toBe(false);
  });

  it('over REST: a 500 marks it failed with Retry and Delete; Retry sends it once', async () => {
    await seenMessage('before the REST failure');
    let fail = true;
    await withAda(
      async (page) => {
        await withoutSocket(page);
        await page.route('**/api/rooms/*/messages', (route) =>
          route.request().method() === 'POST' && fail
            ? route.fulfill({
                status: 500,
                contentType: 'application/json',
                body: JSON.stringify({ statusCode: 500, code: 'INTERNAL', message: 'Internal server error' }),
              })
            : route.fallback(),
        );
      },
      async (s) => {
        await s.page.getByRole('log').getByText('Seen').waitFor();
        await send(s.page, 'sent while REST answers 500');
        await expectFailed(s, 'sent while REST answers 500');
        await screenshot(s.page, 'send-failed-rest-desktop', { fullPage: false });
        fail = false;
        await messagesWith(s.page, 'sent while REST answers 500').getByRole('button', { name: 'Retry' }).click();
        await messagesWith(s.page, 'sent while REST answers 500')
          .getByText(/^Not sent/)
          .waitFor({ state: 'detached' });
        await s.page.waitForFunction(() => !document.querySelector('.msg--sending, .msg--queued, .msg--failed'));
      },
    );
    expect((await history()).filter((m) => m.body === 'sent while REST answers 500')).toHaveLength(1);
  });

  it('over REST: a 503 UNAVAILABLE keeps it queued and sends it again with the same clientId', async () => {
    const clientIds: string[] = [];
    let refusals = 2;
    await withAda(
      async (page) => {
        await withoutSocket(page);
        await page.route('**/api/rooms/*/messages', (route) => {
          if (route.request().method() !== 'POST') return route.fallback();
          clientIds.push((route.request().postDataJSON() as { clientId: string }).clientId);
          if (refusals-- > 0) {
            return route.fulfill({
              status: 503,
              contentType: 'application/json',
              headers: { 'Retry-After': '1' },
              body: JSON.stringify({ statusCode: 503, code: 'UNAVAILABLE', message: 'The server is busy, try again' }),
            });
          }
          return route.fallback();
        });
      },
      async (s) => {
        await send(s.page, 'sent while the server is busy');
        const row = messagesWith(s.page, 'sent while the server is busy');
        await row.waitFor();
        await s.page.waitForFunction(() => !document.querySelector('.msg--sending, .msg--queued, .msg--failed'), undefined, {
          timeout: 20_000,
        });
        expect(await row.getByText(/^Not sent/).count()).toBe(0);
      },
    );
    expect(clientIds.length).toBe(3);
    expect(new Set(clientIds).size).toBe(1);
    expect((await history()).filter((m) => m.body === 'sent while the server is busy')).toHaveLength(1);
  });

  it('over the socket: an UNAVAILABLE ack keeps it queued and sends it again with the same clientId', async () => {
    const clientIds: string[] = [];
    let refusals = 1;
    await withAda(
      (page) =>
        interceptSends(page, (p) => {
          if (!p.body.includes('busy socket')) return null;
          clientIds.push(p.clientId);
          return refusals-- > 0 ? { ok: false, error: { code: 'UNAVAILABLE', message: 'The server is busy, try again' } } : null;
        }),
      async (s) => {
        await socketOpen.get(s.page);
        await send(s.page, 'sent on a busy socket');
        const row = messagesWith(s.page, 'sent on a busy socket');
        await row.waitFor();
        await s.page.waitForFunction(() => !document.querySelector('.msg--sending, .msg--queued, .msg--failed'), undefined, {
          timeout: 20_000,
        });
        expect(await row.getByText(/^Not sent/).count()).toBe(0);
      },
    );
    expect(clientIds.length).toBe(2);
    expect(new Set(clientIds).size).toBe(1);
    expect((await history()).filter((m) => m.body === 'sent on a busy socket')).toHaveLength(1);
  });
});
