import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, register, type TestApp, startTestApp } from './harness.js';
import { createRoom, join, say } from './social-helpers.js';
import { expectError } from './support/errors.js';

/** The actions that cost the server and others work without sending a message are limited too. */
describe('limits beyond sends', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      REGISTER_LIMIT_PER_IP: '1000',
      MESSAGE_RATE_PER_SECOND: '1',
      MESSAGE_BURST: '3',
      MEMBERSHIP_CHANGES_PER_MINUTE: '3',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts edits against the per-user send limit: past it an edit answers 429 and changes nothing', async () => {
    const owner = await register(t);
    const room = await createRoom(t, owner);
    const message = await say(t, owner, room.id, 'v0');
    const edit = (body: string) => t.http().patch(`/api/messages/${message.id}`).set(bearer(owner.token)).send({ body });
    const statuses = [(await edit('v1')).status, (await edit('v2')).status];
    expect(statuses).toEqual([200, 200]);
    const over = await edit('v3');
    expectError(over, 429, 'RATE_LIMITED');
    const history = await t.http().get(`/api/rooms/${room.id}/messages`).set(bearer(owner.token));
    expect(history.body.messages[0].body).toBe('v2');
  });

  it('limits joins and leaves per user (MEMBERSHIP_CHANGES_PER_MINUTE): past it 429, and the membership stays as it was', async () => {
    const owner = await register(t);
    const hopper = await register(t);
    const room = await createRoom(t, owner, { visibility: 'public' });
    await join(t, hopper, room.id);
    expect((await t.http().post(`/api/rooms/${room.id}/leave`).set(bearer(hopper.token))).status).toBe(204);
    await join(t, hopper, room.id);
    const over = await t.http().post(`/api/rooms/${room.id}/leave`).set(bearer(hopper.token));
    expectError(over, 429, 'RATE_LIMITED');
    const members = await t.http().get(`/api/rooms/${room.id}/members`).set(bearer(owner.token));
    expect(members.body.map((m: { user: { id: string } }) => m.user.id)).toContain(hopper.user.id);
  });
});
