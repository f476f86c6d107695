import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Room } from '@chat/contracts';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import {
  createRoom,
  expectError,
  expectInvalid,
  expectStatus,
  join,
  joinedRooms,
  makeFriends,
  roomWith,
  say,
  setRole,
  startSocialApp,
} from './social-helpers.js';

describe('rooms', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSocialApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (u: Registered) => bearer(u.token);
  const getRoom = (u: Registered, id: string) => t.http().get(`/api/rooms/${id}`).set(as(u));
  const patchRoom = (u: Registered, id: string, body: object) => t.http().patch(`/api/rooms/${id}`).set(as(u)).send(body);
  const members = async (u: Registered, id: string) => {
    const res = await t.http().get(`/api/rooms/${id}/members`).set(as(u));
    expectStatus(res, 200);
    return res.body as Array<{ user: { id: string }; role: string; lastReadSeq: number; joinedAt: string }>;
  };
  const roleOf = async (viewer: Registered, roomId: string, u: Registered) =>
    (await members(viewer, roomId)).find((m) => m.user.id === u.user.id)?.role;
  const leave = (u: Registered, id: string) => t.http().post(`/api/rooms/${id}/leave`).set(as(u));
  const kick = (by: Registered, id: string, u: Registered) => t.http().delete(`/api/rooms/${id}/members/${u.user.id}`).set(as(by));
  const changeRole = (by: Registered, id: string, u: Registered, role: string) =>
    t.http().patch(`/api/rooms/${id}/members/${u.user.id}`).set(as(by)).send({ role });

  describe('POST /rooms', () => {
    it('creates a room (201) whose creator is its owner and only member', async () => {
      const owner = await register(t);
      const res = await t
        .http()
        .post('/api/rooms')
        .set(as(owner))
        .send({ name: '  General  ', description: ' talk ', visibility: 'public' });
      expectStatus(res, 201);
      expect(res.body).toMatchObject({
        kind: 'group',
        name: 'General',
        description: 'talk',
        visibility: 'public',
        createdBy: owner.user.id,
        memberCount: 1,
        myRole: 'owner',
        lastSeq: 0,
        lastMessage: null,
        myReadSeq: 0,
        unreadCount: 0,
        avatarUrl: null,
        coverUrl: null,
      });
      expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
      const list = await members(owner, res.body.id);
      expect(list).toEqual([expect.objectContaining({ user: expect.objectContaining({ id: owner.user.id }), role: 'owner' })]);
    });

    it('defaults to a private room', async () => {
      const owner = await register(t);
      const res = await t.http().post('/api/rooms').set(as(owner)).send({ name: 'quiet' });
      expectStatus(res, 201);
      expect(res.body.visibility).toBe('private');
      expect(res.body.description).toBe('');
    });

    it('validates name (1–80 code points after trimming), description (≤ 500), visibility and unknown fields', async () => {
      const owner = await register(t);
      const create = (body: object) => t.http().post('/api/rooms').set(as(owner)).send(body);
      expectInvalid(await create({}), 'name');
      expectInvalid(await create({ name: '' }), 'name');
      expectInvalid(await create({ name: '   ' }), 'name');
      expectInvalid(await create({ name: 'x'.repeat(81) }), 'name');
      expectInvalid(await create({ name: '😀'.repeat(81) }), 'name');
      expectInvalid(await create({ name: 42 }), 'name');
      expectInvalid(await create({ name: 'a\u0000b' }), 'name');
      expectInvalid(await create({ name: 'ok', description: 'd'.repeat(501) }), 'description');
      expectInvalid(await create({ name: 'ok', visibility: 'secret' }), 'visibility');
      expectInvalid(await create({ name: 'ok', kind: 'direct' }), 'kind');
      expectInvalid(await create({ name: 'ok', owner: randomUUID() }), 'owner');

      const emoji = await create({ name: '😀'.repeat(80), description: '€'.repeat(500) });
      expectStatus(emoji, 201);
      expect([...emoji.body.name]).toHaveLength(80);
      expectStatus(await create({ name: `  ${'x'.repeat(80)}  ` }), 201);
      expect((await joinedRooms(t, owner)).length).toBe(2);
    });
  });

  describe('GET /rooms/:id and PATCH', () => {
    it('shows a private room to members only: 404 for others', async () => {
      const owner = await register(t);
      const outsider = await register(t);
      const room = await createRoom(t, owner, { visibility: 'private' });
      expectStatus(await getRoom(owner, room.id), 200);
      expectError(await getRoom(outsider, room.id), 404, 'NOT_FOUND');
      expectError(await getRoom(outsider, randomUUID()), 404, 'NOT_FOUND');
      expectInvalid(await getRoom(outsider, 'not-a-uuid'), 'id');
      expectError(await t.http().get(`/api/rooms/${room.id}/members`).set(as(outsider)), 404, 'NOT_FOUND');
    });

    it('shows a public room to a non-member with myRole null, but not its members (403)', async () => {
      const owner = await register(t);
      const outsider = await register(t);
      const room = await createRoom(t, owner, { visibility: 'public', name: 'Open' });
      const res = await getRoom(outsider, room.id);
      expectStatus(res, 200);
      expect(res.body).toMatchObject({ id: room.id, name: 'Open', myRole: null, memberCount: 1, unreadCount: 0 });
      expectError(await t.http().get(`/api/rooms/${room.id}/members`).set(as(outsider)), 403, 'FORBIDDEN');
    });

    it('lets admins and owners edit; a member gets 403; an outsider of a private room 404, of a public room 403', async () => {
      const owner = await register(t);
      const admin = await register(t);
      const member = await register(t);
      const outsider = await register(t);
      const room = await roomWith(t, owner, { admins: [admin], members: [member] });

      const byAdmin = await patchRoom(admin, room.id, { name: ' Renamed ', description: 'new' });
      expectStatus(byAdmin, 200);
      expect(byAdmin.body).toMatchObject({ name: 'Renamed', description: 'new', myRole: 'admin', visibility: 'private' });
      expectStatus(await patchRoom(owner, room.id, { description: '' }), 200);

      expectError(await patchRoom(member, room.id, { name: 'Mine' }), 403, 'FORBIDDEN');
      expectError(await patchRoom(outsider, room.id, { name: 'Mine' }), 404, 'NOT_FOUND');
      expect((await getRoom(owner, room.id)).body.name).toBe('Renamed');

      expectInvalid(await patchRoom(owner, room.id, { name: '' }), 'name');
      expectInvalid(await patchRoom(owner, room.id, { visibility: 'hidden' }), 'visibility');
      expectInvalid(await patchRoom(owner, room.id, { kind: 'direct' }), 'kind');

      const pub = await createRoom(t, owner, { visibility: 'public' });
      expectError(await patchRoom(outsider, pub.id, { name: 'Mine' }), 403, 'FORBIDDEN');
    });

    it('lets only the owner delete (admin 403, member 403); afterwards the room is 404 for everyone', async () => {
      const owner = await register(t);
      const admin = await register(t);
      const member = await register(t);
      const room = await roomWith(t, owner, { admins: [admin], members: [member], visibility: 'public' });
      await say(t, member, room.id, 'soon gone');
      expectError(await t.http().delete(`/api/rooms/${room.id}`).set(as(admin)), 403, 'FORBIDDEN');
      expectError(await t.http().delete(`/api/rooms/${room.id}`).set(as(member)), 403, 'FORBIDDEN');
      expectStatus(await t.http().delete(`/api/rooms/${room.id}`).set(as(owner)), 204);
      for (const u of [owner, admin, member]) {
        expectError(await getRoom(u, room.id), 404, 'NOT_FOUND');
        expectError(await t.http().get(`/api/rooms/${room.id}/messages`).set(as(u)), 404, 'NOT_FOUND');
        expect((await joinedRooms(t, u)).map((r) => r.id)).not.toContain(room.id);
      }
      expectError(await t.http().delete(`/api/rooms/${room.id}`).set(as(owner)), 404, 'NOT_FOUND');
    });
  });

  describe('GET /rooms?scope=discover', () => {
    it('lists only public group rooms, matching q case-insensitively, prefix matches first', async () => {
      const owner = await register(t);
      const viewer = await register(t);
      const tag = randomUUID().slice(0, 6);
      const pub = await createRoom(t, owner, { name: `Zz ${tag.toUpperCase()} lounge`, visibility: 'public' });
      const prefixed = await createRoom(t, owner, { name: `${tag} club`, visibility: 'public' });
      const priv = await createRoom(t, owner, { name: `${tag} secret`, visibility: 'private' });
      await makeFriends(t, owner, viewer);
      const dm = await t.http().post('/api/dms').set(as(viewer)).send({ userId: owner.user.id });
      expectStatus(dm, 201);

      const res = await t.http().get('/api/rooms').query({ scope: 'discover', q: tag.toUpperCase() }).set(as(viewer));
      expectStatus(res, 200);
      expect(res.body.map((r: Room) => r.id)).toEqual([prefixed.id, pub.id]);
      expect(res.body.every((r: Room) => r.kind === 'group' && r.visibility === 'public' && r.myRole === null)).toBe(true);

      const all = await t.http().get('/api/rooms').query({ scope: 'discover' }).set(as(viewer));
      const ids = all.body.map((r: Room) => r.id);
      expect(ids).toEqual(expect.arrayContaining([pub.id, prefixed.id]));
      expect(ids).not.toContain(priv.id);
      expect(ids).not.toContain(dm.body.id);

      // LIKE wildcards in q are literal
      const wild = await t.http().get('/api/rooms').query({ scope: 'discover', q: '%' }).set(as(viewer));
      expect(wild.body).toEqual([]);
      expectInvalid(await t.http().get('/api/rooms').query({ scope: 'everything' }).set(as(viewer)), 'scope');
      expectInvalid(await t.http().get('/api/rooms').query({ scope: 'discover', limit: '0' }).set(as(viewer)), 'limit');
      const one = await t.http().get('/api/rooms').query({ scope: 'discover', q: tag, limit: '1' }).set(as(viewer));
      expect(one.body.map((r: Room) => r.id)).toEqual([prefixed.id]);
    });
  });

  describe('join and leave', () => {
    it('joins a public room (200 Room with myRole member); joining again is harmless', async () => {
      const owner = await register(t);
      const user = await register(t);
      const room = await createRoom(t, owner, { visibility: 'public' });
      const res = await t.http().post(`/api/rooms/${room.id}/join`).set(as(user));
      expectStatus(res, 200);
      expect(res.body).toMatchObject({ id: room.id, myRole: 'member', memberCount: 2 });
      const again = await t.http().post(`/api/rooms/${room.id}/join`).set(as(user));
      expectStatus(again, 200);
      expect(again.body.memberCount).toBe(2);
      expect((await joinedRooms(t, user)).map((r) => r.id)).toEqual([room.id]);
      expect(await roleOf(owner, room.id, user)).toBe('member');
    });

    it('answers 404 to joining a private room without an invite', async () => {
      const owner = await register(t);
      const user = await register(t);
      const room = await createRoom(t, owner, { visibility: 'private' });
      expectError(await t.http().post(`/api/rooms/${room.id}/join`).set(as(user)), 404, 'NOT_FOUND');
      expectError(await t.http().post(`/api/rooms/${randomUUID()}/join`).set(as(user)), 404, 'NOT_FOUND');
      expect((await members(owner, room.id)).length).toBe(1);
    });

    it('leaves (204); a non-member leaving gets 403 (public) or 404 (private)', async () => {
      const owner = await register(t);
      const user = await register(t);
      const room = await createRoom(t, owner, { visibility: 'public' });
      await join(t, user, room.id);
      expectStatus(await leave(user, room.id), 204);
      expect((await members(owner, room.id)).map((m) => m.user.id)).toEqual([owner.user.id]);
      expect((await getRoom(user, room.id)).body.myRole).toBeNull();
      expectError(await leave(user, room.id), 403, 'FORBIDDEN');
      const priv = await createRoom(t, owner, { visibility: 'private' });
      expectError(await leave(user, priv.id), 404, 'NOT_FOUND');
    });

    it('keeps the last owner from leaving while others remain (409), until someone else is owner', async () => {
      const owner = await register(t);
      const admin = await register(t);
      const room = await roomWith(t, owner, { admins: [admin] });
      expectError(await leave(owner, room.id), 409, 'CONFLICT');
      expect(await roleOf(admin, room.id, owner)).toBe('owner');

      await setRole(t, owner, room.id, admin, 'owner');
      expectStatus(await leave(owner, room.id), 204);
      expectError(await getRoom(owner, room.id), 404, 'NOT_FOUND');
      expect((await members(admin, room.id)).map((m) => [m.user.id, m.role])).toEqual([[admin.user.id, 'owner']]);
    });

    it('lets one of two owners leave, never both at once (and never a deadlock)', async () => {
      const [a, b, c] = await Promise.all([register(t), register(t), register(t)]);
      // the race is repeated in a few rooms at once so that an unsafe lock order shows up on every run
      const rooms = await Promise.all([1, 2, 3, 4].map(() => roomWith(t, a, { members: [b, c] })));
      await Promise.all(rooms.map((room) => setRole(t, a, room.id, b, 'owner')));
      const results = await Promise.all(rooms.flatMap((room) => [leave(a, room.id), leave(b, room.id)]));
      expect(results.map((r) => r.status).sort()).toEqual([204, 204, 204, 204, 409, 409, 409, 409]);
      for (const room of rooms) {
        const left = await members(c, room.id);
        expect(left.filter((m) => m.role === 'owner')).toHaveLength(1);
      }
    });

    it('keeps an owner when two owners step down at once', async () => {
      const [a, b] = await Promise.all([register(t), register(t)]);
      const rooms = await Promise.all([1, 2, 3, 4].map(() => roomWith(t, a, { members: [b] })));
      await Promise.all(rooms.map((room) => setRole(t, a, room.id, b, 'owner')));
      const results = await Promise.all(rooms.flatMap((room) => [changeRole(a, room.id, a, 'member'), changeRole(b, room.id, b, 'admin')]));
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 409, 409, 409, 409]);
      for (const room of rooms) expect((await members(a, room.id)).filter((m) => m.role === 'owner')).toHaveLength(1);
    });

    it('deletes the room when its only member leaves', async () => {
      const owner = await register(t);
      const other = await register(t);
      const room = await createRoom(t, owner, { visibility: 'public' });
      expectStatus(await leave(owner, room.id), 204);
      expectError(await getRoom(other, room.id), 404, 'NOT_FOUND');
    });
  });

  describe('members and roles', () => {
    it('lists members (owner first) to members only', async () => {
      const owner = await register(t);
      const admin = await register(t);
      const member = await register(t);
      const outsider = await register(t);
      const room = await roomWith(t, owner, { admins: [admin], members: [member] });
      const list = await members(member, room.id);
      expect(list.map((m) => [m.user.id, m.role])).toEqual([
        [owner.user.id, 'owner'],
        [admin.user.id, 'admin'],
        [member.user.id, 'member'],
      ]);
      expect(list[0]).toMatchObject({ lastReadSeq: 0, joinedAt: expect.any(String) });
      expectError(await t.http().get(`/api/rooms/${room.id}/members`).set(as(outsider)), 404, 'NOT_FOUND');
    });

    it('lets only owners change roles (admin 403, member 403, outsider 404)', async () => {
      const owner = await register(t);
      const admin = await register(t);
      const member = await register(t);
      const outsider = await register(t);
      const room = await roomWith(t, owner, { admins: [admin], members: [member] });

      expectError(await changeRole(admin, room.id, member, 'admin'), 403, 'FORBIDDEN');
      expectError(await changeRole(admin, room.id, admin, 'owner'), 403, 'FORBIDDEN');
      expectError(await changeRole(member, room.id, member, 'owner'), 403, 'FORBIDDEN');
      expectError(await changeRole(outsider, room.id, member, 'admin'), 404, 'NOT_FOUND');
      expect(await roleOf(owner, room.id, member)).toBe('member');

      const res = await changeRole(owner, room.id, member, 'admin');
      expectStatus(res, 200);
      expect(res.body).toMatchObject({ user: { id: member.user.id }, role: 'admin' });
      expect(await roleOf(owner, room.id, member)).toBe('admin');
      expectStatus(await changeRole(owner, room.id, admin, 'member'), 200);
      expect(await roleOf(owner, room.id, admin)).toBe('member');

      expectInvalid(await changeRole(owner, room.id, member, 'king'), 'role');
      expectError(await changeRole(owner, room.id, outsider, 'admin'), 404, 'NOT_FOUND');
    });

    it('keeps the last owner from demoting themselves (409); with two owners one may step down', async () => {
      const owner = await register(t);
      const other = await register(t);
      const room = await roomWith(t, owner, { members: [other] });
      expectError(await changeRole(owner, room.id, owner, 'admin'), 409, 'CONFLICT');
      expectError(await changeRole(owner, room.id, owner, 'member'), 409, 'CONFLICT');
      expect(await roleOf(owner, room.id, owner)).toBe('owner');
      await setRole(t, owner, room.id, other, 'owner');
      expectStatus(await changeRole(owner, room.id, owner, 'member'), 200);
      expect(await roleOf(other, room.id, owner)).toBe('member');
      expectError(await changeRole(other, room.id, other, 'member'), 409, 'CONFLICT');
    });

    it('lets admins and owners kick (member 403); an admin cannot kick an owner (403); the kicked user loses the room', async () => {
      const owner = await register(t);
      const admin = await register(t);
      const admin2 = await register(t);
      const member = await register(t);
      const victim = await register(t);
      const room = await roomWith(t, owner, { admins: [admin, admin2], members: [member, victim] });

      expectError(await kick(member, room.id, victim), 403, 'FORBIDDEN');
      expectError(await kick(admin, room.id, owner), 403, 'FORBIDDEN');
      expect(await roleOf(owner, room.id, victim)).toBe('member');

      expectStatus(await kick(admin, room.id, victim), 204);
      expect(await roleOf(owner, room.id, victim)).toBeUndefined();
      expectError(await getRoom(victim, room.id), 404, 'NOT_FOUND');
      expectError(await t.http().get(`/api/rooms/${room.id}/messages`).set(as(victim)), 404, 'NOT_FOUND');
      expectError(await t.http().get(`/api/rooms/${room.id}/members`).set(as(victim)), 404, 'NOT_FOUND');
      expectError(
        await t.http().post(`/api/rooms/${room.id}/messages`).set(as(victim)).send({ clientId: randomUUID(), body: 'let me in' }),
        404,
        'NOT_FOUND',
      );
      expectError(await t.http().post(`/api/rooms/${room.id}/join`).set(as(victim)), 404, 'NOT_FOUND');
      expect((await joinedRooms(t, victim)).map((r) => r.id)).not.toContain(room.id);

      // an admin may remove another admin (not above their own role); an owner anyone
      expectStatus(await kick(admin, room.id, admin2), 204);
      expectStatus(await kick(owner, room.id, admin), 204);
      expectError(await kick(owner, room.id, admin), 404, 'NOT_FOUND');
      expectInvalid(await kick(owner, room.id, owner), 'userId');
    });

    it('never leaves a room without an owner when two owners demote and kick each other at once', async () => {
      const [a, b] = await Promise.all([register(t), register(t)]);
      const rooms = await Promise.all([1, 2, 3, 4, 5, 6].map(() => roomWith(t, a, { members: [b] })));
      await Promise.all(rooms.map((room) => setRole(t, a, room.id, b, 'owner')));
      const results = await Promise.all(rooms.map((room) => Promise.all([changeRole(b, room.id, a, 'member'), kick(a, room.id, b)])));
      for (const [i, [demote, kicked]] of results.entries()) {
        // whichever comes first wins; the other finds its author no longer allowed (demoted: 403; kicked: 403 or 404)
        expect(['200,403', '403,204', '404,204']).toContain([demote.status, kicked.status].join());
        const list = await members(a, rooms[i]!.id);
        expect(list.filter((m) => m.role === 'owner')).toHaveLength(1);
      }
    });

    it('refuses join, leave, invite, roles, kick, edit and delete in a direct room (403)', async () => {
      const a = await register(t);
      const b = await register(t);
      await makeFriends(t, a, b);
      const dm = (await t.http().post('/api/dms').set(as(a)).send({ userId: b.user.id })).body as Room;
      expectError(await t.http().post(`/api/rooms/${dm.id}/join`).set(as(a)), 403, 'FORBIDDEN');
      expectError(await leave(a, dm.id), 403, 'FORBIDDEN');
      expectError(await t.http().post(`/api/rooms/${dm.id}/invites`).set(as(a)).send({ userId: b.user.id }), 403, 'FORBIDDEN');
      expectError(await changeRole(a, dm.id, b, 'admin'), 403, 'FORBIDDEN');
      expectError(await changeRole(a, dm.id, a, 'owner'), 403, 'FORBIDDEN');
      expectError(await kick(a, dm.id, b), 403, 'FORBIDDEN');
      expectError(await patchRoom(a, dm.id, { name: 'ours' }), 403, 'FORBIDDEN');
      expectError(await t.http().delete(`/api/rooms/${dm.id}`).set(as(a)), 403, 'FORBIDDEN');
      const list = await members(b, dm.id);
      expect(list.map((m) => m.role)).toEqual(['member', 'member']);
    });
  });
});
