import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pino from 'pino';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/app-config.js';
import { bearer, createTestDatabase, register, type Registered, startTestApp, type TestApp } from './harness.js';
import { expectError, expectInvalid } from './support/errors.js';
import { type Mailbox, resetLink, startMailbox } from './support/mailbox.js';
import { sql } from './support/sql.js';

const LIMITS = { REGISTER_LIMIT_PER_IP: '1000', LOGIN_LIMIT_PER_IP: '1000', LOGIN_LIMIT_PER_ACCOUNT: '1000' };

describe('password reset by mail (SMTP)', () => {
  let t: TestApp;
  let mailbox: Mailbox;
  beforeAll(async () => {
    mailbox = await startMailbox();
    t = await startTestApp({
      ...LIMITS,
      SMTP_URL: mailbox.url,
      PUBLIC_URL: 'https://chat.example.test/',
      MAIL_FROM: 'Chat <chat@example.test>',
    });
  });
  afterAll(async () => {
    await t.close();
    await mailbox.close();
  });

  const me = (token: string) => t.http().get('/api/users/me').set(bearer(token));
  const login = (u: Registered, password: string) => t.http().post('/api/auth/login').send({ login: u.user.username, password });
  const ask = (email: string) => t.http().post('/api/auth/password-reset').send({ email });
  const confirm = (token: string, newPassword: string) => t.http().post('/api/auth/password-reset/confirm').send({ token, newPassword });
  /** Asks for a link for `u` and returns the token mailed to them. */
  const mailedToken = async (u: Registered) => {
    const mail = mailbox.next(u.user.email);
    expect((await ask(u.user.email)).status).toBe(202);
    return resetLink(await mail).token;
  };

  it('answers 202 alike for a known and an unknown address, and mails only the known one', async () => {
    const u = await register(t);
    const unknown = await ask('nobody-here@example.test');
    const mail = mailbox.next(u.user.email);
    const known = await ask(u.user.email.toUpperCase());
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    const received = await mail;
    expect(received.from).toBe('chat@example.test');
    expect(received.to).toEqual([u.user.email.toLowerCase()]);
    const { url, token } = resetLink(received);
    expect(url).toBe(`https://chat.example.test/reset-password?token=${token}`);
    expect(token.length).toBeGreaterThanOrEqual(40);
    expect(mailbox.messages.some((m) => m.to.includes('nobody-here@example.test'))).toBe(false);
    // only a hash of the token is stored
    const rows = await sql<{ token_hash: string }>(t.databaseUrl, 'SELECT token_hash FROM password_resets WHERE user_id = $1', [u.user.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).not.toContain(token);
  });

  it('confirm sets the new password (204) and ends every session of that user', async () => {
    const u = await register(t, { password: 'old password 1' });
    const second = (await login(u, 'old password 1')).body.token as string;
    const bystander = await register(t);
    const token = await mailedToken(u);

    const res = await confirm(token, 'brand new password');
    expect(res.status).toBe(204);
    expectError(await me(u.token), 401, 'UNAUTHENTICATED');
    expectError(await me(second), 401, 'UNAUTHENTICATED');
    expect((await me(bystander.token)).status).toBe(200);
    expect((await login(u, 'brand new password')).status).toBe(200);
    expectError(await login(u, 'old password 1'), 401, 'UNAUTHENTICATED');
  });

  it('answers 400 to a second use of the same token, and leaves the password as the first use set it', async () => {
    const u = await register(t);
    const token = await mailedToken(u);
    expect((await confirm(token, 'first new password')).status).toBe(204);
    const again = await confirm(token, 'second new password');
    expectInvalid(again, 'token');
    expect((await login(u, 'first new password')).status).toBe(200);
    expectError(await login(u, 'second new password'), 401, 'UNAUTHENTICATED');
  });

  it('spends the token once even when two confirms race', async () => {
    const u = await register(t);
    const token = await mailedToken(u);
    const results = await Promise.all([confirm(token, 'racing password A'), confirm(token, 'racing password B')]);
    expect(results.map((r) => r.status).sort()).toEqual([204, 400]);
  });

  it('answers 400 to an unknown token and to an expired one', async () => {
    expectInvalid(await confirm('this-token-was-never-issued-0123456789abcdef', 'brand new password'), 'token');
    const u = await register(t, { password: 'old password 1' });
    const token = await mailedToken(u);
    await sql(t.databaseUrl, `UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [u.user.id]);
    expectInvalid(await confirm(token, 'brand new password'), 'token');
    expect((await me(u.token)).status).toBe(200);
    expect((await login(u, 'old password 1')).status).toBe(200);
  });

  it('gives links that expire 30 minutes after they were asked for', async () => {
    const u = await register(t);
    await mailedToken(u);
    const [row] = await sql<{ minutes: number }>(
      t.databaseUrl,
      'SELECT extract(epoch FROM expires_at - created_at) / 60 AS minutes FROM password_resets WHERE user_id = $1',
      [u.user.id],
    );
    expect(Number(row!.minutes)).toBeCloseTo(30, 0);
  });

  it('makes older unused links of the user void once one of them is used', async () => {
    const u = await register(t);
    const older = await mailedToken(u);
    const newer = await mailedToken(u);
    expect(older).not.toBe(newer);
    expect((await confirm(newer, 'brand new password')).status).toBe(204);
    expectInvalid(await confirm(older, 'attacker password'), 'token');
    expect((await login(u, 'brand new password')).status).toBe(200);
  });

  it('validates both requests', async () => {
    expectInvalid(await ask('not-an-email'), 'email');
    expectInvalid(await t.http().post('/api/auth/password-reset').send({ email: 'a@example.test', username: 'x' }), 'username');
    expectInvalid(await confirm('some-token', 'short'), 'newPassword');
    expectInvalid(
      await t
        .http()
        .post('/api/auth/password-reset/confirm')
        .send({ token: { $ne: '' }, newPassword: 'brand new password' }),
      'token',
    );
  });
});

describe('password reset without SMTP', () => {
  let app: INestApplication;
  let lines: string[];
  let http: () => ReturnType<typeof request>;
  beforeAll(async () => {
    lines = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        cb();
      },
    });
    const databaseUrl = await createTestDatabase();
    const config = loadConfig({ ...LIMITS, JWT_SECRET: 'j'.repeat(40), WEB_DIST_DIR: '', PUBLIC_URL: 'http://chat.local:8080' });
    app = await createApp({ ...config, databaseUrl }, pino({ level: 'info' }, sink));
    await app.listen(0, '127.0.0.1');
    http = () => request(app.getHttpServer());
  });
  afterAll(async () => {
    await app.close();
  });

  it('writes the link to the server log, and the link works', async () => {
    const reg = await http()
      .post('/api/auth/register')
      .send({ username: 'logged_reset', email: 'logged@example.test', password: 'old password 1' });
    expect(reg.status).toBe(201);
    expect((await http().post('/api/auth/password-reset').send({ email: 'logged@example.test' })).status).toBe(202);
    let token: string | undefined;
    for (let i = 0; i < 50 && !token; i++) {
      token = /http:\/\/chat\.local:8080\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(lines.join('\n'))?.[1];
      if (!token) await new Promise((r) => setTimeout(r, 20));
    }
    expect(token).toBeDefined();
    expect((await http().post('/api/auth/password-reset/confirm').send({ token, newPassword: 'brand new password' })).status).toBe(204);
    expect((await http().post('/api/auth/login').send({ login: 'logged_reset', password: 'brand new password' })).status).toBe(200);
  });
});
