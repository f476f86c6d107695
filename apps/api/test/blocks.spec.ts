import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Notification, User } from '@chat/contracts';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import { createRoom, expectError, expectInvalid, expectStatus, join, makeFriends, say, startSocialApp } from './social-helpers.js';
import { closeAllSockets, connect, sleep } from './socket-helpers.js';
import { sql } from './support/sql.js';

/** Contract v2 → Safety: a block ends the relation, and nothing the blocked user does reaches the blocker. */
describe('blocking a user', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSocialApp();
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t.close();
  });

  const as = (u: Registered) => bearer(u.token);
  const block = (by: Registered, who: Registered | string) =>
    t
      .http()
      .put(`/api/users/${typeof who === 'string' ? who : who.user.id}/block`)
      .set(as(by));
  const unblock = (by: Registered, who: Registered) => t.http().delete(`/api/users/${who.user.id}/block`).set(as(by));
  /** The ids and types of a user's notifications. */
  const notifications = async (u: Registered) =>
    ((await t.http().get('/api/notifications').set(as(u))).body as Notification[]).map((n) => [n.id, n.type]);
  const count = async (table: string, where: string, params: unknown[]) =>
    Number((await sql<{ n: string }>(t.databaseUrl, `SELECT count(*) AS n FROM ${table} WHERE ${where}`, params))[0]!.n);
  const pair = async () => [await register(t), await register(t)] as const;

  it('answers 204, lists the blocked user, ends the friendship (the other side is told) and lifts with DELETE', async () => {
    const [blocker, blocked] = await pair();
    await makeFriends(t, blocker, blocked);
    const socket = await connect(t, blocked.token);

    expectStatus(await block(blocker, blocked), 204);
    expectStatus(await block(blocker, blocked), 204); // again: nothing changes
    await socket.waitFor('friend:removed', (p) => p.userId === blocker.user.id);
    const list = await t.http().get('/api/users/me/blocks').set(as(blocker));
    expectStatus(list, 200);
    expect((list.body as User[]).map((u) => u.id)).toEqual([blocked.user.id]);
    expect((await t.http().get('/api/friends').set(as(blocker))).body).toEqual([]);
    expect((await t.http().get('/api/friends').set(as(blocked))).body).toEqual([]);
    expect((await t.http().get('/api/users/me/blocks').set(as(blocked))).body).toEqual([]);

    expectStatus(await unblock(blocker, blocked), 204);
    expectStatus(await unblock(blocker, blocked), 204);
    expect((await t.http().get('/api/users/me/blocks').set(as(blocker))).body).toEqual([]);
    // unblocked: they may become friends again
    await makeFriends(t, blocked, blocker);
  });

  it('cancels pending requests between the two, either way', async () => {
    const [blocker, blocked] = await pair();
    const sent = await t.http().post('/api/friends/requests').set(as(blocked)).send({ userId: blocker.user.id });
    expectStatus(sent, 201);
    expectStatus(await block(blocker, blocked), 204);
    expect((await t.http().get('/api/friends/requests?direction=incoming').set(as(blocker))).body).toEqual([]);
    expect((await t.http().get('/api/friends/requests?direction=outgoing').set(as(blocked))).body).toEqual([]);
    expectError(await t.http().post(`/api/friends/requests/${sent.body.id}/accept`).set(as(blocker)), 409, 'CONFLICT');
  });

  it('refuses yourself (400), an unknown user (404) and a malformed id (400)', async () => {
    const [me] = await pair();
    expectInvalid(await block(me, me), 'id');
    expectError(await block(me, randomUUID()), 404, 'NOT_FOUND');
    expectInvalid(await block(me, 'me'), 'id');
  });

  it('the blocked user cannot send the blocker a friend request: 403, nothing stored, nothing notified', async () => {
    const [blocker, blocked] = await pair();
    expectStatus(await block(blocker, blocked), 204);
    const socket = await connect(t, blocker.token);
    expectError(await t.http().post('/api/friends/requests').set(as(blocked)).send({ userId: blocker.user.id }), 403, 'FORBIDDEN');
    expect(await count('friend_requests', 'from_id = $1', [blocked.user.id])).toBe(0);
    await socket.expectNo('friend:request');
    await socket.expectNo('notification:new');
    expect(await notifications(blocker)).toEqual([]);
  });

  it('the blocked user cannot invite the blocker to a room: 403, nothing stored, nothing notified', async () => {
    const [blocker, blocked] = await pair();
    await makeFriends(t, blocker, blocked);
    const room = await createRoom(t, blocked, { visibility: 'public' });
    expectStatus(await block(blocker, blocked), 204);
    const before = await notifications(blocker);
    const res = await t.http().post(`/api/rooms/${room.id}/invites`).set(as(blocked)).send({ userId: blocker.user.id });
    expectError(res, 403, 'FORBIDDEN');
    expect(await count('room_invites', 'to_id = $1', [blocker.user.id])).toBe(0);
    expect(await notifications(blocker)).toEqual(before);
  });

  it('the blocked user cannot open a DM with the blocker, even one who takes DMs from everyone (403, no room)', async () => {
    const [blocker, blocked] = await pair();
    expectStatus(await t.http().patch('/api/users/me').set(as(blocker)).send({ dmPolicy: 'everyone' }), 200);
    expectStatus(await block(blocker, blocked), 204);
    expectError(await t.http().post('/api/dms').set(as(blocked)).send({ userId: blocker.user.id }), 403, 'FORBIDDEN');
    expect(await count('rooms', `kind = 'direct' AND created_by = $1`, [blocked.user.id])).toBe(0);
  });

  it('closes an existing DM to new messages, over REST and the socket: 403, nothing stored or notified; history stays', async () => {
    const [blocker, blocked] = await pair();
    await makeFriends(t, blocker, blocked);
    const dm = await t.http().post('/api/dms').set(as(blocked)).send({ userId: blocker.user.id });
    expectStatus(dm, 201);
    await say(t, blocked, dm.body.id, 'before the block');
    // that message's notification is stored after the send answers: wait for it, or it could land in the checks below
    for (let i = 0; (await notifications(blocker)).length === 0; i++) {
      if (i > 100) throw new Error('the notification of the message before the block was never stored');
      await sleep(50);
    }
    expectStatus(await block(blocker, blocked), 204);
    const blockerSocket = await connect(t, blocker.token);
    blockerSocket.clear();
    const before = await notifications(blocker);

    const rest = await t.http().post(`/api/rooms/${dm.body.id}/messages`).set(as(blocked)).send({ clientId: randomUUID(), body: 'hello?' });
    expectError(rest, 403, 'FORBIDDEN');
    const socket = await connect(t, blocked.token);
    const ack = await socket.send('message:send', { roomId: dm.body.id, clientId: randomUUID(), body: 'anyone?' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await blockerSocket.expectNo('message:new');
    expect(await count('messages', 'room_id = $1', [dm.body.id])).toBe(1);
    await blockerSocket.expectNo('notification:new');
    expect(await notifications(blocker)).toEqual(before);
    const history = await t.http().get(`/api/rooms/${dm.body.id}/messages`).set(as(blocked));
    expect(history.body.messages.map((m: { body: string }) => m.body)).toEqual(['before the block']);
  });

  it('shows the blocker offline to the blocked user only, and announces none of their presence to them', async () => {
    const [blocker, blocked] = await pair();
    const friend = await register(t);
    await makeFriends(t, blocker, blocked);
    await makeFriends(t, blocker, friend);
    const blockedSocket = await connect(t, blocked.token);
    const friendSocket = await connect(t, friend.token);
    const first = await connect(t, blocker.token);
    await blockedSocket.waitFor('presence', (p) => p.userId === blocker.user.id && p.online);

    expectStatus(await block(blocker, blocked), 204);
    await blockedSocket.waitFor('presence', (p) => p.userId === blocker.user.id && !p.online);
    const seenBy = async (viewer: Registered) => (await t.http().get(`/api/users/${blocker.user.id}`).set(as(viewer))).body as User;
    expect((await seenBy(blocked)).online).toBe(false);
    expect((await seenBy(friend)).online).toBe(true);
    // a shared room's member list too
    const room = await createRoom(t, blocker, { visibility: 'public' });
    await join(t, blocked, room.id);
    const members = (await t.http().get(`/api/rooms/${room.id}/members`).set(as(blocked))).body as Array<{ user: User }>;
    expect(members.find((m) => m.user.id === blocker.user.id)!.user.online).toBe(false);

    // going offline and online again: the friend hears it, the blocked user hears nothing
    friendSocket.clear();
    blockedSocket.clear();
    first.close();
    await friendSocket.waitFor('presence', (p) => p.userId === blocker.user.id && !p.online);
    await connect(t, blocker.token);
    await friendSocket.waitFor('presence', (p) => p.userId === blocker.user.id && p.online, 3000);
    await blockedSocket.expectNo('presence', (p) => p.userId === blocker.user.id);

    // unblocked: as they are
    expectStatus(await unblock(blocker, blocked), 204);
    await blockedSocket.waitFor('presence', (p) => p.userId === blocker.user.id && p.online);
    expect((await seenBy(blocked)).online).toBe(true);
  });

  it('lets messages flow in a shared room, but a mention by the blocked user notifies the blocker of nothing', async () => {
    const [blocker, blocked] = await pair();
    const room = await createRoom(t, blocker, { visibility: 'public' });
    await join(t, blocked, room.id);
    expectStatus(await block(blocker, blocked), 204);
    await say(t, blocked, room.id, `hey @${blocker.user.username}`);
    await say(t, blocker, room.id, 'still here');
    const other = await register(t);
    await join(t, other, room.id);
    await say(t, blocked, room.id, `and @${other.user.username}`);
    await sleep(100);
    expect(await notifications(blocker)).toEqual([]);
    expect((await notifications(other)).map(([, type]) => type)).toEqual(['mention']);
    const history = await t.http().get(`/api/rooms/${room.id}/messages`).set(as(blocker));
    expect(history.body.messages).toHaveLength(3);
  });

  it('refuses the blocker’s own request and invite to the one they blocked too (403)', async () => {
    const [blocker, blocked] = await pair();
    expectStatus(await block(blocker, blocked), 204);
    expectError(await t.http().post('/api/friends/requests').set(as(blocker)).send({ userId: blocked.user.id }), 403, 'FORBIDDEN');
    expect(await count('friend_requests', 'from_id = $1', [blocker.user.id])).toBe(0);
  });
});
