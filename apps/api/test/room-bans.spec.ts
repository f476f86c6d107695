import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Message, RoomBan } from '@chat/contracts';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import {
  createRoom,
  expectError,
  expectInvalid,
  expectStatus,
  join,
  makeFriends,
  roomWith,
  setRole,
  startSocialApp,
} from './social-helpers.js';
import { closeAllSockets, connect } from './socket-helpers.js';
import { sql } from './support/sql.js';

/** Contract v2 → Safety: room bans (admin+, never on an equal or higher role), on members and on people who left. */
describe('room bans', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSocialApp();
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t.close();
  });

  const as = (u: Registered) => bearer(u.token);
  const ban = (by: Registered, roomId: string, who: Registered | string, body: Record<string, unknown> = {}) =>
    t
      .http()
      .put(`/api/rooms/${roomId}/bans/${typeof who === 'string' ? who : who.user.id}`)
      .set(as(by))
      .send(body);
  const bans = async (by: Registered, roomId: string) => {
    const res = await t.http().get(`/api/rooms/${roomId}/bans`).set(as(by));
    expectStatus(res, 200);
    return res.body as RoomBan[];
  };
  const memberIds = async (viewer: Registered, roomId: string) =>
    ((await t.http().get(`/api/rooms/${roomId}/members`).set(as(viewer))).body as Array<{ user: { id: string } }>).map((m) => m.user.id);
  const audit = (action: string, targetId: string) =>
    sql<{ actor_id: string; details: Record<string, unknown> }>(
      t.databaseUrl,
      `SELECT actor_id, details FROM audit_entries WHERE action = $1 AND target_id = $2`,
      [action, targetId],
    );

  it('removes a member at once (room:removed to them, member-left to the room), lists the ban, and audits it', async () => {
    const [owner, admin, spammer] = [await register(t), await register(t), await register(t)];
    const room = await roomWith(t, owner, { admins: [admin], members: [spammer], visibility: 'public' });
    const spammerSocket = await connect(t, spammer.token);
    const ownerSocket = await connect(t, owner.token);
    const expiresAt = new Date(Date.now() + 3600_000).toISOString();

    expectStatus(await ban(admin, room.id, spammer, { reason: 'spam links', expiresAt }), 204);
    await spammerSocket.waitFor('room:removed', (p) => p.roomId === room.id);
    await ownerSocket.waitFor('room:member-left', (p) => p.roomId === room.id && p.userId === spammer.user.id);
    expect(await memberIds(owner, room.id)).not.toContain(spammer.user.id);
    const [listed] = await bans(owner, room.id);
    expect(listed).toMatchObject({ user: { id: spammer.user.id }, reason: 'spam links', bannedBy: { id: admin.user.id } });
    expect(new Date(listed!.expiresAt!).toISOString()).toBe(expiresAt);
    expect(typeof listed!.createdAt).toBe('string');
    expect(await audit('room.ban', spammer.user.id)).toEqual([
      { actor_id: admin.user.id, details: expect.objectContaining({ roomId: room.id, reason: 'spam links' }) },
    ]);

    // the socket left the room's channel: it hears no more of it
    spammerSocket.clear();
    await t.http().post(`/api/rooms/${room.id}/messages`).set(as(owner)).send({ clientId: randomUUID(), body: 'after the ban' });
    await spammerSocket.expectNo('message:new');
  });

  it('keeps a banned user out: join, invite, accepting an earlier invite and an invite link all answer 403', async () => {
    const [owner, user] = [await register(t), await register(t)];
    await makeFriends(t, owner, user);
    const room = await createRoom(t, owner, { visibility: 'private' });
    const invite = await t.http().post(`/api/rooms/${room.id}/invites`).set(as(owner)).send({ userId: user.user.id });
    expectStatus(invite, 201);
    const link = await t.http().post(`/api/rooms/${room.id}/invite-links`).set(as(owner)).send({});
    expectStatus(link, 201);

    expectStatus(await ban(owner, room.id, user), 204);
    expectError(await t.http().post(`/api/invites/${invite.body.id}/accept`).set(as(user)), 403, 'FORBIDDEN');
    expectError(await t.http().post(`/api/rooms/${room.id}/join`).set(as(user)), 403, 'FORBIDDEN');
    expectError(await t.http().post(`/api/room-invites/${link.body.code}/join`).set(as(user)), 403, 'FORBIDDEN');
    expectError(await t.http().post(`/api/rooms/${room.id}/invites`).set(as(owner)).send({ userId: user.user.id }), 403, 'FORBIDDEN');
    expect(await memberIds(owner, room.id)).toEqual([owner.user.id]);
    expect((await t.http().get(`/api/rooms/${room.id}/invite-links`).set(as(owner))).body[0].uses).toBe(0);

    // lifted: in again
    expectStatus(await t.http().delete(`/api/rooms/${room.id}/bans/${user.user.id}`).set(as(owner)), 204);
    expect(await bans(owner, room.id)).toEqual([]);
    expectStatus(await t.http().post(`/api/room-invites/${link.body.code}/join`).set(as(user)), 200);
    expectError(await t.http().delete(`/api/rooms/${room.id}/bans/${user.user.id}`).set(as(owner)), 404, 'NOT_FOUND');
    expect((await audit('room.unban', user.user.id)).map((a) => a.actor_id)).toEqual([owner.user.id]);
  });

  it('works on someone who already left, and on someone who never joined', async () => {
    const [owner, leaver, stranger] = [await register(t), await register(t), await register(t)];
    const room = await createRoom(t, owner, { visibility: 'public' });
    await join(t, leaver, room.id);
    expectStatus(await t.http().post(`/api/rooms/${room.id}/leave`).set(as(leaver)), 204);
    expectStatus(await ban(owner, room.id, leaver, { reason: 'trolling' }), 204);
    expectStatus(await ban(owner, room.id, stranger), 204);
    expectError(await t.http().post(`/api/rooms/${room.id}/join`).set(as(leaver)), 403, 'FORBIDDEN');
    expectError(await t.http().post(`/api/rooms/${room.id}/join`).set(as(stranger)), 403, 'FORBIDDEN');
    expect((await bans(owner, room.id)).map((b) => [b.user.id, b.reason, b.expiresAt]).sort()).toEqual(
      [
        [leaver.user.id, 'trolling', null],
        [stranger.user.id, '', null],
      ].sort(),
    );
  });

  it('never touches an equal or higher role, and only admins and owners ban or list bans (nothing changes)', async () => {
    const [owner, coOwner, admin, admin2, member] = [
      await register(t),
      await register(t),
      await register(t),
      await register(t),
      await register(t),
    ];
    const room = await roomWith(t, owner, { admins: [admin, admin2], members: [member, coOwner], visibility: 'public' });
    await setRole(t, owner, room.id, coOwner, 'owner');
    expectError(await ban(admin, room.id, admin2), 403, 'FORBIDDEN');
    expectError(await ban(admin, room.id, owner), 403, 'FORBIDDEN');
    expectError(await ban(admin, room.id, admin), 403, 'FORBIDDEN');
    expectError(await ban(owner, room.id, coOwner), 403, 'FORBIDDEN');
    expectError(await ban(member, room.id, admin), 403, 'FORBIDDEN');
    const outsider = await register(t);
    expectError(await ban(outsider, room.id, member), 403, 'FORBIDDEN'); // a public room: visible, not theirs
    expectError(await t.http().get(`/api/rooms/${room.id}/bans`).set(as(member)), 403, 'FORBIDDEN');
    expectError(await t.http().delete(`/api/rooms/${room.id}/bans/${member.user.id}`).set(as(member)), 403, 'FORBIDDEN');
    expect(await bans(owner, room.id)).toEqual([]);
    expect((await memberIds(owner, room.id)).sort()).toEqual([owner, coOwner, admin, admin2, member].map((u) => u.user.id).sort());
    // the owner may ban an admin
    expectStatus(await ban(owner, room.id, admin2), 204);
  });

  it('refuses bad input: a past expiry, an unknown user, unknown fields (400/404)', async () => {
    const [owner, user] = [await register(t), await register(t)];
    const room = await createRoom(t, owner, { visibility: 'public' });
    expectInvalid(await ban(owner, room.id, user, { expiresAt: new Date(Date.now() - 1000).toISOString() }), 'expiresAt');
    expectInvalid(await ban(owner, room.id, user, { expiresAt: 'tomorrow' }), 'expiresAt');
    expectInvalid(await ban(owner, room.id, user, { reason: 'x'.repeat(501) }), 'reason');
    expectError(await ban(owner, room.id, user, { until: 'never' }), 400, 'VALIDATION_FAILED');
    expectError(await ban(owner, room.id, randomUUID()), 404, 'NOT_FOUND');
    expectError(await ban(owner, randomUUID(), user), 404, 'NOT_FOUND');
    expect(await bans(owner, room.id)).toEqual([]);
  });

  it('ends by itself at its expiry: the user may join again and the list no longer shows it', async () => {
    const [owner, user] = [await register(t), await register(t)];
    const room = await createRoom(t, owner, { visibility: 'public' });
    expectStatus(await ban(owner, room.id, user, { expiresAt: new Date(Date.now() + 60_000).toISOString() }), 204);
    expectError(await t.http().post(`/api/rooms/${room.id}/join`).set(as(user)), 403, 'FORBIDDEN');
    await sql(t.databaseUrl, `UPDATE room_bans SET expires_at = now() - interval '1 second' WHERE room_id = $1`, [room.id]);
    expect(await bans(owner, room.id)).toEqual([]);
    await join(t, user, room.id);
  });

  it('audits kicks and role changes', async () => {
    const [owner, user] = [await register(t), await register(t)];
    const room = await createRoom(t, owner, { visibility: 'public' });
    await join(t, user, room.id);
    await setRole(t, owner, room.id, user, 'admin');
    await setRole(t, owner, room.id, user, 'member');
    expectStatus(await t.http().delete(`/api/rooms/${room.id}/members/${user.user.id}`).set(as(owner)), 204);
    expect((await audit('room.role_changed', user.user.id)).map((a) => a.details)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ roomId: room.id, from: 'member', to: 'admin' }),
        expect.objectContaining({ roomId: room.id, from: 'admin', to: 'member' }),
      ]),
    );
    expect(await audit('room.kick', user.user.id)).toEqual([{ actor_id: owner.user.id, details: { roomId: room.id } }]);
  });

  it('ban while sending: every send is either stored and delivered (acked ok) or refused and not stored; none after the ban', async () => {
    for (let round = 0; round < 3; round++) {
      const [owner, sender] = [await register(t), await register(t)];
      const room = await createRoom(t, owner, { visibility: 'public' });
      await join(t, sender, room.id);
      const senderSocket = await connect(t, sender.token);
      const ownerSocket = await connect(t, owner.token);
      const clientIds = Array.from({ length: 30 }, () => randomUUID());

      // the sends and the ban race; the sends keep coming after the ban answered
      const sends = clientIds.map((clientId, i) =>
        new Promise((resolve) => setTimeout(resolve, i)).then(() =>
          senderSocket.send('message:send', { roomId: room.id, clientId, body: `m${i}` }),
        ),
      );
      const banned = new Promise((resolve) => setTimeout(resolve, 8)).then(() => ban(owner, room.id, sender));
      const [acks, banRes] = await Promise.all([Promise.all(sends), banned]);
      expectStatus(banRes, 204);
      await senderSocket.waitFor('room:removed', (p) => p.roomId === room.id);

      const stored = await sql<{ client_id: string; seq: string }>(
        t.databaseUrl,
        `SELECT client_id, seq FROM messages WHERE room_id = $1 ORDER BY seq`,
        [room.id],
      );
      const storedIds = new Set(stored.map((m) => m.client_id));
      acks.forEach((ack, i) => {
        if (ack.ok) expect(storedIds.has(clientIds[i]!)).toBe(true);
        else {
          expect(['FORBIDDEN', 'NOT_FOUND']).toContain(ack.error.code);
          expect(storedIds.has(clientIds[i]!)).toBe(false);
        }
      });
      expect(acks.filter((a) => a.ok)).toHaveLength(stored.length);
      // seqs stay gap-free, and every stored message reached the room once
      expect(stored.map((m) => Number(m.seq))).toEqual(stored.map((_m, i) => i + 1));
      const delivered: Message[] = [];
      for (let i = 0; i < stored.length; i++) delivered.push(await ownerSocket.waitFor('message:new', (m) => m.roomId === room.id));
      expect(new Set(delivered.map((m) => m.clientId))).toEqual(storedIds);
      await ownerSocket.expectNo('message:new', (m) => m.roomId === room.id);

      // after the ban: refused, nothing stored
      const after = await senderSocket.send('message:send', { roomId: room.id, clientId: randomUUID(), body: 'let me back' });
      expect(after).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await sql(t.databaseUrl, `SELECT 1 FROM messages WHERE room_id = $1`, [room.id])).toHaveLength(stored.length);
    }
  });
});
