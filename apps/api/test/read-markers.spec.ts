import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Room } from '@chat/contracts';
import { DataSource } from 'typeorm';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import {
  createRoom,
  expectError,
  expectInvalid,
  expectStatus,
  joinedRooms,
  makeFriends,
  roomWith,
  say,
  startSocialApp,
} from './social-helpers.js';
import { foregroundQueries } from './support/queries.js';

describe('read markers and GET /rooms', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSocialApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (u: Registered) => bearer(u.token);
  const read = (u: Registered, roomId: string, seq: unknown) => t.http().post(`/api/rooms/${roomId}/read`).set(as(u)).send({ seq });
  const roomAs = async (u: Registered, roomId: string) => {
    const res = await t.http().get(`/api/rooms/${roomId}`).set(as(u));
    expectStatus(res, 200);
    return res.body as Room;
  };
  const inList = async (u: Registered, roomId: string) => {
    const room = (await joinedRooms(t, u)).find((r) => r.id === roomId);
    expect(room).toBeDefined();
    return room!;
  };

  describe('POST /rooms/:id/read', () => {
    let a: Registered, b: Registered;
    let roomId: string;
    beforeAll(async () => {
      [a, b] = await Promise.all([register(t), register(t)]);
      roomId = (await roomWith(t, a, { members: [b] })).id;
      for (let i = 1; i <= 5; i++) await say(t, a, roomId, `m${i}`);
    });

    it('moves the marker forward (204), shown as myReadSeq and as the member lastReadSeq', async () => {
      expect((await roomAs(b, roomId)).myReadSeq).toBe(0);
      const res = await read(b, roomId, 3);
      expectStatus(res, 204);
      expect(res.text).toBe('');
      expect((await roomAs(b, roomId)).myReadSeq).toBe(3);
      expect((await inList(b, roomId)).myReadSeq).toBe(3);
      const members = await t.http().get(`/api/rooms/${roomId}/members`).set(as(a));
      expect(members.body.find((m: { user: { id: string } }) => m.user.id === b.user.id).lastReadSeq).toBe(3);
      // a's own marker is untouched
      expect((await roomAs(a, roomId)).myReadSeq).toBe(0);
    });

    it('never moves the marker back', async () => {
      expectStatus(await read(b, roomId, 4), 204);
      expectStatus(await read(b, roomId, 2), 204);
      expect((await roomAs(b, roomId)).myReadSeq).toBe(4);
      expectStatus(await read(b, roomId, 0), 204);
      expect((await roomAs(b, roomId)).myReadSeq).toBe(4);
    });

    it('clamps the marker to the last seq of the room', async () => {
      expectStatus(await read(b, roomId, 1000), 204);
      expect((await roomAs(b, roomId)).myReadSeq).toBe(5);
      expect((await roomAs(b, roomId)).unreadCount).toBe(0);
      // the next message is unread again, and reading it moves on from 5
      await say(t, a, roomId, 'm6');
      expect((await roomAs(b, roomId)).unreadCount).toBe(1);
      expectStatus(await read(b, roomId, 6), 204);
      expect((await roomAs(b, roomId)).myReadSeq).toBe(6);
    });

    it('validates seq and refuses non-members (403 public, 404 private)', async () => {
      for (const seq of [-1, 1.5, 'x', '3', null]) expectInvalid(await read(b, roomId, seq), 'seq');
      expectInvalid(await t.http().post(`/api/rooms/${roomId}/read`).set(as(b)).send({}), 'seq');
      expectInvalid(await t.http().post(`/api/rooms/${roomId}/read`).set(as(b)).send({ seq: 1, extra: true }), 'extra');
      const outsider = await register(t);
      expectError(await read(outsider, roomId, 1), 404, 'NOT_FOUND');
      const pub = await createRoom(t, a, { visibility: 'public' });
      expectError(await read(outsider, pub.id, 1), 403, 'FORBIDDEN');
      expectError(await read(outsider, randomUUID(), 1), 404, 'NOT_FOUND');
    });
  });

  describe('GET /rooms (joined)', () => {
    it("counts others' live messages after my marker as unread, never my own or deleted ones", async () => {
      const [a, b, c] = await Promise.all([register(t), register(t), register(t)]);
      const room = await roomWith(t, a, { members: [b, c] });
      const b1 = await say(t, b, room.id, 'b1');
      await say(t, b, room.id, 'b2');
      const c3 = await say(t, c, room.id, 'c3');
      await say(t, a, room.id, 'a4');
      const b5 = await say(t, b, room.id, 'b5');

      let mine = await inList(a, room.id);
      expect(mine).toMatchObject({ lastSeq: 5, myReadSeq: 0, unreadCount: 4, lastMessage: { id: b5.id, body: 'b5', seq: 5 } });
      expect(await inList(b, room.id)).toMatchObject({ unreadCount: 2 }); // c3 and a4
      expect(await inList(c, room.id)).toMatchObject({ unreadCount: 4 }); // b1 b2 a4 b5

      expectStatus(await read(a, room.id, 2), 204);
      mine = await inList(a, room.id);
      expect(mine).toMatchObject({ myReadSeq: 2, unreadCount: 2 }); // c3 and b5

      // deleting c3 takes it out of the count; deleting one already read changes nothing
      expectStatus(await t.http().delete(`/api/messages/${c3.id}`).set(as(c)), 204);
      expectStatus(await t.http().delete(`/api/messages/${b1.id}`).set(as(b)), 204);
      expect((await inList(a, room.id)).unreadCount).toBe(1);
      expect((await roomAs(a, room.id)).unreadCount).toBe(1);

      expectStatus(await read(a, room.id, 5), 204);
      expect((await inList(a, room.id)).unreadCount).toBe(0);
    });

    it('lists joined rooms and DMs (not rooms merely visible) by last activity; a new message moves a room to the top', async () => {
      const [me, friend, other] = await Promise.all([
        register(t, { displayName: 'Me' }),
        register(t, { displayName: 'Friend' }),
        register(t),
      ]);
      const r1 = await createRoom(t, me, { name: 'one' });
      const r2 = await createRoom(t, me, { name: 'two', visibility: 'private' });
      await makeFriends(t, me, friend);
      const dm = await t.http().post('/api/dms').set(as(friend)).send({ userId: me.user.id });
      expectStatus(dm, 201);
      const notJoined = await createRoom(t, other, { visibility: 'public' });
      const r3 = await createRoom(t, other, { name: 'three', visibility: 'public' });
      await t.http().post(`/api/rooms/${r3.id}/join`).set(as(me));

      let list = await joinedRooms(t, me);
      expect(list.map((r) => r.id)).toEqual([r3.id, dm.body.id, r2.id, r1.id]);
      expect(list.map((r) => r.id)).not.toContain(notJoined.id);
      expect(list.every((r) => r.myRole !== null)).toBe(true);
      expect(list.find((r) => r.id === dm.body.id)).toMatchObject({ kind: 'direct', name: 'Friend', lastMessage: null, lastSeq: 0 });

      const m = await say(t, me, r1.id, 'bump');
      list = await joinedRooms(t, me);
      expect(list.map((r) => r.id)).toEqual([r1.id, r3.id, dm.body.id, r2.id]);
      expect(list[0]).toMatchObject({ lastSeq: 1, lastMessage: { id: m.id, body: 'bump' }, unreadCount: 0 });

      const dmMessage = await say(t, friend, dm.body.id, 'psst');
      list = await joinedRooms(t, me);
      expect(list.map((r) => r.id)).toEqual([dm.body.id, r1.id, r3.id, r2.id]);
      expect(list[0]).toMatchObject({ lastSeq: 1, unreadCount: 1, myReadSeq: 0, lastMessage: { id: dmMessage.id, body: 'psst' } });

      // friend's list holds only the DM
      expect((await joinedRooms(t, friend)).map((r) => r.id)).toEqual([dm.body.id]);
      // a room left is no longer listed
      expectStatus(await t.http().post(`/api/rooms/${r3.id}/leave`).set(as(me)), 204);
      expect((await joinedRooms(t, me)).map((r) => r.id)).toEqual([dm.body.id, r1.id, r2.id]);
    });

    it('answers in a constant number of database queries whatever the number of rooms', async () => {
      const dataSource = t.app.get(DataSource);
      const countQueries = async (u: Registered) => {
        // a warm-up request lets the session's throttled "last used" update happen outside the measure
        await joinedRooms(t, u);
        // and past the sender cache's 2 s, so that both measures start from the same cold cache (one users query)
        await new Promise((r) => setTimeout(r, 2_100));
        const spy = jest.spyOn(dataSource.logger, 'logQuery');
        try {
          const rooms = await joinedRooms(t, u);
          const queries = foregroundQueries(spy);
          return { rooms: rooms.length, queries: queries.length };
        } finally {
          spy.mockRestore();
        }
      };
      /** A user in `groups` group rooms with messages from others and `dms` direct rooms with a message each. */
      const populate = async (groups: number, dms: number) => {
        const [u, peer] = await Promise.all([register(t), register(t)]);
        for (let i = 0; i < groups; i++) {
          const room = await roomWith(t, peer, { members: [u], visibility: i % 2 ? 'public' : 'private' });
          await say(t, peer, room.id, `hello ${i}`);
          if (i % 3 === 0) await say(t, u, room.id, `reply ${i}`);
        }
        for (let i = 0; i < dms; i++) {
          const friend = await register(t);
          await makeFriends(t, u, friend);
          const dm = await t.http().post('/api/dms').set(as(friend)).send({ userId: u.user.id });
          await say(t, friend, dm.body.id, 'hi');
        }
        return u;
      };

      const few = await countQueries(await populate(2, 1));
      const many = await countQueries(await populate(24, 6));
      expect(few.rooms).toBe(3);
      expect(many.rooms).toBe(30);
      expect(few.queries).toBeGreaterThan(0);
      expect(many.queries).toBe(few.queries);
    });
  });
});
