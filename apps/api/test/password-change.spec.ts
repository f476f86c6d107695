import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, register, type Registered, startTestApp, type TestApp } from './harness.js';
import { expectError, expectInvalid } from './support/errors.js';

describe('PUT /api/users/me/password', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REGISTER_LIMIT_PER_IP: '1000', LOGIN_LIMIT_PER_IP: '1000', LOGIN_LIMIT_PER_ACCOUNT: '1000' });
  });
  afterAll(async () => {
    await t.close();
  });

  const me = (token: string) => t.http().get('/api/users/me').set(bearer(token));
  const login = (u: Registered, password: string) => t.http().post('/api/auth/login').send({ login: u.user.email, password });
  const change = (token: string, body: object) => t.http().put('/api/users/me/password').set(bearer(token)).send(body);

  it('answers 204, keeps the current session, ends the others, and only the new password logs in', async () => {
    const u = await register(t, { password: 'old password 1' });
    const other = (await login(u, 'old password 1')).body.token as string;
    const third = (await login(u, 'old password 1')).body.token as string;
    const bystander = await register(t);

    const res = await change(u.token, { currentPassword: 'old password 1', newPassword: 'new password 2' });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');

    expect((await me(u.token)).status).toBe(200);
    expectError(await me(other), 401, 'UNAUTHENTICATED');
    expectError(await me(third), 401, 'UNAUTHENTICATED');
    expect((await me(bystander.token)).status).toBe(200);
    const sessions = await t.http().get('/api/auth/sessions').set(bearer(u.token));
    expect(sessions.body).toHaveLength(1);
    expect(sessions.body[0].current).toBe(true);

    expect((await login(u, 'new password 2')).status).toBe(200);
    expectError(await login(u, 'old password 1'), 401, 'UNAUTHENTICATED');
  });

  it('answers a wrong current password with 400 VALIDATION_FAILED on currentPassword and changes nothing', async () => {
    const u = await register(t, { password: 'old password 1' });
    const other = (await login(u, 'old password 1')).body.token as string;
    const res = await change(u.token, { currentPassword: 'not my password', newPassword: 'new password 2' });
    expectInvalid(res, 'currentPassword');
    expect(res.body.details).toEqual([{ field: 'currentPassword', message: expect.any(String) }]);
    expect((await me(other)).status).toBe(200);
    expect((await login(u, 'old password 1')).status).toBe(200);
    expectError(await login(u, 'new password 2'), 401, 'UNAUTHENTICATED');
  });

  it('validates the body: new password length, unknown fields, types', async () => {
    const u = await register(t, { password: 'old password 1' });
    expectInvalid(await change(u.token, { currentPassword: 'old password 1', newPassword: 'short' }), 'newPassword');
    expectInvalid(await change(u.token, { currentPassword: 'old password 1', newPassword: 'n'.repeat(129) }), 'newPassword');
    expectInvalid(await change(u.token, { currentPassword: 'old password 1', newPassword: 'new password 2', userId: u.user.id }), 'userId');
    expectInvalid(await change(u.token, { currentPassword: { $ne: '' }, newPassword: 'new password 2' }), 'currentPassword');
    expectInvalid(await change(u.token, { newPassword: 'new password 2' }), 'currentPassword');
    expect((await login(u, 'old password 1')).status).toBe(200);
  });

  it('needs a session', async () => {
    expectError(
      await t.http().put('/api/users/me/password').send({ currentPassword: 'a', newPassword: 'new password 2' }),
      401,
      'UNAUTHENTICATED',
    );
  });
});
