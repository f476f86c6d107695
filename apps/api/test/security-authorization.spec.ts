import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { FileMeta, Invite, Member, Message } from '@chat/contracts';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import { startFilesApp, uploadFile } from './file-helpers.js';
import { createRoom, expectError, expectInvalid, expectStatus, join, makeFriends, roomWith, say } from './social-helpers.js';
import { closeAllSockets, connect } from './socket-helpers.js';
import { sql } from './support/sql.js';

/**
 * Authorisation where one request names two resources: an id that is valid on its own, taken from another room, another
 * user or another invite, must not let the request reach across. And what a member who was kicked or who left can still
 * do on a socket that stayed connected (nothing). The single-resource cases (outsiders, lower roles) are in
 * rooms/dms/invites/messages/notifications/files-access.spec.ts.
 */
describe('security: ids taken from another resource', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startFilesApp();
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t.close();
  });

  const as = (u: Registered) => bearer(u.token);
  const members = async (u: Registered, roomId: string): Promise<Member[]> => {
    const res = await t.http().get(`/api/rooms/${roomId}/members`).set(as(u));
    expectStatus(res, 200);
    return res.body as Member[];
  };
  const roles = async (u: Registered, roomId: string) =>
    Object.fromEntries((await members(u, roomId)).map((m) => [m.user.id, m.role])) as Record<string, string>;
  const lastSeq = async (roomId: string) =>
    Number((await sql<{ last_seq: string }>(t.databaseUrl, 'SELECT last_seq FROM rooms WHERE id = $1', [roomId]))[0]!.last_seq);
  const history = async (u: Registered, roomId: string): Promise<Message[]> => {
    const res = await t.http().get(`/api/rooms/${roomId}/messages`).set(as(u));
    expectStatus(res, 200);
    return res.body.messages as Message[];
  };

  /** Owner a of private room A with member ma; owner b of private room B with member mb. */
  const twoRooms = async () => {
    const [a, ma, b, mb] = [await register(t), await register(t), await register(t), await register(t)];
    const roomA = await roomWith(t, a, { members: [ma] });
    const roomB = await roomWith(t, b, { members: [mb] });
    return { a, ma, b, mb, roomA, roomB };
  };

  describe('members of another room', () => {
    it('DELETE /rooms/A/members/<member of B> answers 404 and removes nobody from B', async () => {
      const { a, b, mb, roomA, roomB } = await twoRooms();
      expectError(await t.http().delete(`/api/rooms/${roomA.id}/members/${mb.user.id}`).set(as(a)), 404, 'NOT_FOUND');
      // B's owner, an owner elsewhere, is not reachable through A either
      expectError(await t.http().delete(`/api/rooms/${roomA.id}/members/${b.user.id}`).set(as(a)), 404, 'NOT_FOUND');
      expect(await roles(b, roomB.id)).toEqual({ [b.user.id]: 'owner', [mb.user.id]: 'member' });
    });

    it('PATCH /rooms/A/members/<member of B> answers 404, changes no role in B and adds nobody to A', async () => {
      const { a, ma, b, mb, roomA, roomB } = await twoRooms();
      for (const role of ['owner', 'admin', 'member']) {
        const res = await t.http().patch(`/api/rooms/${roomA.id}/members/${mb.user.id}`).set(as(a)).send({ role });
        expectError(res, 404, 'NOT_FOUND');
      }
      expect(await roles(b, roomB.id)).toEqual({ [b.user.id]: 'owner', [mb.user.id]: 'member' });
      expect(await roles(a, roomA.id)).toEqual({ [a.user.id]: 'owner', [ma.user.id]: 'member' });
    });

    it('an owner of A who is a plain member of B gets 403 for B’s members, whatever they hold in A', async () => {
      const { a, b, mb, roomB } = await twoRooms();
      const publicB = await createRoom(t, b, { visibility: 'public' });
      await join(t, a, publicB.id);
      await join(t, mb, publicB.id);
      expectError(await t.http().delete(`/api/rooms/${publicB.id}/members/${mb.user.id}`).set(as(a)), 403, 'FORBIDDEN');
      expectError(
        await t.http().patch(`/api/rooms/${publicB.id}/members/${a.user.id}`).set(as(a)).send({ role: 'owner' }),
        403,
        'FORBIDDEN',
      );
      expect((await roles(b, publicB.id))[a.user.id]).toBe('member');
      expect(await roles(b, roomB.id)).toEqual({ [b.user.id]: 'owner', [mb.user.id]: 'member' });
    });
  });

  describe('messages and files of another room or user', () => {
    it('message:send refuses a replyToId of another room, visible or hidden to the sender, with VALIDATION_FAILED, storing nothing', async () => {
      const { a, ma, b, roomA, roomB } = await twoRooms();
      const hidden = await say(t, b, roomB.id, 'in a room a cannot see');
      const publicRoom = await createRoom(t, ma, { visibility: 'public' });
      await join(t, a, publicRoom.id);
      const visible = await say(t, ma, publicRoom.id, 'a can see this one');
      const [sender, watcher] = await Promise.all([connect(t, a.token), connect(t, ma.token)]);
      for (const replyToId of [hidden.id, visible.id]) {
        const ack = await sender.send('message:send', { roomId: roomA.id, clientId: randomUUID(), body: 'reply', replyToId });
        expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      }
      // the same answer for a message that exists elsewhere and for one that does not: no oracle
      const unknown = await sender.send('message:send', {
        roomId: roomA.id,
        clientId: randomUUID(),
        body: 'reply',
        replyToId: randomUUID(),
      });
      expect(unknown).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      await watcher.expectNo('message:new', (m) => m.roomId === roomA.id);
      expect(await lastSeq(roomA.id)).toBe(0);
    });

    it('POST /rooms/A/messages answers a replyToId from a room hidden to the sender exactly as an unknown id', async () => {
      const { a, b, roomA, roomB } = await twoRooms();
      const hidden = await say(t, b, roomB.id, 'secret');
      const post = (replyToId: string) =>
        t.http().post(`/api/rooms/${roomA.id}/messages`).set(as(a)).send({ clientId: randomUUID(), body: 'x', replyToId });
      const [foreign, unknown] = [await post(hidden.id), await post(randomUUID())];
      expectInvalid(foreign, 'replyToId');
      expect(foreign.body).toEqual(unknown.body);
      expect(await lastSeq(roomA.id)).toBe(0);
    });

    it('message:send refuses attachmentIds of another user’s file, storing nothing and leaving the file unreadable to the sender', async () => {
      const { a, ma, roomA } = await twoRooms();
      const theirs = await uploadFile(t, ma, 'ma’s private notes', 'notes.txt');
      const sender = await connect(t, a.token);
      const ack = await sender.send('message:send', { roomId: roomA.id, clientId: randomUUID(), body: 'look', attachmentIds: [theirs.id] });
      expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      expect(await lastSeq(roomA.id)).toBe(0);
      expectError(await t.http().get(`/api/files/${theirs.id}/content`).set(as(a)), 404, 'NOT_FOUND');
      // mixing one's own file with someone else's is refused whole
      const mine = await uploadFile(t, a, 'mine', 'mine.txt');
      const mixed = await sender.send('message:send', {
        roomId: roomA.id,
        clientId: randomUUID(),
        body: 'both',
        attachmentIds: [mine.id, theirs.id],
      });
      expect(mixed).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      expect(await lastSeq(roomA.id)).toBe(0);
      expect(await sql(t.databaseUrl, 'SELECT 1 FROM message_attachments WHERE file_id = ANY($1)', [[mine.id, theirs.id]])).toEqual([]);
    });

    it('a file sent in room B stays unreadable to a member of A who re-sends its id in A', async () => {
      const { a, b, roomA, roomB } = await twoRooms();
      const file = (await say(t, b, roomB.id, 'report', { attachmentIds: [(await uploadFile(t, b, 'quarterly', 'q.txt')).id] }))
        .attachments[0] as FileMeta;
      expectInvalid(
        await t
          .http()
          .post(`/api/rooms/${roomA.id}/messages`)
          .set(as(a))
          .send({ clientId: randomUUID(), body: 'x', attachmentIds: [file.id] }),
        'attachmentIds',
      );
      expectError(await t.http().get(`/api/files/${file.id}/content`).set(as(a)), 404, 'NOT_FOUND');
      const pictures = await t.http().patch('/api/users/me').set(as(a)).send({ avatarFileId: file.id });
      expectInvalid(pictures, 'avatarFileId');
    });
  });

  describe('invites and notifications addressed to someone else', () => {
    it('an invite to room A does not open room B: POST /rooms/B/join answers 404 and the invite stays pending', async () => {
      const { a, b, roomA, roomB } = await twoRooms();
      const guest = await register(t);
      await makeFriends(t, a, guest);
      const sent = await t.http().post(`/api/rooms/${roomA.id}/invites`).set(as(a)).send({ userId: guest.user.id });
      expectStatus(sent, 201);
      expectError(await t.http().post(`/api/rooms/${roomB.id}/join`).set(as(guest)), 404, 'NOT_FOUND');
      expect((await roles(b, roomB.id))[guest.user.id]).toBeUndefined();
      const pending = await t.http().get('/api/invites').set(as(guest));
      expect((pending.body as Invite[]).map((i) => i.id)).toEqual([sent.body.id]);
    });

    it('an invite addressed to X cannot be accepted or rejected by a friend of the inviter who holds its id', async () => {
      const { a, roomA } = await twoRooms();
      const [x, y] = [await register(t), await register(t)];
      await makeFriends(t, a, x);
      await makeFriends(t, a, y);
      const inv = (await t.http().post(`/api/rooms/${roomA.id}/invites`).set(as(a)).send({ userId: x.user.id })).body as Invite;
      // y may be invited too, but x's invite is not y's
      expectError(await t.http().post(`/api/invites/${inv.id}/accept`).set(as(y)), 404, 'NOT_FOUND');
      expectError(await t.http().post(`/api/invites/${inv.id}/reject`).set(as(y)), 404, 'NOT_FOUND');
      expect((await roles(a, roomA.id))[y.user.id]).toBeUndefined();
      expectStatus(await t.http().post(`/api/invites/${inv.id}/accept`).set(as(x)), 200);
    });

    it('POST /notifications/<another user’s id>/read answers 404 and leaves it unread; read-all touches only the caller’s', async () => {
      const [owner, other, requester] = [await register(t), await register(t), await register(t)];
      await t.http().post('/api/friends/requests').set(as(requester)).send({ userId: owner.user.id });
      await t.http().post('/api/friends/requests').set(as(requester)).send({ userId: other.user.id });
      const unread = async (u: Registered) =>
        (await t.http().get('/api/notifications?unread=true').set(as(u))).body as Array<{ id: string }>;
      let mine: Array<{ id: string }> = [];
      for (let i = 0; i < 50 && mine.length === 0; i++) {
        mine = await unread(owner);
        if (mine.length === 0) await new Promise((r) => setTimeout(r, 20));
      }
      expect(mine).toHaveLength(1);
      expectError(await t.http().post(`/api/notifications/${mine[0]!.id}/read`).set(as(other)), 404, 'NOT_FOUND');
      expectStatus(await t.http().post('/api/notifications/read-all').set(as(other)), 204);
      expect((await unread(owner)).map((n) => n.id)).toEqual([mine[0]!.id]);
    });
  });

  describe('members who left or were kicked, with their socket still connected', () => {
    it('a member who left cannot move their read marker: REST 404/403, socket error ack, no receipt broadcast', async () => {
      const { a, ma, roomA } = await twoRooms();
      await say(t, a, roomA.id, 'one');
      const publicRoom = await createRoom(t, a, { visibility: 'public' });
      await join(t, ma, publicRoom.id);
      await say(t, a, publicRoom.id, 'two');
      const [leaver, owner] = await Promise.all([connect(t, ma.token), connect(t, a.token)]);
      for (const room of [roomA, publicRoom]) {
        expectStatus(await t.http().post(`/api/rooms/${room.id}/leave`).set(as(ma)), 204);
      }
      expectError(await t.http().post(`/api/rooms/${roomA.id}/read`).set(as(ma)).send({ seq: 1 }), 404, 'NOT_FOUND');
      expectError(await t.http().post(`/api/rooms/${publicRoom.id}/read`).set(as(ma)).send({ seq: 1 }), 403, 'FORBIDDEN');
      expect(await leaver.send('room:read', { roomId: roomA.id, seq: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await leaver.send('room:read', { roomId: publicRoom.id, seq: 1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      await owner.expectNo('room:read', (p) => p.userId === ma.user.id);
      expect(await sql(t.databaseUrl, 'SELECT 1 FROM room_members WHERE user_id = $1', [ma.user.id])).toEqual([]);
    });

    it('a kicked member can neither send, type, mark read, edit nor delete their own messages there, on REST or socket', async () => {
      const { a, ma, roomA } = await twoRooms();
      const own = await say(t, ma, roomA.id, 'written while a member');
      const [kicked, owner] = await Promise.all([connect(t, ma.token), connect(t, a.token)]);
      expectStatus(await t.http().delete(`/api/rooms/${roomA.id}/members/${ma.user.id}`).set(as(a)), 204);
      await kicked.waitFor('room:removed');
      owner.clear();

      const send = await kicked.send('message:send', { roomId: roomA.id, clientId: randomUUID(), body: 'still here?' });
      expect(send).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await kicked.send('typing', { roomId: roomA.id, typing: true })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await kicked.send('room:read', { roomId: roomA.id, seq: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expectError(await t.http().patch(`/api/messages/${own.id}`).set(as(ma)).send({ body: 'rewritten' }), 404, 'NOT_FOUND');
      expectError(await t.http().delete(`/api/messages/${own.id}`).set(as(ma)), 404, 'NOT_FOUND');
      expectError(await t.http().post(`/api/rooms/${roomA.id}/invites`).set(as(ma)).send({ userId: a.user.id }), 404, 'NOT_FOUND');

      await owner.expectNo('message:new');
      await owner.expectNo('typing');
      await owner.expectNo('message:updated');
      await owner.expectNo('message:deleted');
      expect((await history(a, roomA.id)).map((m) => ({ body: m.body, deletedAt: m.deletedAt }))).toEqual([
        { body: 'written while a member', deletedAt: null },
      ]);
    });

    it('a kicked member loses the attachments of the room (others’ files), keeps their own uploads', async () => {
      const { a, ma, roomA } = await twoRooms();
      const ownersFile = await uploadFile(t, a, 'for members only', 'members.txt');
      const ownFile = await uploadFile(t, ma, 'my own', 'mine.txt');
      await say(t, a, roomA.id, 'members only', { attachmentIds: [ownersFile.id] });
      await say(t, ma, roomA.id, 'my file', { attachmentIds: [ownFile.id] });
      expectStatus(await t.http().get(`/api/files/${ownersFile.id}/content`).set(as(ma)), 200);
      expectStatus(await t.http().delete(`/api/rooms/${roomA.id}/members/${ma.user.id}`).set(as(a)), 204);
      expectError(await t.http().get(`/api/files/${ownersFile.id}/content`).set(as(ma)), 404, 'NOT_FOUND');
      expectStatus(await t.http().get(`/api/files/${ownFile.id}/content`).set(as(ma)), 200);
    });
  });
});
