import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { PasswordHasher } from '../src/modules/auth/password-hasher.js';
import { bearer, register, startTestApp, type TestApp } from './harness.js';
import { expectError, expectInvalid } from './support/errors.js';
import { type Mailbox, resetLink, startMailbox } from './support/mailbox.js';

/** The routes that reach argon2 cost the server the most: each is counted, and checks what is cheap first. */
describe('password routes under abuse', () => {
  let t: TestApp;
  let mailbox: Mailbox;
  beforeAll(async () => {
    mailbox = await startMailbox();
    t = await startTestApp({
      TRUST_PROXY_HOPS: '1',
      REGISTER_LIMIT_PER_IP: '5',
      LOGIN_LIMIT_PER_ACCOUNT: '4',
      LOGIN_LIMIT_PER_IP: '1000',
      SMTP_URL: mailbox.url,
    });
  });
  afterAll(async () => {
    await t.close();
    await mailbox.close();
  });

  const confirm = (token: string, ip: string) =>
    t.http().post('/api/auth/password-reset/confirm').set('X-Forwarded-For', ip).send({ token, newPassword: 'brand new password' });

  it('checks a reset token before hashing the new password: made-up tokens cost no hash', async () => {
    const hash = jest.spyOn(t.app.get(PasswordHasher), 'hash');
    try {
      for (let i = 0; i < 3; i++) expectInvalid(await confirm(`made-up-token-${i}-0123456789abcdefghij`, '10.0.0.1'), 'token');
      expect(hash).not.toHaveBeenCalled();
    } finally {
      hash.mockRestore();
    }
  });

  it('rate-limits reset confirmations (REGISTER_LIMIT_PER_IP per window), answering 429 with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await confirm(`made-up-token-x${i}-0123456789abcdefghij`, '10.0.0.2')).status);
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    const over = await confirm('made-up-token-over-0123456789abcdefghij', '10.0.0.2');
    expectError(over, 429, 'RATE_LIMITED');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('rate-limits password changes per account (LOGIN_LIMIT_PER_ACCOUNT per window)', async () => {
    const u = await register(t);
    const change = () =>
      t
        .http()
        .put('/api/users/me/password')
        .set(bearer(u.token))
        .send({ currentPassword: 'wrong password', newPassword: 'another password' });
    for (let i = 0; i < 4; i++) expectInvalid(await change(), 'currentPassword');
    expectError(await change(), 429, 'RATE_LIMITED');
  });

  it('voids every outstanding reset link when the password is changed', async () => {
    const u = await register(t, { password: 'old password 1' });
    const mail = mailbox.next(u.user.email);
    expect((await t.http().post('/api/auth/password-reset').send({ email: u.user.email })).status).toBe(202);
    const { token } = resetLink(await mail);
    const changed = await t
      .http()
      .put('/api/users/me/password')
      .set(bearer(u.token))
      .send({ currentPassword: 'old password 1', newPassword: 'my new password' });
    expect(changed.status).toBe(204);
    expectInvalid(await confirm(token, '10.0.0.3'), 'token');
  });

  it('mails at most 3 reset links an hour to one address, answering every request the same', async () => {
    const u = await register(t);
    const before = mailbox.messages.filter((m) => m.to.includes(u.user.email.toLowerCase())).length;
    for (let i = 0; i < 5; i++) {
      const res = await t.http().post('/api/auth/password-reset').set('X-Forwarded-For', `10.0.1.${i}`).send({ email: u.user.email });
      expect(res.status).toBe(202);
    }
    await new Promise((r) => setTimeout(r, 500)); // mails go out without being awaited
    expect(mailbox.messages.filter((m) => m.to.includes(u.user.email.toLowerCase())).length - before).toBe(3);
  });
});
