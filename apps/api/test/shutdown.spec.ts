import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { io, type Socket } from 'socket.io-client';
import { createTestDatabase } from './harness.js';
import { type ApiProcess, call, registerVia, sleep, spawnApi, stopApi, until } from './support/api-process.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

/**
 * Graceful shutdown of the real server process (`node dist/main.js`): on SIGTERM it stops accepting, lets requests in
 * flight finish, closes its sockets so that clients reconnect (elsewhere, behind a load balancer), writes the
 * messages still queued for the group commit, closes the database, stops the embedded PostgreSQL, and exits 0.
 */
const SHUTDOWN_BOUND_MS = 10_000;
const limits = {
  REGISTER_LIMIT_PER_IP: '1000',
  MESSAGE_RATE_PER_SECOND: '100000',
  MESSAGE_BURST: '100000',
  SOCKET_EVENTS_PER_SECOND: '100000',
  SOCKET_EVENT_BURST: '100000',
  MEMBERSHIP_CHANGES_PER_MINUTE: '100000',
};

const processes: ApiProcess[] = [];
const sockets: Socket[] = [];
const dirs: string[] = [];
let proxy: TcpProxy | undefined;
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await proxy?.close();
  proxy = undefined;
  for (const p of processes.splice(0)) await stopApi(p, 'SIGKILL');
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function start(env: Record<string, string>, port?: number): Promise<ApiProcess> {
  const api = await spawnApi({ ...limits, ...env }, { port });
  processes.push(api);
  return api;
}
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chat-shutdown-'));
  chmodSync(dir, 0o755); // the embedded PostgreSQL runs as the "postgres" user when the tests run as root
  dirs.push(dir);
  return dir;
}
function client(url: string, token: string, opts: Parameters<typeof io>[1] = {}): Socket {
  const s = io(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false, ...opts });
  sockets.push(s);
  return s;
}
const connected = (s: Socket) =>
  new Promise<void>((resolve, reject) => {
    if (s.connected) return resolve();
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
/** PID of the PostgreSQL server of a data folder, or null when none is running there. */
function postmasterPid(dir: string): number | null {
  const file = join(dir, 'postgres', 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}
async function history(url: string, token: string, roomId: string): Promise<Array<{ seq: number; clientId: string }>> {
  const out: Array<{ seq: number; clientId: string }> = [];
  for (let after = 0, i = 0; i < 100; i++) {
    const page = await call<{ messages: Array<{ seq: number; clientId: string }>; hasMore: boolean }>(
      url,
      'GET',
      `/rooms/${roomId}/messages?after=${after}&limit=100`,
      token,
    );
    expect(page.status).toBe(200);
    out.push(...page.body.messages);
    if (!page.body.hasMore) break;
    after = out[out.length - 1]!.seq;
  }
  return out;
}

describe('graceful shutdown (SIGTERM)', () => {
  it('with the embedded PostgreSQL: answers the requests in flight, closes sockets, stores every acked send, stops PostgreSQL and exits 0; a kill -9 leaves nothing that blocks the next start', async () => {
    const dir = dataDir();
    const env = { DATA_DIR: dir, JWT_SECRET: randomBytes(32).toString('hex') };
    const api = await start(env);
    const u = await registerVia(api.url, 'drain');
    const room = await call<{ id: string }>(api.url, 'POST', '/rooms', u.token, { name: 'drain', visibility: 'public' });
    const pgPid = postmasterPid(dir);
    expect(pgPid).not.toBeNull();

    // the REST clients keep their connections alive and never close an idle one themselves (Node's agent): once the
    // requests in flight are answered, the server must close those connections, or its own keep-alive time-out (5 s)
    // would hold the shutdown
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const post = (path: string, body: unknown) =>
      new Promise<number>((resolve) => {
        const req = httpRequest(
          `${api.url}/api${path}`,
          { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${u.token}` } },
          (res) => res.resume().on('end', () => resolve(res.statusCode ?? 0)),
        );
        req.on('error', () => resolve(0));
        req.end(JSON.stringify(body));
      });

    const ws = client(api.url, u.token);
    await connected(ws);
    const disconnect = new Promise<string>((r) => ws.once('disconnect', r));

    // 60 REST sends and 20 socket sends in flight when SIGTERM arrives
    const restIds = Array.from({ length: 60 }, () => randomUUID());
    const firstAnswer = { resolve: () => undefined as void };
    const answered = new Promise<void>((r) => (firstAnswer.resolve = r));
    const rest = restIds.map((clientId) =>
      post(`/rooms/${room.body.id}/messages`, { clientId, body: `rest ${clientId}` }).then((status) => {
        firstAnswer.resolve();
        return { clientId, status };
      }),
    );
    const socketAcks: Array<{ clientId: string; ok: boolean }> = [];
    for (let i = 0; i < 20; i++) {
      const clientId = randomUUID();
      ws.emit('message:send', { roomId: room.body.id, clientId, body: `socket ${i}` }, (ack: { ok: boolean }) =>
        socketAcks.push({ clientId, ok: ack.ok }),
      );
    }
    await answered;
    const stopped = stopApi(api, 'SIGTERM', 30_000);
    const results = await Promise.all(rest);
    const exit = await stopped;

    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit!.ms).toBeLessThan(SHUTDOWN_BOUND_MS);
    expect(exit!.ms).toBeLessThan(4000); // the idle keep-alive connections did not hold it for 5 s
    agent.destroy();
    // every request that reached the server was answered in full; none failed because the database went first
    const statuses = new Set(results.map((r) => r.status));
    expect([...statuses].filter((s) => s !== 201 && s !== 0)).toEqual([]);
    expect(results.filter((r) => r.status === 201).length).toBeGreaterThan(0);
    // every socket event was answered before its socket closed: acked when handled, an error ack when it came too late
    expect(socketAcks).toHaveLength(20);
    // the socket was closed at the transport, so a client reconnects by itself ("io server disconnect" would not)
    expect(await disconnect).toBe('transport close');
    // PostgreSQL was stopped with the app
    expect(postmasterPid(dir)).toBeNull();
    expect(api.output()).not.toMatch(/"level":50/); // no error logged on the way down

    // the next start on the same data finds every answered message, once, with gap-free seqs
    const again = await start(env);
    const stored = await history(again.url, u.token, room.body.id);
    expect(stored.map((m) => m.seq)).toEqual(stored.map((_m, i) => i + 1));
    const storedIds = new Set(stored.map((m) => m.clientId));
    expect(storedIds.size).toBe(stored.length);
    for (const r of results.filter((x) => x.status === 201)) expect(storedIds.has(r.clientId)).toBe(true);
    for (const a of socketAcks.filter((x) => x.ok)) expect(storedIds.has(a.clientId)).toBe(true);

    // kill -9 leaves PostgreSQL running without its parent; the next start stops it and takes over the data
    const orphanBefore = postmasterPid(dir);
    await stopApi(again, 'SIGKILL');
    expect(postmasterPid(dir)).toBe(orphanBefore);
    const third = await start(env);
    expect(postmasterPid(dir)).not.toBe(orphanBefore);
    expect((await history(third.url, u.token, room.body.id)).length).toBe(stored.length);
    const last = await stopApi(third, 'SIGTERM');
    expect(last).toMatchObject({ code: 0 });
    expect(postmasterPid(dir)).toBeNull();
  }, 90_000);

  it('behind a load balancer: the clients of the process that stops reconnect to the other one and catch up', async () => {
    const env = { DATABASE_URL: await createTestDatabase(), JWT_SECRET: randomBytes(32).toString('hex'), DATA_DIR: dataDir() };
    const [a, b] = await Promise.all([start(env), start(env)]);
    proxy = await startTcpProxy(a.port);
    const [alice, bob] = [await registerVia(a.url, 'alice'), await registerVia(a.url, 'bob')];
    const room = await call<{ id: string }>(a.url, 'POST', '/rooms', alice.token, { name: 'lb', visibility: 'public' });
    expect((await call(a.url, 'POST', `/rooms/${room.body.id}/join`, bob.token)).status).toBe(200);

    const ws = client(proxy.url, alice.token, { reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 500 });
    await connected(ws);
    const seen: number[] = [];
    ws.on('message:new', (m: { seq: number }) => seen.push(m.seq));
    let connects = 1;
    ws.on('connect', () => (connects += 1));
    const reasons: string[] = [];
    ws.on('disconnect', (reason) => reasons.push(reason));

    expect((await call(a.url, 'POST', `/rooms/${room.body.id}/messages`, bob.token, { clientId: 'lb-1', body: 'one' })).status).toBe(201);
    await until(() => seen.includes(1), 'message 1 live');

    // the load balancer takes A out of rotation as it starts draining
    const stoppedA = stopApi(a, 'SIGTERM');
    proxy.setTarget(b.port);
    expect((await call(b.url, 'POST', `/rooms/${room.body.id}/messages`, bob.token, { clientId: 'lb-2', body: 'two' })).status).toBe(201);
    const exitA = await stoppedA;
    expect(exitA).toMatchObject({ code: 0, signal: null });
    expect(exitA!.ms).toBeLessThan(SHUTDOWN_BOUND_MS);
    expect(reasons[0]).toBe('transport close');

    await until(() => connects === 2 && ws.connected, 'the client to reconnect through the proxy', 10_000);
    // on B now: catch up from the last seq held, then live again
    const held = Math.max(...seen);
    const missed = await call<{ messages: Array<{ seq: number }> }>(
      b.url,
      'GET',
      `/rooms/${room.body.id}/messages?after=${held}`,
      alice.token,
    );
    const all = [...new Set([...seen, ...missed.body.messages.map((m) => m.seq)])].sort((x, y) => x - y);
    expect(all).toEqual([1, 2]);
    const ack = (await ws.timeout(5000).emitWithAck('message:send', { roomId: room.body.id, clientId: 'lb-3', body: 'three' })) as {
      ok: boolean;
      message: { seq: number };
    };
    expect(ack).toMatchObject({ ok: true, message: { seq: 3 } });
    await sleep(50);
  }, 90_000);
});
