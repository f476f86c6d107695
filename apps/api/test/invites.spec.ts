import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Invite, Room } from '@chat/contracts';
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
  startSocialApp,
} from './social-helpers.js';

describe('room invites', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSocialApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (u: Registered) => bearer(u.token);
  const invite = (from: Registered, roomId: string, to: Registered | string) =>
    t
      .http()
      .post(`/api/rooms/${roomId}/invites`)
      .set(as(from))
      .send({ userId: typeof to === 'string' ? to : to.user.id });
  const invitesOf = async (u: Registered) => {
    const res = await t.http().get('/api/invites').set(as(u));
    expectStatus(res, 200);
    return res.body as Invite[];
  };
  const accept = (u: Registered, id: string) => t.http().post(`/api/invites/${id}/accept`).set(as(u));
  const reject = (u: Registered, id: string) => t.http().post(`/api/invites/${id}/reject`).set(as(u));
  const memberIds = async (viewer: Registered, roomId: string) => {
    const res = await t.http().get(`/api/rooms/${roomId}/members`).set(as(viewer));
    expectStatus(res, 200);
    return (res.body as Array<{ user: { id: string } }>).map((m) => m.user.id);
  };

  /** A private room with an owner, an admin and a plain member, and a friend of each of them (not in the room). */
  async function privateSetup() {
    const [owner, admin, member, friend, stranger] = await Promise.all([register(t), register(t), register(t), register(t), register(t)]);
    const room = await roomWith(t, owner, { admins: [admin], members: [member] });
    await Promise.all([makeFriends(t, owner, friend), makeFriends(t, admin, friend), makeFriends(t, member, friend)]);
    return { owner, admin, member, friend, stranger, room };
  }

  it('lets a member of a public room invite a friend (201 Invite), which the invitee alone sees in GET /invites', async () => {
    const [owner, member, friend] = await Promise.all([register(t), register(t), register(t)]);
    const room = await createRoom(t, owner, { visibility: 'public', name: 'Pub' });
    await join(t, member, room.id);
    await makeFriends(t, member, friend);
    const res = await invite(member, room.id, friend);
    expectStatus(res, 201);
    expect(res.body).toMatchObject({
      status: 'pending',
      room: { id: room.id, name: 'Pub' },
      from: { id: member.user.id },
      to: { id: friend.user.id },
    });
    const pending = await invitesOf(friend);
    expect(pending.map((i) => i.id)).toEqual([res.body.id]);
    expect(pending[0]!.room).toMatchObject({ id: room.id, myRole: null });
    expect(await invitesOf(member)).toEqual([]);
    expect(await invitesOf(owner)).toEqual([]);
  });

  it('lets only admins and owners invite to a private room (member 403, outsider 404)', async () => {
    const { owner, admin, member, friend, room } = await privateSetup();
    expectError(await invite(member, room.id, friend), 403, 'FORBIDDEN');
    const outsider = await register(t);
    await makeFriends(t, outsider, friend);
    expectError(await invite(outsider, room.id, friend), 404, 'NOT_FOUND');
    expect(await invitesOf(friend)).toEqual([]);

    expectStatus(await invite(admin, room.id, friend), 201);
    const other = await register(t);
    await makeFriends(t, owner, other);
    expectStatus(await invite(owner, room.id, other), 201);
  });

  it('refuses inviting a non-friend (403), a member (409), yourself (400), an unknown user (404) and a duplicate (409)', async () => {
    const { owner, admin, member, friend, stranger, room } = await privateSetup();
    expectError(await invite(owner, room.id, stranger), 403, 'FORBIDDEN');
    await makeFriends(t, owner, member);
    expectError(await invite(owner, room.id, member), 409, 'CONFLICT');
    expectInvalid(await invite(owner, room.id, owner), 'userId');
    expectInvalid(await invite(owner, room.id, 'not-a-uuid'), 'userId');
    expectError(await invite(owner, room.id, randomUUID()), 404, 'NOT_FOUND');
    expectError(await invite(owner, randomUUID(), friend), 404, 'NOT_FOUND');

    expectStatus(await invite(owner, room.id, friend), 201);
    expectError(await invite(owner, room.id, friend), 409, 'CONFLICT');
    expectError(await invite(admin, room.id, friend), 409, 'CONFLICT');
    expect(await invitesOf(friend)).toHaveLength(1);
  });

  it('shows the private room to its invitee, who accepts (200 Room) and becomes a member', async () => {
    const { owner, friend, stranger, room } = await privateSetup();
    expectError(await t.http().get(`/api/rooms/${room.id}`).set(as(friend)), 404, 'NOT_FOUND');
    const inv = (await invite(owner, room.id, friend)).body as Invite;

    const seen = await t.http().get(`/api/rooms/${room.id}`).set(as(friend));
    expectStatus(seen, 200);
    expect(seen.body).toMatchObject({ id: room.id, myRole: null, visibility: 'private' });
    // seeing the room is not being in it
    expectError(await t.http().get(`/api/rooms/${room.id}/messages`).set(as(friend)), 403, 'FORBIDDEN');
    expectError(await t.http().get(`/api/rooms/${room.id}`).set(as(stranger)), 404, 'NOT_FOUND');

    const res = await accept(friend, inv.id);
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ id: room.id, kind: 'group', myRole: 'member', memberCount: 4 });
    expect(await memberIds(owner, room.id)).toContain(friend.user.id);
    expect((await joinedRooms(t, friend)).map((r) => r.id)).toEqual([room.id]);
    expect(await invitesOf(friend)).toEqual([]);
    expectStatus(await t.http().get(`/api/rooms/${room.id}/messages`).set(as(friend)), 200);

    expectError(await accept(friend, inv.id), 409, 'CONFLICT');
    expectError(await reject(friend, inv.id), 409, 'CONFLICT');
  });

  it('rejects (200 Invite with status rejected) without joining; the room is hidden again', async () => {
    const { owner, friend, room } = await privateSetup();
    const inv = (await invite(owner, room.id, friend)).body as Invite;
    const res = await reject(friend, inv.id);
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ id: inv.id, status: 'rejected', room: { id: room.id }, to: { id: friend.user.id } });
    expect(await invitesOf(friend)).toEqual([]);
    expect(await memberIds(owner, room.id)).not.toContain(friend.user.id);
    expectError(await t.http().get(`/api/rooms/${room.id}`).set(as(friend)), 404, 'NOT_FOUND');
    expectError(await t.http().post(`/api/rooms/${room.id}/join`).set(as(friend)), 404, 'NOT_FOUND');
    expectError(await accept(friend, inv.id), 409, 'CONFLICT');
    // a rejected invite may be sent again
    expectStatus(await invite(owner, room.id, friend), 201);
  });

  it('lets nobody else answer: a stranger gets 404, the inviter 403', async () => {
    const { owner, member, friend, stranger, room } = await privateSetup();
    const inv = (await invite(owner, room.id, friend)).body as Invite;
    expectError(await accept(stranger, inv.id), 404, 'NOT_FOUND');
    expectError(await reject(stranger, inv.id), 404, 'NOT_FOUND');
    expectError(await accept(member, inv.id), 404, 'NOT_FOUND');
    expectError(await accept(owner, inv.id), 403, 'FORBIDDEN');
    expectError(await reject(owner, inv.id), 403, 'FORBIDDEN');
    expectError(await accept(friend, randomUUID()), 404, 'NOT_FOUND');
    expectInvalid(await accept(friend, 'abc'), 'id');
    expect(await memberIds(owner, room.id)).not.toContain(stranger.user.id);
    expect(await memberIds(owner, room.id)).not.toContain(friend.user.id);
    expect(await invitesOf(friend)).toHaveLength(1);
  });

  it('joins a private room through POST /rooms/:id/join while invited, which uses up the invite', async () => {
    const { owner, friend, room } = await privateSetup();
    const inv = (await invite(owner, room.id, friend)).body as Invite;
    const res = await t.http().post(`/api/rooms/${room.id}/join`).set(as(friend));
    expectStatus(res, 200);
    expect((res.body as Room).myRole).toBe('member');
    expect(await memberIds(owner, room.id)).toContain(friend.user.id);
    expect(await invitesOf(friend)).toEqual([]);
    expectError(await accept(friend, inv.id), 409, 'CONFLICT');
  });

  it('accepts an invite once when accepted twice at the same time', async () => {
    const { owner, friend, room } = await privateSetup();
    const inv = (await invite(owner, room.id, friend)).body as Invite;
    const results = await Promise.all([accept(friend, inv.id), accept(friend, inv.id), accept(friend, inv.id)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect((await memberIds(owner, room.id)).filter((id) => id === friend.user.id)).toHaveLength(1);
  });

  it('drops pending invites with the room', async () => {
    const { owner, friend, room } = await privateSetup();
    const inv = (await invite(owner, room.id, friend)).body as Invite;
    expectStatus(await t.http().delete(`/api/rooms/${room.id}`).set(as(owner)), 204);
    expect(await invitesOf(friend)).toEqual([]);
    expectError(await accept(friend, inv.id), 404, 'NOT_FOUND');
  });
});
