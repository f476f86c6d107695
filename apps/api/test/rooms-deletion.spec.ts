import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import type { Invite, Notification, Room } from '@chat/contracts';
import { MessagesRepository } from '../src/modules/messages/messages.repository.js';
import { RoomPurgeService } from '../src/modules/messages/room-purge.service.js';
import { bearer, register, type Registered, startTestApp, type TestApp } from './harness.js';
import { until } from './support/api-process.js';
import { sql } from './support/sql.js';
import { createRoom, expectError, expectStatus, join, makeFriends, say } from './social-helpers.js';

const RELAXED = {
  REGISTER_LIMIT_PER_IP: '100000',
  MESSAGE_RATE_PER_SECOND: '100000',
  MESSAGE_BURST: '100000',
  MEMBERSHIP_CHANGES_PER_MINUTE: '100000',
};

/** `count` messages from `senderId` in the room by SQL (seq 1..count, each replying to the one before), as months of history would be. */
async function seedMessages(t: TestApp, roomId: string, senderId: string, count: number): Promise<void> {
  await sql(
    t.databaseUrl,
    `INSERT INTO messages (room_id, seq, sender_id, client_id, body)
     SELECT $1, g, $2, 'seed-' || g, 'history ' || g FROM generate_series(1, $3::int) g`,
    [roomId, senderId, count],
  );
  await sql(
    t.databaseUrl,
    `UPDATE messages m SET reply_to_id = p.id FROM messages p WHERE m.room_id = $1 AND p.room_id = $1 AND p.seq = m.seq - 1`,
    [roomId],
  );
  await sql(t.databaseUrl, `UPDATE rooms SET last_seq = $2 WHERE id = $1`, [roomId, count]);
}

/** Rows still referencing the room: its messages, its notifications, and whether its row is there. */
async function leftOf(t: TestApp, roomId: string) {
  const [row] = await sql<{ messages: number; notifications: number; members: number; room: number; marked: number }>(
    t.databaseUrl,
    `SELECT (SELECT count(*)::int FROM messages WHERE room_id = $1) AS messages,
            (SELECT count(*)::int FROM notifications WHERE room_id = $1) AS notifications,
            (SELECT count(*)::int FROM room_members WHERE room_id = $1) AS members,
            (SELECT count(*)::int FROM rooms WHERE id = $1) AS room,
            (SELECT count(*)::int FROM rooms WHERE id = $1 AND deleted_at IS NOT NULL) AS marked`,
    [roomId],
  );
  return row!;
}

/**
 * Deleting a room makes it disappear at once; its rows go afterwards in batches (ROOM_DELETE_BATCH_SIZE), resumed
 * after a restart, while other rooms keep taking messages.
 */
