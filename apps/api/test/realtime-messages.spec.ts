import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Message } from '@chat/contracts';
import { bearer, register, type TestApp } from './harness.js';
import { createRoom, join, roomWith, say, startSocialApp } from './social-helpers.js';
import { closeAllSockets, connect, sentMessage, type TestClient } from './socket-helpers.js';

/** `message:send` over the socket (ack, idempotency, validation) and who receives message events. */
describe('realtime: messages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSocialApp();
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
  const ofRoom = (roomId: string) => (m: { roomId: string }) => m.roomId === roomId;
  /** A message as every member's sockets receive it: the sender carries no per-viewer relation (as in others' history). */
  const asOthersSee = (m: Message): Message => ({ ...m, sender: { ...m.sender, friendship: 'none' } });

  it('acks a sent message with the stored message, and a repeat of its clientId with the same message, broadcast once', async () => {
    const [a, b] = [await register(t), await register(t)];
    const room = await roomWith(t, a, { members: [b] });
    const [sender, bob] = await Promise.all([connect(t, a.token), connect(t, b.token)]);
    const clientId = randomUUID();

    const ack = await sender.send('message:send', { roomId: room.id, clientId, body: '  hello  ' });
    expect(ack).toMatchObject({ ok: true, message: { roomId: room.id, seq: 1, clientId, body: 'hello', sender: { id: a.user.id } } });
    const first = sentMessage(ack);
    expect(first.sender.friendship).toBe('self');
    expect(await bob.waitFor('message:new', (m) => m.clientId === clientId)).toEqual(asOthersSee(first));
    expect(await sender.waitFor('message:new', (m) => m.clientId === clientId)).toEqual(asOthersSee(first));
    // what bob got live is what bob reads in the history
    expect(await history(b.token, room.id)).toEqual([asOthersSee(first)]);

    const again = await sender.send('message:send', { roomId: room.id, clientId, body: 'hello, a second time' });
    expect(again).toEqual({ ok: true, message: first });
    await bob.expectNo('message:new', (m) => m.clientId === clientId);
    await sender.expectNo('message:new', (m) => m.clientId === clientId);
    expect((await history(b.token, room.id)).map((m) => m.id)).toEqual([first.id]);
  });

  it('acks bad payloads with VALIDATION_FAILED, stores and broadcasts nothing, and keeps the socket', async () => {
    const [a, b] = [await register(t), await register(t)];
    const room = await roomWith(t, a, { members: [b] });
    const [sender, bob] = await Promise.all([connect(t, a.token), connect(t, b.token)]);
    const roomId = room.id;
    const bad: unknown[] = [
      { roomId, body: 'no clientId' },
      { roomId, clientId: randomUUID(), body: 42 },
      { roomId, clientId: randomUUID(), body: 'extra field', extra: true },
      { roomId, clientId: randomUUID(), body: 'a\u0000b' },
      { roomId, clientId: randomUUID(), body: '😀'.repeat(4001) },
      { roomId, clientId: randomUUID(), body: '   ' },
      { roomId, clientId: randomUUID(), body: '\u200b\u200c\u200d\ufeff \u2060' },
      { roomId, clientId: 'has spaces and /slashes/', body: 'bad clientId' },
      { roomId: 'not-a-uuid', clientId: randomUUID(), body: 'bad roomId' },
      { clientId: randomUUID(), body: 'no roomId' },
      JSON.parse(`{"roomId":"${roomId}","clientId":"${randomUUID()}","body":"x","__proto__":{"admin":true}}`),
      'a string',
      null,
      [roomId, 'x'],
    ];
    for (const payload of bad) {
      const ack = await sender.raw('message:send', payload);
      expect({ payload, ack }).toMatchObject({
        payload,
        ack: { ok: false, error: { code: 'VALIDATION_FAILED', message: expect.any(String) } },
      });
    }
    // an ack-only emit (no payload at all) is a validation error too
    expect(await sender.raw('message:send')).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    await bob.expectNo('message:new');
    expect(await history(a.token, roomId)).toEqual([]);

    // the same socket still works, and a body of exactly 4000 code points is fine
    expect(sender.connected).toBe(true);
    const ok = await sender.send('message:send', { roomId, clientId: randomUUID(), body: '😀'.repeat(4000) });
    expect(ok).toMatchObject({ ok: true, message: { seq: 1 } });
    await bob.waitFor('message:new', ofRoom(roomId));
  });

  it('answers a room the sender is not in with NOT_FOUND (private, or unknown) and FORBIDDEN (public, not joined)', async () => {
    const [a, b] = [await register(t), await register(t)];
    const privateRoom = await roomWith(t, a);
    const publicRoom = await createRoom(t, a, { visibility: 'public' });
    const [owner, outsider] = await Promise.all([connect(t, a.token), connect(t, b.token)]);

    const send = (roomId: string) => outsider.send('message:send', { roomId, clientId: randomUUID(), body: 'let me in' });
    expect(await send(privateRoom.id)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await send(randomUUID())).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await send(publicRoom.id)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await owner.expectNo('message:new');
    expect(await history(a.token, privateRoom.id)).toEqual([]);
    expect(await history(a.token, publicRoom.id)).toEqual([]);

    // still connected and served
    const own = await roomWith(t, b);
    expect(await outsider.send('message:send', { roomId: own.id, clientId: randomUUID(), body: 'mine' })).toMatchObject({ ok: true });
  });

  it('acks an unknown event with NOT_FOUND and keeps the socket', async () => {
    const a = await register(t);
    const room = await roomWith(t, a);
    const client = await connect(t, a.token);
    expect(await client.raw('room:join', { roomId: room.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await client.raw('nonsense')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(client.connected).toBe(true);
    expect(await client.send('message:send', { roomId: room.id, clientId: randomUUID(), body: 'still here' })).toMatchObject({ ok: true });
  });

  describe('fan-out', () => {
    /** Owner a with two sockets, member b, c in another public room only, and d in no room at all. */
    const setup = async () => {
      const [a, b, c, d] = [await register(t), await register(t), await register(t), await register(t)];
      const room = await createRoom(t, a, { visibility: 'public' });
      await join(t, b, room.id);
      const elsewhere = await createRoom(t, c, { visibility: 'public' });
      const [a1, a2, bob, carol, dave] = await Promise.all([
        connect(t, a.token),
        connect(t, a.token),
        connect(t, b.token),
        connect(t, c.token),
        connect(t, d.token),
      ]);
      return { a, b, c, room, elsewhere, a1, a2, bob, outsiders: [carol, dave] };
    };
    const nothingFor = (clients: TestClient[], event: 'message:new' | 'message:updated' | 'message:deleted') =>
      Promise.all(clients.map((c) => c.expectNo(event)));

    it('message:new over the socket reaches every member’s sockets, the sender’s other socket too, and no outsider', async () => {
      const { room, a1, a2, bob, outsiders } = await setup();
      const ack = await a1.send('message:send', { roomId: room.id, clientId: randomUUID(), body: 'to the room' });
      const sent = sentMessage(ack);
      // one payload for every member's sockets: the ack alone says `self`
      expect(sent.sender.friendship).toBe('self');
      for (const client of [a1, a2, bob]) expect(await client.waitFor('message:new')).toEqual(asOthersSee(sent));
      await nothingFor(outsiders, 'message:new');
    });

    it('a REST send fans out the same way', async () => {
      const { a, room, a1, a2, bob, outsiders } = await setup();
      const sent = await say(t, a, room.id, 'over http');
      for (const client of [a1, a2, bob]) expect(await client.waitFor('message:new')).toEqual(asOthersSee(sent));
      await nothingFor(outsiders, 'message:new');
    });

    it('PATCH /messages/:id sends message:updated to the members only', async () => {
      const { b, room, a1, a2, bob, outsiders } = await setup();
      const sent = await say(t, b, room.id, 'first draft');
      const res = await t.http().patch(`/api/messages/${sent.id}`).set(bearer(b.token)).send({ body: 'final' });
      expect(res.status).toBe(200);
      const edited = res.body as Message;
      expect(edited).toMatchObject({ id: sent.id, seq: sent.seq, body: 'final', editedAt: expect.any(String) });
      for (const client of [a1, a2, bob]) expect(await client.waitFor('message:updated')).toEqual(asOthersSee(edited));
      await nothingFor(outsiders, 'message:updated');
    });

    it('DELETE /messages/:id sends message:deleted { roomId, id, seq } to the members only', async () => {
      const { a, b, room, a1, a2, bob, outsiders } = await setup();
      await say(t, a, room.id, 'one');
      const sent = await say(t, b, room.id, 'two');
      await t.http().delete(`/api/messages/${sent.id}`).set(bearer(a.token)).expect(204);
      for (const client of [a1, a2, bob]) expect(await client.waitFor('message:deleted')).toEqual({ roomId: room.id, id: sent.id, seq: 2 });
      await nothingFor(outsiders, 'message:deleted');
    });
  });
});
