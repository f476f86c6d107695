import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { io, type Socket } from 'socket.io-client';
import { freePort } from '../src/database/embedded-postgres.js';
import { createTestDatabase } from './harness.js';

/**
 * Two real API processes (`node dist/main.js`) on one database and one Redis: events, presence and membership
 * changes must cross between them. Uses REDIS_URL when set, else a throwaway redis-server when one is installed.
 */
const here = dirname(fileURLToPath(import.meta.url));
const mainJs = join(here, '../dist/main.js');
const hasRedisBinary = spawnSync('redis-server', ['--version']).status === 0;
const canRun = Boolean(process.env.REDIS_URL) || hasRedisBinary;
if (!canRun && process.env.CI) throw new Error('CI needs redis-server on PATH or REDIS_URL for the scale-out test');
const describeIfRedis = canRun ? describe : describe.skip;

interface Api {
  url: string;
  proc: ChildProcess;
}

/** Two processes starting at once beside the other test files and the browser journeys take their time on 2 cores. */
const HEALTHY_WITHIN_MS = 90_000;

async function waitHealthy(url: string, proc: ChildProcess): Promise<void> {
  const deadline = Date.now() + HEALTHY_WITHIN_MS;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`API process exited with ${proc.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`API at ${url} did not become healthy`);
}

async function startApi(env: Record<string, string>): Promise<Api> {
  const port = await freePort();
  const proc = spawn(process.execPath, [mainJs], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', WEB_DIST_DIR: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(url, proc);
  } catch (err) {
    // a process left running would hold the test database and this worker's stderr open: the run would never end
    await stop(proc);
    throw err;
  }
  return { url, proc };
}

async function stop(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null) return;
  let timer: NodeJS.Timeout | undefined;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
  clearTimeout(timer);
  if (proc.exitCode === null) proc.kill('SIGKILL');
}

async function call<T = Record<string, unknown>>(
  api: Api,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${api.url}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (res.status === 204 ? null : await res.json()) as T };
}

async function registerOn(api: Api, name: string): Promise<{ token: string; id: string }> {
  const username = `${name}_${randomBytes(3).toString('hex')}`;
  const res = await call<{ token: string; user: { id: string } }>(api, 'POST', '/auth/register', undefined, {
    username,
    email: `${username}@example.test`,
    password: 'correct horse battery',
  });
  expect(res.status).toBe(201);
  return { token: res.body.token, id: res.body.user.id };
}

const sockets: Socket[] = [];
async function connect(api: Api, token: string): Promise<Socket> {
  const socket = io(api.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

function next<T>(socket: Socket, event: string, filter: (p: T) => boolean = () => true, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    const handler = (payload: T) => {
      if (!filter(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(payload);
    };
    socket.on(event, handler);
  });
}

function collect<T>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (p: T) => seen.push(p));
  return seen;
}

describeIfRedis.each(['classic', 'sharded'])('two API processes with Redis (%s pub/sub)', (pubsub) => {
  let redis: ChildProcess | undefined;
  let dataDir: string;
  let a: Api;
  let b: Api;
  let firstAccount: { token: string; id: string };

  beforeAll(async () => {
    let redisUrl = process.env.REDIS_URL;
    if (!redisUrl) {
      const port = await freePort();
      redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
      redisUrl = `redis://127.0.0.1:${port}`;
      await new Promise((r) => setTimeout(r, 300));
    }
    dataDir = mkdtempSync(join(tmpdir(), 'chat-scale-'));
    const env = {
      DATABASE_URL: await createTestDatabase(),
      REDIS_URL: redisUrl,
      REDIS_PUBSUB: pubsub,
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATA_DIR: dataDir,
    };
    const started = await Promise.allSettled([startApi(env), startApi(env)]);
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) {
      await Promise.all(started.map((r) => (r.status === 'fulfilled' ? stop(r.value.proc) : undefined)));
      throw failed.reason;
    }
    [a, b] = started.map((r) => (r as PromiseFulfilledResult<Api>).value) as [Api, Api];
    firstAccount = await registerOn(a, 'first'); // the server's admin
  }, HEALTHY_WITHIN_MS + 30_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await Promise.all([stop(a?.proc), stop(b?.proc)]);
    await stop(redis);
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('delivers a message sent through A to a member connected to B, and shares presence', async () => {
    const alice = await registerOn(a, 'alice');
    const bob = await registerOn(b, 'bob');
    const req = await call<{ id: string }>(a, 'POST', '/friends/requests', alice.token, { userId: bob.id });
    expect((await call(b, 'POST', `/friends/requests/${req.body.id}/accept`, bob.token)).status).toBe(200);
    const dm = await call<{ id: string }>(a, 'POST', '/dms', alice.token, { userId: bob.id });

    const aliceSocket = await connect(a, alice.token);
    const online = next<{ userId: string; online: boolean }>(aliceSocket, 'presence', (p) => p.userId === bob.id && p.online);
    const bobSocket = await connect(b, bob.token);
    await online;
    // presence is read from Redis, so process A knows Bob (connected to B) is online
    expect((await call<{ online: boolean }>(a, 'GET', `/users/${bob.id}`, alice.token)).body.online).toBe(true);

    const received = next<{ body: string; seq: number }>(bobSocket, 'message:new');
    const ack = await aliceSocket.emitWithAck('message:send', { roomId: dm.body.id, clientId: 'scale-1', body: 'across processes' });
    expect(ack).toMatchObject({ ok: true, message: { seq: 1 } });
    expect(await received).toMatchObject({ body: 'across processes', seq: 1 });

    const offline = next<{ userId: string; online: boolean; lastSeenAt: string }>(
      aliceSocket,
      'presence',
      (p) => p.userId === bob.id && !p.online,
    );
    bobSocket.close();
    expect((await offline).lastSeenAt).toEqual(expect.any(String));
    expect((await call<{ online: boolean }>(a, 'GET', `/users/${bob.id}`, alice.token)).body.online).toBe(false);
  });

  it('stops delivering to a kicked member on both processes at once', async () => {
    const owner = await registerOn(a, 'owner');
    const carol = await registerOn(b, 'carol');
    const room = await call<{ id: string }>(a, 'POST', '/rooms', owner.token, { name: 'Scale room', visibility: 'public' });
    expect((await call(b, 'POST', `/rooms/${room.body.id}/join`, carol.token)).status).toBe(200);
    const ownerSocket = await connect(a, owner.token);
    const carolOnA = await connect(a, carol.token);
    const carolOnB = await connect(b, carol.token);
    const onA = collect<{ body: string }>(carolOnA, 'message:new');
    const onB = collect<{ body: string }>(carolOnB, 'message:new');

    const before = next(carolOnB, 'message:new');
    await ownerSocket.emitWithAck('message:send', { roomId: room.body.id, clientId: 'kick-1', body: 'before kick' });
    await before;

    const removedOnB = next<{ roomId: string }>(carolOnB, 'room:removed');
    const removedOnA = next<{ roomId: string }>(carolOnA, 'room:removed');
    expect((await call(a, 'DELETE', `/rooms/${room.body.id}/members/${carol.id}`, owner.token)).status).toBe(204);
    expect(await removedOnB).toEqual({ roomId: room.body.id });
    expect(await removedOnA).toEqual({ roomId: room.body.id });

    await ownerSocket.emitWithAck('message:send', { roomId: room.body.id, clientId: 'kick-2', body: 'after kick' });
    await new Promise((r) => setTimeout(r, 500));
    expect(onA.map((m) => m.body)).toEqual(['before kick']);
    expect(onB.map((m) => m.body)).toEqual(['before kick']);
  });

  it('deactivating a user closes their sockets on every process; a settings change on A applies on B', async () => {
    const admin = firstAccount;
    const erin = await registerOn(b, 'erin');
    const onA = await connect(a, erin.token);
    const onB = await connect(b, erin.token);
    const closedA = new Promise<string>((r) => onA.once('disconnect', r));
    const closedB = new Promise<string>((r) => onB.once('disconnect', r));
    const res = await call<{ deactivatedAt: string | null }>(a, 'PATCH', `/admin/users/${erin.id}`, admin.token, { deactivated: true });
    expect(res.status).toBe(200);
    expect(await closedA).toBe('io server disconnect');
    expect(await closedB).toBe('io server disconnect');
    expect((await call(b, 'GET', '/users/me', erin.token)).status).toBe(401);

    expect((await call(a, 'PATCH', '/admin/settings', admin.token, { registration: 'closed' })).status).toBe(200);
    try {
      expect((await call(b, 'GET', '/server')).body).toMatchObject({ registration: 'closed' });
      const refused = await call(b, 'POST', '/auth/register', undefined, {
        username: `late_${randomBytes(3).toString('hex')}`,
        email: `late_${randomBytes(3).toString('hex')}@example.test`,
        password: 'correct horse battery',
      });
      expect(refused.status).toBe(403);
    } finally {
      await call(b, 'PATCH', '/admin/settings', admin.token, { registration: 'open' });
    }
  });

  it('closes a session’s sockets on every process when it logs out', async () => {
    const dave = await registerOn(a, 'dave');
    const onB = await connect(b, dave.token);
    const closed = new Promise<string>((r) => onB.once('disconnect', r));
    expect((await call(a, 'POST', '/auth/logout', dave.token)).status).toBe(204);
    expect(await closed).toBe('io server disconnect');
  });
});
