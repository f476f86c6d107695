import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuthResponse, Room } from '@chat/contracts';
import { startApp, type RunningApp } from '../support/app-server.js';
import { launchBrowser, screenshot, type LaunchedBrowser } from '../support/browser.js';
import { befriend, openAs, openDm, person, register } from './chat-support.js';

/**
 * Issue 13, item 16: the upload bar moves. The network is throttled through the DevTools protocol, and the bar must
 * show at least three distinct percentages between 0 and 100 on its way to "Ready".
 */

const run = Date.now().toString(36).slice(-5);
const ada = person('Ada', run);
const bo = person('Bo', run);

let app: RunningApp;
let chromium: LaunchedBrowser;
let adaAuth: AuthResponse;
let dm: Room;

beforeAll(async () => {
  app = await startApp();
  chromium = await launchBrowser();
  adaAuth = await register(app.baseUrl, ada);
  const boAuth = await register(app.baseUrl, bo);
  await befriend(app.baseUrl, adaAuth, boAuth);
  dm = await openDm(app.baseUrl, adaAuth, boAuth);
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await app?.stop();
});

describe('upload progress (issue 13, item 16)', () => {
  it('shows the percentage growing during a throttled upload', async () => {
    const s = await openAs(chromium.browser, app.baseUrl, adaAuth);
    try {
      await s.page.goto(`/rooms/${dm.id}`);
      await s.page.getByRole('heading', { name: bo.displayName, level: 1 }).waitFor();
      // Every value the bar takes, recorded in the page as it changes.
      await s.page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { percents: string[] }).percents = seen;
        new MutationObserver(() => {
          const bar = document.querySelector('[role="progressbar"][aria-label^="Upload of"]');
          const value = bar?.getAttribute('aria-valuenow');
          if (value && seen[seen.length - 1] !== value) seen.push(value);
        }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
      });
      const cdp = await s.context.newCDPSession(s.page);
      await cdp.send('Network.enable');
      // About 256 KB/s up: the 1.5 MB file takes several seconds.
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 40,
        downloadThroughput: 1024 * 1024,
        uploadThroughput: 256 * 1024,
      });
      const content = Buffer.alloc(1536 * 1024, 'All work and no play makes a slow upload.\n');
      await s.page.getByTestId('composer-file-input').setInputFiles({ name: 'big-notes.txt', mimeType: 'text/plain', buffer: content });
      const chips = s.page.getByRole('list', { name: 'Files to send' });
      await chips.getByText(/\d+ %/).waitFor();
      await screenshot(s.page, 'upload-progress-desktop', { fullPage: false });
      await chips.getByText('Ready').waitFor({ timeout: 60_000 });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      const percents = await s.page.evaluate(() => (window as unknown as { percents: string[] }).percents);
      const between = new Set(percents.filter((p) => p !== '0' && p !== '100'));
      console.log(`upload percentages shown: ${percents.join(', ')}`);
      expect({ percents, distinct: between.size >= 3 }).toMatchObject({ distinct: true });
      expect(s.watch.errors).toEqual([]);
    } finally {
      await s.context.close();
    }
  });
});
