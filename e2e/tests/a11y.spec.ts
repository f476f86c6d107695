import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthResponse, Message, Room } from '@chat/contracts';
import type { Page } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app-server.js';
import { axeProblems } from '../support/axe.js';
import { launchBrowser, type LaunchedBrowser } from '../support/browser.js';
import { REPO_ROOT, SCREENSHOTS_DIR } from '../support/paths.js';
import { befriend, call, openAs, openDm, person, register, type Session } from './chat-support.js';

/**
 * Every main screen through axe-core, at desktop and phone width, in light and dark: no violation of impact
 * "serious" or "critical" may remain. The same walk saves the README's screenshots (artifacts/screenshots/readme-*.png)
 * and copies four of them to docs/screenshots/.
 */

const README_DESKTOP = { width: 1280, height: 800 };
const DOCS_SCREENSHOTS = join(REPO_ROOT, 'docs/screenshots');

const run = Date.now().toString(36).slice(-5);
// Real-looking names for the README's screenshots (usernames stay unique to the run).
const ada = { ...person('Ada', run), displayName: 'Ada Lovelace' };
const bo = { ...person('Bo', run), displayName: 'Bo Chen' };
const cy = { ...person('Cy', run), displayName: 'Cy Tremblay' };

let app: RunningApp;
let chromium: LaunchedBrowser;
let adaAuth: AuthResponse;
let boAuth: AuthResponse;
let cyAuth: AuthResponse;
let room: Room;
let dm: Room;

interface Screen {
  name: string;
  /** Who is logged in; null for the guest pages. */
  as: () => AuthResponse | null;
  open: (page: Page, variant: Variant) => Promise<void>;
}

interface Variant {
  phone: boolean;
  scheme: 'light' | 'dark';
}

/**
 * Resolves once no CSS transition or finite animation is running on the page (and a frame has been drawn since).
 * Endless ones (a spinner, a typing indicator) are left running.
 */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
    undefined,
    { polling: 'raf' },
  );
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { name, level: 1 }).first().waitFor();

const screens: Screen[] = [
  {
    name: 'login',
    as: () => null,
    open: async (page) => {
      await page.goto('/login');
      await page.getByRole('button', { name: 'Log in', exact: true }).waitFor();
    },
  },
  {
    name: 'register',
    as: () => null,
    open: async (page) => {
      await page.goto('/register');
      await page.getByLabel('Username', { exact: true }).waitFor();
    },
  },
  {
    name: 'chats-empty',
    as: () => cyAuth,
    open: async (page) => {
      await page.goto('/');
      await page
        .getByText(/no conversations|no chats|start/i)
        .first()
        .waitFor();
    },
  },
  {
    name: 'conversation',
    as: () => adaAuth,
    open: async (page) => {
      await page.goto(`/rooms/${room.id}`);
      await page.getByRole('log').getByText('See you at the standup').waitFor();
    },
  },
  {
    name: 'direct-message',
    as: () => adaAuth,
    open: async (page) => {
      await page.goto(`/rooms/${dm.id}`);
      await page.getByRole('log').getByText('https://example.com/notes').waitFor();
    },
  },
  {
    name: 'friends',
    as: () => adaAuth,
    open: async (page) => {
      await page.goto('/friends');
      await page.getByText(bo.displayName).first().waitFor();
    },
  },
  {
    name: 'discover',
    as: () => adaAuth,
    open: async (page) => {
      await page.goto('/rooms/discover');
      await page.getByText('Book club').first().waitFor();
    },
  },
  {
    name: 'create-room',
    as: () => adaAuth,
    open: async (page) => {
      await page.goto('/rooms/new');
      await page.getByRole('dialog').waitFor();
    },
  },
  {
    name: 'room-details',
    as: () => adaAuth,
    open: async (page, { phone }) => {
      if (phone) {
        await page.goto(`/rooms/${room.id}/details`);
      } else {
        await page.goto(`/rooms/${room.id}`);
        await page.getByRole('log').getByText('See you at the standup').waitFor();
        const show = page.getByRole('button', { name: 'Show details' });
        if ((await show.count()) > 0) await show.click();
      }
      await page.getByText(bo.displayName).first().waitFor();
    },
  },
  {
    name: 'quick-switcher',
    as: () => adaAuth,
    open: async (page) => {
      await page.goto('/friends');
      await heading(page, 'Friends');
      await page.keyboard.press('Control+K');
      const dialog = page.getByRole('dialog', { name: 'Jump to…' });
      await dialog.getByRole('combobox').fill('d');
      await dialog.getByRole('option').first().waitFor();
    },
  },
  {
    name: 'notifications',
    as: () => boAuth,
    open: async (page) => {
      await page.goto('/notifications');
      await heading(page, /notifications/i);
      await page.getByRole('main').getByText(ada.displayName).first().waitFor();
    },
  },
  {
    name: 'my-profile',
    as: () => adaAuth,
    open: async (page) => {
      await page.goto('/profile');
      await page.getByLabel('Display name', { exact: true }).waitFor();
    },
  },
  {
    name: 'user-profile',
    as: () => adaAuth,
    open: async (page) => {
      await page.goto(`/users/${cyAuth.user.id}`);
      await heading(page, cy.displayName);
    },
  },
  {
    name: 'search',
    as: () => adaAuth,
    open: async (page) => {
      await page.goto(`/search?q=${run}`);
      await page.getByRole('main').getByText(cy.displayName).first().waitFor();
    },
  },
];

