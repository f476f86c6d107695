import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Message, Notification, Room } from '@chat/contracts';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import { expectStatus, joinedRooms, makeFriends, roomWith, say, startSocialApp } from './social-helpers.js';
import { closeAllSockets, connect, sentMessage, sleep } from './socket-helpers.js';
import { until } from './support/api-process.js';
import { sql } from './support/sql.js';

/**
 * Fault drill: a user is offline while 200 messages arrive across three rooms and a DM, sent by three others over
 * sockets and REST at once (with a deletion, the user's own messages from another device, and @mentions among them).
 * On return: GET /rooms gives the right unreadCount and lastSeq per room, and paging with `after=` from the read
 * marker returns every message exactly once, in order; the DMs and mentions left notifications.
 */
describe('drill: offline while 200 messages arrive', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSocialApp();
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t.close();
  });

  const page = async (u: Registered, roomId: string, after: number, limit: number) => {
    const res = await t.http().get(`/api/rooms/${roomId}/messages?after=${after}&limit=${limit}`).set(bearer(u.token));
    expectStatus(res, 200);
    return res.body as { messages: Message[]; hasMore: boolean };
  };

  it('on return: right unread counts per room and DM, and a complete catch-up with after=', async () => {
    const [u, a, b, c] = [await register(t), await register(t), await register(t), await register(t)];
    const r1 = await roomWith(t, a, { members: [u, b] });
    const r2 = await roomWith(t, b, { members: [u, c] });
    const r3 = await roomWith(t, c, { members: [u, a], visibility: 'public' });
    await makeFriends(t, a, u);
    const dm = (await t.http().post('/api/dms').set(bearer(a.token)).send({ userId: u.user.id })).body as Room;
    const rooms = [r1, r2, r3, dm];

    // before going away: u has read r1 up to seq 3 of 5
    for (let i = 0; i < 5; i++) await say(t, a, r1.id, `before ${i}`);
    expectStatus(await t.http().post(`/api/rooms/${r1.id}/read`).set(bearer(u.token)).send({ seq: 3 }), 204);
    const online = await connect(t, u.token);
    online.close();
    await sleep(200); // u is offline now (presence), so DMs and mentions notify

    // 200 messages from a, b and c at once: sockets for a and b, REST for c; a few mention u
    const [aWs, bWs] = await Promise.all([connect(t, a.token), connect(t, b.token)]);
    const plan: Array<{ who: 'a' | 'b' | 'c'; room: Room; body: string }> = [];
    for (let i = 0; i < 200; i++) {
      const room = rooms[i % 4]!;
      const members =
        room === r1 ? (['a', 'b'] as const) : room === r2 ? (['b', 'c'] as const) : room === r3 ? (['c', 'a'] as const) : (['a'] as const);
      const who = members[i % members.length]!;
      plan.push({ who, room, body: i % 25 === 0 && room !== dm ? `hey @${u.user.username} (${i})` : `message ${i}` });
    }
    const sockets = { a: aWs, b: bWs };
    const sent = await Promise.all(
      plan.map(async (p) => {
        if (p.who === 'c') return say(t, c, p.room.id, p.body);
        // 200 at once: the last acks wait for every commit before them (over 2 s once, beside the browser journeys)
        const ack = await sockets[p.who].send('message:send', { roomId: p.room.id, clientId: randomUUID(), body: p.body }, 15_000);
        return sentMessage(ack);
      }),
    );
    expect(sent).toHaveLength(200);
    // u's own messages from another device are not unread; a deleted message is not unread either
    const phone = (await t.http().post('/api/auth/login').send({ login: u.user.username, password: u.password })).body.token as string;
    for (let i = 0; i < 3; i++) {
      const res = await t
        .http()
        .post(`/api/rooms/${r2.id}/messages`)
        .set(bearer(phone))
        .send({ clientId: randomUUID(), body: `from my phone ${i}` });
      expectStatus(res, 201);
    }
    const deleted = sent.find((m) => m.roomId === r3.id && m.sender.id === c.user.id)!;
    expectStatus(await t.http().delete(`/api/messages/${deleted.id}`).set(bearer(c.token)), 204);

    // back online: GET /rooms
    const counts = await sql<{ room_id: string; last_seq: string; unread: string }>(
      t.databaseUrl,
      `SELECT r.id AS room_id, r.last_seq,
              (SELECT count(*) FROM messages m WHERE m.room_id = r.id AND m.seq > rm.last_read_seq AND m.sender_id <> rm.user_id AND m.deleted_at IS NULL) AS unread
         FROM rooms r JOIN room_members rm ON rm.room_id = r.id AND rm.user_id = $1`,
      [u.user.id],
    );
    const expected = new Map(counts.map((r) => [r.room_id, { lastSeq: Number(r.last_seq), unread: Number(r.unread) }]));
    const listed = await joinedRooms(t, u);
    expect(listed.map((r) => r.id).sort()).toEqual(rooms.map((r) => r.id).sort());
    const sentTo = (roomId: string) => sent.filter((m) => m.roomId === roomId).length;
    for (const room of listed) {
      const own = room.id === r2.id ? 3 : 0;
      const before = room.id === r1.id ? 5 : 0;
      expect({ room: room.id, lastSeq: room.lastSeq }).toEqual({ room: room.id, lastSeq: sentTo(room.id) + own + before });
      const unread = sentTo(room.id) + (room.id === r1.id ? 2 : 0) - (room.id === r3.id ? 1 : 0);
      expect({ room: room.id, unreadCount: room.unreadCount }).toEqual({ room: room.id, unreadCount: unread });
      expect(expected.get(room.id)).toEqual({ lastSeq: room.lastSeq, unread: room.unreadCount });
    }
    // the newest first: the room with the last message leads
    expect(listed[0]!.lastMessage?.seq).toBe(listed[0]!.lastSeq);

    // catch-up from the read marker with after=, 30 at a time: every message exactly once, in seq order
    for (const room of listed) {
      const got: Message[] = [];
      let after = room.myReadSeq;
      for (let i = 0; i < 50; i++) {
        const p = await page(u, room.id, after, 30);
        got.push(...p.messages);
        if (!p.hasMore) break;
        after = p.messages[p.messages.length - 1]!.seq;
      }
      const seqs = got.map((m) => m.seq);
      expect(seqs).toEqual(Array.from({ length: room.lastSeq - room.myReadSeq }, (_, i) => room.myReadSeq + i + 1));
      expect(new Set(got.map((m) => m.id)).size).toBe(got.length);
      const expectedIds = new Set(sent.filter((m) => m.roomId === room.id).map((m) => m.id));
      for (const id of expectedIds) expect(got.some((m) => m.id === id)).toBe(true);
      expect(got.find((m) => m.id === deleted.id)?.deletedAt ?? null).toEqual(room.id === r3.id ? expect.any(String) : null);
      // reading up to the end clears the count
      expectStatus(await t.http().post(`/api/rooms/${room.id}/read`).set(bearer(u.token)).send({ seq: room.lastSeq }), 204);
    }
    expect((await joinedRooms(t, u)).map((r) => r.unreadCount)).toEqual([0, 0, 0, 0]);

    // what arrived while away left notifications: one per direct message, one per mention
    const dmCount = sent.filter((m) => m.roomId === dm.id).length;
    const mentions = plan.filter((p) => p.body.includes('@')).length;
    let notes: Notification[] = [];
    await until(async () => {
      notes = (await t.http().get('/api/notifications?limit=100').set(bearer(u.token))).body as Notification[];
      return notes.length >= dmCount + mentions;
    }, 'the notifications of the DMs and mentions');
    expect(notes.filter((n) => n.type === 'direct_message')).toHaveLength(dmCount);
    expect(notes.filter((n) => n.type === 'mention')).toHaveLength(mentions);
  }, 60_000);
});
