import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import type { Message, Notification, Room } from '@chat/contracts';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import { expectInvalid, expectStatus, joinedRooms, roomWith, say, startSocialApp } from './social-helpers.js';
import { closeAllSockets, connect, sleep } from './socket-helpers.js';
import { fewestQueries } from './support/queries.js';

/** Contract v2 → Expression: mentions resolved by the server, `roomMentions`, `mentionCount`, mention notifications. */
describe('expression: mentions', () => {
  let t: TestApp;
  let owner: Registered, admin: Registered, member: Registered, other: Registered, outsider: Registered;
  let roomId: string;
  beforeAll(async () => {
    t = await startSocialApp();
    [owner, admin, member, other, outsider] = await Promise.all([register(t), register(t), register(t), register(t), register(t)]);
    roomId = (await roomWith(t, owner, { admins: [admin], members: [member, other] })).id;
  });
  afterEach(() => {
    closeAllSockets();
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (u: Registered) => bearer(u.token);
  const name = (u: Registered) => u.user.username;
  const none = { userIds: [], room: false, here: false };
  const room = async (u: Registered, id = roomId) => {
    const res = await t.http().get(`/api/rooms/${id}`).set(as(u));
    expectStatus(res, 200);
    return res.body as Room;
  };
  const setMentions = async (u: Registered, roomMentions: string, id = roomId) =>
    t.http().patch(`/api/rooms/${id}`).set(as(u)).send({ roomMentions });
  const mentionNotes = async (u: Registered) => {
    const res = await t.http().get('/api/notifications').set(as(u));
    return (res.body as Notification[]).filter((n) => n.type === 'mention');
  };

  it('resolves @username of members (case-insensitive), never non-members nor the sender', async () => {
    const m = await say(t, member, roomId, `hi @${name(other).toUpperCase()} @${name(outsider)} @${name(member)} and @nobody_here`);
    expect(m.mentions).toEqual({ userIds: [other.user.id], room: false, here: false });
    const seen = await t.http().get(`/api/rooms/${roomId}/messages`).set(as(owner));
    expect((seen.body.messages as Message[]).find((x) => x.id === m.id)!.mentions).toEqual(m.mentions);
    expect((await say(t, member, roomId, 'no mention, mail a@b.example')).mentions).toEqual(none);
  });

  it('ignores mentions inside inline code and code blocks', async () => {
    const body = [`\`@${name(other)}\` and \`\`@room\`\``, '```', `@${name(admin)} @here`, '```', `but @${name(owner)}`].join('\n');
    const m = await say(t, admin, roomId, body);
    expect(m.mentions).toEqual({ userIds: [owner.user.id], room: false, here: false });
    expect(m.body).toBe(body); // stored verbatim
    const unterminated = await say(t, admin, roomId, `~~~\n@${name(other)}`);
    expect(unterminated.mentions).toEqual(none);
  });

  it('@room and @here: admins only by default, everyone once the room says so (admins set it)', async () => {
    expect((await room(member)).roomMentions).toBe('admins');
    expect((await say(t, member, roomId, '@room look')).mentions).toEqual(none);
    expect((await say(t, member, roomId, '@here look')).mentions).toEqual(none);
    expect((await say(t, admin, roomId, '@room @here look')).mentions).toEqual({ userIds: [], room: true, here: true });
    expect((await say(t, owner, roomId, '@room')).mentions).toMatchObject({ room: true });
    expectStatus(await setMentions(member, 'everyone'), 403);
    expectInvalid(await setMentions(owner, 'nobody'), 'roomMentions');
    const changed = await setMentions(admin, 'everyone');
    expectStatus(changed, 200);
    expect((await room(member)).roomMentions).toBe('everyone');
    expect((await say(t, member, roomId, '@room look')).mentions).toEqual({ userIds: [], room: true, here: false });
    expectStatus(await setMentions(owner, 'admins'), 200);
  });

  it('re-resolves mentions on edit', async () => {
    const m = await say(t, member, roomId, 'plain');
    const res = await t
      .http()
      .patch(`/api/messages/${m.id}`)
      .set(as(member))
      .send({ body: `now @${name(other)}` });
    expectStatus(res, 200);
    expect((res.body as Message).mentions).toEqual({ userIds: [other.user.id], room: false, here: false });
    const back = await t
      .http()
      .patch(`/api/messages/${m.id}`)
      .set(as(member))
      .send({ body: `\`@${name(other)}\`` });
    expect((back.body as Message).mentions).toEqual(none);
  });

  it('mentionCount counts unread mentions of the caller, @room and @here, and falls to 0 past the read marker', async () => {
    const [u, v, w] = await Promise.all([register(t), register(t), register(t)]);
    const r = await roomWith(t, u, { members: [v, w] });
    expect((await room(v, r.id)).mentionCount).toBe(0);
    await say(t, u, r.id, `hey @${name(v)}`);
    await say(t, u, r.id, `hey @${name(w)}`);
    await say(t, u, r.id, 'nothing');
    await say(t, u, r.id, '@room all');
    const deleted = await say(t, u, r.id, `gone @${name(v)}`);
    expectStatus(await t.http().delete(`/api/messages/${deleted.id}`).set(as(u)), 204);
    await say(t, v, r.id, `my own @room`); // v's own (v may not use @room, and own messages never count)
    expect((await room(v, r.id)).mentionCount).toBe(2);
    expect((await room(w, r.id)).mentionCount).toBe(2);
    expect((await room(u, r.id)).mentionCount).toBe(0);
    expect((await joinedRooms(t, v)).find((x) => x.id === r.id)).toMatchObject({ mentionCount: 2, roomMentions: 'admins' });
    const last = (await room(v, r.id)).lastSeq;
    expectStatus(await t.http().post(`/api/rooms/${r.id}/read`).set(as(v)).send({ seq: 2 }), 204);
    expect((await room(v, r.id)).mentionCount).toBe(1);
    expectStatus(await t.http().post(`/api/rooms/${r.id}/read`).set(as(v)).send({ seq: last }), 204);
    expect((await room(v, r.id)).mentionCount).toBe(0);
  });

  it('notifies named members; @room every member; @here only the members online (stored online or not)', async () => {
    const [u, off1, off2, on] = await Promise.all([register(t), register(t), register(t), register(t)]);
    const r = await roomWith(t, u, { members: [off1, off2, on] });
    await connect(t, on.token);
    await sleep(100);
    await say(t, u, r.id, `@${name(off1)} look`);
    await sleep(200);
    expect(await mentionNotes(off1)).toHaveLength(1);
    expect(await mentionNotes(off2)).toHaveLength(0);
    await say(t, u, r.id, '@here online ones'); // targets `on` only, who is online
    await sleep(200);
    expect(await mentionNotes(off2)).toHaveLength(0);
    expect(await mentionNotes(on)).toHaveLength(1);
    await say(t, u, r.id, '@room everyone');
    await sleep(200);
    expect(await mentionNotes(off1)).toHaveLength(2);
    expect(await mentionNotes(off2)).toHaveLength(1);
    expect(await mentionNotes(on)).toHaveLength(2);
    await say(t, u, r.id, '`@room` in code');
    await sleep(200);
    expect(await mentionNotes(off2)).toHaveLength(1);
  });

  it('costs a plain message no query of its own for mentions; a mention costs one', async () => {
    const dataSource = t.app.get(DataSource);
    const queriesOf = async (body: string) => {
      await say(t, member, roomId, 'warm-up'); // the session's throttled "last used" update, caches
      // an earlier send's after-ack work (its notifications) can land in one window, never in both
      return (await fewestQueries(dataSource, () => say(t, member, roomId, body))).queries;
    };
    const plain = await queriesOf('just text, no handle');
    const mentioning = await queriesOf(`hi @${name(other)}`);
    // the group-commit write is a prepared statement (not logged): a plain message logs nothing at all
    expect(plain).toEqual([]);
    expect(mentioning.filter((q) => /lower\(u\.username\)/.test(q))).toHaveLength(1);
  });
});
