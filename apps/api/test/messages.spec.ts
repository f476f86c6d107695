import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Message, MessagePage } from '@chat/contracts';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import { createRoom, expectError, expectInvalid, expectStatus, roomWith, say, startSocialApp } from './social-helpers.js';

describe('messages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSocialApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (u: Registered) => bearer(u.token);
  const post = (u: Registered, roomId: string, body: object) => t.http().post(`/api/rooms/${roomId}/messages`).set(as(u)).send(body);
  const history = (u: Registered, roomId: string, query: Record<string, string | number> = {}) =>
    t.http().get(`/api/rooms/${roomId}/messages`).query(query).set(as(u));
  const page = async (u: Registered, roomId: string, query: Record<string, string | number> = {}) => {
    const res = await history(u, roomId, query);
    expectStatus(res, 200);
    const body = res.body as MessagePage;
    return { seqs: body.messages.map((m) => m.seq), hasMore: body.hasMore, messages: body.messages };
  };
  const lastSeq = async (u: Registered, roomId: string) => {
    const res = await t.http().get(`/api/rooms/${roomId}`).set(as(u));
    expectStatus(res, 200);
    return res.body.lastSeq as number;
  };

  describe('sending', () => {
    let owner: Registered, member: Registered;
    let roomId: string;
    beforeAll(async () => {
      [owner, member] = await Promise.all([register(t), register(t)]);
      roomId = (await roomWith(t, owner, { members: [member] })).id;
    });

    it('stores a message (201) with the next seq, trimmed body and the sender', async () => {
      const clientId = `c-${randomUUID()}`;
      const res = await post(owner, roomId, { clientId, body: '  hello  ' });
      expectStatus(res, 201);
      const m = res.body as Message;
      expect(m).toMatchObject({
        roomId,
        seq: 1,
        clientId,
        body: 'hello',
        attachments: [],
        replyToId: null,
        editedAt: null,
        deletedAt: null,
        sender: { id: owner.user.id, username: owner.user.username },
      });
      expect(new Date(m.createdAt).toISOString()).toBe(m.createdAt);
      expect((await say(t, member, roomId, 'two')).seq).toBe(2);
      expect((await say(t, owner, roomId, 'three')).seq).toBe(3);
      expect(await lastSeq(member, roomId)).toBe(3);
    });

    it('accepts 4000 code points (emoji count as one) and refuses 4001', async () => {
      const ok = await post(member, roomId, { clientId: randomUUID(), body: '😀'.repeat(4000) });
      expectStatus(ok, 201);
      expect([...ok.body.body]).toHaveLength(4000);
      expectStatus(await post(member, roomId, { clientId: randomUUID(), body: ` ${'x'.repeat(4000)} ` }), 201);
      const before = await lastSeq(member, roomId);
      expectInvalid(await post(member, roomId, { clientId: randomUUID(), body: '😀'.repeat(4001) }), 'body');
      expectInvalid(await post(member, roomId, { clientId: randomUUID(), body: 'x'.repeat(4001) }), 'body');
      expect(await lastSeq(member, roomId)).toBe(before);
    });

    it('refuses empty, blank, zero-width-only and NUL bodies, a missing or malformed clientId and unknown fields', async () => {
      const before = await lastSeq(member, roomId);
      for (const body of ['', '   ', '\n\t ', '\u200B', '\u200B\u200C\u200D\uFEFF', ' \u2060 \u00A0 ']) {
        expectInvalid(await post(member, roomId, { clientId: randomUUID(), body }), 'body');
      }
      expectInvalid(await post(member, roomId, { clientId: randomUUID(), body: 'a\u0000b' }), 'body');
      expectInvalid(await post(member, roomId, { clientId: randomUUID() }), 'body');
      expectInvalid(await post(member, roomId, { clientId: randomUUID(), body: 42 }), 'body');
      expectInvalid(await post(member, roomId, { body: 'no client id' }), 'clientId');
      expectInvalid(await post(member, roomId, { clientId: '', body: 'x' }), 'clientId');
      expectInvalid(await post(member, roomId, { clientId: 'has space', body: 'x' }), 'clientId');
      expectInvalid(await post(member, roomId, { clientId: 'x'.repeat(65), body: 'x' }), 'clientId');
      expectInvalid(await post(member, roomId, { clientId: randomUUID(), body: 'x', senderId: owner.user.id }), 'senderId');
      expectInvalid(await post(member, roomId, { clientId: randomUUID(), body: 'x', seq: 1 }), 'seq');
      expect(await lastSeq(member, roomId)).toBe(before);
    });

    it('hands out gap-free, unique seqs to 60 concurrent sends from three members', async () => {
      const [a, b, c] = await Promise.all([register(t), register(t), register(t)]);
      const room = await roomWith(t, a, { members: [b, c], visibility: 'public' });
      const senders = [a, b, c];
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) => post(senders[i % 3]!, room.id, { clientId: `bulk-${i}-${randomUUID()}`, body: `m${i}` })),
      );
      expect(results.map((r) => r.status)).toEqual(Array(60).fill(201));
      const seqs = results.map((r) => r.body.seq as number).sort((x, y) => x - y);
      expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));

      const all = await page(a, room.id, { limit: 100 });
      expect(all.seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      expect(new Set(all.messages.map((m) => m.id)).size).toBe(60);
      expect(all.hasMore).toBe(false);
      // each stored body is the one its sender sent with that seq
      const bySeq = new Map(results.map((r) => [r.body.seq as number, r.body.body as string]));
      for (const m of all.messages) expect(m.body).toBe(bySeq.get(m.seq));
      expect(await lastSeq(a, room.id)).toBe(60);

      // the default page is the newest 50
      const def = await page(b, room.id);
      expect(def.seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 11));
      expect(def.hasMore).toBe(true);
    });

    it('stores one message for 20 concurrent repeats of a clientId: one 201, the rest 200 with the same message', async () => {
      const before = await lastSeq(owner, roomId);
      const clientId = `dup-${randomUUID()}`;
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => post(member, roomId, { clientId, body: `try ${i}` })));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([...Array(19).fill(200), 201]);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      const created = results.find((r) => r.status === 201)!.body as Message;
      for (const r of results) expect(r.body).toEqual(created);
      expect(created.seq).toBe(before + 1);
      expect(await lastSeq(owner, roomId)).toBe(before + 1);

      // a later repeat (even with another body) still answers the first message
      const later = await post(member, roomId, { clientId, body: 'different' });
      expectStatus(later, 200);
      expect(later.body).toEqual(created);
      const stored = (await page(owner, roomId, { after: before })).messages;
      expect(stored.map((m) => m.id)).toEqual([created.id]);

      // another sender may use the same clientId for a message of their own
      const other = await post(owner, roomId, { clientId, body: 'mine' });
      expectStatus(other, 201);
      expect(other.body.id).not.toBe(created.id);
      expect(other.body.seq).toBe(before + 2);
    });

    it('keeps seqs gap-free when repeats and new messages race', async () => {
      const [a, b] = await Promise.all([register(t), register(t)]);
      const room = await roomWith(t, a, { members: [b] });
      const ids = Array.from({ length: 10 }, (_, i) => `race-${i}-${randomUUID()}`);
      // each clientId sent three times by its member (a or b), all at once
      const results = await Promise.all(
        ids.flatMap((clientId, i) => [1, 2, 3].map(() => post(i % 2 ? a : b, room.id, { clientId, body: clientId }))),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(10);
      expect(results.filter((r) => r.status === 200)).toHaveLength(20);
      const all = await page(b, room.id, { limit: 100 });
      expect(all.seqs).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      expect(await lastSeq(b, room.id)).toBe(10);
    });

    it('accepts a replyToId of the same room and refuses one of another room (400) or an unknown one (400)', async () => {
      const target = await say(t, owner, roomId, 'question?');
      const reply = await say(t, member, roomId, 'answer', { replyToId: target.id });
      expect(reply.replyToId).toBe(target.id);

      const elsewhere = await createRoom(t, member, { visibility: 'public' });
      const foreign = await say(t, member, elsewhere.id, 'over here');
      const before = await lastSeq(member, roomId);
      expectInvalid(await post(member, roomId, { clientId: randomUUID(), body: 'x', replyToId: foreign.id }), 'replyToId');
      expectInvalid(await post(member, roomId, { clientId: randomUUID(), body: 'x', replyToId: randomUUID() }), 'replyToId');
      expectInvalid(await post(member, roomId, { clientId: randomUUID(), body: 'x', replyToId: 'nope' }), 'replyToId');
      expect(await lastSeq(member, roomId)).toBe(before);
    });

    it('answers sends that race the deletion of their room with 201 or 404, never a 500', async () => {
      const [a, b] = await Promise.all([register(t), register(t)]);
      const rooms = await Promise.all([1, 2, 3].map(() => roomWith(t, a, { members: [b] })));
      const results = await Promise.all(
        rooms.flatMap((room) => [
          ...Array.from({ length: 15 }, (_, i) => post(b, room.id, { clientId: randomUUID(), body: `m${i}` })),
          t.http().delete(`/api/rooms/${room.id}`).set(as(a)),
        ]),
      );
      for (const r of results) expect([201, 204, 404]).toContain(r.status);
      expect(results.filter((r) => r.status === 204)).toHaveLength(3);
    });

    it('refuses a non-member: 403 in a public room, 404 in a private one', async () => {
      const outsider = await register(t);
      const pub = await createRoom(t, owner, { visibility: 'public' });
      await say(t, owner, pub.id, 'public words');
      expectError(await post(outsider, pub.id, { clientId: randomUUID(), body: 'hi' }), 403, 'FORBIDDEN');
      expectError(await history(outsider, pub.id), 403, 'FORBIDDEN');
      expectError(await post(outsider, roomId, { clientId: randomUUID(), body: 'hi' }), 404, 'NOT_FOUND');
      expectError(await history(outsider, roomId), 404, 'NOT_FOUND');
      expectError(await history(outsider, randomUUID()), 404, 'NOT_FOUND');
      expectError(await post(outsider, randomUUID(), { clientId: randomUUID(), body: 'hi' }), 404, 'NOT_FOUND');
      expect(await lastSeq(owner, pub.id)).toBe(1);
    });
  });

  describe('history paging', () => {
    let a: Registered;
    let roomId: string;
    beforeAll(async () => {
      a = await register(t);
      roomId = (await createRoom(t, a, { visibility: 'private' })).id;
      for (let i = 1; i <= 7; i++) await say(t, a, roomId, `m${i}`);
    });

    it('answers the newest page in ascending order, with hasMore when older messages remain', async () => {
      expect(await page(a, roomId, { limit: 3 })).toMatchObject({ seqs: [5, 6, 7], hasMore: true });
      expect(await page(a, roomId, { limit: 7 })).toMatchObject({ seqs: [1, 2, 3, 4, 5, 6, 7], hasMore: false });
      expect(await page(a, roomId)).toMatchObject({ seqs: [1, 2, 3, 4, 5, 6, 7], hasMore: false });
      const p = await page(a, roomId, { limit: 1 });
      expect(p.messages[0]).toMatchObject({ seq: 7, body: 'm7' });
    });

    it('pages back with before', async () => {
      expect(await page(a, roomId, { before: 5, limit: 3 })).toMatchObject({ seqs: [2, 3, 4], hasMore: true });
      expect(await page(a, roomId, { before: 2, limit: 3 })).toMatchObject({ seqs: [1], hasMore: false });
      expect(await page(a, roomId, { before: 4, limit: 3 })).toMatchObject({ seqs: [1, 2, 3], hasMore: false });
      expect(await page(a, roomId, { before: 1 })).toMatchObject({ seqs: [], hasMore: false });
    });

    it('catches up with after, ascending from the marker, with hasMore when newer messages remain', async () => {
      expect(await page(a, roomId, { after: 0, limit: 3 })).toMatchObject({ seqs: [1, 2, 3], hasMore: true });
      expect(await page(a, roomId, { after: 3, limit: 3 })).toMatchObject({ seqs: [4, 5, 6], hasMore: true });
      expect(await page(a, roomId, { after: 4, limit: 3 })).toMatchObject({ seqs: [5, 6, 7], hasMore: false });
      expect(await page(a, roomId, { after: 6 })).toMatchObject({ seqs: [7], hasMore: false });
      expect(await page(a, roomId, { after: 7 })).toMatchObject({ seqs: [], hasMore: false });
    });

    it('refuses a limit outside 1–100 and non-integer cursors (400)', async () => {
      for (const limit of ['0', '101', '-1', 'x', '1.5']) expectInvalid(await history(a, roomId, { limit }), 'limit');
      expectStatus(await history(a, roomId, { limit: '100' }), 200);
      expectStatus(await history(a, roomId, { limit: '1' }), 200);
      expectInvalid(await history(a, roomId, { before: 'x' }), 'before');
      expectInvalid(await history(a, roomId, { after: 'x' }), 'after');
      expectInvalid(await history(a, roomId, { after: '-1' }), 'after');
      expectInvalid(await history(a, roomId, { sort: 'desc' }), 'sort');
    });
  });

  describe('editing and deleting', () => {
    let owner: Registered, admin: Registered, member: Registered, other: Registered, outsider: Registered;
    let roomId: string;
    beforeAll(async () => {
      [owner, admin, member, other, outsider] = await Promise.all([register(t), register(t), register(t), register(t), register(t)]);
      roomId = (await roomWith(t, owner, { admins: [admin], members: [member, other] })).id;
    });
    const edit = (u: Registered, id: string, body: unknown) => t.http().patch(`/api/messages/${id}`).set(as(u)).send({ body });
    const remove = (u: Registered, id: string) => t.http().delete(`/api/messages/${id}`).set(as(u));

    it('lets only the sender edit (others 403, even the owner; outsider 404), setting editedAt', async () => {
      const m = await say(t, member, roomId, 'first draft');
      expectError(await edit(other, m.id, 'hijack'), 403, 'FORBIDDEN');
      expectError(await edit(owner, m.id, 'hijack'), 403, 'FORBIDDEN');
      expectError(await edit(outsider, m.id, 'hijack'), 404, 'NOT_FOUND');
      expectError(await edit(member, randomUUID(), 'x'), 404, 'NOT_FOUND');
      expectInvalid(await edit(member, 'nope', 'x'), 'id');
      expectInvalid(await edit(member, m.id, '  \u200B '), 'body');
      expectInvalid(await edit(member, m.id, 'x'.repeat(4001)), 'body');
      expectInvalid(await edit(member, m.id, 'a\u0000'), 'body');

      const res = await edit(member, m.id, '  final  ');
      expectStatus(res, 200);
      expect(res.body).toMatchObject({ id: m.id, seq: m.seq, body: 'final', clientId: m.clientId });
      expect(res.body.editedAt).toEqual(expect.any(String));
      expect(Date.parse(res.body.editedAt)).toBeGreaterThanOrEqual(Date.parse(m.createdAt));

      const stored = (await page(other, roomId, { after: m.seq - 1, limit: 1 })).messages[0]!;
      expect(stored).toMatchObject({ id: m.id, body: 'final', editedAt: res.body.editedAt });
    });

    it('lets the sender delete (204), leaving a tombstone with the same id and seq in history', async () => {
      const m = await say(t, member, roomId, 'oops');
      const after = await say(t, other, roomId, 'next');
      expectError(await remove(outsider, m.id), 404, 'NOT_FOUND');
      expectError(await remove(other, m.id), 403, 'FORBIDDEN');
      expectStatus(await remove(member, m.id), 204);

      const { messages, seqs } = await page(owner, roomId, { after: m.seq - 1 });
      expect(seqs).toEqual([m.seq, after.seq]);
      expect(messages[0]).toMatchObject({ id: m.id, seq: m.seq, body: '', attachments: [], sender: { id: member.user.id } });
      expect(messages[0]!.deletedAt).toEqual(expect.any(String));
      expect(messages[1]).toMatchObject({ id: after.id, body: 'next', deletedAt: null });
      // a deleted message cannot be edited back to life
      expectError(await edit(member, m.id, 'back'), 409, 'CONFLICT');
    });

    it("lets admins and owners delete others' messages; a plain member cannot (403)", async () => {
      const m1 = await say(t, member, roomId, 'spam 1');
      const m2 = await say(t, admin, roomId, 'spam 2');
      expectError(await remove(other, m1.id), 403, 'FORBIDDEN');
      expectError(await remove(member, m2.id), 403, 'FORBIDDEN');
      expectStatus(await remove(admin, m1.id), 204);
      expectStatus(await remove(owner, m2.id), 204);
      const { messages } = await page(member, roomId, { after: m1.seq - 1 });
      expect(messages.map((m) => [m.id, m.body, m.deletedAt !== null])).toEqual([
        [m1.id, '', true],
        [m2.id, '', true],
      ]);
      const room = await t.http().get(`/api/rooms/${roomId}`).set(as(member));
      expect(room.body.lastMessage).toMatchObject({ id: m2.id, body: '', deletedAt: expect.any(String) });
    });

    it('hides messages of a public room from non-members (edit/delete 404)', async () => {
      const pub = await createRoom(t, owner, { visibility: 'public' });
      const m = await say(t, owner, pub.id, 'public');
      expectError(await edit(outsider, m.id, 'x'), 404, 'NOT_FOUND');
      expectError(await remove(outsider, m.id), 404, 'NOT_FOUND');
      expect((await page(owner, pub.id)).messages[0]).toMatchObject({ body: 'public', deletedAt: null });
    });
  });
});
