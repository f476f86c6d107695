import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Message } from '@chat/contracts';
import { createGroupRoom, createServiceTest, expectAppError, type ServiceTest } from '../../../test/service-harness.js';
import { MessagesModule } from './messages.module.js';
import { MessagesService } from './messages.service.js';
import { RoomActivityService } from './room-activity.service.js';
import type { UserEntity } from '../users/entities/user.entity.js';
import { ReadMarkersService } from '../rooms/read-markers.service.js';

describe('read markers and unread counts on a real database', () => {
  let t: ServiceTest;
  let markers: ReadMarkersService;
  let activity: RoomActivityService;
  let messages: MessagesService;
  beforeAll(async () => {
    t = await createServiceTest([MessagesModule]);
    markers = t.get(ReadMarkersService);
    activity = t.get(RoomActivityService);
    messages = t.get(MessagesService);
  });
  afterAll(async () => {
    await t?.close();
  });

  const say = async (u: UserEntity, roomId: string, body = 'hello'): Promise<Message> =>
    (await messages.send(u.id, roomId, { clientId: randomUUID(), body })).message;
  const markerIn = async (roomId: string, u: UserEntity): Promise<number> => {
    const [row] = await t.sql<{ last_read_seq: string }>(`SELECT last_read_seq FROM room_members WHERE room_id = $1 AND user_id = $2`, [
      roomId,
      u.id,
    ]);
    return Number(row!.last_read_seq);
  };
  const unread = async (u: UserEntity, ...roomIds: string[]): Promise<number[]> => {
    const counts = await activity.unreadCounts(u.id, roomIds);
    return roomIds.map((id) => counts.get(id)?.unread ?? 0);
  };

  let a: UserEntity, b: UserEntity, c: UserEntity;
  beforeEach(async () => {
    [a, b, c] = await Promise.all([t.createUser(), t.createUser(), t.createUser()]);
  });

  describe('ReadMarkersService.markRead', () => {
    it('moves the marker forward, answers it and emits room.read with it', async () => {
      const room = await createGroupRoom(t, a, { members: [b] });
      for (let i = 0; i < 5; i++) await say(a, room.id);
      t.events.clear();
      expect(await markers.markRead(room.id, b.id, 3)).toBe(3);
      expect(await markerIn(room.id, b)).toBe(3);
      expect(await markerIn(room.id, a)).toBe(0); // each member has their own
      expect(t.events.all()).toEqual([{ name: 'room.read', payload: { roomId: room.id, userId: b.id, seq: 3 } }]);
    });

    it('never moves back: a lower seq leaves the marker and answers it as it stands', async () => {
      const room = await createGroupRoom(t, a, { members: [b] });
      for (let i = 0; i < 5; i++) await say(a, room.id);
      await markers.markRead(room.id, b.id, 4);
      t.events.clear();
      expect(await markers.markRead(room.id, b.id, 2)).toBe(4);
      expect(await markers.markRead(room.id, b.id, 0)).toBe(4);
      expect(await markerIn(room.id, b)).toBe(4);
      // a marker that does not move is not announced again
      expect(t.events.of('room.read')).toEqual([]);
    });

    it('never goes past the room’s last seq: the marker and the event are clamped to it', async () => {
      const room = await createGroupRoom(t, a, { members: [b] });
      for (let i = 0; i < 5; i++) await say(a, room.id);
      t.events.clear();
      expect(await markers.markRead(room.id, b.id, 1000)).toBe(5);
      expect(await markerIn(room.id, b)).toBe(5);
      expect(t.events.of('room.read')).toEqual([{ roomId: room.id, userId: b.id, seq: 5 }]);
      // the next message is unread, and the marker may now move onto it
      await say(a, room.id);
      expect(await unread(b, room.id)).toEqual([1]);
      expect(await markers.markRead(room.id, b.id, 6)).toBe(6);
      expect(await unread(b, room.id)).toEqual([0]);

      const empty = await createGroupRoom(t, a, { members: [b] });
      expect(await markers.markRead(empty.id, b.id, 3)).toBe(0);
    });

    it('concurrent marks keep the highest: the marker never moves back under a race', async () => {
      const room = await createGroupRoom(t, a, { members: [b] });
      for (let i = 0; i < 8; i++) await say(a, room.id);
      await Promise.all([3, 8, 1, 6, 2, 7, 4, 5].map((seq) => markers.markRead(room.id, b.id, seq)));
      expect(await markerIn(room.id, b)).toBe(8);
    });

    it('a non-member is refused (403 in a public room, 404 in a private one); nothing moves, nothing is emitted', async () => {
      const open = await createGroupRoom(t, a, { members: [b] });
      const closed = await createGroupRoom(t, a, { visibility: 'private', members: [b] });
      await say(a, open.id);
      await say(a, closed.id);
      t.events.clear();
      await expectAppError(markers.markRead(open.id, c.id, 1), 403, 'FORBIDDEN');
      await expectAppError(markers.markRead(closed.id, c.id, 1), 404, 'NOT_FOUND');
      await expectAppError(markers.markRead(randomUUID(), c.id, 1), 404, 'NOT_FOUND');
      expect(t.events.all()).toEqual([]);
      expect(await t.sql(`SELECT 1 FROM room_members WHERE user_id = $1`, [c.id])).toEqual([]);
      expect([await markerIn(open.id, b), await markerIn(closed.id, b)]).toEqual([0, 0]);
    });
  });

  describe('RoomActivityService.unreadCounts', () => {
    it('counts the others’ live messages after the marker: own messages and deleted ones are not counted', async () => {
      const room = await createGroupRoom(t, a, { members: [b, c] });
      const fromA = [await say(a, room.id), await say(a, room.id)]; // seqs 1, 2
      await say(b, room.id); // 3: b's own
      const fromC = [await say(c, room.id), await say(c, room.id)]; // 4, 5
      expect(await unread(b, room.id)).toEqual([4]);
      expect(await unread(a, room.id)).toEqual([3]);
      expect(await unread(c, room.id)).toEqual([3]);

      await messages.remove(c.id, fromC[1]!.id); // deleted after b's marker: no longer unread
      expect(await unread(b, room.id)).toEqual([3]);
      expect(await unread(a, room.id)).toEqual([2]);

      await markers.markRead(room.id, b.id, 2);
      expect(await unread(b, room.id)).toEqual([1]); // seq 4 only (3 is b's own, 5 deleted)
      await messages.remove(a.id, fromA[0]!.id); // deleted before the marker: nothing changes
      expect(await unread(b, room.id)).toEqual([1]);
      await markers.markRead(room.id, b.id, 5);
      expect(await unread(b, room.id)).toEqual([0]);
      await say(b, room.id); // b's own new message stays read
      expect(await unread(b, room.id)).toEqual([0]);
      await say(a, room.id);
      expect(await unread(b, room.id)).toEqual([1]);
    });

    it('answers several rooms in one call; a room the user is not in counts nothing for them', async () => {
      const first = await createGroupRoom(t, a, { members: [b] });
      const second = await createGroupRoom(t, a, { members: [b] });
      const notTheirs = await createGroupRoom(t, a);
      for (let i = 0; i < 3; i++) await say(a, first.id);
      await say(a, second.id);
      for (let i = 0; i < 4; i++) await say(a, notTheirs.id);
      expect(await unread(b, first.id, second.id, notTheirs.id)).toEqual([3, 1, 0]);
      expect((await activity.unreadCounts(b.id, [notTheirs.id])).has(notTheirs.id)).toBe(false);
      expect(await activity.unreadCounts(b.id, [])).toEqual(new Map());
    });

    it('stays equal to its definition over a random history of sends, deletions and marks', async () => {
      const users = [a, b, c];
      const rooms = [await createGroupRoom(t, a, { members: [b, c] }), await createGroupRoom(t, b, { members: [a, c] })];
      const sent: Array<{ roomId: string; id: string; seq: number; senderId: string; senderIndex: number; deleted: boolean }> = [];
      const marks = new Map<string, number>(); // `${roomId}:${userId}` -> marker as markRead answered it
      let state = 12345;
      const random = (n: number) => {
        state = (state * 1103515245 + 12345) % 2 ** 31;
        return state % n;
      };
      for (let step = 0; step < 120; step++) {
        const room = rooms[random(2)]!;
        const u = random(3);
        const action = random(10);
        if (action < 6) {
          const m = await say(users[u]!, room.id);
          sent.push({ roomId: room.id, id: m.id, seq: m.seq, senderId: users[u]!.id, senderIndex: u, deleted: false });
        } else if (action < 8) {
          const mine = sent.filter((m) => m.senderIndex === u && !m.deleted);
          if (mine.length === 0) continue;
          const m = mine[random(mine.length)]!;
          await messages.remove(users[u]!.id, m.id);
          m.deleted = true;
        } else {
          const last = Math.max(0, ...sent.filter((m) => m.roomId === room.id).map((m) => m.seq));
          const marker = await markers.markRead(room.id, users[u]!.id, random(last + 3));
          marks.set(`${room.id}:${users[u]!.id}`, marker);
        }
      }
      // the history holds every kind of step
      expect(sent.some((m) => m.deleted)).toBe(true);
      expect(marks.size).toBeGreaterThan(0);
      for (const u of users) {
        const expected = rooms.map(
          (r) =>
            sent.filter((m) => m.roomId === r.id && !m.deleted && m.senderId !== u.id && m.seq > (marks.get(`${r.id}:${u.id}`) ?? 0))
              .length,
        );
        expect(await unread(u, ...rooms.map((r) => r.id))).toEqual(expected);
      }
      // seqs given out are exactly 1..n in each room (the count relies on them)
      for (const r of rooms) {
        const seqs = sent
          .filter((m) => m.roomId === r.id)
          .map((m) => m.seq)
          .sort((x, y) => x - y);
        expect(seqs).toEqual(seqs.map((_s, i) => i + 1));
      }
    });
  });
});