const variants: Variant[] = [
  { phone: false, scheme: 'light' },
  { phone: false, scheme: 'dark' },
  { phone: true, scheme: 'light' },
  { phone: true, scheme: 'dark' },
];

beforeAll(async () => {
  app = await startApp({ env: () => ({ MESSAGE_RATE_PER_SECOND: '100', MESSAGE_BURST: '100' }) });
  adaAuth = await register(app.baseUrl, ada);
  boAuth = await register(app.baseUrl, bo);
  cyAuth = await register(app.baseUrl, cy);
  await befriend(app.baseUrl, adaAuth, boAuth);
  // Bo has a notification waiting: Ada asks Cy to be friends, and Cy asks Bo.
  await call(app.baseUrl, adaAuth.token, 'POST', '/friends/requests', { userId: cyAuth.user.id });
  await call(app.baseUrl, cyAuth.token, 'POST', '/friends/requests', { userId: boAuth.user.id });
  room = await call<Room>(app.baseUrl, adaAuth.token, 'POST', '/rooms', {
    name: 'Design team',
    description: 'Mockups, reviews and the weekly standup.',
    visibility: 'public',
  });
  await call(app.baseUrl, boAuth.token, 'POST', `/rooms/${room.id}/join`);
  await call(app.baseUrl, boAuth.token, 'POST', '/rooms', {
    name: 'Book club',
    description: 'One chapter a week, spoilers in threads.',
    visibility: 'public',
  });
  const say = (auth: AuthResponse, target: Room, body: string, i: number) =>
    call<Message>(app.baseUrl, auth.token, 'POST', `/rooms/${target.id}/messages`, { clientId: `a11y-${run}-${target.id}-${i}`, body });
  // A room with real history (more than a screen, so the README shows the list scrolled to its newest message).
  const roomLines: Array<[AuthResponse, string]> = [
    [adaAuth, 'Morning! The new sidebar mockups are up.'],
    [adaAuth, 'Light and dark both, and the phone layout too.'],
    [boAuth, 'Nice, looking now.'],
    [boAuth, 'Is the unread badge on the left or the right of the name?'],
    [adaAuth, 'Right, after the time of the last message.'],
    [boAuth, 'Got it. The contrast of the muted text in dark mode looks a bit low to me.'],
    [adaAuth, 'It passes AA, but I can lift it a little.'],
    [boAuth, 'Please do, it reads better on my old laptop screen.'],
    [adaAuth, 'Done: #9aa3b5 instead of #8b93a5.'],
    [boAuth, 'Much better.'],
    [boAuth, 'What happens with very long room names?'],
    [adaAuth, 'They get an ellipsis, and the full name in the header and the tooltip.'],
    [boAuth, 'And on the phone?'],
    [adaAuth, 'Same, the header has the whole width there.'],
    [boAuth, 'Cool. Did we decide on the avatar size in the list?'],
    [adaAuth, '40 px on desktop, 44 on the phone for the touch target.'],
    [boAuth, 'Makes sense.'],
    [adaAuth, 'I also tried the day separators as a band instead of a floating chip.'],
    [adaAuth, 'Messages slide under the band now instead of showing through around the chip.'],
    [boAuth, 'Yes! That always bugged me.'],
    [boAuth, 'Can we get the keyboard walk-through into the review too?'],
    [adaAuth, 'Sure: F6 moves between the sidebar, the messages and the composer.'],
    [adaAuth, 'Arrow keys go from message to message, Enter opens its menu.'],
    [boAuth, 'Like Slack. Love it.'],
    [boAuth, 'Looks great. The unread badges read much better now.'],
    [boAuth, 'One nit: the timestamp could be a little lighter in dark mode.'],
    [adaAuth, 'Good catch, fixing it now.'],
    [adaAuth, 'Pushed. Reload and tell me what you think.'],
    [boAuth, 'Perfect. Shipping it?'],
    [adaAuth, 'After the standup, once Cy has had a look.'],
    [boAuth, 'See you at the standup'],
  ];
  let lastSeq = 0;
  for (const [i, [who, body]] of roomLines.entries()) lastSeq = (await say(who, room, body, i)).seq;
  // Ada has read it all: the room opens at its newest message.
  await call(app.baseUrl, adaAuth.token, 'POST', `/rooms/${room.id}/read`, { seq: lastSeq });
  dm = await openDm(app.baseUrl, adaAuth, boAuth);
  await say(boAuth, dm, 'Here are the notes from yesterday: https://example.com/notes', 0);
  await say(adaAuth, dm, 'Thanks, reading them now!', 1);
  chromium = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await app?.stop();
});

