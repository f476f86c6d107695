import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Manager } from 'socket.io-client';
import { bearer, register, startTestApp, type TestApp, uniqueName } from './harness.js';
import { roomWith } from './social-helpers.js';
import { closeAllSockets, connect, refusedHandshake, sleep, type TestClient } from './socket-helpers.js';
import { expectError } from './support/errors.js';
import { sql } from './support/sql.js';

/**
 * Floods that the per-message rate limit (realtime-limits.spec.ts), the auth limits (rate-limit.spec.ts) and the
 * upload limit (files-upload.spec.ts) do not cover: typing bursts, sockets per user, sockets that never authenticate,
 * and brute force through a trusted proxy with a forged X-Forwarded-For.
 */
describe('security: floods on the socket', () => {
  const CONNECT_TIMEOUT_MS = 500;
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      REGISTER_LIMIT_PER_IP: '1000',
      MAX_SOCKETS_PER_USER: '3',
      SOCKET_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
    });
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t.close();
  });

  const typingOf = (client: TestClient, value: boolean) =>
    client.received.filter((r) => r.event === 'typing' && (r.payload as { typing: boolean }).typing === value).length;

  describe('typing throttle', () => {
    it('turns a burst of 30 typing:true from one socket into a single typing event for the other members', async () => {
      const [a, b] = [await register(t), await register(t)];
      const room = await roomWith(t, a, { members: [b] });
      const [typist, bob] = await Promise.all([connect(t, a.token), connect(t, b.token)]);
      const acks = await Promise.all(Array.from({ length: 30 }, () => typist.send('typing', { roomId: room.id, typing: true })));
      // throttled silently: every emit is acked ok, the typist is not disconnected
      expect(acks).toEqual(Array(30).fill({ ok: true }));
      await sleep(300);
      expect(typingOf(bob, true)).toBe(1);
      expect(typist.connected).toBe(true);
    });

    it('does not let typing:false reset the throttle: 20 true/false pairs in a burst reach the members as one start and one stop', async () => {
      const [a, b] = [await register(t), await register(t)];
      const room = await roomWith(t, a, { members: [b] });
      const [typist, bob] = await Promise.all([connect(t, a.token), connect(t, b.token)]);
      for (let i = 0; i < 20; i++) {
        expect(await typist.send('typing', { roomId: room.id, typing: true })).toEqual({ ok: true });
        expect(await typist.send('typing', { roomId: room.id, typing: false })).toEqual({ ok: true });
      }
      await sleep(300);
      expect(typingOf(bob, true)).toBe(1);
      expect(typingOf(bob, false)).toBe(1);
    });
  });

  describe('sockets per user (MAX_SOCKETS_PER_USER=3)', () => {
    it('refuses the 4th handshake of one user with connect_error RATE_LIMITED; other users are not affected; a closed socket frees its slot', async () => {
      const [a, b] = [await register(t), await register(t)];
      const open = [await connect(t, a.token), await connect(t, a.token), await connect(t, a.token)];
      expect(await refusedHandshake(t, a.token)).toBe('RATE_LIMITED');
      expect((await connect(t, b.token)).connected).toBe(true);
      open[0]!.close();
      await sleep(100);
      expect((await connect(t, a.token)).connected).toBe(true);
      expect(await refusedHandshake(t, a.token)).toBe('RATE_LIMITED');
    });

    it('holds under 10 parallel handshakes: exactly 3 connect, the rest get RATE_LIMITED', async () => {
      const a = await register(t);
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => connect(t, a.token)));
      const outcomes = results.map((r) =>
        r.status === 'fulfilled' ? 'connected' : String(r.reason).replace(/^Error: connect_error: /, ''),
      );
      expect(outcomes.sort()).toEqual([...Array(7).fill('RATE_LIMITED'), ...Array(3).fill('connected')]);
      // the slots come back when those sockets close
      closeAllSockets();
      await sleep(200);
      const again = await Promise.allSettled(Array.from({ length: 3 }, () => connect(t, a.token)));
      expect(again.every((r) => r.status === 'fulfilled')).toBe(true);
    });

    it('frees the slots of handshakes refused for another reason and of clients that leave mid-handshake', async () => {
      const a = await register(t);
      // a refused Origin never takes a slot
      for (let i = 0; i < 5; i++) expect(await refusedHandshake(t, a.token, { origin: 'http://evil.test' })).toBe('FORBIDDEN');
      // clients that give up before the server finished their handshake (at varying points of it)
      for (let i = 0; i < 20; i++) {
        const m = new Manager(t.baseUrl, { transports: ['websocket'], reconnection: false, autoConnect: false, forceNew: true });
        const s = m.socket('/', { auth: { token: a.token } });
        await new Promise<void>((resolve) => m.open(() => resolve()));
        s.connect();
        await sleep(i % 10);
        m.engine.close();
      }
      await sleep(300);
      const results = await Promise.allSettled(Array.from({ length: 3 }, () => connect(t, a.token)));
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    });
  });

  describe(`sockets that never authenticate (SOCKET_CONNECT_TIMEOUT_MS=${CONNECT_TIMEOUT_MS})`, () => {
    /** Opens a bare Engine.IO connection (the transport under Socket.IO) and resolves once it is open. */
    const openEngine = async () => {
      const manager = new Manager(t.baseUrl, { transports: ['websocket'], reconnection: false, autoConnect: false, forceNew: true });
      await new Promise<void>((resolve, reject) => manager.open((err) => (err ? reject(err) : resolve())));
      const opened = Date.now();
      const closed = new Promise<number>((resolve) => manager.on('close', () => resolve(Date.now() - opened)));
      return { manager, closed };
    };
    const within = (p: Promise<number>, ms: number) => Promise.race([p, sleep(ms).then(() => Number.POSITIVE_INFINITY)]);

    it('closes a connection that never sends the Socket.IO CONNECT packet after the connect timeout', async () => {
      const { closed } = await openEngine();
      const after = await within(closed, 5000);
      expect(after).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 100);
      expect(after).toBeLessThan(CONNECT_TIMEOUT_MS + 2000);
    });

    it('closes a connection whose CONNECT was refused (bad token) after the connect timeout, instead of keeping it open', async () => {
      const { manager, closed } = await openEngine();
      const replies: string[] = [];
      manager.engine.on('message', (data) => replies.push(String(data)));
      manager.engine.send('0{"token":"not-a-token"}'); // a Socket.IO CONNECT to "/" with a bad token
      const after = await within(closed, 5000);
      expect(replies.some((r) => r.startsWith('4') && r.includes('UNAUTHENTICATED'))).toBe(true); // CONNECT_ERROR
      expect(after).toBeLessThan(CONNECT_TIMEOUT_MS + 2000);
    });

    it('keeps an authenticated socket open well past the connect timeout', async () => {
      const a = await register(t);
      const client = await connect(t, a.token);
      await sleep(CONNECT_TIMEOUT_MS * 3);
      expect(client.connected).toBe(true);
    });
  });
});

