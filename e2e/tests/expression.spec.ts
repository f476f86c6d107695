import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuthResponse, Invite, Message, Notification, Room } from '@chat/contracts';
import type { Page } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app-server.js';
import { axeProblems } from '../support/axe.js';
import { launchBrowser, screenshot, type LaunchedBrowser } from '../support/browser.js';
import { befriend, call, messagesWith, openAs, person, register, type Session } from './chat-support.js';

/**
 * Issue 18 in the browser: two people react to a message and see each other's reactions live, with who reacted on
 * hover; the emoji picker adds one; a fenced code block survives sending and shows exactly as typed; the `@`
 * autocomplete inserts a mention that notifies the person named, and `:thu` offers 👍; "edited" opens the history.
 */

const run = Date.now().toString(36).slice(-5);
let app: RunningApp;
let chromium: LaunchedBrowser;
let ada: AuthResponse;
let bo: AuthResponse;
let team: Room;
let a: Session;
let b: Session;

async function post(auth: AuthResponse, body: string): Promise<Message> {
  return call<Message>(app.baseUrl, auth.token, 'POST', `/rooms/${team.id}/messages`, { clientId: crypto.randomUUID(), body });
}

async function noAxeProblems(page: Page, screen: string): Promise<void> {
  const problems = await axeProblems(page, screen);
  if (problems.length) console.log(problems.join('\n'));
  expect(problems).toEqual([]);
}

const composer = (page: Page) => page.getByRole('textbox', { name: /^Message / });
const chip = (page: Page, text: string, name: string | RegExp) => messagesWith(page, text).getByRole('button', { name });

beforeAll(async () => {
  app = await startApp();
  ada = await register(app.baseUrl, person('Ada', run));
  bo = await register(app.baseUrl, person('Bo', run));
  await befriend(app.baseUrl, ada, bo);
  team = await call<Room>(app.baseUrl, ada.token, 'POST', '/rooms', { name: `Team ${run}` });
  const invite = await call<Invite>(app.baseUrl, ada.token, 'POST', `/rooms/${team.id}/invites`, { userId: bo.user.id });
  await call(app.baseUrl, bo.token, 'POST', `/invites/${invite.id}/accept`);
  await post(bo, 'Shall we ship on Friday?');
  chromium = await launchBrowser();
  a = await openAs(chromium.browser, app.baseUrl, ada);
  b = await openAs(chromium.browser, app.baseUrl, bo);
  await a.page.goto(`/rooms/${team.id}`);
  await b.page.goto(`/rooms/${team.id}`);
  await messagesWith(a.page, 'Shall we ship').waitFor();
  await messagesWith(b.page, 'Shall we ship').waitFor();
});

afterAll(async () => {
  await chromium?.close();
  await app?.stop();
});

afterEach(() => {
  expect(a?.watch.errors ?? []).toEqual([]);
  expect(b?.watch.errors ?? []).toEqual([]);
});

describe('reactions', () => {
  it('two people react and see each other’s reactions live, and who reacted', async () => {
    // Ada: a quick reaction from the message's menu.
    const row = messagesWith(a.page, 'Shall we ship');
    await row.hover();
    await row.getByRole('button', { name: /^Actions for/ }).click();
    await a.page.getByRole('menuitem', { name: 'React with 👍' }).click();
    const adaThumb = chip(a.page, 'Shall we ship', '👍 1 reaction, yours');
    await adaThumb.waitFor();
    expect(await adaThumb.getAttribute('aria-pressed')).toBe('true');

    // Bo sees it live, not pressed, and adds his by clicking the chip.
    const boThumb = chip(b.page, 'Shall we ship', '👍 1 reaction');
    await boThumb.waitFor();
    expect(await boThumb.getAttribute('aria-pressed')).toBe('false');
    await boThumb.click();
    await chip(b.page, 'Shall we ship', '👍 2 reactions, including you').waitFor();
    await chip(a.page, 'Shall we ship', '👍 2 reactions, including you').waitFor();

    // Bo picks 🎉 in the emoji picker ("+"), searching for it.
    const boRow = messagesWith(b.page, 'Shall we ship');
    await boRow.hover();
    await boRow.getByRole('button', { name: 'Add another reaction' }).click();
    const picker = b.page.getByRole('dialog', { name: 'Emoji picker' });
    await picker.getByRole('searchbox', { name: 'Search emoji' }).fill('party popper');
    const tada = picker.getByRole('gridcell', { name: 'Party popper', exact: true });
    await tada.waitFor();
    await screenshot(b.page, 'expression-01-emoji-picker-desktop');
    await noAxeProblems(b.page, 'emoji picker');
    await tada.click();
    await picker.waitFor({ state: 'detached' });
    await chip(a.page, 'Shall we ship', '🎉 1 reaction').waitFor();

    // Who reacted: hovering Ada's 👍 names both (herself as "You").
    await chip(a.page, 'Shall we ship', /^👍 2 reactions/).hover();
    const tip = a.page.getByRole('tooltip');
    await tip.filter({ hasText: bo.user.displayName }).waitFor();
    expect(await tip.innerText()).toContain('You');
    await screenshot(a.page, 'expression-02-reactions-desktop');
    await noAxeProblems(a.page, 'reactions with who reacted');

    // Ada takes hers back: Bo's view follows, with his own still pressed.
    await chip(a.page, 'Shall we ship', /^👍 2 reactions/).click();
    const left = chip(b.page, 'Shall we ship', '👍 1 reaction, yours');
    await left.waitFor();
    expect(await left.getAttribute('aria-pressed')).toBe('true');
  });
});

