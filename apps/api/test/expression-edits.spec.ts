import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MessageEdit } from '@chat/contracts';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import { expectError, expectInvalid, expectStatus, roomWith, say, startSocialApp } from './social-helpers.js';

/** Contract v2 → Expression: edit history (`GET /messages/:id/edits`). */
describe('expression: edit history', () => {
  let t: TestApp;
  let owner: Registered, member: Registered, outsider: Registered;
  let roomId: string;
  beforeAll(async () => {
    t = await startSocialApp();
    [owner, member, outsider] = await Promise.all([register(t), register(t), register(t)]);
    roomId = (await roomWith(t, owner, { members: [member] })).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (u: Registered) => bearer(u.token);
  const edit = async (u: Registered, id: string, body: string) => {
    const res = await t.http().patch(`/api/messages/${id}`).set(as(u)).send({ body });
    expectStatus(res, 200);
  };
  const edits = (u: Registered, id: string) => t.http().get(`/api/messages/${id}/edits`).set(as(u));

  it('keeps every earlier body, oldest first, with when it was replaced; members only', async () => {
    const m = await say(t, member, roomId, 'first');
    const none = await edits(owner, m.id);
    expectStatus(none, 200);
    expect(none.body).toEqual([]);
    await edit(member, m.id, 'second');
    await edit(member, m.id, 'third');
    await edit(member, m.id, 'fourth');
    const res = await edits(owner, m.id);
    expectStatus(res, 200);
    const history = res.body as MessageEdit[];
    expect(history.map((e) => e.body)).toEqual(['first', 'second', 'third']);
    for (const e of history) expect(new Date(e.editedAt).toISOString()).toBe(e.editedAt);
    expect([...history.map((e) => e.editedAt)].sort()).toEqual(history.map((e) => e.editedAt));
    const current = await t.http().get(`/api/rooms/${roomId}/messages`).set(as(owner));
    expect(current.body.messages.find((x: { id: string }) => x.id === m.id)).toMatchObject({ body: 'fourth' });
    expectError(await edits(outsider, m.id), 404, 'NOT_FOUND');
    expectError(await edits(owner, '00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    expectInvalid(await edits(owner, 'nope'), 'id');
  });

  it('deletes the history with the message', async () => {
    const m = await say(t, member, roomId, 'draft');
    await edit(member, m.id, 'final');
    expect((await edits(member, m.id)).body).toHaveLength(1);
    expectStatus(await t.http().delete(`/api/messages/${m.id}`).set(as(owner)), 204);
    const res = await edits(member, m.id);
    expectStatus(res, 200);
    expect(res.body).toEqual([]);
  });
});