/** The screenshots the README shows, by screen and variant. */
const docsShots: Record<string, string> = {
  'readme-conversation-desktop-light': 'chat-desktop-light.png',
  'readme-conversation-desktop-dark': 'chat-desktop-dark.png',
  'readme-conversation-phone-light': 'conversation-phone.png',
  'readme-friends-desktop-light': 'friends-desktop.png',
};

describe('accessibility of every main screen (axe-core, no serious or critical violation)', () => {
  for (const variant of variants) {
    const label = `${variant.phone ? 'phone' : 'desktop'}-${variant.scheme}`;
    it(`${label}`, async () => {
      const problems: string[] = [];
      const sessions = new Map<AuthResponse | null, Session>();
      try {
        for (const screen of screens) {
          const who = screen.as();
          let session = sessions.get(who);
          if (!session) {
            session = await openAs(chromium.browser, app.baseUrl, who, { phone: variant.phone, colorScheme: variant.scheme });
            if (!variant.phone) await session.page.setViewportSize(README_DESKTOP);
            sessions.set(who, session);
          }
          const { page } = session;
          await screen.open(page, variant);
          // Let transitions and animations end before judging colours.
          await settled(page);
          problems.push(...(await axeProblems(page, `${screen.name} (${label})`)));
          mkdirSync(SCREENSHOTS_DIR, { recursive: true });
          const shot = `readme-${screen.name}-${label}`;
          const path = join(SCREENSHOTS_DIR, `${shot}.png`);
          await page.screenshot({ path, animations: 'disabled' });
          const docsName = docsShots[shot];
          if (docsName) {
            mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
            copyFileSync(path, join(DOCS_SCREENSHOTS, docsName));
          }
        }
        for (const s of sessions.values()) expect(s.watch.errors).toEqual([]);
      } finally {
        for (const s of sessions.values()) await s.context.close();
      }
      if (problems.length) console.log(problems.join('\n'));
      expect(problems).toEqual([]);
    });
  }
});
