import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Message, Room, SavedMessage } from '@chat/contracts';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import { expectError, expectInvalid, expectStatus, joinedRooms, makeFriends, roomWith, say, startSocialApp } from './social-helpers.js';
import { closeAllSockets, connect } from './socket-helpers.js';

/** Contract v2 → Finding: pins, saved messages, mark as unread. */
describe('finding: pins, saved messages, mark as unread', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSocialApp();
  });
  afterEach(() => {
    closeAllSockets();
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (u: Registered) => bearer(u.token);
  const pin = (u: Registered, id: string) => t.http().put(`/api/messages/${id}/pin`).set(as(u));
  const unpin = (u: Registered, id: string) => t.http().delete(`/api/messages/${id}/pin`).set(as(u));
  const pins = async (u: Registered, roomId: string) => {
    const res = await t.http().get(`/api/rooms/${roomId}/pins`).set(as(u));
    expectStatus(res, 200);
    return (res.body as Message[]).map((m) => m.body);
  };
  const history = async (u: Registered, roomId: string) => {
    const res = await t.http().get(`/api/rooms/${roomId}/messages`).set(as(u));
    expectStatus(res, 200);
    return res.body.messages as Message[];
  };

  describe('pins', () => {
    let owner: Registered, admin: Registered, member: Registered, outsider: Registered;
    let roomId: string;
    beforeAll(async () => {
      [owner, admin, member, outsider] = await Promise.all([register(t), register(t), register(t), register(t)]);
      roomId = (await roomWith(t, owner, { admins: [admin], members: [member] })).id;
    });

    it('lets admins and owners pin (204), sets pinnedAt, lists newest pin first, and unpins', async () => {
      const [a, b] = [await say(t, member, roomId, 'pin me first'), await say(t, member, roomId, 'pin me second')];
      expect(a.pinnedAt).toBeNull();
      expectStatus(await pin(admin, a.id), 204);
      expectStatus(await pin(owner, b.id), 204);
      expectStatus(await pin(owner, b.id), 204); // a repeat changes nothing
      expect(await pins(member, roomId)).toEqual(['pin me second', 'pin me first']);
      const seen = await history(member, roomId);
      const pinnedAt = seen.find((m) => m.id === a.id)!.pinnedAt;
      expect(pinnedAt).not.toBeNull();
      expect(new Date(pinnedAt!).toISOString()).toBe(pinnedAt);
      expectStatus(await unpin(admin, b.id), 204);
      expectStatus(await unpin(admin, b.id), 204);
      expect(await pins(owner, roomId)).toEqual(['pin me first']);
      expect((await history(member, roomId)).find((m) => m.id === b.id)!.pinnedAt).toBeNull();
    });

    it('announces a pin and an unpin to the room as message:updated, not a repeat', async () => {
      const m = await say(t, owner, roomId, 'live pin');
      const watcher = await connect(t, member.token);
      expectStatus(await pin(owner, m.id), 204);
      const updated = await watcher.waitFor('message:updated', (x) => x.id === m.id);
      expect(updated.pinnedAt).not.toBeNull();
      expect(updated.body).toBe('live pin');
      expectStatus(await pin(owner, m.id), 204);
      await watcher.expectNo('message:updated', (x) => x.id === m.id);
      expectStatus(await unpin(owner, m.id), 204);
      expect((await watcher.waitFor('message:updated', (x) => x.id === m.id)).pinnedAt).toBeNull();
    });

    it('refuses plain members in group rooms (403) and non-members (404); lets either member pin in a DM', async () => {
      const m = await say(t, owner, roomId, 'not yours to pin');
      expectError(await pin(member, m.id), 403, 'FORBIDDEN');
      expectError(await unpin(member, m.id), 403, 'FORBIDDEN');
      expectError(await pin(outsider, m.id), 404, 'NOT_FOUND');
      expectError(await t.http().get(`/api/rooms/${roomId}/pins`).set(as(outsider)), 404, 'NOT_FOUND');
      expectError(await pin(owner, '00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
      expectInvalid(await pin(owner, 'nope'), 'id');
      await makeFriends(t, member, outsider);
      const dm = await t.http().post('/api/dms').set(as(member)).send({ userId: outsider.user.id });
      const d = await say(t, member, dm.body.id, 'direct pin');
      expectStatus(await pin(outsider, d.id), 204);
      expect(await pins(member, dm.body.id)).toEqual(['direct pin']);
    });

    it('unpins a deleted message and refuses to pin one (409)', async () => {
      const m = await say(t, owner, roomId, 'doomed pin');
      expectStatus(await pin(owner, m.id), 204);
      expectStatus(await t.http().delete(`/api/messages/${m.id}`).set(as(owner)), 204);
      expect(await pins(owner, roomId)).not.toContain('doomed pin');
      expect((await history(owner, roomId)).find((x) => x.id === m.id)!.pinnedAt).toBeNull();
      expectError(await pin(owner, m.id), 409, 'CONFLICT');
    });
  });

  describe('saved messages', () => {
    let a: Registered, b: Registered, outsider: Registered;
    let roomId: string;
    beforeAll(async () => {
      [a, b, outsider] = await Promise.all([register(t), register(t), register(t)]);
      roomId = (await roomWith(t, a, { members: [b] })).id;
    });
    const save = (u: Registered, id: string) => t.http().put(`/api/messages/${id}/save`).set(as(u));
    const unsave = (u: Registered, id: string) => t.http().delete(`/api/messages/${id}/save`).set(as(u));
    const saved = async (u: Registered, query: Record<string, string | number> = {}) => {
      const res = await t.http().get('/api/saved').query(query).set(as(u));
      expectStatus(res, 200);
      return res.body as SavedMessage[];
    };

    it('saves (204), lists newest save first with savedAt, privately, pages with before, and unsaves', async () => {
      const ms = [];
      for (const body of ['keep one', 'keep two', 'keep three']) ms.push(await say(t, a, roomId, body));
      for (const m of ms) expectStatus(await save(b, m.id), 204);
      expectStatus(await save(b, ms[0]!.id), 204); // a repeat changes nothing
      const all = await saved(b);
      expect(all.map((s) => s.message.body)).toEqual(['keep three', 'keep two', 'keep one']);
      expect(new Date(all[0]!.savedAt).toISOString()).toBe(all[0]!.savedAt);
      expect(all[0]!.message).toMatchObject({ roomId, sender: { id: a.user.id } });
      expect(await saved(a)).toEqual([]);
      const first = await saved(b, { limit: 2 });
      expect(first.map((s) => s.message.body)).toEqual(['keep three', 'keep two']);
      const rest = await saved(b, { limit: 2, before: first[1]!.savedAt });
      expect(rest.map((s) => s.message.body)).toEqual(['keep one']);
      expectStatus(await unsave(b, ms[1]!.id), 204);
      expect((await saved(b)).map((s) => s.message.body)).toEqual(['keep three', 'keep one']);
    });

    it('hides saved messages of rooms the user left, and shows them again after rejoining', async () => {
      const room = await roomWith(t, a, { members: [b], visibility: 'public' });
      const m = await say(t, a, room.id, 'saved then left');
      expectStatus(await save(b, m.id), 204);
      expect((await saved(b)).map((s) => s.message.id)).toContain(m.id);
      expectStatus(await t.http().post(`/api/rooms/${room.id}/leave`).set(as(b)), 204);
      expect((await saved(b)).map((s) => s.message.id)).not.toContain(m.id);
      expectStatus(await t.http().post(`/api/rooms/${room.id}/join`).set(as(b)), 200);
      expect((await saved(b)).map((s) => s.message.id)).toContain(m.id);
    });

    it('refuses messages the caller cannot see (404) and bad params (400)', async () => {
      const m = await say(t, a, roomId, 'members only');
      expectError(await save(outsider, m.id), 404, 'NOT_FOUND');
      expectError(await unsave(outsider, m.id), 404, 'NOT_FOUND');
      expectInvalid(await save(a, 'nope'), 'id');
      expectInvalid(await t.http().get('/api/saved').query({ before: 'soon' }).set(as(a)), 'before');
      expectInvalid(await t.http().get('/api/saved').query({ limit: 0 }).set(as(a)), 'limit');
    });
  });

  describe('POST /rooms/:id/unread', () => {
    let a: Registered, b: Registered, outsider: Registered;
    beforeAll(async () => {
      [a, b, outsider] = await Promise.all([register(t), register(t), register(t)]);
    });
    const unread = (u: Registered, roomId: string, body: unknown) =>
      t
        .http()
        .post(`/api/rooms/${roomId}/unread`)
        .set(as(u))
        .send(body as object);
    const roomAs = async (u: Registered, roomId: string): Promise<Room> => (await joinedRooms(t, u)).find((r) => r.id === roomId)!;

    it('moves the read marker back so that seq is the first unread, and the unread count follows', async () => {
      const roomId = (await roomWith(t, a, { members: [b] })).id;
      for (let i = 1; i <= 6; i++) await say(t, a, roomId, `n${i}`);
      expectStatus(await t.http().post(`/api/rooms/${roomId}/read`).set(as(b)).send({ seq: 6 }), 204);
      expect(await roomAs(b, roomId)).toMatchObject({ myReadSeq: 6, unreadCount: 0 });
      expectStatus(await unread(b, roomId, { seq: 4 }), 204);
      expect(await roomAs(b, roomId)).toMatchObject({ myReadSeq: 3, unreadCount: 3 });
      // never forward: a later seq leaves the marker where it is
      expectStatus(await unread(b, roomId, { seq: 5 }), 204);
      expect(await roomAs(b, roomId)).toMatchObject({ myReadSeq: 3, unreadCount: 3 });
      // and reading moves it forward again
      expectStatus(await t.http().post(`/api/rooms/${roomId}/read`).set(as(b)).send({ seq: 6 }), 204);
      expect(await roomAs(b, roomId)).toMatchObject({ myReadSeq: 6, unreadCount: 0 });
      expectStatus(await unread(b, roomId, { seq: 1 }), 204);
      expect(await roomAs(b, roomId)).toMatchObject({ myReadSeq: 0, unreadCount: 6 });
    });

    it('reaches the user’s other devices live as room:read, and a socket read moves the marker on again', async () => {
      const roomId = (await roomWith(t, a, { members: [b] })).id;
      for (let i = 1; i <= 4; i++) await say(t, a, roomId, `d${i}`);
      const device = await connect(t, b.token);
      expect(await device.send('room:read', { roomId, seq: 4 })).toEqual({ ok: true });
      await device.waitFor('room:read', (e) => e.userId === b.user.id && e.seq === 4);
      expectStatus(await unread(b, roomId, { seq: 2 }), 204);
      expect(await device.waitFor('room:read', (e) => e.userId === b.user.id && e.roomId === roomId)).toEqual({
        roomId,
        userId: b.user.id,
        seq: 1,
      });
      // the socket path skips reads it knows to be behind the marker: it must know the marker went back
      expect(await device.send('room:read', { roomId, seq: 3 })).toEqual({ ok: true });
      expect(await roomAs(b, roomId)).toMatchObject({ myReadSeq: 3, unreadCount: 1 });
    });

    it('refuses bad seqs (400) and non-members (404 / 403)', async () => {
      const roomId = (await roomWith(t, a, { members: [b] })).id;
      await say(t, a, roomId, 'x');
      expectInvalid(await unread(b, roomId, { seq: 0 }), 'seq');
      expectInvalid(await unread(b, roomId, { seq: 'one' }), 'seq');
      expectInvalid(await unread(b, roomId, {}), 'seq');
      expectInvalid(await unread(b, roomId, { seq: 1, extra: true }), 'extra');
      expectError(await unread(outsider, roomId, { seq: 1 }), 404, 'NOT_FOUND');
      const open = (await roomWith(t, a, { visibility: 'public' })).id;
      expectError(await unread(outsider, open, { seq: 1 }), 403, 'FORBIDDEN');
    });
  });
});
