import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import { expectError, expectInvalid, expectStatus, makeFriends, startSocialApp } from './social-helpers.js';

describe('friends', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSocialApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const sendRequest = (from: Registered, to: Registered | string) =>
    t
      .http()
      .post('/api/friends/requests')
      .set(bearer(from.token))
      .send({ userId: typeof to === 'string' ? to : to.user.id });
  const act = (who: Registered, requestId: string, action: 'accept' | 'reject' | 'cancel') =>
    t.http().post(`/api/friends/requests/${requestId}/${action}`).set(bearer(who.token));
  const pending = (who: Registered, direction?: string) =>
    t
      .http()
      .get('/api/friends/requests')
      .query(direction === undefined ? {} : { direction })
      .set(bearer(who.token));
  const friendsOf = async (who: Registered) => {
    const res = await t.http().get('/api/friends').set(bearer(who.token));
    expectStatus(res, 200);
    return (res.body as Array<{ id: string; friendship: string }>).map((u) => u.id);
  };
  const stateOf = async (viewer: Registered, target: Registered) => {
    const res = await t.http().get(`/api/users/${target.user.id}`).set(bearer(viewer.token));
    expectStatus(res, 200);
    return res.body.friendship as string;
  };

  let a: Registered, b: Registered, c: Registered;
  beforeEach(async () => {
    [a, b, c] = await Promise.all([register(t), register(t), register(t)]);
  });

  it('sends a request (201 FriendRequest) that the recipient sees as incoming and the sender as outgoing', async () => {
    const res = await sendRequest(a, b);
    expectStatus(res, 201);
    expect(res.body).toMatchObject({ status: 'pending', from: { id: a.user.id }, to: { id: b.user.id } });
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);

    const incoming = await pending(b); // direction defaults to incoming
    expectStatus(incoming, 200);
    expect(incoming.body.map((r: { id: string }) => r.id)).toEqual([res.body.id]);
    expect((await pending(b, 'incoming')).body.map((r: { id: string }) => r.id)).toEqual([res.body.id]);
    expect((await pending(b, 'outgoing')).body).toEqual([]);
    expect((await pending(a)).body).toEqual([]);
    expect((await pending(a, 'outgoing')).body.map((r: { id: string }) => r.id)).toEqual([res.body.id]);
    expect((await pending(c, 'incoming')).body).toEqual([]);
  });

  it('refuses a bad direction, a request to yourself, a non-uuid and an unknown user', async () => {
    expectInvalid(await pending(a, 'sideways'), 'direction');
    expectInvalid(await sendRequest(a, a), 'userId');
    expectInvalid(await sendRequest(a, 'not-a-uuid'), 'userId');
    expectError(await sendRequest(a, randomUUID()), 404, 'NOT_FOUND');
    expectInvalid(await t.http().post('/api/friends/requests').set(bearer(a.token)).send({ userId: b.user.id, extra: 1 }), 'extra');
  });

  it('lets only the recipient accept: the sender gets 403, a stranger 404, a non-uuid id 400', async () => {
    const req = (await sendRequest(a, b)).body;
    expectError(await act(a, req.id, 'accept'), 403, 'FORBIDDEN');
    expectError(await act(c, req.id, 'accept'), 404, 'NOT_FOUND');
    expectError(await act(b, randomUUID(), 'accept'), 404, 'NOT_FOUND');
    expectInvalid(await act(b, 'nope', 'accept'), 'id');

    const res = await act(b, req.id, 'accept');
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ id: req.id, status: 'accepted' });
    expect(await friendsOf(a)).toEqual([b.user.id]);
    expect(await friendsOf(b)).toEqual([a.user.id]);
    expect(await friendsOf(c)).toEqual([]);
    expect((await pending(b)).body).toEqual([]);
    // no longer pending: answering again is a conflict
    expectError(await act(b, req.id, 'accept'), 409, 'CONFLICT');
    expectError(await act(b, req.id, 'reject'), 409, 'CONFLICT');
  });

  it('lets only the recipient reject (sender 403, stranger 404); a rejected request can be sent again', async () => {
    const req = (await sendRequest(a, b)).body;
    expectError(await act(a, req.id, 'reject'), 403, 'FORBIDDEN');
    expectError(await act(c, req.id, 'reject'), 404, 'NOT_FOUND');
    const res = await act(b, req.id, 'reject');
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ id: req.id, status: 'rejected' });
    expect(await friendsOf(a)).toEqual([]);
    expect(await stateOf(a, b)).toBe('none');

    const again = await sendRequest(a, b);
    expectStatus(again, 201);
    expect(again.body.id).not.toBe(req.id);
  });

  it('lets only the sender cancel (recipient 403, stranger 404); a cancelled request can be sent again', async () => {
    const req = (await sendRequest(a, b)).body;
    expectError(await act(b, req.id, 'cancel'), 403, 'FORBIDDEN');
    expectError(await act(c, req.id, 'cancel'), 404, 'NOT_FOUND');
    const res = await act(a, req.id, 'cancel');
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ id: req.id, status: 'cancelled' });
    expect((await pending(b)).body).toEqual([]);
    expectError(await act(b, req.id, 'accept'), 409, 'CONFLICT');
    expectStatus(await sendRequest(a, b), 201);
  });

  it('answers 409 to a second request while one is pending, and to a request between friends', async () => {
    expectStatus(await sendRequest(a, b), 201);
    expectError(await sendRequest(a, b), 409, 'CONFLICT');
    expect((await pending(b)).body).toHaveLength(1);

    await makeFriends(t, a, c);
    expectError(await sendRequest(a, c), 409, 'CONFLICT');
    expectError(await sendRequest(c, a), 409, 'CONFLICT');
  });

  it('accepts both sides when a request crosses a pending one from the other user', async () => {
    const first = (await sendRequest(a, b)).body;
    const crossing = await sendRequest(b, a);
    expect(crossing.status).toBeLessThan(300);
    expect(crossing.body).toMatchObject({ status: 'accepted' });
    expect(await friendsOf(a)).toEqual([b.user.id]);
    expect(await friendsOf(b)).toEqual([a.user.id]);
    expect((await pending(a)).body).toEqual([]);
    expect((await pending(b)).body).toEqual([]);
    expect((await pending(a, 'outgoing')).body).toEqual([]);
    expectError(await act(b, first.id, 'accept'), 409, 'CONFLICT');
  });

  it('keeps one friendship per pair even when both send at once', async () => {
    const results = await Promise.all([sendRequest(a, b), sendRequest(b, a)]);
    // one creates the request; the other either crosses it (accepting both) or collides with it (409)
    expect(results.every((r) => [200, 201, 409].includes(r.status))).toBe(true);
    const incomingB = (await pending(b)).body as Array<{ id: string }>;
    const incomingA = (await pending(a)).body as Array<{ id: string }>;
    if (incomingA.length + incomingB.length === 1) {
      const [req] = incomingA.length ? incomingA : incomingB;
      expectStatus(await act(incomingA.length ? a : b, req!.id, 'accept'), 200);
    }
    expect(await friendsOf(a)).toEqual([b.user.id]);
    expect(await friendsOf(b)).toEqual([a.user.id]);
  });

  it('unfriends (204) from either side; a second unfriend is 404; they can become friends again', async () => {
    await makeFriends(t, a, b);
    expectInvalid(await t.http().delete('/api/friends/not-a-uuid').set(bearer(a.token)), 'userId');
    expectError(await t.http().delete(`/api/friends/${c.user.id}`).set(bearer(a.token)), 404, 'NOT_FOUND');
    expectStatus(await t.http().delete(`/api/friends/${a.user.id}`).set(bearer(b.token)), 204);
    expect(await friendsOf(a)).toEqual([]);
    expect(await friendsOf(b)).toEqual([]);
    expectError(await t.http().delete(`/api/friends/${b.user.id}`).set(bearer(a.token)), 404, 'NOT_FOUND');
    await makeFriends(t, b, a);
    expect(await friendsOf(a)).toEqual([b.user.id]);
  });

  it('lists every friend, sorted by display name, each with friendship "friends"', async () => {
    const zed = await register(t, { displayName: 'Zed' });
    const amy = await register(t, { displayName: 'Amy' });
    await makeFriends(t, a, zed);
    await makeFriends(t, amy, a);
    const res = await t.http().get('/api/friends').set(bearer(a.token));
    expectStatus(res, 200);
    expect(res.body.map((u: { id: string }) => u.id)).toEqual([amy.user.id, zed.user.id]);
    expect(res.body.map((u: { friendship: string }) => u.friendship)).toEqual(['friends', 'friends']);
    expect(res.body[0]).toEqual(
      expect.objectContaining({ username: amy.user.username, displayName: 'Amy', online: expect.any(Boolean) as unknown }),
    );
    expect(res.body[0]).not.toHaveProperty('email');
  });

  it('shows User.friendship as none, outgoing, incoming, friends and self, in profiles and in search', async () => {
    expect(await stateOf(a, a)).toBe('self');
    expect(await stateOf(a, b)).toBe('none');
    const req = (await sendRequest(a, b)).body;
    expect(await stateOf(a, b)).toBe('outgoing');
    expect(await stateOf(b, a)).toBe('incoming');
    expect(await stateOf(c, a)).toBe('none');

    const search = async (viewer: Registered, target: Registered) => {
      const res = await t.http().get('/api/users').query({ q: target.user.username }).set(bearer(viewer.token));
      expectStatus(res, 200);
      return (res.body as Array<{ id: string; friendship: string }>).find((u) => u.id === target.user.id)?.friendship;
    };
    expect(await search(a, b)).toBe('outgoing');
    expect(await search(b, a)).toBe('incoming');
    expect(await search(a, a)).toBe('self');
    expect(await search(c, b)).toBe('none');

    await act(b, req.id, 'accept');
    expect(await stateOf(a, b)).toBe('friends');
    expect(await stateOf(b, a)).toBe('friends');
    expect(await search(b, a)).toBe('friends');

    await t.http().delete(`/api/friends/${b.user.id}`).set(bearer(a.token));
    expect(await stateOf(a, b)).toBe('none');
    expect(await search(b, a)).toBe('none');
  });

  it('requires a session', async () => {
    expectError(await t.http().get('/api/friends'), 401, 'UNAUTHENTICATED');
    expectError(await t.http().post('/api/friends/requests').send({ userId: a.user.id }), 401, 'UNAUTHENTICATED');
  });
});
