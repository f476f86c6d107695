import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AroundPage, Message, SearchPage } from '@chat/contracts';
import { uploadFile } from './file-helpers.js';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import { expectError, expectInvalid, expectStatus, makeFriends, roomWith, say, startSocialApp } from './social-helpers.js';

// eslint-disable-next-line no-control-regex -- the snippet markers are control characters
const MARKERS = /[\u0002\u0003]/g;

/** Contract v2 → Finding: `GET /search/messages` and `GET /rooms/:id/messages?around=`. */
describe('finding: search and around', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSocialApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (u: Registered) => bearer(u.token);
  const searchRaw = (u: Registered, query: Record<string, string | number>) => t.http().get('/api/search/messages').query(query).set(as(u));
  const search = async (u: Registered, query: Record<string, string | number>): Promise<SearchPage> => {
    const res = await searchRaw(u, query);
    expectStatus(res, 200);
    return res.body as SearchPage;
  };
  const bodies = async (u: Registered, query: Record<string, string | number>) =>
    (await search(u, query)).results.map((r) => r.message.body);

  describe('GET /search/messages', () => {
    let owner: Registered, member: Registered, outsider: Registered;
    let roomId: string, otherRoomId: string;
    beforeAll(async () => {
      [owner, member, outsider] = await Promise.all([register(t), register(t), register(t)]);
      roomId = (await roomWith(t, owner, { members: [member] })).id;
      otherRoomId = (await roomWith(t, outsider)).id;
      await say(t, owner, roomId, 'We should call parseConfigFile before start');
      await say(t, member, roomId, 'The deployment is deploying to staging now');
      await say(t, owner, roomId, 'my résumé is attached');
      await say(t, member, roomId, 'the quick brown fox jumps');
      await say(t, owner, roomId, 'fox brown quick the');
      await say(t, owner, roomId, 'go fast or go home');
      await say(t, outsider, otherRoomId, 'parseConfigFile secret in a room owner is not in');
    });

    it('matches a word prefix and a part of a longer token (3+ characters), newest first', async () => {
      expect(await bodies(owner, { q: 'parseConf' })).toEqual(['We should call parseConfigFile before start']);
      expect(await bodies(owner, { q: 'config' })).toEqual(['We should call parseConfigFile before start']);
      expect(await bodies(owner, { q: 'fox' })).toEqual(['fox brown quick the', 'the quick brown fox jumps']);
    });

    it('matches whole words in any form (stemming) and without accents', async () => {
      expect(await bodies(member, { q: 'deploys' })).toEqual(['The deployment is deploying to staging now']);
      expect(await bodies(member, { q: 'resume' })).toEqual(['my résumé is attached']);
      expect(await bodies(member, { q: 'go' })).toEqual(['go fast or go home']);
    });

    it('requires every word (AND) and matches "quoted phrases" in order', async () => {
      expect(await bodies(owner, { q: 'quick jumps' })).toEqual(['the quick brown fox jumps']);
      expect(await bodies(owner, { q: 'quick nothinglikethis' })).toEqual([]);
      expect(await bodies(owner, { q: '"quick brown"' })).toEqual(['the quick brown fox jumps']);
      expect(await bodies(owner, { q: '"brown quick"' })).toEqual(['fox brown quick the']);
    });

    it('answers the room and a snippet with the matched parts between \\u0002 and \\u0003 (never HTML)', async () => {
      const page = await search(owner, { q: 'config' });
      expect(page.results[0]).toMatchObject({
        room: { id: roomId, kind: 'group' },
        snippet: 'We should call parse\u0002Config\u0003File before start',
        message: { roomId, seq: 1, pinnedAt: null },
      });
      expect(typeof page.results[0]!.room.name).toBe('string');
      expect(page.nextCursor).toBeNull();
      const stemmed = await search(owner, { q: 'deploys staging' });
      expect(stemmed.results[0]!.snippet).toBe('The \u0002deployment\u0003 is \u0002deploying\u0003 to \u0002staging\u0003 now');
      await say(t, owner, roomId, '<b>bold</b> & \u0002sneaky\u0003 markers');
      expect((await search(owner, { q: 'sneaky' })).results[0]!.snippet).toBe('<b>bold</b> & \u0002sneaky\u0003 markers');
    });

    it('cuts a long body around the first match', async () => {
      const long = `${'lorem ipsum '.repeat(40)}needle in the middle ${'dolor sit '.repeat(40)}`.trim();
      await say(t, owner, roomId, long);
      const [hit] = (await search(owner, { q: 'needle' })).results;
      expect(hit!.snippet).toContain('\u0002needle\u0003 in the middle');
      expect(hit!.snippet.length).toBeLessThan(260);
      expect(long).toContain(hit!.snippet.replace(MARKERS, ''));
    });

    it('only searches rooms the caller is a member of now (left, kicked, banned)', async () => {
      expect(await bodies(outsider, { q: 'parseConfigFile' })).toEqual(['parseConfigFile secret in a room owner is not in']);
      const room = (await roomWith(t, owner, { members: [outsider] })).id;
      await say(t, owner, room, 'zanzibar plans');
      expect(await bodies(outsider, { q: 'zanzibar' })).toEqual(['zanzibar plans']);
      expectStatus(await t.http().post(`/api/rooms/${room}/leave`).set(as(outsider)), 204);
      expect(await bodies(outsider, { q: 'zanzibar' })).toEqual([]);
      expect(await bodies(owner, { q: 'zanzibar' })).toEqual(['zanzibar plans']);
      // a kicked member too
      const kicked = (await roomWith(t, owner, { members: [outsider] })).id;
      await say(t, owner, kicked, 'zanzibar reprise');
      expect(await bodies(outsider, { q: 'zanzibar' })).toEqual(['zanzibar reprise']);
      expectStatus(await t.http().delete(`/api/rooms/${kicked}/members/${outsider.user.id}`).set(as(owner)), 204);
      expect(await bodies(outsider, { q: 'zanzibar' })).toEqual([]);
      // and a banned one
      const banned = (await roomWith(t, owner, { members: [outsider] })).id;
      await say(t, owner, banned, 'zanzibar finale');
      expect(await bodies(outsider, { q: 'zanzibar' })).toEqual(['zanzibar finale']);
      expectStatus(await t.http().put(`/api/rooms/${banned}/bans/${outsider.user.id}`).set(as(owner)).send({}), 204);
      expect(await bodies(outsider, { q: 'zanzibar' })).toEqual([]);
      expect(await bodies(owner, { q: 'zanzibar' })).toEqual(['zanzibar finale', 'zanzibar reprise', 'zanzibar plans']);
    });

    it('stops finding a message once it is deleted, and follows edits', async () => {
      const m = await say(t, owner, roomId, 'ephemeral walrus');
      expect(await bodies(owner, { q: 'walrus' })).toEqual(['ephemeral walrus']);
      expectStatus(await t.http().patch(`/api/messages/${m.id}`).set(as(owner)).send({ body: 'ephemeral penguin' }), 200);
      expect(await bodies(owner, { q: 'walrus' })).toEqual([]);
      expect(await bodies(owner, { q: 'penguin' })).toEqual(['ephemeral penguin']);
      expectStatus(await t.http().delete(`/api/messages/${m.id}`).set(as(owner)), 204);
      expect(await bodies(owner, { q: 'penguin' })).toEqual([]);
      expect(await bodies(owner, { q: 'ephemeral' })).toEqual([]);
    });

    it('filters by room, sender, attachments and dates', async () => {
      const second = (await roomWith(t, owner, { members: [member] })).id;
      await say(t, member, second, 'kiwi from member');
      await say(t, owner, roomId, 'kiwi from owner');
      const file = await uploadFile(t, owner, 'kiwi bytes', 'kiwi.txt', 'text/plain');
      await say(t, owner, second, 'kiwi with a file', { attachmentIds: [file.id] });
      expect(await bodies(owner, { q: 'kiwi', roomId: second })).toEqual(['kiwi with a file', 'kiwi from member']);
      expect(await bodies(owner, { q: 'kiwi', from: member.user.id })).toEqual(['kiwi from member']);
      expect(await bodies(owner, { q: 'kiwi', has: 'file' })).toEqual(['kiwi with a file']);
      const future = new Date(Date.now() + 3_600_000).toISOString();
      expect(await bodies(owner, { q: 'kiwi', after: future })).toEqual([]);
      expect(await bodies(owner, { q: 'kiwi', before: future })).toHaveLength(3);
      expect(await bodies(owner, { q: 'kiwi', before: '2020-01-01' })).toEqual([]);
    });

    it('pages newest first with a stable cursor', async () => {
      const room = (await roomWith(t, owner)).id;
      for (let i = 1; i <= 7; i++) await say(t, owner, room, `pagination marmot ${i}`);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: SearchPage = await search(owner, { q: 'marmot', limit: 3, ...(cursor ? { cursor } : {}) });
        seen.push(...page.results.map((r) => r.message.body));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1].map((i) => `pagination marmot ${i}`));
    });

    it('names a direct room after the other member', async () => {
      await makeFriends(t, owner, member);
      const dm = await t.http().post('/api/dms').set(as(owner)).send({ userId: member.user.id });
      await say(t, member, dm.body.id, 'a private quokka');
      const [hit] = (await search(owner, { q: 'quokka' })).results;
      expect(hit!.room).toEqual({ id: dm.body.id, kind: 'direct', name: member.user.displayName });
    });

    it('refuses bad queries with 400 VALIDATION_FAILED', async () => {
      expectInvalid(await searchRaw(owner, {}), 'q');
      expectInvalid(await searchRaw(owner, { q: '' }), 'q');
      expectInvalid(await searchRaw(owner, { q: '   ' }), 'q');
      expectInvalid(await searchRaw(owner, { q: '!!! ??' }), 'q');
      expectInvalid(await searchRaw(owner, { q: 'x'.repeat(201) }), 'q');
      expectInvalid(await searchRaw(owner, { q: 'a b c d e f g h i j k' }), 'q');
      expectInvalid(await searchRaw(owner, { q: 'fox', has: 'image' }), 'has');
      expectInvalid(await searchRaw(owner, { q: 'fox', before: 'yesterday' }), 'before');
      expectInvalid(await searchRaw(owner, { q: 'fox', after: '2026-13-45' }), 'after');
      expectInvalid(await searchRaw(owner, { q: 'fox', from: 'nobody' }), 'from');
      expectInvalid(await searchRaw(owner, { q: 'fox', roomId: 'nope' }), 'roomId');
      expectInvalid(await searchRaw(owner, { q: 'fox', limit: 0 }), 'limit');
      expectInvalid(await searchRaw(owner, { q: 'fox', limit: 101 }), 'limit');
      expectInvalid(await searchRaw(owner, { q: 'fox', cursor: 'bm90LWEtY3Vyc29y' }), 'cursor');
      expectInvalid(await searchRaw(owner, { q: 'fox', cursor: 'a b' }), 'cursor');
    });

    it('answers a room filter the caller cannot read as reading it would: 404 unseen, 403 not joined', async () => {
      expectError(await searchRaw(owner, { q: 'fox', roomId: otherRoomId }), 404, 'NOT_FOUND');
      const open = (await roomWith(t, outsider, { visibility: 'public' })).id;
      expectError(await searchRaw(owner, { q: 'fox', roomId: open }), 403, 'FORBIDDEN');
      expectError(await t.http().get('/api/search/messages').query({ q: 'fox' }), 401, 'UNAUTHENTICATED');
    });
  });

  describe('GET /rooms/:id/messages?around=', () => {
    let owner: Registered, outsider: Registered;
    let roomId: string;
    beforeAll(async () => {
      [owner, outsider] = await Promise.all([register(t), register(t)]);
      roomId = (await roomWith(t, owner)).id;
      for (let i = 1; i <= 30; i++) await say(t, owner, roomId, `m${i}`);
    });
    const around = async (q: Record<string, number>) => {
      const res = await t.http().get(`/api/rooms/${roomId}/messages`).query(q).set(as(owner));
      expectStatus(res, 200);
      const page = res.body as AroundPage;
      return { seqs: page.messages.map((m: Message) => m.seq), before: page.hasMoreBefore, after: page.hasMoreAfter };
    };

    it('answers the page centred on the seq with hasMoreBefore and hasMoreAfter', async () => {
      expect(await around({ around: 15, limit: 5 })).toEqual({ seqs: [13, 14, 15, 16, 17], before: true, after: true });
      expect(await around({ around: 15, limit: 4 })).toEqual({ seqs: [14, 15, 16, 17], before: true, after: true });
      expect(await around({ around: 15, limit: 1 })).toEqual({ seqs: [15], before: true, after: true });
      expect(await around({ around: 15 })).toEqual({ seqs: Array.from({ length: 30 }, (_, i) => i + 1), before: false, after: false });
    });

    it('fills from the other side at either end', async () => {
      expect(await around({ around: 2, limit: 6 })).toEqual({ seqs: [1, 2, 3, 4, 5, 6], before: false, after: true });
      expect(await around({ around: 30, limit: 6 })).toEqual({ seqs: [25, 26, 27, 28, 29, 30], before: true, after: false });
      expect(await around({ around: 29, limit: 4 })).toEqual({ seqs: [27, 28, 29, 30], before: true, after: false });
    });

    it('gives, for every seq and limit, the message and as many before it as after it, the other side filling in', async () => {
      const n = 30;
      const wanted = (at: number, limit: number) => {
        const before = Math.min(at, n); // the seqs up to `at`, the message itself included
        const after = Math.max(n - at, 0);
        const back = Math.min(before, Math.max(Math.ceil(limit / 2), limit - after));
        const forward = Math.min(after, limit - back);
        const first = before - back + 1;
        const seqs = Array.from({ length: back + forward }, (_, i) => first + i);
        return { seqs, before: before > back, after: after > forward };
      };
      for (const limit of [1, 2, 3, 4, 5, 6, 7, 16, 29, 30, 31]) {
        for (let at = 1; at <= n + 1; at++)
          expect([at, limit, await around({ around: at, limit })]).toEqual([at, limit, wanted(at, limit)]);
      }
    });

    it('refuses bad params (400) and readers who are not members (404 / 403)', async () => {
      const get = (u: Registered, q: Record<string, string | number>, room = roomId) =>
        t.http().get(`/api/rooms/${room}/messages`).query(q).set(as(u));
      expectInvalid(await get(owner, { around: 0 }), 'around');
      expectInvalid(await get(owner, { around: 'x' }), 'around');
      expectInvalid(await get(owner, { around: 5, before: 10 }), 'around');
      expectInvalid(await get(owner, { around: 5, limit: 101 }), 'limit');
      expectError(await get(outsider, { around: 5 }), 404, 'NOT_FOUND');
      const open = (await roomWith(t, owner, { visibility: 'public' })).id;
      await say(t, owner, open, 'hello');
      expectError(await get(outsider, { around: 1 }, open), 403, 'FORBIDDEN');
    });
  });
});
