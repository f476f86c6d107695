import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, register, type TestApp } from './harness.js';
import { createRoom, roomWith, say, startSocialApp } from './social-helpers.js';
import { closeAllSockets, connect } from './socket-helpers.js';

/** Typing indicators (to the room but the typist, ended by the server) and read receipts over the socket. */
describe('realtime: typing and read receipts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSocialApp();
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t.close();
  });

  /** Typist a with two sockets, member b, and c who is in no room of theirs. */
  const setup = async () => {
    const [a, b, c] = [await register(t), await register(t), await register(t)];
    const room = await roomWith(t, a, { members: [b] });
    const [a1, a2, bob, carol] = await Promise.all([connect(t, a.token), connect(t, a.token), connect(t, b.token), connect(t, c.token)]);
    return { a, b, c, room, a1, a2, bob, carol };
  };

  describe('typing', () => {
    it('typing:true reaches the other members as { roomId, userId, typing }, not the typist’s own sockets nor outsiders; typing:false ends it', async () => {
      const { a, room, a1, a2, bob, carol } = await setup();
      expect(await a1.send('typing', { roomId: room.id, typing: true })).toEqual({ ok: true });
      expect(await bob.waitFor('typing')).toEqual({ roomId: room.id, userId: a.user.id, typing: true });
      expect(await a1.send('typing', { roomId: room.id, typing: false })).toEqual({ ok: true });
      expect(await bob.waitFor('typing')).toEqual({ roomId: room.id, userId: a.user.id, typing: false });
      await Promise.all([a1, a2, carol].map((s) => s.expectNo('typing')));
    });

    it('the server ends a typing state by itself about 6 s after the last start', async () => {
      const { a, room, a1, bob } = await setup();
      await a1.send('typing', { roomId: room.id, typing: true });
      await bob.waitFor('typing', (p) => p.typing);
      const started = Date.now();
      expect(await bob.waitFor('typing', (p) => !p.typing, 8000)).toEqual({ roomId: room.id, userId: a.user.id, typing: false });
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThan(5000);
      expect(elapsed).toBeLessThan(7500);
    }, 15_000);

    it('a socket that goes away ends its typing states at once', async () => {
      const { a, room, a1, bob } = await setup();
      await a1.send('typing', { roomId: room.id, typing: true });
      await bob.waitFor('typing', (p) => p.typing);
      a1.close();
      expect(await bob.waitFor('typing', (p) => !p.typing, 1000)).toEqual({ roomId: room.id, userId: a.user.id, typing: false });
    });

    it('acks typing in a room the caller is not in with an error, and broadcasts nothing', async () => {
      const { a, room, bob, carol } = await setup();
      const publicRoom = await createRoom(t, a, { visibility: 'public' });
      expect(await carol.send('typing', { roomId: room.id, typing: true })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await carol.send('typing', { roomId: publicRoom.id, typing: true })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
      expect(await carol.raw('typing', { roomId: room.id, typing: 'yes' })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED' },
      });
      expect(await carol.raw('typing', { roomId: room.id })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      await bob.expectNo('typing');
      expect(carol.connected).toBe(true);
    });
  });

  describe('read receipts', () => {
    const myReadSeq = async (token: string, roomId: string): Promise<number> => {
      const res = await t.http().get(`/api/rooms/${roomId}`).set(bearer(token));
      expect(res.status).toBe(200);
      return res.body.myReadSeq as number;
    };

    it('room:read over the socket acks ok and members get room:read { roomId, userId, seq }; the marker only moves forward', async () => {
      const { a, b, room, a1, bob, carol } = await setup();
      for (let i = 0; i < 3; i++) await say(t, b, room.id, `m${i}`);
      expect(await a1.send('room:read', { roomId: room.id, seq: 2 })).toEqual({ ok: true });
      expect(await bob.waitFor('room:read')).toEqual({ roomId: room.id, userId: a.user.id, seq: 2 });
      expect(await myReadSeq(a.token, room.id)).toBe(2);

      // backwards: acked, but the marker stays and no receipt moves it back
      expect(await a1.send('room:read', { roomId: room.id, seq: 1 })).toEqual({ ok: true });
      expect(await myReadSeq(a.token, room.id)).toBe(2);
      await bob.expectNo('room:read', (p) => p.seq < 2);

      // past the last message: the marker stops at the last seq
      expect(await a1.send('room:read', { roomId: room.id, seq: 99 })).toEqual({ ok: true });
      expect(await bob.waitFor('room:read', (p) => p.seq !== 2)).toEqual({ roomId: room.id, userId: a.user.id, seq: 3 });
      expect(await myReadSeq(a.token, room.id)).toBe(3);
      await carol.expectNo('room:read');
    });

    it('POST /rooms/:id/read broadcasts room:read to the members too', async () => {
      const { a, b, room, bob, carol } = await setup();
      await say(t, b, room.id, 'read me');
      await t.http().post(`/api/rooms/${room.id}/read`).set(bearer(a.token)).send({ seq: 1 }).expect(204);
      expect(await bob.waitFor('room:read')).toEqual({ roomId: room.id, userId: a.user.id, seq: 1 });
      expect(await myReadSeq(a.token, room.id)).toBe(1);
      await carol.expectNo('room:read');
    });

    it('acks room:read from a non-member or with a bad seq with an error', async () => {
      const { room, bob, carol } = await setup();
      expect(await carol.send('room:read', { roomId: room.id, seq: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      for (const seq of [-1, 1.5, '1', null]) {
        expect(await bob.raw('room:read', { roomId: room.id, seq })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      }
      await bob.expectNo('room:read');
    });
  });
});
