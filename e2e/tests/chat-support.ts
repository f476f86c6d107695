import type { AuthResponse, FriendRequest, Room } from '@chat/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DESKTOP, PHONE } from '../support/browser.js';

/** Helpers of the chat journeys (chat-*.spec.ts): accounts and setup through the API, one browser context per person. */

export interface Person {
  username: string;
  email: string;
  password: string;
  displayName: string;
}

export function person(name: string, run: string): Person {
  const lower = name.toLowerCase();
  return {
    username: `${lower}_${run}`,
    email: `${lower}.${run}@example.test`,
    password: `${lower} has a long password`,
    displayName: `${name} ${run}`,
  };
}

export async function call<T>(baseUrl: string, token: string | null, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}/api${path}`, {
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

export function register(baseUrl: string, p: Person): Promise<AuthResponse> {
  return call<AuthResponse>(baseUrl, null, 'POST', '/auth/register', p);
}

export async function befriend(baseUrl: string, a: AuthResponse, b: AuthResponse): Promise<void> {
  const request = await call<FriendRequest>(baseUrl, a.token, 'POST', '/friends/requests', { userId: b.user.id });
  await call(baseUrl, b.token, 'POST', `/friends/requests/${request.id}/accept`);
}

export function openDm(baseUrl: string, a: AuthResponse, b: AuthResponse): Promise<Room> {
  return call<Room>(baseUrl, a.token, 'POST', '/dms', { userId: b.user.id });
}

/** Console errors and page errors; `allow` lets through lines a step provokes on purpose (a network drop). */
export interface ErrorWatch {
  errors: string[];
  allow(pattern: RegExp | null): void;
}

export function watchErrors(page: Page): ErrorWatch {
  const errors: string[] = [];
  let allowed: RegExp | null = null;
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    if (allowed?.test(text)) return;
    errors.push(`console.error: ${text} (${msg.location().url})`);
  });
  return { errors, allow: (pattern) => (allowed = pattern) };
}

/** What a dropped network makes Chromium log: refused requests and socket attempts. */
export const OFFLINE_NOISE =
  /ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED|ERR_CONNECTION_REFUSED|WebSocket connection to|Failed to load resource/;

export interface Session {
  context: BrowserContext;
  page: Page;
  watch: ErrorWatch;
}

export interface OpenOptions {
  phone?: boolean;
  colorScheme?: 'light' | 'dark';
}

/** A browser context already logged in as `auth` (the token in localStorage, as the login form leaves it). */
export async function openAs(browser: Browser, baseUrl: string, auth: AuthResponse | null, options: OpenOptions = {}): Promise<Session> {
  const viewport = options.phone ? PHONE : DESKTOP;
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport,
    locale: 'en-US',
    timezoneId: 'Europe/Berlin',
    colorScheme: options.colorScheme ?? 'light',
    deviceScaleFactor: options.phone ? 2 : 1,
    isMobile: options.phone ?? false,
    hasTouch: options.phone ?? false,
    storageState: auth
      ? {
          cookies: [],
          origins: [
            {
              origin: baseUrl,
              localStorage: [{ name: 'chat.session', value: JSON.stringify({ token: auth.token, expiresAt: auth.expiresAt }) }],
            },
          ],
        }
      : undefined,
  });
  const page = await context.newPage();
  return { context, page, watch: watchErrors(page) };
}

/** The message rows whose text contains `text`, in the conversation on screen. */
export function messagesWith(page: Page, text: string) {
  return page.getByRole('log').locator('.msg', { hasText: text });
}

/** Texts of every message row of the conversation on screen, in order. */
export function messageTexts(page: Page): Promise<string[]> {
  return page.getByRole('log').locator('.msg .msg__text').allInnerTexts();
}

export async function send(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: /^Message / });
  await box.fill(text);
  await box.press('Enter');
}
