import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { bearer, register, startTestApp, type TestApp } from './harness.js';
import { expectError } from './support/errors.js';

describe('GET /api/health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports the database up, without a session', async () => {
    const res = await t.http().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'up' });
  });

  it('answers unknown API routes with the contract error body', async () => {
    const res = await t.http().get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Not found' });
  });

  it('answers 503 while the database is unreachable, and 500 INTERNAL (not 401, no SQL) on other routes; recovers after', async () => {
    const u = await register(t);
    const name = new URL(t.databaseUrl).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);

      const health = await t.http().get('/api/health');
      expect(health.status).toBe(503);
      expect(health.body).toEqual({ status: 'degraded', db: 'down' });
      // a live session must not be told it is logged out because the database is down
      const me = await t.http().get('/api/users/me').set(bearer(u.token));
      expectError(me, 500, 'INTERNAL');
      expect(me.body).toEqual({ statusCode: 500, code: 'INTERNAL', message: 'Internal server error' });
      const login = await t.http().post('/api/auth/login').send({ login: u.user.username, password: u.password });
      expectError(login, 500, 'INTERNAL');
    } finally {
      await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    expect((await t.http().get('/api/health')).body).toEqual({ status: 'ok', db: 'up' });
    expect((await t.http().get('/api/users/me').set(bearer(u.token))).status).toBe(200);
  });
});
