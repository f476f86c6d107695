import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Room } from '@chat/contracts';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import { createRoom, expectError, expectInvalid, expectStatus, say, startSocialApp } from './social-helpers.js';
import { closeAllSockets, connect, type TestClient } from './socket-helpers.js';
import { sql } from './support/sql.js';

/**
 * Hostile input on the socket (REST bodies: validation.spec.ts, auth.spec.ts, messages.spec.ts) and page sizes on every
 * list route that pages (GET /users and GET /rooms/:id/messages: users.spec.ts and messages.spec.ts).
 */
describe('security: hostile socket payloads', () => {
  let t: TestApp;
  let a: Registered, b: Registered;
  let room: Room;
  let sender: TestClient, watcher: TestClient;
  beforeAll(async () => {
    t = await startSocialApp();
    [a, b] = [await register(t), await register(t)];
    room = await createRoom(t, a, { visibility: 'public' });
    await t.http().post(`/api/rooms/${room.id}/join`).set(bearer(b.token)).expect(200);
    await say(t, b, room.id, 'first');
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t.close();
  });

  const stored = async () => (await sql<{ n: number }>(t.databaseUrl, 'SELECT count(*)::int AS n FROM messages'))[0]!.n;
  const readSeq = async () =>
    (
      await sql<{ s: string }>(t.databaseUrl, 'SELECT last_read_seq AS s FROM room_members WHERE room_id = $1 AND user_id = $2', [
        room.id,
        a.user.id,
      ])
    )[0]!.s;

  /** Sends each payload raw and expects VALIDATION_FAILED, nothing stored, nothing broadcast, the socket still served. */
  const refuseAll = async (event: string, payloads: unknown[]) => {
    [sender, watcher] = await Promise.all([connect(t, a.token), connect(t, b.token)]);
    const [messagesBefore, readBefore] = [await stored(), await readSeq()];
    for (const payload of payloads) {
      const ack = await sender.raw(event, payload);
      expect({ payload, ack }).toMatchObject({
        payload,
        ack: { ok: false, error: { code: 'VALIDATION_FAILED', message: expect.any(String) } },
      });
    }
    await watcher.expectNo('message:new');
    await watcher.expectNo('typing');
    await watcher.expectNo('room:read');
    expect(await stored()).toBe(messagesBefore);
    expect(await readSeq()).toBe(readBefore);
    expect(sender.connected).toBe(true);
    expect(await sender.send('typing', { roomId: room.id, typing: false })).toEqual({ ok: true });
  };
  const msg = (patch: Record<string, unknown>) => ({ roomId: room.id, clientId: randomUUID(), body: 'x', ...patch });

  it('refuses operator objects and arrays where message:send takes strings', async () => {
    await refuseAll('message:send', [
      msg({ roomId: { $gt: '' } }),
      msg({ roomId: { $ne: null } }),
      msg({ roomId: [room.id] }),
      msg({ clientId: { $regex: '.*' } }),
      msg({ body: { $where: 'sleep(1000)' } }),
      msg({ body: ['x'] }),
      msg({ replyToId: { $exists: true } }),
      msg({ attachmentIds: { $in: [randomUUID()] } }),
      msg({ attachmentIds: [{ $gt: '' }] }),
      msg({ attachmentIds: 'not-an-array' }),
    ]);
  });

  it('refuses operator objects in typing and room:read', async () => {
    await refuseAll('typing', [
      { roomId: { $gt: '' }, typing: true },
      { roomId: room.id, typing: { $eq: true } },
      { roomId: room.id, typing: 'true' },
      { roomId: room.id, typing: 1 },
    ]);
    await refuseAll('room:read', [
      { roomId: room.id, seq: { $gt: 0 } },
      { roomId: { $in: [room.id] }, seq: 1 },
      { roomId: room.id, seq: '1' },
      { roomId: room.id, seq: 1e300 },
      { roomId: room.id, seq: Number.MAX_SAFE_INTEGER + 2 },
    ]);
  });

  /** Raw JSON text parsed the way the server parses frames: "__proto__" becomes an own key, as in a hostile client. */
  const raw = (text: string): unknown => JSON.parse(text);

  it('refuses __proto__, constructor and prototype keys at any depth in every event, and pollutes nothing', async () => {
    const id = room.id;
    await refuseAll('message:send', [
      raw(`{"roomId":"${id}","clientId":"c1","body":"x","constructor":{"prototype":{"polluted":true}}}`),
      raw(`{"roomId":"${id}","clientId":"c2","body":"x","prototype":{"polluted":true}}`),
      raw(`{"roomId":"${id}","clientId":"c3","body":"x","attachmentIds":[{"__proto__":{"polluted":true}}]}`),
      raw(`{"roomId":"${id}","clientId":"c4","body":{"__proto__":{"polluted":true}}}`),
    ]);
    await refuseAll('typing', [
      raw(`{"roomId":"${id}","typing":true,"__proto__":{"polluted":true}}`),
      raw(`{"roomId":"${id}","typing":true,"constructor":{"prototype":{"polluted":true}}}`),
    ]);
    await refuseAll('room:read', [raw(`{"roomId":"${id}","seq":1,"__proto__":{"polluted":true}}`)]);
    // the app runs in this process: nothing reached Object.prototype
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('refuses deeply nested payloads and binary bodies', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = { a: deep };
    await refuseAll('message:send', [msg({ body: deep }), { ...msg({}), extra: deep }, msg({ body: Buffer.from('binary body') })]);
  });
});

describe('security: page sizes on every list route that pages', () => {
  let t: TestApp;
  let u: Registered;
  beforeAll(async () => {
    t = await startSocialApp();
    u = await register(t);
    // two public rooms of u's (joined and discoverable) and two notifications, so limit=1 has something to cut
    for (let i = 0; i < 2; i++) await createRoom(t, u, { name: `paged ${i}`, visibility: 'public' });
    for (let i = 0; i < 2; i++) {
      const other = await register(t);
      expectStatus(await t.http().post('/api/friends/requests').set(bearer(other.token)).send({ userId: u.user.id }), 201);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const routes = [
    ['GET /rooms', '/api/rooms?'],
    ['GET /rooms?scope=joined', '/api/rooms?scope=joined&'],
    ['GET /rooms?scope=discover', '/api/rooms?scope=discover&q=paged&'],
    ['GET /notifications', '/api/notifications?'],
    ['GET /notifications?unread=true', '/api/notifications?unread=true&'],
  ] as const;
  const get = (prefix: string, query: string) => t.http().get(`${prefix}${query}`).set(bearer(u.token));

  it.each(routes)('%s refuses a limit out of 1–100 or not a plain integer with 400 naming limit', async (_label, prefix) => {
    for (const limit of ['0', '101', '-1', '1000000', '1.5', '1e2', '0x10', 'abc', '', ' 5', '9007199254740993']) {
      expectInvalid(await get(prefix, `limit=${encodeURIComponent(limit)}`), 'limit');
    }
    expectInvalid(await get(prefix, 'limit=1&limit=2'), 'limit');
    expectError(await get(prefix, 'limit[$gt]=0'), 400, 'VALIDATION_FAILED');
  });

  it.each(routes)('%s takes limit=1 and limit=100', async (label, prefix) => {
    const one = await get(prefix, 'limit=1');
    expectStatus(one, 200);
    // the joined list is every room and DM of the caller (the index a client catches up from), never cut
    expect(one.body).toHaveLength(label.includes('discover') || label.includes('notifications') ? 1 : 2);
    expectStatus(await get(prefix, 'limit=100'), 200);
  });
});