describe('DELETE /rooms/:id of a room with a long history', () => {
  const apps: TestApp[] = [];
  const start = async (env: Record<string, string>, databaseUrl?: string) => {
    const t = await startTestApp({ ...RELAXED, ...env }, { databaseUrl });
    apps.push(t);
    return t;
  };
  afterEach(async () => {
    for (const t of apps.splice(0)) await t.close();
  });
  afterAll(async () => {
    for (const t of apps.splice(0)) await t.close();
  });

  it('is gone at once for everyone (404, lists, joins, invites, notifications), its rows go in batches, and a restart resumes', async () => {
    // one batch of 100, then a pause longer than the test: the deletion is caught half-way
    let t = await start({ ROOM_DELETE_BATCH_SIZE: '100', ROOM_DELETE_PAUSE_MS: '600000' });
    const [owner, bob, carol, dave] = [await register(t), await register(t), await register(t), await register(t)];
    const room = await createRoom(t, owner, { visibility: 'public' });
    await join(t, bob, room.id);
    await makeFriends(t, owner, carol);
    expectStatus(await t.http().post(`/api/rooms/${room.id}/invites`).set(bearer(owner.token)).send({ userId: carol.user.id }), 201);
    await seedMessages(t, room.id, owner.user.id, 1000);
    // mentions of bob on the first five messages
    await sql(
      t.databaseUrl,
      `INSERT INTO notifications (user_id, type, actor_id, room_id, message_id, text)
       SELECT $2, 'mention', $3, room_id, id, 'mentioned you' FROM messages WHERE room_id = $1 AND seq <= 5`,
      [room.id, bob.user.id, owner.user.id],
    );
    const visible = async (u: Registered) => {
      const notes = (await t.http().get('/api/notifications').set(bearer(u.token))).body as Notification[];
      return notes.filter((n) => n.roomId === room.id).length;
    };
    expect(await visible(bob)).toBe(5);
    expect(await visible(carol)).toBe(1);

    expectStatus(await t.http().delete(`/api/rooms/${room.id}`).set(bearer(owner.token)), 204);

    // gone at once, for its members and for everyone else
    for (const u of [owner, bob, carol, dave]) {
      expectError(await t.http().get(`/api/rooms/${room.id}`).set(bearer(u.token)), 404, 'NOT_FOUND');
      expectError(await t.http().get(`/api/rooms/${room.id}/messages`).set(bearer(u.token)), 404, 'NOT_FOUND');
      const joined = (await t.http().get('/api/rooms').set(bearer(u.token))).body as Room[];
      expect(joined.map((r) => r.id)).not.toContain(room.id);
      const discover = (await t.http().get('/api/rooms?scope=discover').set(bearer(u.token))).body as Room[];
      expect(discover.map((r) => r.id)).not.toContain(room.id);
      expect(await visible(u)).toBe(0);
    }
    const send = (u: Registered) =>
      t.http().post(`/api/rooms/${room.id}/messages`).set(bearer(u.token)).send({ clientId: randomUUID(), body: 'anyone?' });
    expectError(await send(owner), 404, 'NOT_FOUND');
    expectError(await send(bob), 404, 'NOT_FOUND');
    expectError(await t.http().post(`/api/rooms/${room.id}/join`).set(bearer(dave.token)), 404, 'NOT_FOUND');
    expect(((await t.http().get('/api/invites').set(bearer(carol.token))).body as Invite[]).map((i) => i.room.id)).not.toContain(room.id);
    expectError(await t.http().delete(`/api/rooms/${room.id}`).set(bearer(owner.token)), 404, 'NOT_FOUND');

    // the rows go in batches: one batch of 100 went, the rest waits for the next one
    await until(async () => (await leftOf(t, room.id)).messages === 900, 'the first batch');
    expect(await leftOf(t, room.id)).toEqual({ messages: 900, notifications: 6, members: 0, room: 1, marked: 1 });

    // a restart in the middle: the next process finishes the deletion by itself
    const { databaseUrl, config } = t;
    await t.close();
    apps.splice(apps.indexOf(t), 1);
    expect((await leftOf(t, room.id)).messages).toBe(900);
    t = await start({ ROOM_DELETE_BATCH_SIZE: '100', ROOM_DELETE_PAUSE_MS: '0', JWT_SECRET: config.jwtSecret }, databaseUrl);
    await until(async () => (await leftOf(t, room.id)).room === 0, 'the deletion to resume and finish');
    expect(await leftOf(t, room.id)).toEqual({ messages: 0, notifications: 0, members: 0, room: 0, marked: 0 });
    // the users and other rooms are untouched
    expectStatus(await t.http().get('/api/users/me').set(bearer(bob.token)), 200);
  }, 60_000);

  it('a send into another room succeeds while a large deletion runs; sweep() finishes what is left', async () => {
    const t = await start({ ROOM_DELETE_BATCH_SIZE: '100', ROOM_DELETE_PAUSE_MS: '200' });
    const [owner, other] = [await register(t), await register(t)];
    const big = await createRoom(t, owner);
    const elsewhere = await createRoom(t, other);
    await seedMessages(t, big.id, owner.user.id, 5000);

    expectStatus(await t.http().delete(`/api/rooms/${big.id}`).set(bearer(owner.token)), 204);
    await until(async () => (await leftOf(t, big.id)).messages < 5000, 'the deletion to start');
    const sent = [];
    for (let i = 0; i < 20; i++) sent.push(await say(t, other, elsewhere.id, `still here ${i}`));
    expect(sent.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // the deletion was still under way while those sends were answered
    const during = await leftOf(t, big.id);
    expect(during.messages).toBeGreaterThan(0);
    expect(during.room).toBe(1);

    // calling the sweep directly (as an operator's job could) finishes it, alongside the background one
    const purge = t.app.get(RoomPurgeService);
    await purge.sweep();
    expect(await leftOf(t, big.id)).toEqual({ messages: 0, notifications: 0, members: 0, room: 0, marked: 0 });
    const history = await t.http().get(`/api/rooms/${elsewhere.id}/messages`).set(bearer(other.token));
    expect(history.body.messages).toHaveLength(20);
  }, 60_000);

  it('purges of one room running side by side take turns: no deadlock on the reply chain, nothing left', async () => {
    const t = await start({ ROOM_DELETE_BATCH_SIZE: '100', ROOM_DELETE_PAUSE_MS: '600000' });
    const owner = await register(t);
    const room = await createRoom(t, owner);
    await seedMessages(t, room.id, owner.user.id, 8000);
    // eight purgers at once (processes, or the background sweep and an operator's), each deleting batches of 400 until
    // nothing is left; without turns, one's `reply_to_id` cascade waits on rows another holds and PostgreSQL aborts one
    const purger = async () => {
      let total = 0;
      for (let n = -1; n !== 0; total += n) n = await t.app.get(MessagesRepository).deleteRoomBatch(room.id, 400);
      return total;
    };
    const deleted = await Promise.all(Array.from({ length: 8 }, purger));
    expect(deleted.reduce((a, b) => a + b, 0)).toBe(8000);
    expect((await leftOf(t, room.id)).messages).toBe(0);
  }, 60_000);

  it('the last member leaving deletes the room the same way: gone at once, rows removed in the background', async () => {
    const t = await start({ ROOM_DELETE_BATCH_SIZE: '50', ROOM_DELETE_PAUSE_MS: '0' });
    const owner = await register(t);
    const room = await createRoom(t, owner);
    await seedMessages(t, room.id, owner.user.id, 300);
    expectStatus(await t.http().post(`/api/rooms/${room.id}/leave`).set(bearer(owner.token)), 204);
    expectError(await t.http().get(`/api/rooms/${room.id}`).set(bearer(owner.token)), 404, 'NOT_FOUND');
    await until(async () => (await leftOf(t, room.id)).room === 0, 'the deletion to finish');
    expect((await leftOf(t, room.id)).messages).toBe(0);
  }, 30_000);
});
