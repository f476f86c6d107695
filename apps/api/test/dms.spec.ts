import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import { expectError, expectInvalid, expectStatus, joinedRooms, makeFriends, say, startSocialApp } from './social-helpers.js';

describe('direct messages (POST /dms)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSocialApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const openDm = (from: Registered, to: Registered | string) =>
    t
      .http()
      .post('/api/dms')
      .set(bearer(from.token))
      .send({ userId: typeof to === 'string' ? to : to.user.id });
  const setPolicy = async (u: Registered, dmPolicy: 'friends' | 'everyone') => {
    const res = await t.http().patch('/api/users/me').set(bearer(u.token)).send({ dmPolicy });
    expectStatus(res, 200);
    expect(res.body.dmPolicy).toBe(dmPolicy);
  };

  it('opens the direct room of two friends once (201), then returns the same room (200) from either side', async () => {
    const a = await register(t, { displayName: 'Alice A' });
    const b = await register(t, { displayName: 'Bob B' });
    await makeFriends(t, a, b);

    const first = await openDm(a, b);
    expectStatus(first, 201);
    expect(first.body).toMatchObject({ kind: 'direct', name: 'Bob B', memberCount: 2, myRole: 'member', lastSeq: 0, lastMessage: null });

    const again = await openDm(a, b);
    expectStatus(again, 200);
    expect(again.body.id).toBe(first.body.id);

    const fromB = await openDm(b, a);
    expectStatus(fromB, 200);
    expect(fromB.body.id).toBe(first.body.id);
    expect(fromB.body.name).toBe('Alice A'); // the other member's display name, per viewer

    const asB = await t.http().get(`/api/rooms/${first.body.id}`).set(bearer(b.token));
    expectStatus(asB, 200);
    expect(asB.body).toMatchObject({ kind: 'direct', name: 'Alice A' });
    // the name follows the other member's current display name
    await t.http().patch('/api/users/me').set(bearer(a.token)).send({ displayName: 'Alice Renamed' });
    expect((await t.http().get(`/api/rooms/${first.body.id}`).set(bearer(b.token))).body.name).toBe('Alice Renamed');

    // both see it in their joined rooms
    expect((await joinedRooms(t, a)).map((r) => r.id)).toContain(first.body.id);
    expect((await joinedRooms(t, b)).map((r) => r.id)).toContain(first.body.id);
  });

  it('refuses yourself (400), a non-uuid (400) and an unknown user (404)', async () => {
    const a = await register(t);
    expectInvalid(await openDm(a, a), 'userId');
    expectInvalid(await openDm(a, 'x'), 'userId');
    expectError(await openDm(a, randomUUID()), 404, 'NOT_FOUND');
  });

  it("refuses a non-friend while the other's dmPolicy is 'friends' (the default), allows it once it is 'everyone'", async () => {
    const a = await register(t);
    const b = await register(t);
    const me = await t.http().get('/api/users/me').set(bearer(b.token));
    expect(me.body.dmPolicy).toBe('friends');
    expectError(await openDm(a, b), 403, 'FORBIDDEN');
    // a's own policy does not open b's door
    await setPolicy(a, 'everyone');
    expectError(await openDm(a, b), 403, 'FORBIDDEN');
    await setPolicy(a, 'friends');

    await setPolicy(b, 'everyone');
    const res = await openDm(a, b);
    expectStatus(res, 201);
    const m = await say(t, a, res.body.id, 'hello stranger');
    expect(m.seq).toBe(1);
    // b may answer in the conversation a opened, although a only accepts friends
    expect((await say(t, b, res.body.id, 'hi')).seq).toBe(2);
    // but b cannot open one with a third stranger who accepts only friends
    expectError(await openDm(b, await register(t)), 403, 'FORBIDDEN');
  });

  it('after an unfriend keeps the history readable to both, refuses new messages (403)', async () => {
    const a = await register(t);
    const b = await register(t);
    await makeFriends(t, a, b);
    const room = (await openDm(a, b)).body;
    const m = await say(t, a, room.id, 'before');
    expectStatus(await t.http().delete(`/api/friends/${b.user.id}`).set(bearer(a.token)), 204);

    for (const u of [a, b]) {
      const history = await t.http().get(`/api/rooms/${room.id}/messages`).set(bearer(u.token));
      expectStatus(history, 200);
      expect(history.body.messages.map((x: { id: string }) => x.id)).toEqual([m.id]);
      expectStatus(await t.http().get(`/api/rooms/${room.id}`).set(bearer(u.token)), 200);
      const post = await t
        .http()
        .post(`/api/rooms/${room.id}/messages`)
        .set(bearer(u.token))
        .send({ clientId: randomUUID(), body: 'after' });
      expectError(post, 403, 'FORBIDDEN');
    }
    // no new DM either, and editing old messages is refused too
    expectError(await openDm(a, b), 403, 'FORBIDDEN');
    expectError(await t.http().patch(`/api/messages/${m.id}`).set(bearer(a.token)).send({ body: 'edited' }), 403, 'FORBIDDEN');

    // friends again: the same room, writable again
    await makeFriends(t, b, a);
    const reopened = await openDm(b, a);
    expectStatus(reopened, 200);
    expect(reopened.body.id).toBe(room.id);
    expect((await say(t, b, room.id, 'back')).seq).toBe(2);
  });

  it('returns an existing conversation (200) to a user who may still post in it, though not allowed to start one', async () => {
    // b accepts only friends; a accepts everyone; b starts the conversation with a
    const a = await register(t);
    const b = await register(t);
    await setPolicy(a, 'everyone');
    const room = await openDm(b, a);
    expectStatus(room, 201);
    // a may answer in the conversation b opened...
    expect((await say(t, a, room.body.id, 'hello b')).seq).toBe(1);
    // ...so a opening it from b's profile finds it, rather than a 403
    const fromA = await openDm(a, b);
    expectStatus(fromA, 200);
    expect(fromA.body.id).toBe(room.body.id);
  });

  it('refuses new messages once the policy that allowed a DM between strangers is withdrawn', async () => {
    const a = await register(t);
    const b = await register(t);
    await setPolicy(b, 'everyone');
    const room = (await openDm(a, b)).body;
    await say(t, a, room.id, 'hi');
    await setPolicy(b, 'friends');
    const post = await t
      .http()
      .post(`/api/rooms/${room.id}/messages`)
      .set(bearer(a.token))
      .send({ clientId: randomUUID(), body: 'still there?' });
    expectError(post, 403, 'FORBIDDEN');
    expectStatus(await t.http().get(`/api/rooms/${room.id}/messages`).set(bearer(a.token)), 200);
  });

  it('creates one room when both sides open it at the same time (unique direct_key)', async () => {
    const a = await register(t);
    const b = await register(t);
    await makeFriends(t, a, b);
    const results = await Promise.all([openDm(a, b), openDm(b, a), openDm(a, b), openDm(b, a), openDm(a, b), openDm(b, a)]);
    for (const r of results) expect([200, 201]).toContain(r.status);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const dmsOfA = (await joinedRooms(t, a)).filter((r) => r.kind === 'direct');
    expect(dmsOfA.map((r) => r.id)).toEqual([results[0]!.body.id]);
    expect(dmsOfA[0]!.memberCount).toBe(2);
  });

  it('hides a DM from a third user: the room, its messages and its members answer 404', async () => {
    const a = await register(t);
    const b = await register(t);
    const c = await register(t);
    await makeFriends(t, a, b);
    await makeFriends(t, a, c);
    const room = (await openDm(a, b)).body;
    const m = await say(t, a, room.id, 'private words');
    const as = (u: Registered) => bearer(u.token);

    expectError(await t.http().get(`/api/rooms/${room.id}`).set(as(c)), 404, 'NOT_FOUND');
    expectError(await t.http().get(`/api/rooms/${room.id}/messages`).set(as(c)), 404, 'NOT_FOUND');
    expectError(await t.http().get(`/api/rooms/${room.id}/members`).set(as(c)), 404, 'NOT_FOUND');
    expectError(
      await t.http().post(`/api/rooms/${room.id}/messages`).set(as(c)).send({ clientId: randomUUID(), body: 'x' }),
      404,
      'NOT_FOUND',
    );
    expectError(await t.http().post(`/api/rooms/${room.id}/join`).set(as(c)), 404, 'NOT_FOUND');
    expectError(await t.http().post(`/api/rooms/${room.id}/read`).set(as(c)).send({ seq: 1 }), 404, 'NOT_FOUND');
    expectError(await t.http().patch(`/api/messages/${m.id}`).set(as(c)).send({ body: 'x' }), 404, 'NOT_FOUND');
    expectError(await t.http().delete(`/api/messages/${m.id}`).set(as(c)), 404, 'NOT_FOUND');
    expect((await joinedRooms(t, c)).map((r) => r.id)).not.toContain(room.id);
    const discover = await t.http().get('/api/rooms').query({ scope: 'discover' }).set(as(c));
    expect(discover.body.map((r: { id: string }) => r.id)).not.toContain(room.id);
  });

  it('lets a member list the two members of a DM', async () => {
    const a = await register(t);
    const b = await register(t);
    await makeFriends(t, a, b);
    const room = (await openDm(a, b)).body;
    const res = await t.http().get(`/api/rooms/${room.id}/members`).set(bearer(b.token));
    expectStatus(res, 200);
    expect(res.body.map((m: { user: { id: string } }) => m.user.id).sort()).toEqual([a.user.id, b.user.id].sort());
    expect(res.body.map((m: { role: string }) => m.role)).toEqual(['member', 'member']);
  });
});
