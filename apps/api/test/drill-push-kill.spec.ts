import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase } from './harness.js';
import { type ApiProcess, call, registerVia, sleep, spawnApi, stopApi, until } from './support/api-process.js';
import { PushEndpoint } from './support/push-endpoint.js';
import { sql } from './support/sql.js';

/**
 * Fault drill for the push queue: pushes are queued (their endpoint failing, so each waits for a retry), the API is
 * killed with SIGKILL, the endpoint recovers, and two API processes start on the same database. Every push arrives
 * exactly once: a restart loses none, and the two workers never both send one.
 */
describe('drill: pushes queued when the API is killed', () => {
  const apis: ApiProcess[] = [];
  let dataDir = '';
  let push: PushEndpoint | undefined;
  afterAll(async () => {
    for (const a of apis) await stopApi(a, 'SIGKILL');
    await push?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers every queued push exactly once after a kill and a restart on two processes', async () => {
    push = await PushEndpoint.start();
    dataDir = mkdtempSync(join(tmpdir(), 'chat-drill-push-'));
    const env = {
      DATABASE_URL: await createTestDatabase(),
      DATA_DIR: dataDir,
      JWT_SECRET: randomBytes(32).toString('hex'),
      REGISTER_LIMIT_PER_IP: '1000',
      MESSAGE_RATE_PER_SECOND: '100000',
      MESSAGE_BURST: '100000',
      PUSH_ENDPOINT_HOSTS: '127.0.0.1',
      PUSH_RETRY_BASE_MS: '1500',
      // a retry the killed process was sending stays its own until the lease ends
      DELIVERY_LEASE_MS: '5000',
    };
    let api = await spawnApi(env);
    apis.push(api);
    const ada = await registerVia(api.url, 'ada');
    const bo = await registerVia(api.url, 'bo');
    expect((await call(api.url, 'PATCH', '/users/me', bo.token, { dmPolicy: 'everyone' })).status).toBe(200);
    const dm = (await call<{ id: string }>(api.url, 'POST', '/dms', ada.token, { userId: bo.id })).body.id;
    const devices = ['drill-a', 'drill-b', 'drill-c'].map((name) => push!.device(name));
    for (const d of devices) {
      push.status.set(d.name, 503);
      expect((await call(api.url, 'POST', '/push/subscriptions', bo.token, { endpoint: d.endpoint, keys: d.keys })).status).toBe(201);
    }

    const COUNT = 12;
    const sent: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const res = await call<{ id: string }>(api.url, 'POST', `/rooms/${dm}/messages`, ada.token, {
        clientId: randomUUID(),
        body: `m${i}`,
      });
      expect(res.status).toBe(201);
      sent.push(res.body.id);
    }
    // every push queued, tried once and failed: all of them wait in the queue for their retry (a device's hits also
    // count retries, so they cannot tell that the last message's pushes were tried)
    const tried = async () =>
      (await sql<{ n: number }>(env.DATABASE_URL, `SELECT count(*)::int AS n FROM delivery_jobs WHERE kind = 'push' AND attempts >= 1`))[0]!
        .n;
    await until(async () => (await tried()) === COUNT * devices.length, 'every push tried once', 30_000, 250);
    const killed = await stopApi(api, 'SIGKILL');
    expect(killed?.signal).toBe('SIGKILL');
    const queued = await sql<{ n: number }>(env.DATABASE_URL, `SELECT count(*)::int AS n FROM delivery_jobs WHERE kind = 'push'`);
    expect(queued[0]!.n).toBe(COUNT * devices.length);

    // the push service recovers; two processes share the queue
    for (const d of devices) push.status.delete(d.name);
    api = await spawnApi(env);
    apis.push(api);
    apis.push(await spawnApi(env));
    // a retry the killed process was sending when it died stays leased until its lease (5 s here) ends
    await until(() => devices.every((d) => push!.of(d.name).length >= COUNT), 'every push delivered', 40_000);
    await sleep(3000);
    expect(push.bad).toEqual([]);
    for (const d of devices) {
      const got = push.of(d.name).map((p) => p.payload.messageId as string);
      expect(got).toHaveLength(COUNT);
      expect(new Set(got)).toEqual(new Set(sent));
    }
    const left = await sql<{ n: number }>(env.DATABASE_URL, `SELECT count(*)::int AS n FROM delivery_jobs WHERE kind = 'push'`);
    expect(left[0]!.n).toBe(0);
  }, 160_000);
});