describe('Markdown', () => {
  it('a fenced code block survives sending and shows exactly as typed', async () => {
    const code = ['const a = 1 < 2 && "<b>x</b>";', '  indented(*not emphasis*) **still plain** @bo', '\tlast_line = `tick`'].join('\n');
    const body = `Code below\n\`\`\`ts\n${code}\n\`\`\``;
    const box = composer(a.page);
    await box.fill(body);
    await box.press('Enter');
    for (const page of [a.page, b.page]) {
      const row = messagesWith(page, 'Code below');
      await row.waitFor();
      const shown = await row.locator('pre code').textContent();
      expect(shown).toBe(code);
      expect(await row.locator('pre code strong, pre code em, pre code b').count()).toBe(0);
    }
    await screenshot(b.page, 'expression-03-code-block-desktop');
  });
});

describe('composer', () => {
  it('the @ autocomplete inserts a mention that notifies the person named', async () => {
    // Bo is on another page (a conversation on screen would read the mention at once), still connected: no page load.
    await b.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /^Saved/ })
      .click();
    await b.page.getByRole('heading', { name: 'Saved messages' }).waitFor();
    const unread = async () => (await call<Notification[]>(app.baseUrl, bo.token, 'GET', '/notifications?unread=true')).length;
    const before = await unread();
    await b.page.getByRole('button', { name: before ? `Notifications, ${before} unread` : 'Notifications' }).waitFor();
    const box = composer(a.page);
    await box.click();
    await box.pressSequentially(`Please check @bo_${run.slice(0, 2)}`);
    const list = a.page.getByRole('listbox', { name: 'People to mention' });
    await list.waitFor();
    const option = list.getByRole('option', { name: new RegExp(`@${bo.user.username}`) });
    expect(await option.getAttribute('aria-selected')).toBe('true');
    await screenshot(a.page, 'expression-04-mention-autocomplete-desktop');
    await noAxeProblems(a.page, 'mention autocomplete');
    await box.press('Tab');
    await list.waitFor({ state: 'detached' });
    expect(await box.inputValue()).toBe(`Please check @${bo.user.username} `);
    await box.pressSequentially('the release notes');
    await box.press('Enter');

    const sent = messagesWith(a.page, 'the release notes');
    await sent.locator('.md__mention', { hasText: `@${bo.user.username}` }).waitFor();

    // Bo gets a mention notification, and his bell counts it live.
    let mentions: Notification[] = [];
    for (let i = 0; i < 50 && mentions.length === 0; i++) {
      if (i > 0) await b.page.waitForTimeout(200);
      mentions = (await call<Notification[]>(app.baseUrl, bo.token, 'GET', '/notifications?unread=true')).filter(
        (n) => n.type === 'mention',
      );
    }
    expect(mentions.map((n) => n.text)).toEqual([expect.stringContaining('the release notes')]);
    await b.page.getByRole('button', { name: `Notifications, ${await unread()} unread` }).waitFor();
    expect(await unread()).toBe(before + 1);
  });

  it('":thu" offers 👍; Escape closes the list until the word changes', async () => {
    const box = composer(a.page);
    await box.fill('');
    await box.pressSequentially('Agreed :thu');
    const list = a.page.getByRole('listbox', { name: 'Emoji' });
    await list.getByRole('option', { name: /👍/ }).first().waitFor();
    await box.press('Escape');
    await list.waitFor({ state: 'detached' });
    await box.pressSequentially('m');
    await list.waitFor();
    await box.press('Enter');
    expect(await box.inputValue()).toBe('Agreed 👍 ');
    await box.fill('');
  });
});

describe('edit history', () => {
  it('"edited" opens every version of the message', async () => {
    const m = await post(ada, 'First **draft** of the plan');
    await call(app.baseUrl, ada.token, 'PATCH', `/messages/${m.id}`, { body: 'Final **plan**' });
    const row = messagesWith(a.page, 'Final plan');
    await row.getByRole('button', { name: /Show the edit history/ }).click();
    const dialog = a.page.getByRole('dialog', { name: 'Edit history' });
    await dialog.locator('strong', { hasText: 'draft' }).waitFor();
    await dialog.locator('strong', { hasText: 'plan' }).waitFor();
    await noAxeProblems(a.page, 'edit history');
    await a.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });
});
