import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase } from './harness.js';
import { call, registerVia, spawnApi, stopApi, type ApiProcess } from './support/api-process.js';

/**
 * What a request leaves behind in the old generation. Its objects should die young: a young collection copies what
 * it finds alive and promotes what it finds alive a second time, so a request graph kept past two of them makes every
 * collection slow (a pause in some request's answer) and fills the old generation for a full one.
 *
 * V8 allocates a function literal assigned to a property (`obj.fn = function () {}`) straight in the old generation;
 * one that closes over a request keeps all of it alive until the next full collection. Passport's `authenticate`
 * (a closure per strategy callback, over `req` and `res`) and pg's `query()` (a callback over the caller's promise)
 * did that on every request and every query; both are patched (`patches/`, see the README), and this test fails
 * without either patch. It reads V8's own account (`--trace-gc-nvp`) of the built server, as `npm start` runs it.
 */
describe('a request’s objects die young', () => {
  let api: ApiProcess;
  let dataDir: string;
  let agent: http.Agent;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'chat-gc-'));
    agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    api = await spawnApi(
      { DATABASE_URL: await createTestDatabase(), DATA_DIR: dataDir, JWT_SECRET: randomBytes(32).toString('hex') },
      { nodeFlags: ['--trace-gc-nvp'] },
    );
  });
  afterAll(async () => {
    agent.destroy();
    if (api) await stopApi(api, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = (path: string, token: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.get(`${api.url}/api${path}`, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
    });

  /** The young collections V8 reported in `output` (one `gc=s` line each): how many, bytes promoted in all. */
  function scavenges(output: string) {
    const lines = output.split('\n').filter((l) => /\bgc=s\b/.test(l));
    const promoted = lines.reduce((sum, l) => sum + Number(/\bpromoted=(\d+)/.exec(l)?.[1] ?? 0), 0);
    return { count: lines.length, promoted };
  }

  it('keeps an authenticated history request’s objects out of the old generation', async () => {
    const owner = await registerVia(api.url, 'gc');
    const room = await call<{ id: string }>(api.url, 'POST', '/rooms', owner.token, { name: 'gc' });
    expect(room.status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const sent = await call(api.url, 'POST', `/rooms/${room.body.id}/messages`, owner.token, {
        clientId: `gc-${i}`,
        body: `message ${i}`,
      });
      expect(sent.status).toBe(201);
    }
    const path = `/rooms/${room.body.id}/messages?limit=1`;
    // compiled code, inline caches and pools settle first
    for (let i = 0; i < 500; i++) expect(await get(path, owner.token)).toBe(200);
    const from = api.output().length;
    for (let i = 0; i < 3_000; i++) expect(await get(path, owner.token)).toBe(200);
    const { count, promoted } = scavenges(api.output().slice(from));
    // ~130 requests fill the young generation: the window must have seen collections, or nothing could be promoted
    expect(count).toBeGreaterThanOrEqual(10);
    // measured here per young collection: ~15 KB with both patches, ~250 KB without pg’s, ~710 KB without passport’s
    expect(promoted / count).toBeLessThan(50 * 1024);
    // 3,500 requests one at a time: about 10 s alone, three times that while the browser journeys share the cores
  }, 120_000);
});
