import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import type { Notification, Room } from '@chat/contracts';
import { NotificationsService } from '../src/modules/notifications/notifications.service.js';
import { bearer, register, type Registered, type TestApp } from './harness.js';
import { createRoom, expectError, expectStatus, join, makeFriends, say, startSocialApp } from './social-helpers.js';
import { closeAllSockets, connect, sleep } from './socket-helpers.js';

/** Notifications are written after the message is answered: poll briefly for the one expected. */
async function notificationsOf(t: TestApp, user: Registered, query = ''): Promise<Notification[]> {
  const res = await t.http().get(`/api/notifications${query}`).set(bearer(user.token));
  expectStatus(res, 200);
  return res.body as Notification[];
}

async function eventually(t: TestApp, user: Registered, count: number): Promise<Notification[]> {
  for (let i = 0; i < 40; i++) {
    const list = await notificationsOf(t, user);
    if (list.length >= count) return list;
    await sleep(50);
  }
  return notificationsOf(t, user);
}

describe('notifications', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSocialApp();
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t.close();
  });

  it('stores a friend request and its acceptance, pushing notification:new to a connected recipient', async () => {
    const ada = await register(t);
    const bo = await register(t);
    const boSocket = await connect(t, bo.token);
    const sent = await t.http().post('/api/friends/requests').set(bearer(ada.token)).send({ userId: bo.user.id });
    expectStatus(sent, 201);
    const live = await boSocket.waitFor('notification:new');
    expect(live).toMatchObject({ type: 'friend_request', actor: { id: ada.user.id }, readAt: null, roomId: null, messageId: null });
    expect(await notificationsOf(t, bo)).toEqual([live]);

    expectStatus(await t.http().post(`/api/friends/requests/${sent.body.id}/accept`).set(bearer(bo.token)), 200);
    const [accepted] = await eventually(t, ada, 1);
    expect(accepted).toMatchObject({ type: 'friend_accepted', actor: { id: bo.user.id } });
    expect(await notificationsOf(t, bo)).toHaveLength(1); // the accepter is not notified of their own action
  });

  it('stores a room invite for the invitee', async () => {
    const ada = await register(t);
    const bo = await register(t);
    await makeFriends(t, ada, bo);
    const room = await createRoom(t, ada, { name: 'Book club', visibility: 'private' });
    expectStatus(await t.http().post(`/api/rooms/${room.id}/invites`).set(bearer(ada.token)).send({ userId: bo.user.id }), 201);
    const list = await eventually(t, bo, 2);
    expect(list[0]).toMatchObject({ type: 'room_invite', roomId: room.id, actor: { id: ada.user.id } });
    expect(list[0]!.text).toContain('Book club');
  });

  it('stores a direct message whether the recipient is online or not', async () => {
    const ada = await register(t);
    const bo = await register(t);
    await makeFriends(t, ada, bo);
    const dm = await t.http().post('/api/dms').set(bearer(ada.token)).send({ userId: bo.user.id });
    const boSocket = await connect(t, bo.token);
    const here = await say(t, ada, dm.body.id, 'while you are here');
    await boSocket.waitFor('message:new');
    const live = await boSocket.waitFor('notification:new');
    expect(live).toMatchObject({ type: 'direct_message', messageId: here.id });

    boSocket.close();
    await sleep(200);
    const message = await say(t, ada, dm.body.id, 'while you are away');
    const list = (await eventually(t, bo, 3)).filter((n) => n.type === 'direct_message');
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ roomId: dm.body.id, messageId: message.id, actor: { id: ada.user.id } });
    expect(list[0]!.text).toContain('while you are away');
  });

  it('stores read, and announces nothing, a notification written after its message was read (it is written after the ack)', async () => {
    const ada = await register(t);
    const bo = await register(t);
    await makeFriends(t, ada, bo);
    const dm = (await t.http().post('/api/dms').set(bearer(ada.token)).send({ userId: bo.user.id })).body as Room;
    const message = await say(t, ada, dm.id, 'read before its notification');
    await eventually(t, bo, 2); // the friendship's and the message's
    expectStatus(await t.http().post(`/api/rooms/${dm.id}/read`).set(bearer(bo.token)).send({ seq: message.seq }), 204);
    const boSocket = await connect(t, bo.token);
    // the notification's writer runs late, as it can when the recipient reads at once: the same event again
    const [directKey] = await t.app.get(DataSource).query('SELECT direct_key FROM rooms WHERE id = $1', [dm.id]);
    await t.app.get(NotificationsService).onMessage({ message, room: { kind: 'direct', name: dm.name, directKey: directKey.direct_key } });
    const about = (await notificationsOf(t, bo)).filter((n) => n.messageId === message.id);
    expect(about).toHaveLength(2);
    for (const n of about) expect(n.readAt).not.toBeNull();
    await boSocket.expectNo('notification:new');
  });

  it('stores an @mention for a member of the room, case-insensitively, and never for non-members', async () => {
    const ada = await register(t);
    const bo = await register(t);
    const stranger = await register(t);
    const room = await createRoom(t, ada);
    await join(t, bo, room.id);
    const message = await say(t, ada, room.id, `hey @${bo.user.username.toUpperCase()} and @${stranger.user.username}, look`);
    const list = await eventually(t, bo, 1);
    expect(list.filter((n) => n.type === 'mention')).toEqual([expect.objectContaining({ roomId: room.id, messageId: message.id })]);
    await sleep(200);
    expect(await notificationsOf(t, stranger)).toEqual([]);
    // a plain message mentions nobody
    await say(t, ada, room.id, 'no mention here, mail me at bo@example.test');
    await sleep(200);
    expect((await notificationsOf(t, bo)).filter((n) => n.type === 'mention')).toHaveLength(1);
  });

  it('notifies at most 20 distinct mentioned members per message, resolving the handles in one query', async () => {
    const ada = await register(t);
    const room = await createRoom(t, ada);
    const members = await Promise.all(Array.from({ length: 25 }, () => register(t)));
    for (const m of members) await join(t, m, room.id);
    const handles = members.map((m) => `@${m.user.username}`);
    const spy = jest.spyOn(t.app.get(DataSource).logger, 'logQuery');
    try {
      // every member twice, and the sender: still 20 notifications, one lookup
      await say(t, ada, room.id, `${handles.join(' ')} ${handles.join(' ')} @${ada.user.username}`);
      let total = 0;
      for (let i = 0; i < 40 && total < 20; i++) {
        await sleep(50);
        total = (await Promise.all(members.map((m) => notificationsOf(t, m)))).flat().filter((n) => n.type === 'mention').length;
      }
      await sleep(200);
      const counts = await Promise.all(members.map(async (m) => (await notificationsOf(t, m)).filter((n) => n.type === 'mention').length));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(20);
      expect(Math.max(...counts)).toBe(1);
      const lookups = spy.mock.calls.map((c) => String(c[0])).filter((q) => /username"?\) = ANY/.test(q));
      expect(lookups).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('removes the notifications of a deleted message, whose text they quoted', async () => {
    const ada = await register(t);
    const bo = await register(t);
    await makeFriends(t, ada, bo);
    const dm = await t.http().post('/api/dms').set(bearer(ada.token)).send({ userId: bo.user.id });
    const message = await say(t, ada, dm.body.id, 'something I regret');
    expect((await eventually(t, bo, 2)).some((n) => n.messageId === message.id)).toBe(true);
    expectStatus(await t.http().delete(`/api/messages/${message.id}`).set(bearer(ada.token)), 204);
    let left: Notification[] = [];
    for (let i = 0; i < 40; i++) {
      left = await notificationsOf(t, bo);
      if (!left.some((n) => n.messageId === message.id)) break;
      await sleep(50);
    }
    expect(left.some((n) => n.messageId === message.id || n.text.includes('regret'))).toBe(false);
  });

  it('lists unread ones, marks one read, marks all read, and keeps each user to their own', async () => {
    const ada = await register(t);
    const bo = await register(t);
    const cy = await register(t);
    await t.http().post('/api/friends/requests').set(bearer(ada.token)).send({ userId: bo.user.id });
    await t.http().post('/api/friends/requests').set(bearer(cy.token)).send({ userId: bo.user.id });
    const [first, second] = await eventually(t, bo, 2);
    expect(first!.createdAt >= second!.createdAt).toBe(true); // newest first

    expectError(await t.http().post(`/api/notifications/${first!.id}/read`).set(bearer(ada.token)), 404, 'NOT_FOUND');
    const read = await t.http().post(`/api/notifications/${first!.id}/read`).set(bearer(bo.token));
    expectStatus(read, 200);
    expect(read.body.readAt).toEqual(expect.any(String));
    expect((await notificationsOf(t, bo, '?unread=true')).map((n) => n.id)).toEqual([second!.id]);

    expectStatus(await t.http().post('/api/notifications/read-all').set(bearer(bo.token)), 204);
    expect(await notificationsOf(t, bo, '?unread=true')).toEqual([]);
    expect(await notificationsOf(t, bo)).toHaveLength(2);
    expect(await notificationsOf(t, bo, '?limit=1')).toHaveLength(1);
  });

  it('validates its inputs and needs a session', async () => {
    const bo = await register(t);
    expectError(await t.http().get('/api/notifications?unread=yes').set(bearer(bo.token)), 400, 'VALIDATION_FAILED');
    expectError(await t.http().get('/api/notifications?limit=0').set(bearer(bo.token)), 400, 'VALIDATION_FAILED');
    expectError(await t.http().post('/api/notifications/not-a-uuid/read').set(bearer(bo.token)), 400, 'VALIDATION_FAILED');
    expectError(await t.http().get('/api/notifications'), 401, 'UNAUTHENTICATED');
  });
});
