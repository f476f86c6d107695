import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Message, Room } from '@chat/contracts';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import { createRoom, expectInvalid, expectStatus, join, makeFriends, roomWith, say, startSocialApp } from './social-helpers.js';
import { closeAllSockets, connect } from './socket-helpers.js';
import { sql } from './support/sql.js';

/**
 * Mass assignment: a body that carries a field the server owns (`senderId`, `seq`, `role`, `createdAt`, `id`,
 * `userId`...) is refused with 400 naming the field, and nothing at all changes in the database. Every write route of
 * the API and every socket event. (validation.spec.ts shows the generic rule on registration.)
 */
describe('security: mass assignment', () => {
  let t: TestApp;
  let owner: Registered, member: Registered, friend: Registered, stranger: Registered;
  let room: Room;
  let message: Message;
  beforeAll(async () => {
    t = await startSocialApp();
    [owner, member, friend, stranger] = [await register(t), await register(t), await register(t), await register(t)];
    room = await roomWith(t, owner, { members: [member] });
    await makeFriends(t, owner, friend);
    message = await say(t, member, room.id, 'original');
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t.close();
  });

  /** Everything a request could have changed (sessions' "last used" stamps aside). */
  const TABLES = ['users', 'rooms', 'room_members', 'room_invites', 'messages', 'friend_requests', 'friendships', 'notifications'];
  const snapshot = async () =>
    (
      await sql(
        t.databaseUrl,
        `SELECT ${TABLES.map((table) => `(SELECT coalesce(json_agg(x ORDER BY x::text), '[]') FROM ${table} x) AS ${table}`).join(', ')}`,
      )
    )[0];

  const someone = '00000000-0000-4000-8000-000000000001';
  const past = '2001-01-01T00:00:00.000Z';
  type Case = [string, () => Registered, 'post' | 'patch' | 'put', () => string, () => Record<string, unknown>, string];
  const cases: Case[] = [
    // messages
    ...(['senderId', 'seq', 'createdAt', 'id', 'roomId', 'sender', 'editedAt', 'deletedAt'] as const).map((field): Case => [
      `POST /rooms/:id/messages with ${field}`,
      () => member,
      'post',
      () => `/api/rooms/${room.id}/messages`,
      () => ({
        clientId: randomUUID(),
        body: 'forged',
        [field]:
          ({ senderId: owner.user.id, seq: 1, id: message.id, roomId: room.id, sender: { id: owner.user.id } } as Record<string, unknown>)[
            field
          ] ?? past,
      }),
      field,
    ]),
    ...(['senderId', 'seq', 'createdAt', 'deletedAt', 'roomId'] as const).map((field): Case => [
      `PATCH /messages/:id with ${field}`,
      () => member,
      'patch',
      () => `/api/messages/${message.id}`,
      () => ({
        body: 'edited',
        [field]: field === 'senderId' ? owner.user.id : field === 'seq' ? 99 : field === 'roomId' ? someone : past,
      }),
      field,
    ]),
    // rooms and roles
    ...(['id', 'createdBy', 'kind', 'lastSeq', 'memberCount', 'createdAt', 'role', 'ownerId'] as const).map((field): Case => [
      `POST /rooms with ${field}`,
      () => member,
      'post',
      () => '/api/rooms',
      () => ({
        name: 'forged room',
        [field]: { kind: 'direct', lastSeq: 5, memberCount: 1000, role: 'owner' }[field as string] ?? someone,
      }),
      field,
    ]),
    ...(['createdBy', 'kind', 'lastSeq', 'id', 'myRole'] as const).map((field): Case => [
      `PATCH /rooms/:id with ${field}`,
      () => owner,
      'patch',
      () => `/api/rooms/${room.id}`,
      () => ({ description: 'changed', [field]: { kind: 'direct', lastSeq: 0, myRole: 'owner' }[field as string] ?? member.user.id }),
      field,
    ]),
    ...(['userId', 'roomId', 'joinedAt', 'lastReadSeq'] as const).map((field): Case => [
      `PATCH /rooms/:id/members/:userId with ${field}`,
      () => owner,
      'patch',
      () => `/api/rooms/${room.id}/members/${member.user.id}`,
      () => ({
        role: 'admin',
        [field]: field === 'userId' ? stranger.user.id : field === 'lastReadSeq' ? 99 : field === 'roomId' ? someone : past,
      }),
      field,
    ]),
    ...(['userId', 'roomId'] as const).map((field): Case => [
      `POST /rooms/:id/read with ${field}`,
      () => member,
      'post',
      () => `/api/rooms/${room.id}/read`,
      () => ({ seq: 1, [field]: field === 'userId' ? owner.user.id : someone }),
      field,
    ]),
    ...(['fromId', 'status', 'roomId', 'createdAt'] as const).map((field): Case => [
      `POST /rooms/:id/invites with ${field}`,
      () => owner,
      'post',
      () => `/api/rooms/${room.id}/invites`,
      () => ({ userId: friend.user.id, [field]: { fromId: member.user.id, status: 'accepted', roomId: someone }[field as string] ?? past }),
      field,
    ]),
    // social
    ...(['fromId', 'status', 'createdAt'] as const).map((field): Case => [
      `POST /friends/requests with ${field}`,
      () => stranger,
      'post',
      () => '/api/friends/requests',
      () => ({ userId: member.user.id, [field]: { fromId: owner.user.id, status: 'accepted' }[field as string] ?? past }),
      field,
    ]),
    ...(['kind', 'name', 'createdBy'] as const).map((field): Case => [
      `POST /dms with ${field}`,
      () => owner,
      'post',
      () => '/api/dms',
      () => ({ userId: friend.user.id, [field]: { kind: 'group', name: 'renamed' }[field as string] ?? member.user.id }),
      field,
    ]),
    // accounts
    ...(['id', 'username', 'email', 'role', 'createdAt', 'online', 'passwordHash'] as const).map((field): Case => [
      `PATCH /users/me with ${field}`,
      () => member,
      'patch',
      () => '/api/users/me',
      () => ({
        bio: 'changed',
        [field]:
          { username: 'taken_over', email: 'x@example.test', role: 'admin', online: true, id: owner.user.id }[field as string] ?? past,
      }),
      field,
    ]),
    [
      'PUT /users/me/password with userId',
      () => member,
      'put',
      () => '/api/users/me/password',
      () => ({ currentPassword: 'correct horse battery', newPassword: 'another long one', userId: owner.user.id }),
      'userId',
    ],
    [
      'POST /auth/register with role',
      () => member,
      'post',
      () => '/api/auth/register',
      () => ({ username: `mass${Date.now()}`, email: `mass${Date.now()}@example.test`, password: 'correct horse battery', role: 'admin' }),
      'role',
    ],
    [
      'POST /auth/register with createdAt',
      () => member,
      'post',
      () => '/api/auth/register',
      () => ({
        username: `mass${Date.now()}`,
        email: `mass${Date.now()}@example.test`,
        password: 'correct horse battery',
        createdAt: past,
      }),
      'createdAt',
    ],
    [
      'POST /auth/login with userId',
      () => member,
      'post',
      () => '/api/auth/login',
      () => ({ login: member.user.username, password: 'correct horse battery', userId: owner.user.id }),
      'userId',
    ],
    [
      'POST /auth/password-reset with userId',
      () => member,
      'post',
      () => '/api/auth/password-reset',
      () => ({ email: member.user.email, userId: owner.user.id }),
      'userId',
    ],
  ];

  it.each(cases)('refuses %s with 400 naming the field, and changes nothing', async (_label, who, method, path, body, field) => {
    const before = await snapshot();
    const res = await t.http()[method](path()).set(bearer(who().token)).send(body());
    expectInvalid(res, field);
    expect(await snapshot()).toEqual(before);
  });

  it('ignores a body on POST /rooms/:id/join: the joiner becomes a plain member, not what the body says', async () => {
    const open = await createRoom(t, owner, { visibility: 'public' });
    const res = await t
      .http()
      .post(`/api/rooms/${open.id}/join`)
      .set(bearer(stranger.token))
      .send({ role: 'owner', userId: owner.user.id });
    expect([200, 400]).toContain(res.status);
    const roles = await sql<{ user_id: string; role: string }>(t.databaseUrl, 'SELECT user_id, role FROM room_members WHERE room_id = $1', [
      open.id,
    ]);
    expect(Object.fromEntries(roles.map((r) => [r.user_id, r.role]))).toEqual(
      res.status === 200 ? { [owner.user.id]: 'owner', [stranger.user.id]: 'member' } : { [owner.user.id]: 'owner' },
    );
  });

  describe('socket events', () => {
    it.each([
      ['senderId', () => owner.user.id],
      ['seq', () => 1],
      ['createdAt', () => past],
      ['id', () => message.id],
      ['sender', () => ({ id: owner.user.id })],
      ['deletedAt', () => past],
    ])('message:send with %s is acked VALIDATION_FAILED naming it, and stores and broadcasts nothing', async (field, value) => {
      const [sender, watcher] = await Promise.all([connect(t, member.token), connect(t, owner.token)]);
      const before = await snapshot();
      const ack = await sender.raw('message:send', { roomId: room.id, clientId: randomUUID(), body: 'forged', [field]: value() });
      expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: expect.stringContaining(field) } });
      await watcher.expectNo('message:new');
      expect(await snapshot()).toEqual(before);
    });

    it('room:read and typing with a userId are refused: nobody can mark read or type for someone else', async () => {
      const publicRoom = await createRoom(t, owner, { visibility: 'public' });
      await join(t, member, publicRoom.id);
      await say(t, owner, publicRoom.id, 'unread');
      const [sender, watcher] = await Promise.all([connect(t, member.token), connect(t, owner.token)]);
      const before = await snapshot();
      const read = await sender.raw('room:read', { roomId: publicRoom.id, seq: 1, userId: owner.user.id });
      expect(read).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('userId') } });
      const typing = await sender.raw('typing', { roomId: publicRoom.id, typing: true, userId: owner.user.id });
      expect(typing).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('userId') } });
      await watcher.expectNo('room:read');
      await watcher.expectNo('typing');
      expect(await snapshot()).toEqual(before);
      // the honest request still works
      expectStatus(await t.http().post(`/api/rooms/${publicRoom.id}/read`).set(bearer(member.token)).send({ seq: 1 }), 204);
    });
  });
});
