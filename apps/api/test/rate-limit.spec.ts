import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { startTestApp, type TestApp, uniqueName } from './harness.js';
import { expectError } from './support/errors.js';

const WINDOW = 600;

function expectLimited(res: Response): void {
  expectError(res, 429, 'RATE_LIMITED');
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW);
}

let ipCounter = 0;
/** A fresh client address (the app trusts one proxy hop, so X-Forwarded-For names the client). */
const freshIp = () => `203.0.113.${++ipCounter}`;

describe('auth rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      TRUST_PROXY_HOPS: '1',
      LOGIN_LIMIT_PER_ACCOUNT: '3',
      LOGIN_LIMIT_PER_IP: '5',
      REGISTER_LIMIT_PER_IP: '2',
      AUTH_LIMIT_WINDOW_SECONDS: String(WINDOW),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const registerFrom = async (ip: string) => {
    const username = uniqueName('rl');
    const res = await t
      .http()
      .post('/api/auth/register')
      .set('X-Forwarded-For', ip)
      .send({ username, email: `${username}@example.test`, password: 'right password' });
    expect(res.status).toBe(201);
    return { username, email: `${username}@example.test` };
  };
  /** Each login from a new address, so only the per-account counter can stop it. */
  const login = (loginName: string, password: string, ip = freshIp()) =>
    t.http().post('/api/auth/login').set('X-Forwarded-For', ip).send({ login: loginName, password });

  it('limits login attempts per account: after 3 failures even the right password answers 429 with Retry-After', async () => {
    const u = await registerFrom(freshIp());
    for (let i = 0; i < 3; i++) expectError(await login(u.username, 'wrong password'), 401, 'UNAUTHENTICATED');
    expectLimited(await login(u.username, 'wrong password'));
    expectLimited(await login(u.username, 'right password'));
    // other accounts are not affected
    const other = await registerFrom(freshIp());
    expect((await login(other.username, 'right password')).status).toBe(200);
  });

  it('counts the username and the email (any case) of an account against one counter', async () => {
    const u = await registerFrom(freshIp());
    expectError(await login(u.username, 'wrong password'), 401, 'UNAUTHENTICATED');
    expectError(await login(u.email.toUpperCase(), 'wrong password'), 401, 'UNAUTHENTICATED');
    expectError(await login(u.username.toUpperCase(), 'wrong password'), 401, 'UNAUTHENTICATED');
    expectLimited(await login(u.email, 'wrong password'));
  });

  it('counts attempts on unknown accounts too, so the limit does not tell which accounts exist', async () => {
    const ghost = uniqueName('ghost');
    for (let i = 0; i < 3; i++) expectError(await login(ghost, 'wrong password'), 401, 'UNAUTHENTICATED');
    expectLimited(await login(ghost, 'wrong password'));
  });

  it('counts every one of many parallel bad logins: exactly 3 of 6 reach the password check', async () => {
    const u = await registerFrom(freshIp());
    const results = await Promise.all(Array.from({ length: 6 }, () => login(u.username, 'wrong password')));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    for (const r of results.filter((r) => r.status === 429)) expectLimited(r);
  });

  it('forgets the failures of an account after a successful login', async () => {
    const u = await registerFrom(freshIp());
    expectError(await login(u.username, 'wrong password'), 401, 'UNAUTHENTICATED');
    expectError(await login(u.username, 'wrong password'), 401, 'UNAUTHENTICATED');
    expect((await login(u.email, 'right password')).status).toBe(200);
    for (let i = 0; i < 3; i++) expectError(await login(u.username, 'wrong password'), 401, 'UNAUTHENTICATED');
    expectLimited(await login(u.username, 'wrong password'));
  });

  it('limits login attempts per IP across accounts', async () => {
    const ip = freshIp();
    for (let i = 0; i < 5; i++) expectError(await login(uniqueName('any'), 'wrong password', ip), 401, 'UNAUTHENTICATED');
    expectLimited(await login(uniqueName('any'), 'wrong password', ip));
    // another address still gets through
    expectError(await login(uniqueName('any'), 'wrong password'), 401, 'UNAUTHENTICATED');
  });

  it('limits registrations per IP', async () => {
    const ip = freshIp();
    await registerFrom(ip);
    await registerFrom(ip);
    const username = uniqueName('rl');
    const res = await t
      .http()
      .post('/api/auth/register')
      .set('X-Forwarded-For', ip)
      .send({ username, email: `${username}@example.test`, password: 'right password' });
    expectLimited(res);
    // nothing was created by the refused attempt: the name is still free from another address
    const again = await t
      .http()
      .post('/api/auth/register')
      .set('X-Forwarded-For', freshIp())
      .send({ username, email: `${username}@example.test`, password: 'right password' });
    expect(again.status).toBe(201);
  });
});

describe('auth rate limits without a trusted proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_LIMIT_PER_IP: '2', LOGIN_LIMIT_PER_ACCOUNT: '100', AUTH_LIMIT_WINDOW_SECONDS: String(WINDOW) });
  });
  afterAll(async () => {
    await t.close();
  });

  it('ignores X-Forwarded-For, so a client cannot pick a fresh address for each attempt', async () => {
    const attempt = (ip: string) =>
      t
        .http()
        .post('/api/auth/login')
        .set('X-Forwarded-For', ip)
        .send({ login: uniqueName('x'), password: 'wrong password' });
    expectError(await attempt('198.51.100.1'), 401, 'UNAUTHENTICATED');
    expectError(await attempt('198.51.100.2'), 401, 'UNAUTHENTICATED');
    expectLimited(await attempt('198.51.100.3'));
  });
});
