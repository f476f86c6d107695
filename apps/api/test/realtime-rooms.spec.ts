import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Invite, Room } from '@chat/contracts';
import { bearer, register, type Registered, type TestApp } from './harness.js';
import { createRoom, join, makeFriends, roomWith, say, startSocialApp } from './social-helpers.js';
import { closeAllSockets, connect, type TestClient } from './socket-helpers.js';

/**
 * The server keeps each socket subscribed to the rooms of its user and follows membership changes live, without
 * reconnecting; room and friend events reach exactly their audience.
 */
describe('realtime: room channels and room/friend events', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSocialApp();
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t.close();
  });

  const inRoom = (roomId: string) => (p: { roomId: string }) => p.roomId === roomId;
  /** `who` posts in the room; resolves once `receiver` got it (a positive control for the negative checks). */
  const postAndSee = async (who: Registered, roomId: string, receiver: TestClient) => {
    const sent = await say(t, who, roomId, `hello ${randomUUID()}`);
    expect(await receiver.waitFor('message:new', (m) => m.id === sent.id)).toMatchObject({ id: sent.id });
    return sent;
  };

  it('subscribes a socket at the handshake to the rooms its user is already in, and to no other room', async () => {
    const [a, b, c] = [await register(t), await register(t), await register(t)];
    const room = await roomWith(t, a, { members: [b] });
    const [bob, carol] = await Promise.all([connect(t, b.token), connect(t, c.token)]);
    const sent = await postAndSee(a, room.id, bob);
    await carol.expectNo('message:new', (m) => m.id === sent.id);
    // there is no way to ask for a room's channel
    expect(await carol.raw('join', { roomId: room.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await carol.raw('subscribe', `room:${room.id}`)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const next = await postAndSee(a, room.id, bob);
    await carol.expectNo('message:new', (m) => m.id === next.id);
  });

  it('after POST /rooms/:id/join the joiner’s connected socket receives the room’s messages and members get room:member-joined', async () => {
    const [a, b] = [await register(t), await register(t)];
    const room = await createRoom(t, a, { visibility: 'public' });
    const [owner, joiner] = await Promise.all([connect(t, a.token), connect(t, b.token)]);
    const before = await postAndSee(a, room.id, owner);
    await joiner.expectNo('message:new', inRoom(room.id));

    await join(t, b, room.id);
    const joined = await owner.waitFor('room:member-joined', inRoom(room.id));
    expect(joined).toMatchObject({ roomId: room.id, member: { user: { id: b.user.id }, role: 'member' } });
    const after = await postAndSee(a, room.id, joiner);
    expect(after.seq).toBe(before.seq + 1);
  });

  it('after a kick the kicked user’s sockets get room:removed and then no message of that room; members get room:member-left', async () => {
    const [a, b, c] = [await register(t), await register(t), await register(t)];
    const room = await roomWith(t, a, { members: [b, c] });
    const [owner, carol, b1, b2] = await Promise.all([connect(t, a.token), connect(t, c.token), connect(t, b.token), connect(t, b.token)]);
    await postAndSee(a, room.id, b2);

    await t.http().delete(`/api/rooms/${room.id}/members/${b.user.id}`).set(bearer(a.token)).expect(204);
    for (const kicked of [b1, b2]) expect(await kicked.waitFor('room:removed')).toEqual({ roomId: room.id });
    for (const member of [owner, carol]) expect(await member.waitFor('room:member-left')).toEqual({ roomId: room.id, userId: b.user.id });
    b1.clear();
    b2.clear();

    const sent = await postAndSee(a, room.id, carol);
    await Promise.all([b1, b2].map((s) => s.expectNo('message:new', (m) => m.id === sent.id)));
    const typing = await owner.send('typing', { roomId: room.id, typing: true });
    expect(typing.ok).toBe(true);
    await carol.waitFor('typing', inRoom(room.id));
    await Promise.all([b1, b2].map((s) => s.expectNo('typing')));
  });

  it('after leaving, the leaver gets no more messages of the room; members get room:member-left', async () => {
    const [a, b] = [await register(t), await register(t)];
    const room = await roomWith(t, a, { members: [b] });
    const [owner, leaver] = await Promise.all([connect(t, a.token), connect(t, b.token)]);
    await postAndSee(a, room.id, leaver);

    await t.http().post(`/api/rooms/${room.id}/leave`).set(bearer(b.token)).expect(204);
    expect(await owner.waitFor('room:member-left')).toEqual({ roomId: room.id, userId: b.user.id });
    const sent = await postAndSee(a, room.id, owner);
    await leaver.expectNo('message:new', (m) => m.id === sent.id);
  });

  it('after accepting an invite to a private room the invitee’s connected socket receives its messages', async () => {
    const [a, b] = [await register(t), await register(t)];
    await makeFriends(t, a, b);
    const room = await roomWith(t, a);
    const [owner, invitee] = await Promise.all([connect(t, a.token), connect(t, b.token)]);
    const invited = await t.http().post(`/api/rooms/${room.id}/invites`).set(bearer(a.token)).send({ userId: b.user.id });
    expect(invited.status).toBe(201);
    const before = await postAndSee(a, room.id, owner);
    await invitee.expectNo('message:new', (m) => m.id === before.id);

    const accepted = await t
      .http()
      .post(`/api/invites/${(invited.body as Invite).id}/accept`)
      .set(bearer(b.token));
    expect(accepted.status).toBe(200);
    expect(await owner.waitFor('room:member-joined', inRoom(room.id))).toMatchObject({ member: { user: { id: b.user.id } } });
    await postAndSee(a, room.id, invitee);
  });

  it('after POST /dms both users’ connected sockets receive the conversation’s messages, and nobody else', async () => {
    const [a, b, c] = [await register(t), await register(t), await register(t)];
    await makeFriends(t, a, b);
    const [alice, bob, carol] = await Promise.all([connect(t, a.token), connect(t, b.token), connect(t, c.token)]);
    const res = await t.http().post('/api/dms').set(bearer(a.token)).send({ userId: b.user.id });
    expect(res.status).toBe(201);
    const dm = res.body as Room;

    const ack = await alice.send('message:send', { roomId: dm.id, clientId: randomUUID(), body: 'hi bob' });
    expect(ack.ok).toBe(true);
    expect(await bob.waitFor('message:new', inRoom(dm.id))).toMatchObject({ body: 'hi bob' });
    const reply = await bob.send('message:send', { roomId: dm.id, clientId: randomUUID(), body: 'hi alice' });
    expect(reply.ok).toBe(true);
    expect(await alice.waitFor('message:new', (m) => m.body === 'hi alice')).toMatchObject({ roomId: dm.id });
    await carol.expectNo('message:new');
  });

  it('DELETE /rooms/:id sends room:removed to every member, and to nobody else', async () => {
    const [a, b, c, d] = [await register(t), await register(t), await register(t), await register(t)];
    const room = await roomWith(t, a, { members: [b, c] });
    const [owner, bob, carol, dave] = await Promise.all([
      connect(t, a.token),
      connect(t, b.token),
      connect(t, c.token),
      connect(t, d.token),
    ]);
    await t.http().delete(`/api/rooms/${room.id}`).set(bearer(a.token)).expect(204);
    for (const member of [owner, bob, carol]) expect(await member.waitFor('room:removed')).toEqual({ roomId: room.id });
    await dave.expectNo('room:removed');
  });

  it('PATCH /rooms/:id sends room:updated to the members, not to non-members of a public room', async () => {
    const [a, b, c] = [await register(t), await register(t), await register(t)];
    const room = await createRoom(t, a, { visibility: 'public' });
    await join(t, b, room.id);
    const [owner, bob, carol] = await Promise.all([connect(t, a.token), connect(t, b.token), connect(t, c.token)]);
    const res = await t.http().patch(`/api/rooms/${room.id}`).set(bearer(a.token)).send({ name: 'renamed', description: 'new words' });
    expect(res.status).toBe(200);
    for (const member of [owner, bob]) {
      expect(await member.waitFor('room:updated')).toMatchObject({
        id: room.id,
        name: 'renamed',
        description: 'new words',
        memberCount: 2,
      });
    }
    await carol.expectNo('room:updated');
  });

  describe('friend events', () => {
    it('POST /friends/requests sends friend:request to the recipient only', async () => {
      const [a, b, c] = [await register(t), await register(t), await register(t)];
      const [alice, bob, carol] = await Promise.all([connect(t, a.token), connect(t, b.token), connect(t, c.token)]);
      const res = await t.http().post('/api/friends/requests').set(bearer(a.token)).send({ userId: b.user.id });
      expect(res.status).toBe(201);
      expect(await bob.waitFor('friend:request')).toMatchObject({
        id: res.body.id,
        status: 'pending',
        from: { id: a.user.id, friendship: 'incoming' },
        to: { id: b.user.id, friendship: 'self' },
      });
      await alice.expectNo('friend:request');
      await carol.expectNo('friend:request');
    });

    it('accepting sends friend:accepted (the accepting User) to the sender', async () => {
      const [a, b, c] = [await register(t), await register(t), await register(t)];
      const [alice, bob, carol] = await Promise.all([connect(t, a.token), connect(t, b.token), connect(t, c.token)]);
      const sent = await t.http().post('/api/friends/requests').set(bearer(a.token)).send({ userId: b.user.id });
      await bob.waitFor('friend:request');
      await t.http().post(`/api/friends/requests/${sent.body.id}/accept`).set(bearer(b.token)).expect(200);
      expect(await alice.waitFor('friend:accepted')).toMatchObject({ id: b.user.id, username: b.user.username, friendship: 'friends' });
      await bob.expectNo('friend:accepted');
      await carol.expectNo('friend:accepted');
    });

    it('unfriending sends friend:removed { userId } to the other party', async () => {
      const [a, b, c] = [await register(t), await register(t), await register(t)];
      await makeFriends(t, a, b);
      const [alice, bob, carol] = await Promise.all([connect(t, a.token), connect(t, b.token), connect(t, c.token)]);
      await t.http().delete(`/api/friends/${b.user.id}`).set(bearer(a.token)).expect(204);
      expect(await bob.waitFor('friend:removed')).toEqual({ userId: a.user.id });
      await alice.expectNo('friend:removed');
      await carol.expectNo('friend:removed');
    });
  });
});
