import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Message, User } from '@chat/contracts';
import { DataSource } from 'typeorm';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import { expectError, expectInvalid, expectStatus, roomWith, say, startSocialApp } from './social-helpers.js';
import { closeAllSockets, connect } from './socket-helpers.js';
import { allForegroundStatements, fewestQueries } from './support/queries.js';

/** Contract v2 → Expression: emoji reactions (REST, `reaction:set`, `reaction:updated`, `Message.reactions`). */
describe('expression: reactions', () => {
  let t: TestApp;
  let owner: Registered, member: Registered, outsider: Registered;
  let roomId: string;
  beforeAll(async () => {
    t = await startSocialApp();
    [owner, member, outsider] = await Promise.all([register(t), register(t), register(t)]);
    roomId = (await roomWith(t, owner, { members: [member] })).id;
  });
  afterEach(() => {
    closeAllSockets();
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (u: Registered) => bearer(u.token);
  const path = (id: string, emoji: string, raw = false) => `/api/messages/${id}/reactions/${raw ? emoji : encodeURIComponent(emoji)}`;
  const react = (u: Registered, id: string, emoji: string, raw = false) =>
    t
      .http()
      .put(path(id, emoji, raw))
      .set(as(u));
  const unreact = (u: Registered, id: string, emoji: string) => t.http().delete(path(id, emoji)).set(as(u));
  const history = async (u: Registered, room = roomId) => {
    const res = await t.http().get(`/api/rooms/${room}/messages`).set(as(u));
    expectStatus(res, 200);
    return res.body.messages as Message[];
  };
  const seen = async (u: Registered, id: string) => (await history(u)).find((m) => m.id === id)!;

  it('accepts one emoji: plain, skin-toned, ZWJ sequences, flags (204)', async () => {
    const m = await say(t, owner, roomId, 'react to me');
    for (const e of ['👍', '👍🏽', '👨‍👩‍👧', '🏳️‍🌈']) expectStatus(await react(member, m.id, e), 204);
    expect((await seen(owner, m.id)).reactions).toEqual(['👍', '👍🏽', '👨‍👩‍👧', '🏳️‍🌈'].map((emoji) => ({ emoji, count: 1, me: false })));
  });

  it('refuses anything but one emoji (400 VALIDATION_FAILED), also a broken URL encoding', async () => {
    const m = await say(t, owner, roomId, 'not that');
    for (const e of ['a', '👍👍', 'xyz', ' ', '🏽']) expectInvalid(await react(member, m.id, e), 'emoji');
    expectError(await react(member, m.id, '%F0%9F', true), 400, 'VALIDATION_FAILED');
    expectInvalid(await react(member, 'nope', '👍'), 'id');
    expect((await seen(owner, m.id)).reactions).toEqual([]);
  });

  it('counts per emoji with `me` for each reader, and tells who reacted', async () => {
    const m = await say(t, owner, roomId, 'count me');
    expectStatus(await react(member, m.id, '🎉'), 204);
    expectStatus(await react(owner, m.id, '🎉'), 204);
    expectStatus(await react(owner, m.id, '❤'), 204); // stored fully qualified
    expect((await seen(owner, m.id)).reactions).toEqual([
      { emoji: '🎉', count: 2, me: true },
      { emoji: '❤️', count: 1, me: true },
    ]);
    expect((await seen(member, m.id)).reactions).toEqual([
      { emoji: '🎉', count: 2, me: true },
      { emoji: '❤️', count: 1, me: false },
    ]);
    const who = await t.http().get(path(m.id, '🎉')).set(as(member));
    expectStatus(who, 200);
    expect((who.body as User[]).map((u) => u.id)).toEqual([member.user.id, owner.user.id]);
    expect(who.body[0]).toMatchObject({ username: member.user.username, friendship: 'self' });
    expect(who.body[0]).not.toHaveProperty('email');
    expectStatus(await unreact(member, m.id, '🎉'), 204);
    expectStatus(await unreact(member, m.id, '🎉'), 204); // a repeat changes nothing
    expect((await seen(member, m.id)).reactions).toEqual([
      { emoji: '🎉', count: 1, me: false },
      { emoji: '❤️', count: 1, me: false },
    ]);
    // pins, search and the room list's last message carry them too
    expectStatus(await t.http().put(`/api/messages/${m.id}/pin`).set(as(owner)), 204);
    const pins = await t.http().get(`/api/rooms/${roomId}/pins`).set(as(member));
    expect((pins.body as Message[]).find((x) => x.id === m.id)!.reactions).toHaveLength(2);
    const found = await t.http().get('/api/search/messages').query({ q: 'count me', roomId }).set(as(owner));
    expect(found.body.results[0].message.reactions).toEqual([
      { emoji: '🎉', count: 1, me: true },
      { emoji: '❤️', count: 1, me: true },
    ]);
  });

  it('allows 20 distinct emoji on a message, 409 past it; a known one still counts', async () => {
    const m = await say(t, owner, roomId, 'full up');
    const twenty = [...'😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙🥲😚🙂'];
    expect(twenty).toHaveLength(20);
    for (const e of twenty) expectStatus(await react(owner, m.id, e), 204);
    expectError(await react(owner, m.id, '🤗'), 409, 'CONFLICT');
    expectStatus(await react(member, m.id, '😀'), 204);
    expect((await seen(member, m.id)).reactions).toHaveLength(20);
  });

  it('keeps the counts exact and the cap under concurrent reactions', async () => {
    const others = await Promise.all(Array.from({ length: 12 }, () => register(t)));
    const room = (await roomWith(t, owner, { members: others })).id;
    const inRoom = async (id: string) => (await history(owner, room)).find((m) => m.id === id)!;
    // twelve at once on one emoji: each change is counted on top of the others
    const popular = await say(t, owner, room, 'popular');
    for (const res of await Promise.all(others.map((u) => react(u, popular.id, '👍')))) expectStatus(res, 204);
    expect((await inRoom(popular.id)).reactions).toEqual([{ emoji: '👍', count: 12, me: false }]);
    // 18 distinct already, twelve new ones at once: two fit, ten are refused
    const crowded = await say(t, owner, room, 'crowded');
    for (const e of [...'😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙🥲']) expectStatus(await react(owner, crowded.id, e), 204);
    const fresh = [...'🤗🤩🤔🤨😐😑😶🙄😏😣😥😮'];
    const answers = await Promise.all(others.map((u, i) => react(u, crowded.id, fresh[i]!)));
    expect(answers.map((r) => r.status).sort()).toEqual([...Array(2).fill(204), ...Array(10).fill(409)]);
    expect((await inRoom(crowded.id)).reactions).toHaveLength(20);
  });

  it('hides a message of a room the caller is not in (404)', async () => {
    const m = await say(t, owner, roomId, 'members only');
    expectError(await react(outsider, m.id, '👍'), 404, 'NOT_FOUND');
    expectError(await unreact(outsider, m.id, '👍'), 404, 'NOT_FOUND');
    expectError(await t.http().get(path(m.id, '👍')).set(as(outsider)), 404, 'NOT_FOUND');
    expectError(await react(owner, '00000000-0000-4000-8000-000000000000', '👍'), 404, 'NOT_FOUND');
  });

  it('removes reactions with their message, and refuses new ones on it (409)', async () => {
    const m = await say(t, owner, roomId, 'short-lived');
    expectStatus(await react(member, m.id, '👍'), 204);
    expectStatus(await t.http().delete(`/api/messages/${m.id}`).set(as(owner)), 204);
    expect((await seen(member, m.id)).reactions).toEqual([]);
    expect((await t.http().get(path(m.id, '👍')).set(as(member))).body).toEqual([]);
    expectError(await react(member, m.id, '👍'), 409, 'CONFLICT');
  });

  it('reaction:set acks, announces one reaction:updated per change to the room, none for a repeat', async () => {
    const m = await say(t, owner, roomId, 'live reactions');
    const [watcher, reactor] = await Promise.all([connect(t, owner.token), connect(t, member.token)]);
    expect(await reactor.send('reaction:set', { messageId: m.id, emoji: '🔥', on: true })).toEqual({ ok: true });
    const event = { roomId, messageId: m.id, emoji: '🔥', userId: member.user.id, on: true, count: 1 };
    expect(await watcher.waitFor('reaction:updated', (e) => e.messageId === m.id)).toEqual(event);
    expect(await reactor.waitFor('reaction:updated', (e) => e.messageId === m.id)).toEqual(event);
    expect(await reactor.send('reaction:set', { messageId: m.id, emoji: '🔥', on: true })).toEqual({ ok: true });
    expectStatus(await react(member, m.id, '🔥'), 204);
    await watcher.expectNo('reaction:updated', (e) => e.messageId === m.id);
    expectStatus(await react(owner, m.id, '🔥'), 204);
    expect(await watcher.waitFor('reaction:updated', (e) => e.messageId === m.id)).toEqual({ ...event, userId: owner.user.id, count: 2 });
    expect(await reactor.send('reaction:set', { messageId: m.id, emoji: '🔥', on: false })).toEqual({ ok: true });
    expect(await watcher.waitFor('reaction:updated', (e) => e.messageId === m.id)).toEqual({ ...event, on: false, count: 1 });
    const bad = await reactor.send('reaction:set', { messageId: m.id, emoji: 'xyz', on: true });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const stranger = await connect(t, outsider.token);
    const hidden = await stranger.send('reaction:set', { messageId: m.id, emoji: '🔥', on: true });
    expect(hidden).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await stranger.expectNo('reaction:updated');
  });

  it('a new message carries no reactions, in the ack and in message:new', async () => {
    const watcher = await connect(t, member.token);
    const m = await say(t, owner, roomId, 'fresh');
    expect(m.reactions).toEqual([]);
    expect((await watcher.waitFor('message:new', (x) => x.id === m.id)).reactions).toEqual([]);
  });

  it('presents a history page with reactions in at most one more query than one without', async () => {
    const dataSource = t.app.get(DataSource);
    const countQueries = async (u: Registered, room: string) => {
      await history(u, room); // warm-up: the session's throttled "last used" update, the sender cache
      const { result: messages, queries } = await fewestQueries(dataSource, () => history(u, room));
      return { reactions: messages.reduce((n, m) => n + m.reactions.length, 0), queries: queries.length };
    };
    const roomOf = async (messages: number, reactions: boolean) => {
      const r = await roomWith(t, owner, { members: [member] });
      for (let i = 0; i < messages; i++) {
        const m = await say(t, owner, r.id, `m${i}`);
        if (reactions) {
          expectStatus(await react(member, m.id, '👍'), 204);
          expectStatus(await react(owner, m.id, '🎉'), 204);
        }
      }
      return r.id;
    };
    const plain = await countQueries(member, await roomOf(12, false));
    const few = await countQueries(member, await roomOf(2, true));
    const many = await countQueries(member, await roomOf(12, true));
    expect([plain.reactions, few.reactions, many.reactions]).toEqual([0, 4, 24]);
    expect(many.queries).toBe(few.queries);
    expect(many.queries).toBeLessThanOrEqual(plain.queries + 1);
  });
  it("fans reaction:updated out in the same queries whatever the room's size: none per recipient", async () => {
    /**
     * A room of `size` members, every one connected; the owner's reaction counted twice (the fewer of the two: a
     * background statement, such as a socket's presence write, can land in one window; a per-recipient query lands in
     * both).
     */
    const reactionIn = async (size: number) => {
      const others = await Promise.all(Array.from({ length: size - 1 }, () => register(t)));
      const r = await roomWith(t, owner, { members: others });
      const m = await say(t, owner, r.id, 'fan-out');
      const sockets = await Promise.all([owner, ...others].map((u) => connect(t, u.token)));
      const toggle = async (on: boolean) => {
        expectStatus(await (on ? react : unreact)(owner, m.id, '✅'), 204);
        await Promise.all(sockets.map((s) => s.waitFor('reaction:updated', (e) => e.messageId === m.id && e.on === on)));
      };
      // the reaction itself is one named statement on the hot statements' pool: every pool's statements are counted
      const counted = async () => (await allForegroundStatements(() => toggle(true))).length;
      await toggle(true); // warm-up: caches, the session's "last used"
      await toggle(false);
      const first = await counted();
      await toggle(false);
      return Math.min(first, await counted());
    };
    const small = await reactionIn(2);
    const big = await reactionIn(12);
    expect(small).toBeGreaterThan(0);
    expect(big).toBe(small);
  });
});
