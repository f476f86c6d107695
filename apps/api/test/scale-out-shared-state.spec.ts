import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Room } from '@chat/contracts';
import { REDIS, type RedisClient } from '../src/common/redis.js';
import { RealtimeService } from '../src/modules/realtime/realtime.service.js';
import { ActivityStore } from '../src/modules/users/activity.store.js';
import { bearer, createTestDatabase, type Registered, register, startTestApp, type TestApp } from './harness.js';
import { createRoom, expectStatus } from './social-helpers.js';
import { closeAllSockets, connect, disconnectedWithin } from './socket-helpers.js';
import { until } from './support/api-process.js';
import { redisAvailable, startRedis, type TestRedis } from './support/redis-server.js';
import { sql } from './support/sql.js';

/**
 * Two API processes of one deployment (two apps in this test process, one database, one Redis): rate limits are
 * counted once for both, and a revocation whose pub/sub message from one process to the other is lost still takes
 * effect on the other process's socket at its next event.
 */
if (!redisAvailable && process.env.CI) throw new Error('CI needs redis-server on PATH or REDIS_URL for this test');
const describeIfRedis = redisAvailable ? describe : describe.skip;

describeIfRedis('rate limits and revocations shared through Redis', () => {
  let redis: TestRedis;
  let a: TestApp;
  let b: TestApp;
  let dbUrl: string;
  beforeAll(async () => {
    redis = await startRedis();
    const databaseUrl = await createTestDatabase();
    const env = {
      REDIS_URL: redis.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      REGISTER_LIMIT_PER_IP: '100000',
      LOGIN_LIMIT_PER_IP: '100000',
      LOGIN_LIMIT_PER_ACCOUNT: '3',
      MEMBERSHIP_CHANGES_PER_MINUTE: '3',
    };
    dbUrl = databaseUrl;
    a = await startTestApp(env, databaseUrl);
    b = await startTestApp(env, databaseUrl);
  });
  afterEach(() => {
    closeAllSockets();
    jest.restoreAllMocks();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  const login = (t: TestApp, u: Registered, password: string) =>
    t.http().post('/api/auth/login').send({ login: u.user.username, password });

  it('counts failed logins of one account on both processes together (LOGIN_LIMIT_PER_ACCOUNT=3)', async () => {
    const u = await register(a);
    expect((await login(a, u, 'wrong password 1')).status).toBe(401);
    expect((await login(b, u, 'wrong password 2')).status).toBe(401);
    expect((await login(a, u, 'wrong password 3')).status).toBe(401);
    // the 4th attempt, on the process that has seen only one, is over the shared limit, the right password included
    const fourth = await login(b, u, u.password);
    expect(fourth.status).toBe(429);
    expect(fourth.body.code).toBe('RATE_LIMITED');
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts membership changes of one user on both processes together (MEMBERSHIP_CHANGES_PER_MINUTE=3)', async () => {
    const owner = await register(a);
    const joiner = await register(b);
    const room = await createRoom(a, owner);
    const path = `/api/rooms/${room.id}`;
    expectStatus(await a.http().post(`${path}/join`).set(bearer(joiner.token)), 200);
    expectStatus(await b.http().post(`${path}/leave`).set(bearer(joiner.token)), 204);
    expectStatus(await a.http().post(`${path}/join`).set(bearer(joiner.token)), 200);
    const fourth = await b.http().post(`${path}/leave`).set(bearer(joiner.token));
    expect({ status: fourth.status, code: fourth.body.code }).toEqual({ status: 429, code: 'RATE_LIMITED' });
  });

  const post = async (t: TestApp, u: Registered, room: Room, body: string) =>
    expectStatus(await t.http().post(`/api/rooms/${room.id}/messages`).set(bearer(u.token)).send({ clientId: randomUUID(), body }), 201);

  it('drops a room on B at the socket’s next event when the kick on A never reached B', async () => {
    const owner = await register(a);
    const carol = await register(b);
    const gone = await createRoom(a, owner);
    const kept = await createRoom(a, owner);
    expectStatus(await b.http().post(`/api/rooms/${gone.id}/join`).set(bearer(carol.token)), 200);
    expectStatus(await b.http().post(`/api/rooms/${kept.id}/join`).set(bearer(carol.token)), 200);
    const onB = await connect(b, carol.token);
    expect(await onB.send('typing', { roomId: gone.id, typing: false })).toEqual({ ok: true });

    // A's channel leave is lost on its way to B
    jest.spyOn(a.app.get(RealtimeService), 'unsubscribe').mockImplementation(() => undefined);
    expectStatus(await a.http().delete(`/api/rooms/${gone.id}/members/${carol.user.id}`).set(bearer(owner.token)), 204);
    await onB.waitFor('room:removed', (p) => p.roomId === gone.id);

    expect(await onB.send('typing', { roomId: gone.id, typing: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    onB.clear();
    await post(a, owner, gone, 'not for carol');
    await post(a, owner, kept, 'for carol');
    await onB.waitFor('message:new', (m) => m.roomId === kept.id);
    expect(onB.received.filter((r) => r.event === 'message:new')).toEqual([]);
  });

  it('refuses the next event of a socket on B and closes it when the logout on A never reached B', async () => {
    const dave = await register(a);
    const room = await createRoom(a, dave);
    const onB = await connect(b, dave.token);
    // an answered event: the socket's first check of its session and rooms is behind it
    expect(await onB.send('typing', { roomId: room.id, typing: false })).toEqual({ ok: true });
    jest.spyOn(a.app.get(RealtimeService), 'disconnectSessions').mockImplementation(() => undefined);
    expectStatus(await a.http().post('/api/auth/logout').set(bearer(dave.token)), 204);
    expect(onB.connected).toBe(true);

    expect(await onB.send('typing', { roomId: room.id, typing: true })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await disconnectedWithin(onB)).toBe('io server disconnect');
  });

  it('an admin deactivating a user on A closes their socket on B at once; their login is refused on both', async () => {
    const admin = await register(a);
    await sql(dbUrl, `UPDATE users SET server_role = 'admin' WHERE id = $1`, [admin.user.id]);
    const erin = await register(a);
    const room = await createRoom(a, erin);
    const onB = await connect(b, erin.token);
    expect(await onB.send('typing', { roomId: room.id, typing: false })).toEqual({ ok: true });

    const res = await a.http().patch(`/api/admin/users/${erin.user.id}`).set(bearer(admin.token)).send({ deactivated: true });
    expect(res.status).toBe(200);
    expect(await disconnectedWithin(onB, 2000)).toBe('io server disconnect');
    for (const t of [a, b]) expect((await login(t, erin, erin.password)).status).toBe(401);
    expect((await b.http().get('/api/users/me').set(bearer(erin.token))).status).toBe(401);
  });

  // last: it takes Redis away (and brings it back for the other processes' clean shutdown)
  it('while Redis is down: limits count in each process’s memory at once, and sockets check their session at every event', async () => {
    if (!redis.owned) return; // a REDIS_URL of the environment is not ours to stop
    const u = await register(a);
    const dave = await register(a);
    const room = await createRoom(a, dave);
    const onB = await connect(b, dave.token);
    expect(await onB.send('typing', { roomId: room.id, typing: false })).toEqual({ ok: true });

    await redis.kill();
    try {
      const clients = [a, b].map((t) => t.app.get<symbol, RedisClient>(REDIS));
      await until(() => clients.every((c) => !c.isReady), 'the apps to see Redis gone', 5000);
      // the insurance limiter of A answers at once
      for (let i = 1; i <= 3; i += 1) expect((await login(a, u, `wrong password ${i}`)).status).toBe(401);
      expect((await login(a, u, u.password)).status).toBe(429);

      // the logout's announcement to B is lost, and its version bump waits in A's queue: B checks the session anyway
      jest.spyOn(a.app.get(RealtimeService), 'disconnectSessions').mockImplementation(() => undefined);
      expectStatus(await a.http().post('/api/auth/logout').set(bearer(dave.token)), 204);
      expect(await onB.send('typing', { roomId: room.id, typing: true })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect(await disconnectedWithin(onB)).toBe('io server disconnect');
    } finally {
      await redis.start();
    }
  });

  it('agrees on who is active (client:active) across processes, until the socket reports false or leaves', async () => {
    const u = await register(a);
    const onB = b.app.get(ActivityStore);
    const socket = await connect(a, u.token);
    expect(await onB.isActive(u.user.id)).toBe(false);
    expect(await socket.send('client:active', { active: true })).toEqual({ ok: true });
    expect(await onB.isActive(u.user.id)).toBe(true);
    expect(await onB.isActive(u.user.id, Date.now() + 61_000)).toBe(false);
    expect(await socket.send('client:active', { active: false })).toEqual({ ok: true });
    expect(await onB.isActive(u.user.id)).toBe(false);
    expect(await socket.send('client:active', { active: true })).toEqual({ ok: true });
    socket.close();
    await until(async () => !(await onB.isActive(u.user.id)), 'activity forgotten on disconnect', 3000);
  });
});
