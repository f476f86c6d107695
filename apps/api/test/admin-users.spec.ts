import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, register, type Registered, startTestApp, type TestApp, uniqueName } from './harness.js';
import { createRoom, join, makeFriends, say } from './social-helpers.js';
import { closeAllSockets, connect, refusedHandshake } from './socket-helpers.js';
import { expectError, expectInvalid } from './support/errors.js';

const ADMIN_USER_KEYS = [
  'avatarUrl',
  'bio',
  'birthdate',
  'coverUrl',
  'createdAt',
  'deactivatedAt',
  'displayName',
  'email',
  'friendship',
  'id',
  'lastSeenAt',
  'online',
  'serverRole',
  'username',
];

/** GET/PATCH /admin/users (roles, deactivation) and DELETE /users/me (Contract v2 → Server). */
describe('administering accounts', () => {
  let t: TestApp;
  let admin: Registered;
  let user: Registered;
  beforeAll(async () => {
    t = await startTestApp({ REGISTER_LIMIT_PER_IP: '1000', LOGIN_LIMIT_PER_IP: '1000' });
    admin = await register(t);
    user = await register(t);
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t.close();
  });

  const as = (who: Registered) => ({
    get: (path: string) => t.http().get(`/api${path}`).set(bearer(who.token)),
    patch: (path: string, body: object) => t.http().patch(`/api${path}`).set(bearer(who.token)).send(body),
    del: (path: string, body?: object) => t.http().delete(`/api${path}`).set(bearer(who.token)).send(body),
  });
  const login = (login: string, password: string) => t.http().post('/api/auth/login').send({ login, password });

  it('GET /admin/users lists AdminUser rows, searched by q and paged by limit/offset; admins only', async () => {
    const tag = `adm${randomUUID().slice(0, 6)}`;
    const found = [
      await register(t, { username: `${tag}_a` }),
      await register(t, { username: `${tag}_b` }),
      await register(t, { username: `${tag}_c` }),
    ];
    const res = await as(admin).get(`/admin/users?q=${tag}`);
    expect(res.status).toBe(200);
    expect(res.body.map((u: { id: string }) => u.id)).toEqual(found.map((f) => f.user.id));
    expect(Object.keys(res.body[0]).sort()).toEqual(ADMIN_USER_KEYS);
    expect(res.body[0]).toMatchObject({ email: found[0]!.user.email, serverRole: 'user', deactivatedAt: null });
    const page = await as(admin).get(`/admin/users?q=${tag}&limit=1&offset=1`);
    expect(page.body.map((u: { id: string }) => u.id)).toEqual([found[1]!.user.id]);
    expect((await as(admin).get(`/admin/users?q=${found[2]!.user.email.toUpperCase()}`)).body).toHaveLength(1);

    expectError(await as(user).get('/admin/users'), 403, 'FORBIDDEN');
    expectInvalid(await as(admin).get('/admin/users?limit=0'), 'limit');
    expectInvalid(await as(admin).get('/admin/users?offset=-1'), 'offset');
  });

  it('admins promote and demote (audited); a promoted user can use the admin routes at once, a demoted one no more', async () => {
    const other = await register(t);
    expectError(await as(other).get('/admin/users'), 403, 'FORBIDDEN');
    const up = await as(admin).patch(`/admin/users/${other.user.id}`, { serverRole: 'admin' });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ id: other.user.id, serverRole: 'admin', deactivatedAt: null });
    expect((await as(other).get('/admin/users')).status).toBe(200);
    expect((await as(other).get('/users/me')).body.serverRole).toBe('admin');

    const down = await as(other).patch(`/admin/users/${other.user.id}`, { serverRole: 'user' });
    expect(down.status).toBe(200);
    expectError(await as(other).get('/admin/users'), 403, 'FORBIDDEN');

    const audit = await as(admin).get('/admin/audit?limit=2');
    expect(audit.body.map((e: { action: string; actor: { id: string }; targetId: string }) => [e.action, e.actor.id, e.targetId])).toEqual([
      ['user.demoted', other.user.id, other.user.id],
      ['user.promoted', admin.user.id, other.user.id],
    ]);

    expectError(await as(user).patch(`/admin/users/${other.user.id}`, { serverRole: 'admin' }), 403, 'FORBIDDEN');
    expectInvalid(await as(admin).patch(`/admin/users/${other.user.id}`, { serverRole: 'owner' }), 'serverRole');
    expectInvalid(await as(admin).patch(`/admin/users/${other.user.id}`, { deactivated: 'yes' }), 'deactivated');
    expectError(await as(admin).patch(`/admin/users/${other.user.id}`, { email: 'x@example.test' }), 400, 'VALIDATION_FAILED');
    expectError(await as(admin).patch(`/admin/users/${randomUUID()}`, { serverRole: 'admin' }), 404, 'NOT_FOUND');
  });

  it('the last active admin cannot demote or deactivate themselves (409); with another admin they can', async () => {
    expectError(await as(admin).patch(`/admin/users/${admin.user.id}`, { serverRole: 'user' }), 409, 'CONFLICT');
    expectError(await as(admin).patch(`/admin/users/${admin.user.id}`, { deactivated: true }), 409, 'CONFLICT');
    expect((await as(admin).get('/users/me')).body.serverRole).toBe('admin');

    // a deactivated second admin does not count as one
    const second = await register(t);
    expect((await as(admin).patch(`/admin/users/${second.user.id}`, { serverRole: 'admin', deactivated: true })).status).toBe(200);
    expectError(await as(admin).patch(`/admin/users/${admin.user.id}`, { serverRole: 'user' }), 409, 'CONFLICT');

    const third = await register(t);
    expect((await as(admin).patch(`/admin/users/${third.user.id}`, { serverRole: 'admin' })).status).toBe(200);
    const stepDown = await as(third).patch(`/admin/users/${third.user.id}`, { serverRole: 'user' });
    expect(stepDown.status).toBe(200);
    expect(stepDown.body.serverRole).toBe('user');
  });

  it('two last admins stepping down at the same time: one succeeds, the other gets 409, and an admin remains', async () => {
    const a = await register(t);
    const b = await register(t);
    for (const u of [a, b]) expect((await as(admin).patch(`/admin/users/${u.user.id}`, { serverRole: 'admin' })).status).toBe(200);
    expect((await as(a).patch(`/admin/users/${admin.user.id}`, { serverRole: 'user' })).status).toBe(200);
    try {
      const answers = await Promise.all([
        as(a).patch(`/admin/users/${a.user.id}`, { deactivated: true }),
        as(b).patch(`/admin/users/${b.user.id}`, { serverRole: 'user' }),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    } finally {
      const survivor = (await as(a).get('/users/me')).status === 200 && (await as(a).get('/admin/users?limit=1')).status === 200 ? a : b;
      expect((await as(survivor).patch(`/admin/users/${admin.user.id}`, { serverRole: 'admin' })).status).toBe(200);
    }
  });

  it('deactivating revokes every session at once (sockets closed), login answers 401 like a wrong password, search hides them, messages stay; reactivating lets them log in again', async () => {
    const target = await register(t);
    const second = await login(target.user.username, target.password);
    expect(second.status).toBe(200);
    const room = await createRoom(t, user);
    await join(t, target, room.id);
    const kept = await say(t, target, room.id, 'I was here');
    const socket = await connect(t, target.token);
    const other = await connect(t, second.body.token);

    const res = await as(admin).patch(`/admin/users/${target.user.id}`, { deactivated: true });
    expect(res.status).toBe(200);
    expect(res.body.deactivatedAt).toEqual(expect.any(String));

    expect(await socket.disconnected).toBe('io server disconnect');
    expect(await other.disconnected).toBe('io server disconnect');
    expectError(await as(target).get('/users/me'), 401, 'UNAUTHENTICATED');
    expectError(await t.http().get('/api/users/me').set(bearer(second.body.token)), 401, 'UNAUTHENTICATED');
    expect(await refusedHandshake(t, target.token)).toBe('UNAUTHENTICATED');

    const refused = await login(target.user.username, target.password);
    const wrong = await login(user.user.username, 'not the password at all');
    expectError(refused, 401, 'UNAUTHENTICATED');
    expect(refused.body.message).toBe(wrong.body.message);

    const search = await as(user).get(`/users?q=${target.user.username}`);
    expect(search.body.map((u: { id: string }) => u.id)).not.toContain(target.user.id);
    const history = await as(user).get(`/rooms/${room.id}/messages`);
    expect(history.body.messages.map((m: { id: string }) => m.id)).toContain(kept.id);
    expect((await as(admin).get(`/admin/users?q=${target.user.username}`)).body[0].deactivatedAt).toEqual(expect.any(String));

    const audit = await as(admin).get('/admin/audit?limit=1');
    expect(audit.body[0]).toMatchObject({ action: 'user.deactivated', targetType: 'user', targetId: target.user.id });

    expect((await as(admin).patch(`/admin/users/${target.user.id}`, { deactivated: false })).body.deactivatedAt).toBeNull();
    expect((await login(target.user.username, target.password)).status).toBe(200);
    expect((await as(user).get(`/users?q=${target.user.username}`)).body.map((u: { id: string }) => u.id)).toContain(target.user.id);
  });

  it('DELETE /users/me { password }: a wrong password is 400 and changes nothing', async () => {
    const target = await register(t);
    expectInvalid(await as(target).del('/users/me', { password: 'not my password' }), 'password');
    expectInvalid(await as(target).del('/users/me', {}), 'password');
    expect((await as(target).get('/users/me')).status).toBe(200);
    expect((await login(target.user.username, target.password)).status).toBe(200);
  });

  it('DELETE /users/me: sessions revoked, username and email freed, shown as "Deleted user", messages kept under them', async () => {
    const target = await register(t);
    const room = await createRoom(t, user);
    await join(t, target, room.id);
    const kept = await say(t, target, room.id, 'before I go');
    const socket = await connect(t, target.token);

    expect((await as(target).del('/users/me', { password: target.password })).status).toBe(204);
    expect(await socket.disconnected).toBe('io server disconnect');
    expectError(await as(target).get('/users/me'), 401, 'UNAUTHENTICATED');
    expectError(await login(target.user.username, target.password), 401, 'UNAUTHENTICATED');
    expectError(await login(target.user.email, target.password), 401, 'UNAUTHENTICATED');

    const profile = await as(user).get(`/users/${target.user.id}`);
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({
      id: target.user.id,
      displayName: 'Deleted user',
      bio: '',
      avatarUrl: null,
      coverUrl: null,
      birthdate: null,
    });
    expect(profile.body.username).not.toBe(target.user.username);
    const history = await as(user).get(`/rooms/${room.id}/messages`);
    const message = history.body.messages.find((m: { id: string }) => m.id === kept.id);
    expect(message).toMatchObject({ body: 'before I go', sender: { id: target.user.id, displayName: 'Deleted user' } });
    expect((await as(user).get(`/users?q=${target.user.username}`)).body).toEqual([]);

    // the name and the address are free again
    const again = await register(t, { username: target.user.username, email: target.user.email });
    expect(again.user.id).not.toBe(target.user.id);
    expect((await as(admin).get(`/admin/users?q=${uniqueName('none')}`)).body).toEqual([]);
  });

  it('DELETE /users/me: friendships and pending friend requests end, and the other side is told live', async () => {
    const leaving = await register(t);
    const friend = await register(t);
    const asked = await register(t);
    const asking = await register(t);
    await makeFriends(t, leaving, friend);
    expect((await t.http().post('/api/friends/requests').set(bearer(leaving.token)).send({ userId: asked.user.id })).status).toBe(201);
    expect((await t.http().post('/api/friends/requests').set(bearer(asking.token)).send({ userId: leaving.user.id })).status).toBe(201);
    const friendSocket = await connect(t, friend.token);
    const askedSocket = await connect(t, asked.token);

    expect((await as(leaving).del('/users/me', { password: leaving.password })).status).toBe(204);
    expect(await friendSocket.waitFor('friend:removed')).toEqual({ userId: leaving.user.id });
    expect(await askedSocket.waitFor('friend:request')).toMatchObject({ status: 'cancelled' });
    expect((await as(friend).get('/friends')).body).toEqual([]);
    expect((await as(asked).get('/friends/requests?direction=incoming')).body).toEqual([]);
    expect((await as(asking).get('/friends/requests?direction=outgoing')).body).toEqual([]);
  });
});
