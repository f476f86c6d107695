import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import pg from 'pg';
import { freePort } from '../src/database/embedded-postgres.js';
import { bearer, register, startTestApp, type TestApp } from './harness.js';
import { expectError } from './support/errors.js';
import { until } from './support/api-process.js';

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
    expect(res.body).toEqual({ status: 'ok', db: 'up', queueDepth: 0 });
  });

  it('leaves no timer behind once answered (a load balancer polls it: each would keep its garbage alive for 2 s)', async () => {
    // the check's own time-out (2 s) is the only timer of that length a health request starts
    const started = new Set<unknown>();
    const cleared = new Set<unknown>();
    const set = jest.spyOn(globalThis, 'setTimeout');
    const clear = jest.spyOn(globalThis, 'clearTimeout').mockImplementation(((timer: NodeJS.Timeout) => {
      cleared.add(timer);
      return clearInterval(timer);
    }) as typeof clearTimeout);
    try {
      for (let i = 0; i < 5; i++) expect((await t.http().get('/api/health')).status).toBe(200);
      set.mock.results.forEach((r, i) => set.mock.calls[i]![1] === 2000 && started.add(r.value));
    } finally {
      set.mockRestore();
      clear.mockRestore();
    }
    expect(started.size).toBe(5);
    expect([...started].filter((timer) => !cleared.has(timer)).length).toBe(0);
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
      expect(health.body).toEqual({ status: 'degraded', db: 'down', queueDepth: 0 });
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
    expect((await t.http().get('/api/health')).body).toEqual({ status: 'ok', db: 'up', queueDepth: 0 });
    expect((await t.http().get('/api/users/me').set(bearer(u.token))).status).toBe(200);
  });
});

/** This test stops and restarts its own Redis, so it needs the binaries (a REDIS_URL elsewhere will not do). */
const hasRedis = spawnSync('redis-server', ['--version']).status === 0 && spawnSync('redis-cli', ['--version']).status === 0;
if (!hasRedis && process.env.CI) throw new Error('CI needs redis-server and redis-cli on PATH for the Redis health test');

(hasRedis ? describe : describe.skip)('GET /api/health with Redis configured', () => {
  let t: TestApp;
  let redis: ChildProcess | undefined;
  let port: number;
  const startRedis = async () => {
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await until(async () => {
      const ping = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' });
      return ping.stdout?.trim() === 'PONG';
    }, 'redis-server to answer');
  };
  const stopRedis = async () => {
    if (!redis || redis.exitCode !== null) return;
    const gone = new Promise((r) => redis!.once('exit', r));
    redis.kill('SIGKILL');
    await gone;
  };
  beforeAll(async () => {
    port = await freePort();
    await startRedis();
    t = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${port}` });
  }, 30_000);
  afterAll(async () => {
    if (redis?.exitCode !== null) await startRedis(); // the app closes its Redis clients cleanly
    await t?.close();
    await stopRedis();
  }, 30_000);

  it('reports redis up next to the database, 503 with redis down while Redis is gone, and recovers when it is back', async () => {
    const ok = await t.http().get('/api/health');
    expect({ status: ok.status, body: ok.body }).toEqual({ status: 200, body: { status: 'ok', db: 'up', redis: 'up', queueDepth: 0 } });

    await stopRedis();
    let res = await t.http().get('/api/health');
    await until(async () => (res = await t.http().get('/api/health')).status === 503, 'health to see Redis down', 5000);
    expect(res.body).toEqual({ status: 'degraded', db: 'up', redis: 'down', queueDepth: 0 });

    await startRedis();
    await until(async () => (res = await t.http().get('/api/health')).status === 200, 'health to see Redis back', 10_000, 200);
    expect(res.body).toEqual({ status: 'ok', db: 'up', redis: 'up', queueDepth: 0 });
  }, 30_000);
});
