import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Me, Notification, Room, User } from '@chat/contracts';
import { ActivityStore } from '../src/modules/users/activity.store.js';
import { bearer, register, type Registered, type TestApp } from './harness.js';
import {
  createRoom,
  expectError,
  expectInvalid,
  expectStatus,
  join,
  joinedRooms,
  makeFriends,
  say,
  startSocialApp,
} from './social-helpers.js';
import { closeAllSockets, connect, sleep } from './socket-helpers.js';

async function notificationsOf(t: TestApp, user: Registered): Promise<Notification[]> {
  const res = await t.http().get('/api/notifications').set(bearer(user.token));
  expectStatus(res, 200);
  return res.body as Notification[];
}

/** Notifications are written after the send is answered: polls until `done` holds (or gives the last list). */
async function until(t: TestApp, user: Registered, done: (list: Notification[]) => boolean): Promise<Notification[]> {
  for (let i = 0; i < 40; i++) {
    const list = await notificationsOf(t, user);
    if (done(list)) return list;
    await sleep(50);
  }
  return notificationsOf(t, user);
}

const about = (list: Notification[], messageId: string) => list.filter((n) => n.messageId === messageId);

async function openDm(t: TestApp, a: Registered, b: Registered): Promise<Room> {
  await makeFriends(t, a, b);
  const dm = await t.http().post('/api/dms').set(bearer(a.token)).send({ userId: b.user.id });
  return dm.body as Room;
}

function setLevel(t: TestApp, user: Registered, roomId: string, body: object) {
  return t.http().put(`/api/rooms/${roomId}/notifications`).set(bearer(user.token)).send(body);
}

