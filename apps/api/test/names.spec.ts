import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, register, type Registered, startTestApp, type TestApp, uniqueName } from './harness.js';
import { expectInvalid } from './support/errors.js';

/** Names and descriptions others read refuse control characters and bidi overrides, which could disguise them. */
describe('names and descriptions', () => {
  let t: TestApp;
  let u: Registered;
  beforeAll(async () => {
    t = await startTestApp({ REGISTER_LIMIT_PER_IP: '1000' });
    u = await register(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const BAD = ['evil\u202Egpj.exe', 'bell\u0007', 'next\u0085line', 'tab\there', 'iso\u2066late\u2069', 'del\u007F'];

  it.each(BAD)('refuses %j as a display name, at registration and in a profile edit', async (name) => {
    const username = uniqueName();
    const res = await t
      .http()
      .post('/api/auth/register')
      .send({ username, email: `${username}@example.test`, password: 'correct horse battery', displayName: name });
    expectInvalid(res, 'displayName');
    expectInvalid(await t.http().patch('/api/users/me').set(bearer(u.token)).send({ displayName: name }), 'displayName');
  });

  it.each(BAD)('refuses %j as a room name and as a description', async (text) => {
    expectInvalid(await t.http().post('/api/rooms').set(bearer(u.token)).send({ name: text }), 'name');
    expectInvalid(await t.http().post('/api/rooms').set(bearer(u.token)).send({ name: 'Fine', description: text }), 'description');
    const room = await t.http().post('/api/rooms').set(bearer(u.token)).send({ name: 'Fine' });
    expectInvalid(await t.http().patch(`/api/rooms/${room.body.id}`).set(bearer(u.token)).send({ name: text }), 'name');
  });

  it('accepts every script, emoji and right-to-left letters', async () => {
    for (const name of ['Zoë Ångström', 'محمد', 'שלום', '山田 太郎', 'Ana 👩🏽‍💻']) {
      const res = await t.http().patch('/api/users/me').set(bearer(u.token)).send({ displayName: name });
      expect(res.status).toBe(200);
      expect(res.body.displayName).toBe(name);
    }
  });
});