describe('security: one message limit per user, whatever the number of sockets (MESSAGE_BURST=5)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REGISTER_LIMIT_PER_IP: '1000', MESSAGE_BURST: '5', MESSAGE_RATE_PER_SECOND: '1' });
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t.close();
  });

  it('counts sends from three sockets and REST together: opening more connections does not buy more messages', async () => {
    const [a, b] = [await register(t), await register(t)];
    const room = await roomWith(t, a, { members: [b] });
    const sockets = await Promise.all([connect(t, a.token), connect(t, a.token), connect(t, a.token)]);
    const viaSockets = sockets.flatMap((s) =>
      Array.from({ length: 4 }, (_, i) => s.send('message:send', { roomId: room.id, clientId: randomUUID(), body: `socket ${i}` })),
    );
    const viaRest = Array.from({ length: 4 }, (_, i) =>
      t
        .http()
        .post(`/api/rooms/${room.id}/messages`)
        .set(bearer(a.token))
        .send({ clientId: randomUUID(), body: `rest ${i}` }),
    );
    const [acks, responses] = await Promise.all([Promise.all(viaSockets), Promise.all(viaRest)]);
    const accepted = acks.filter((x) => x.ok).length + responses.filter((r) => r.status === 201).length;
    // 5 in the burst, plus one a second of sustained rate while the sends last; 16 if the limit were per connection
    expect(accepted).toBeGreaterThanOrEqual(5);
    expect(accepted).toBeLessThanOrEqual(8);
    for (const r of responses.filter((x) => x.status !== 201)) {
      expectError(r, 429, 'RATE_LIMITED');
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    for (const x of acks.filter((y) => !y.ok)) expect(x).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    const stored = await sql<{ n: number }>(t.databaseUrl, 'SELECT count(*)::int AS n FROM messages WHERE room_id = $1', [room.id]);
    expect(stored[0]!.n).toBe(accepted);
  });
});

describe('security: brute force through a trusted proxy (TRUST_PROXY_HOPS=1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      TRUST_PROXY_HOPS: '1',
      LOGIN_LIMIT_PER_IP: '5',
      LOGIN_LIMIT_PER_ACCOUNT: '3',
      REGISTER_LIMIT_PER_IP: '1000',
      AUTH_LIMIT_WINDOW_SECONDS: '600',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('uses the address the proxy appended, so rotating the entries a client prepends to X-Forwarded-For does not reset the per-IP limit', async () => {
    const proxySaw = '198.51.100.77';
    const attempt = (i: number) =>
      t
        .http()
        .post('/api/auth/login')
        .set('X-Forwarded-For', `203.0.113.${i}, 192.0.2.${i}, ${proxySaw}`)
        .send({ login: uniqueName('nobody'), password: 'wrong password' });
    for (let i = 1; i <= 5; i++) expectError(await attempt(i), 401, 'UNAUTHENTICATED');
    expectError(await attempt(6), 429, 'RATE_LIMITED');
  });
});
