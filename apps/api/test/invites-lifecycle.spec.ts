import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Invite } from '@chat/contracts';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import { createRoom, expectError, expectStatus, join, makeFriends, say, startSocialApp } from './social-helpers.js';
import { sql } from './support/sql.js';

/** Invites show a room without its messages, expire after 30 days, and can be withdrawn. */
describe('room invites: what an invitee sees, expiry, withdrawal', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSocialApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (u: Registered) => bearer(u.token);
  /** A private room of `owner` with a message in it, and a pending invite for `guest`. */
  const invited = async () => {
    const [owner, guest] = [await register(t), await register(t)];
    await makeFriends(t, owner, guest);
    const room = await createRoom(t, owner, { name: 'Secret plans', visibility: 'private' });
    await say(t, owner, room.id, 'the secret is 42');
    const res = await t.http().post(`/api/rooms/${room.id}/invites`).set(as(owner)).send({ userId: guest.user.id });
    expectStatus(res, 201);
    return { owner, guest, room, invite: res.body as Invite };
  };
  const invitesOf = async (u: Registered) => (await t.http().get('/api/invites').set(as(u))).body as Invite[];

  it('shows a pending invitee the room (name, member count) but never its messages', async () => {
    const { guest, room } = await invited();
    const seen = await t.http().get(`/api/rooms/${room.id}`).set(as(guest));
    expectStatus(seen, 200);
    expect(seen.body).toMatchObject({ name: 'Secret plans', memberCount: 1, lastMessage: null, myRole: null });
    expect(JSON.stringify(seen.body)).not.toContain('secret is 42');
    const [listed] = await invitesOf(guest);
    expect(listed!.room.lastMessage).toBeNull();
    expectError(await t.http().get(`/api/rooms/${room.id}/messages`).set(as(guest)), 403, 'FORBIDDEN');
  });

  it('shows a visitor of a public room no last message either', async () => {
    const [owner, visitor] = [await register(t), await register(t)];
    const room = await createRoom(t, owner, { visibility: 'public' });
    await say(t, owner, room.id, 'members only');
    expect((await t.http().get(`/api/rooms/${room.id}`).set(as(visitor))).body.lastMessage).toBeNull();
    await join(t, visitor, room.id);
    expect((await t.http().get(`/api/rooms/${room.id}`).set(as(visitor))).body.lastMessage).toMatchObject({ body: 'members only' });
  });

  it('lets an invite expire after 30 days: the room is hidden again, accepting answers 409, a new invite can be sent', async () => {
    const { owner, guest, room, invite } = await invited();
    await sql(t.databaseUrl, `UPDATE room_invites SET created_at = now() - interval '30 days 1 minute' WHERE id = $1`, [invite.id]);
    expectError(await t.http().get(`/api/rooms/${room.id}`).set(as(guest)), 404, 'NOT_FOUND');
    expect(await invitesOf(guest)).toEqual([]);
    expectError(await t.http().post(`/api/invites/${invite.id}/accept`).set(as(guest)), 409, 'CONFLICT');
    expectError(await t.http().post(`/api/rooms/${room.id}/join`).set(as(guest)), 404, 'NOT_FOUND');
    const again = await t.http().post(`/api/rooms/${room.id}/invites`).set(as(owner)).send({ userId: guest.user.id });
    expectStatus(again, 201);
    expectStatus(await t.http().post(`/api/invites/${again.body.id}/accept`).set(as(guest)), 200);
  });

  it('lets the inviter or a room admin withdraw a pending invite (204); others may not', async () => {
    const { owner, guest, room, invite } = await invited();
    const bystander = await register(t);
    expectError(await t.http().delete(`/api/rooms/${room.id}/invites/${invite.id}`).set(as(bystander)), 404, 'NOT_FOUND');
    expectStatus(await t.http().delete(`/api/rooms/${room.id}/invites/${invite.id}`).set(as(owner)), 204);
    expectError(await t.http().get(`/api/rooms/${room.id}`).set(as(guest)), 404, 'NOT_FOUND');
    expect(await invitesOf(guest)).toEqual([]);
    expectError(await t.http().post(`/api/invites/${invite.id}/accept`).set(as(guest)), 409, 'CONFLICT');
    expectError(await t.http().delete(`/api/rooms/${room.id}/invites/${invite.id}`).set(as(owner)), 409, 'CONFLICT');

    // in a public room any member may invite; only the inviter or an admin withdraws
    const [member, friend] = [await register(t), await register(t)];
    const open = await createRoom(t, owner, { visibility: 'public' });
    await join(t, member, open.id);
    await makeFriends(t, member, friend);
    const byMember = await t.http().post(`/api/rooms/${open.id}/invites`).set(as(member)).send({ userId: friend.user.id });
    expectStatus(byMember, 201);
    const other = await register(t);
    await join(t, other, open.id);
    expectError(await t.http().delete(`/api/rooms/${open.id}/invites/${byMember.body.id}`).set(as(other)), 403, 'FORBIDDEN');
    expectError(await t.http().delete(`/api/rooms/${room.id}/invites/${byMember.body.id}`).set(as(owner)), 404, 'NOT_FOUND');
    expectStatus(await t.http().delete(`/api/rooms/${open.id}/invites/${byMember.body.id}`).set(as(owner)), 204);
  });
});
