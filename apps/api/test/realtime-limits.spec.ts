import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Message } from '@chat/contracts';
import { bearer, register, type TestApp, startTestApp } from './harness.js';
import { roomWith } from './social-helpers.js';
import { closeAllSockets, connect, disconnectedWithin, sentMessage, sleep, type TestClient } from './socket-helpers.js';

/** Per-user send rate limit over the socket, and frames that are malformed or too large. */
describe('realtime: limits and robustness', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REGISTER_LIMIT_PER_IP: '1000', MESSAGE_BURST: '5', MESSAGE_RATE_PER_SECOND: '1', SOCKET_MAX_BYTES: '2048' });
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t.close();
  });

  const history = async (token: string, roomId: string): Promise<Message[]> => {
    const res = await t.http().get(`/api/rooms/${roomId}/messages`).set(bearer(token));
    expect(res.status).toBe(200);
    return res.body.messages as Message[];
  };

  /** Two users in a room, both connected: a victim socket and a bystander that must stay served. */
  const pair = async () => {
    const [a, b] = [await register(t), await register(t)];
    const room = await roomWith(t, a, { members: [b] });
    const [victim, bystander] = await Promise.all([connect(t, a.token), connect(t, b.token)]);
    return { a, b, room, victim, bystander };
  };
  const stillServed = async (client: TestClient, roomId: string) => {
    expect(client.connected).toBe(true);
    const ack = await client.send('message:send', { roomId, clientId: randomUUID(), body: 'still here' });
    expect(ack).toMatchObject({ ok: true, message: { body: 'still here' } });
  };

  it('acks sends over the limit with RATE_LIMITED and stores and broadcasts only the accepted ones', async () => {
    const { b, room, victim, bystander } = await pair();
    const acks = await Promise.all(
      Array.from({ length: 8 }, (_, i) => victim.send('message:send', { roomId: room.id, clientId: randomUUID(), body: `burst ${i}` })),
    );
    const accepted = acks.filter((x) => x.ok).map(sentMessage);
    const refused = acks.filter((x) => !x.ok);
    expect(accepted).toHaveLength(5);
    expect(refused).toHaveLength(3);
    for (const r of refused) expect(r).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', message: expect.any(String) } });

    const stored = await history(b.token, room.id);
    expect(stored.map((m) => m.id).sort()).toEqual(accepted.map((m) => m.id).sort());
    expect(stored.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    for (let i = 0; i < 5; i++) await bystander.waitFor('message:new');
    await bystander.expectNo('message:new');
    // the limit is per user: the other member sends freely, and the limited socket stays connected
    await stillServed(bystander, room.id);
    expect(victim.connected).toBe(true);
  });

  it('drops only the connection that sends a malformed Socket.IO frame', async () => {
    const { room, victim, bystander } = await pair();
    victim.socket.io.engine.send('2["message:send",{"roomId":'); // an EVENT packet whose JSON is cut short
    expect(await disconnectedWithin(victim)).toMatch(/transport close|io server disconnect/);
    await stillServed(bystander, room.id);
  });

  it('drops only the connection that sends a frame over SOCKET_MAX_BYTES, and stores nothing from it', async () => {
    const { a, room, victim, bystander } = await pair();
    const acks: unknown[] = [];
    victim.socket.emit('message:send', { roomId: room.id, clientId: randomUUID(), body: 'x'.repeat(10 * 1024) }, (ack) => acks.push(ack));
    expect(await disconnectedWithin(victim)).toMatch(/transport close|transport error/);
    await sleep(100);
    expect(acks).toEqual([]);
    await stillServed(bystander, room.id);
    expect((await history(a.token, room.id)).map((m) => m.body)).toEqual(['still here']);
    // the user can connect again at once
    await stillServed(await connect(t, a.token), room.id);
  });
});
