import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { bearer, register, type TestApp, startTestApp } from './harness.js';
import { createRoom } from './social-helpers.js';
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