describe('notification levels, mutes and settings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSocialApp();
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t.close();
  });

  it("answers each room with the caller's level: all for direct rooms and mentions for groups by default", async () => {
    const ada = await register(t);
    const bo = await register(t);
    const dm = await openDm(t, ada, bo);
    const group = await createRoom(t, ada);
    const rooms = await joinedRooms(t, ada);
    expect(rooms.find((r) => r.id === dm.id)!.notify).toEqual({ level: 'all', mutedUntil: null });
    expect(rooms.find((r) => r.id === group.id)!.notify).toEqual({ level: 'mentions', mutedUntil: null });
  });

  it('sets a level and a mute with PUT, shown on GET /rooms/:id and the room list, for the caller only', async () => {
    const ada = await register(t);
    const bo = await register(t);
    const group = await createRoom(t, ada, { visibility: 'public' });
    await join(t, bo, group.id);
    const until = new Date(Date.now() + 3600_000).toISOString();
    const res = await setLevel(t, bo, group.id, { level: 'all', mutedUntil: until });
    expectStatus(res, 200);
    expect(res.body).toEqual({ level: 'all', mutedUntil: until });
    const got = await t.http().get(`/api/rooms/${group.id}`).set(bearer(bo.token));
    expect((got.body as Room).notify).toEqual({ level: 'all', mutedUntil: until });
    expect((await joinedRooms(t, bo)).find((r) => r.id === group.id)!.notify).toEqual({ level: 'all', mutedUntil: until });
    // the owner's own settings did not move
    expect((await joinedRooms(t, ada)).find((r) => r.id === group.id)!.notify).toEqual({ level: 'mentions', mutedUntil: null });

    // PUT replaces: no mutedUntil unmutes; a mute already over is none
    expect((await setLevel(t, bo, group.id, { level: 'none' })).body).toEqual({ level: 'none', mutedUntil: null });
    const past = await setLevel(t, bo, group.id, { level: 'mentions', mutedUntil: '2020-01-01T00:00:00Z' });
    expect(past.body).toEqual({ level: 'mentions', mutedUntil: null });
    expect((await t.http().get(`/api/rooms/${group.id}`).set(bearer(bo.token))).body.notify).toEqual({
      level: 'mentions',
      mutedUntil: null,
    });
  });

  it('refuses bad levels and dates (400), non-members (403 on a public room, 404 on a private one) and no session (401)', async () => {
    const ada = await register(t);
    const stranger = await register(t);
    const open = await createRoom(t, ada, { visibility: 'public' });
    const closed = await createRoom(t, ada, { visibility: 'private' });
    expectInvalid(await setLevel(t, ada, open.id, { level: 'loud' }), 'level');
    expectInvalid(await setLevel(t, ada, open.id, {}), 'level');
    expectInvalid(await setLevel(t, ada, open.id, { level: 'all', mutedUntil: 'tomorrow' }), 'mutedUntil');
    expectInvalid(await setLevel(t, ada, open.id, { level: 'all', mutedUntil: 5 }), 'mutedUntil');
    expectInvalid(await setLevel(t, ada, open.id, { level: 'all', sound: true }), 'sound');
    expectError(await setLevel(t, ada, 'not-a-uuid', { level: 'all' }), 400, 'VALIDATION_FAILED');
    expectError(await setLevel(t, stranger, open.id, { level: 'all' }), 403, 'FORBIDDEN');
    expectError(await setLevel(t, stranger, closed.id, { level: 'all' }), 404, 'NOT_FOUND');
    expectError(await t.http().put(`/api/rooms/${open.id}/notifications`).send({ level: 'all' }), 401, 'UNAUTHENTICATED');
  });

  it("keeps dndUntil, emailNotifications, birthdateVisibility and pushPreview on the caller's own profile", async () => {
    const ada = await register(t);
    const me = (await t.http().get('/api/users/me').set(bearer(ada.token))).body as Me;
    expect(me).toMatchObject({ dndUntil: null, emailNotifications: 'missed', birthdateVisibility: 'friends', pushPreview: true });
    const dnd = new Date(Date.now() + 3600_000).toISOString();
    const res = await t
      .http()
      .patch('/api/users/me')
      .set(bearer(ada.token))
      .send({ dndUntil: dnd, emailNotifications: 'never', birthdateVisibility: 'nobody', pushPreview: false });
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ dndUntil: dnd, emailNotifications: 'never', birthdateVisibility: 'nobody', pushPreview: false });
    expect((await t.http().get('/api/users/me').set(bearer(ada.token))).body).toMatchObject({ dndUntil: dnd, emailNotifications: 'never' });
    expect((await t.http().patch('/api/users/me').set(bearer(ada.token)).send({ dndUntil: null })).body.dndUntil).toBeNull();

    const patch = (body: object) => t.http().patch('/api/users/me').set(bearer(ada.token)).send(body);
    expectInvalid(await patch({ dndUntil: 'soon' }), 'dndUntil');
    expectInvalid(await patch({ emailNotifications: 'always' }), 'emailNotifications');
    expectInvalid(await patch({ birthdateVisibility: 'public' }), 'birthdateVisibility');
    expectInvalid(await patch({ pushPreview: 'no' }), 'pushPreview');
    // the public shape never carries the private settings
    const bo = await register(t);
    const seen = (await t.http().get(`/api/users/${ada.user.id}`).set(bearer(bo.token))).body as Record<string, unknown>;
    for (const key of ['dndUntil', 'emailNotifications', 'birthdateVisibility', 'pushPreview', 'email'])
      expect(seen).not.toHaveProperty(key);
  });

  it('shows a birthdate to whom birthdateVisibility allows (friends by default), and always to the user', async () => {
    const ada = await register(t);
    const friend = await register(t);
    const stranger = await register(t);
    await makeFriends(t, ada, friend);
    expectStatus(await t.http().patch('/api/users/me').set(bearer(ada.token)).send({ birthdate: '1990-05-17' }), 200);
    const seenBy = async (u: Registered) => ((await t.http().get(`/api/users/${ada.user.id}`).set(bearer(u.token))).body as User).birthdate;
    const set = (v: string) => t.http().patch('/api/users/me').set(bearer(ada.token)).send({ birthdateVisibility: v });

    expect([await seenBy(ada), await seenBy(friend), await seenBy(stranger)]).toEqual(['1990-05-17', '1990-05-17', null]);
    expect((await set('everyone')).body.birthdate).toBe('1990-05-17');
    expect([await seenBy(friend), await seenBy(stranger)]).toEqual(['1990-05-17', '1990-05-17']);
    expect((await set('nobody')).body.birthdate).toBe('1990-05-17');
    expect([await seenBy(ada), await seenBy(friend), await seenBy(stranger)]).toEqual(['1990-05-17', null, null]);
    const friends = (await t.http().get('/api/friends').set(bearer(friend.token))).body as User[];
    expect(friends.find((u) => u.id === ada.user.id)!.birthdate).toBeNull();
  });

  it('stores a direct message whether or not the recipient is online, as their level allows', async () => {
    const ada = await register(t);
    const bo = await register(t);
    const dm = await openDm(t, ada, bo);
    const boSocket = await connect(t, bo.token);
    const online = await say(t, ada, dm.id, 'while you are here');
    expect(about(await until(t, bo, (l) => about(l, online.id).length > 0), online.id)).toHaveLength(1);
    boSocket.close();

    // level none: nothing
    expectStatus(await setLevel(t, bo, dm.id, { level: 'none' }), 200);
    const quiet = await say(t, ada, dm.id, 'you will not hear of this');
    // level mentions: only the messages that mention bo
    expectStatus(await setLevel(t, bo, dm.id, { level: 'mentions' }), 200);
    const plain = await say(t, ada, dm.id, 'nothing for you');
    const named = await say(t, ada, dm.id, `look @${bo.user.username}`);
    // muted: still stored (a mute only silences pushes and mails)
    expectStatus(await setLevel(t, bo, dm.id, { level: 'all', mutedUntil: new Date(Date.now() + 600_000).toISOString() }), 200);
    const muted = await say(t, ada, dm.id, 'muted but kept');
    const list = await until(t, bo, (l) => about(l, muted.id).length > 0 && about(l, named.id).length > 0);
    await sleep(200);
    const final = await notificationsOf(t, bo);
    expect(about(final, quiet.id)).toEqual([]);
    expect(about(final, plain.id)).toEqual([]);
    expect(about(list, named.id)).toEqual([expect.objectContaining({ type: 'direct_message', readAt: null })]);
    expect(about(list, muted.id)).toEqual([expect.objectContaining({ type: 'direct_message', readAt: null })]);
  });

  it('stores a mention in a group unless the member chose none, online or not', async () => {
    const ada = await register(t);
    const bo = await register(t);
    const cy = await register(t);
    const room = await createRoom(t, ada, { visibility: 'public' });
    await join(t, bo, room.id);
    await join(t, cy, room.id);
    const boSocket = await connect(t, bo.token);
    expectStatus(await setLevel(t, cy, room.id, { level: 'none' }), 200);
    const plain = await say(t, ada, room.id, 'hello everyone');
    const m = await say(t, ada, room.id, `@${bo.user.username} @${cy.user.username} look`);
    expect(about(await until(t, bo, (l) => about(l, m.id).length > 0), m.id)).toEqual([expect.objectContaining({ type: 'mention' })]);
    await sleep(200);
    expect(about(await notificationsOf(t, cy), m.id)).toEqual([]);
    expect(about(await notificationsOf(t, bo), plain.id)).toEqual([]);
    boSocket.close();
  });

  it("marks them read when the read marker passes their message, and tells the user's other devices", async () => {
    const ada = await register(t);
    const bo = await register(t);
    const dm = await openDm(t, ada, bo);
    const first = await say(t, ada, dm.id, 'one');
    const second = await say(t, ada, dm.id, 'two');
    const third = await say(t, ada, dm.id, 'three');
    const list = await until(t, bo, (l) => l.filter((n) => n.type === 'direct_message').length >= 3);
    const idOf = (id: string) => about(list, id)[0]!.id;
    const phone = await connect(t, bo.token);
    const laptop = await connect(t, bo.token);

    // over the socket, up to the second message
    expect(await laptop.send('room:read', { roomId: dm.id, seq: second.seq })).toEqual({ ok: true });
    const live = await phone.waitFor('notification:read');
    expect(new Set(live.ids)).toEqual(new Set([idOf(first.id), idOf(second.id)]));
    expect(live.readAt).toEqual(expect.any(String));
    const unread = (await t.http().get('/api/notifications?unread=true').set(bearer(bo.token))).body as Notification[];
    expect(unread.filter((n) => n.type === 'direct_message').map((n) => n.messageId)).toEqual([third.id]);

    // over REST, the rest; a marker that does not pass anything new announces nothing
    expectStatus(await t.http().post(`/api/rooms/${dm.id}/read`).set(bearer(bo.token)).send({ seq: third.seq }), 204);
    expect((await phone.waitFor('notification:read')).ids).toEqual([idOf(third.id)]);
    expectStatus(await t.http().post(`/api/rooms/${dm.id}/read`).set(bearer(bo.token)).send({ seq: third.seq }), 204);
    await phone.expectNo('notification:read');
    const left = (await t.http().get('/api/notifications?unread=true').set(bearer(bo.token))).body as Notification[];
    expect(left.filter((n) => n.type === 'direct_message')).toEqual([]);
  });

  it("announces a read by hand to the user's devices too", async () => {
    const ada = await register(t);
    const bo = await register(t);
    const dm = await openDm(t, ada, bo);
    const m = await say(t, ada, dm.id, 'read me');
    const [n] = about(await until(t, bo, (l) => about(l, m.id).length > 0), m.id);
    const phone = await connect(t, bo.token);
    expectStatus(await t.http().post(`/api/notifications/${n!.id}/read`).set(bearer(bo.token)), 200);
    expect((await phone.waitFor('notification:read')).ids).toEqual([n!.id]);
    await say(t, ada, dm.id, 'another');
    await until(t, bo, (l) => l.some((x) => !x.readAt));
    expectStatus(await t.http().post('/api/notifications/read-all').set(bearer(bo.token)), 204);
    expect((await phone.waitFor('notification:read')).ids.length).toBeGreaterThanOrEqual(1);
  });

  it('client:active is acked, validated, and counts for 60 s until the socket reports false or leaves', async () => {
    const bo = await register(t);
    const activity = t.app.get(ActivityStore);
    const socket = await connect(t, bo.token);
    expect(await activity.isActive(bo.user.id)).toBe(false); // connected is not active
    expect(await socket.send('client:active', { active: true })).toEqual({ ok: true });
    expect(await activity.isActive(bo.user.id)).toBe(true);
    expect(await activity.isActive(bo.user.id, Date.now() + 61_000)).toBe(false);
    expect(await socket.send('client:active', { active: false })).toEqual({ ok: true });
    expect(await activity.isActive(bo.user.id)).toBe(false);
    const bad = await socket.raw('client:active', { active: 'yes' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await socket.send('client:active', { active: true })).toEqual({ ok: true });
    socket.close();
    await sleep(200);
    expect(await activity.isActive(bo.user.id)).toBe(false);
  });
});
