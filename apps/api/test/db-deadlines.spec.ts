import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { bearer, register, type TestApp, startTestApp } from './harness.js';
import { createRoom } from './social-helpers.js';
import { until } from './support/api-process.js';
import { expectError } from './support/errors.js';

/** A locked or slow database makes requests fail fast with 503 UNAVAILABLE, storing nothing, instead of piling up. */
describe('database deadlines', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REGISTER_LIMIT_PER_IP: '1000', DB_LOCK_TIMEOUT_MS: '300' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers a send that waits on a locked room past DB_LOCK_TIMEOUT_MS with 503 UNAVAILABLE and Retry-After; the retry stores it once', async () => {
    const owner = await register(t);
    const room = await createRoom(t, owner);
    const locker = new pg.Client({ connectionString: t.databaseUrl });
    await locker.connect();
    const clientId = randomUUID();
    const send = () => t.http().post(`/api/rooms/${room.id}/messages`).set(bearer(owner.token)).send({ clientId, body: 'patience' });
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM rooms WHERE id = $1 FOR UPDATE', [room.id]);
      const busy = await send();
      expectError(busy, 503, 'UNAVAILABLE');
      expect(Number(busy.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    const stored = await send();
    expect(stored.status).toBe(201);
    expect(stored.body).toMatchObject({ clientId, seq: 1 });
    const history = await t.http().get(`/api/rooms/${room.id}/messages`).set(bearer(owner.token));
    expect(history.body.messages).toHaveLength(1);
  });
});

/** The message writer's queue is capped (MESSAGE_QUEUE_MAX) and reported by GET /api/health (`queueDepth`). */
describe('message queue cap', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REGISTER_LIMIT_PER_IP: '1000', MESSAGE_QUEUE_MAX: '3', DB_LOCK_TIMEOUT_MS: '10000' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('while the database holds the writer, health shows the queue; past the cap a send answers 503 at once, storing nothing', async () => {
    const owner = await register(t);
    const room = await createRoom(t, owner);
    const locker = new pg.Client({ connectionString: t.databaseUrl });
    await locker.connect();
    const send = (clientId: string) =>
      t.http().post(`/api/rooms/${room.id}/messages`).set(bearer(owner.token)).send({ clientId, body: clientId });
    const depth = async () => ((await t.http().get('/api/health')).body as { queueDepth: number }).queueDepth;
    const held: Array<Promise<{ status: number }>> = [];
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM rooms WHERE id = $1 FOR UPDATE', [room.id]);
      // the first send's statement waits on the lock; the next three wait in the queue behind it
      held.push(send('first').then((r) => r));
      await until(async () => {
        const rows = await locker.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return rows.rows[0].n > 0;
      }, 'the writer to wait on the lock');
      held.push(...['q1', 'q2', 'q3'].map((c) => send(c).then((r) => r)));
      await until(async () => (await depth()) === 3, 'health to show 3 queued sends');
      const refused = await send('over');
      expectError(refused, 503, 'UNAVAILABLE');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    expect((await Promise.all(held)).map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(await depth()).toBe(0);
    const history = await t.http().get(`/api/rooms/${room.id}/messages`).set(bearer(owner.token));
    const stored = (history.body.messages as Array<{ clientId: string }>).map((m) => m.clientId);
    // q1–q3 went out together on three connections: they arrive in any order, all after 'first', 'over' never stored
    expect(stored[0]).toBe('first');
    expect(stored.slice(1).sort()).toEqual(['q1', 'q2', 'q3']);
  });
});
