import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, register, startTestApp, type TestApp, uniqueName } from './harness.js';
import { expectError } from './support/errors.js';
import { decodeJwt } from './support/jwt.js';

const ME_KEYS = [
  'avatarUrl',
  'bio',
  'birthdate',
  'birthdateVisibility',
  'coverUrl',
  'createdAt',
  'displayName',
  'dmPolicy',
  'dndUntil',
  'email',
  'emailNotifications',
  'friendship',
  'id',
  'lastSeenAt',
  'online',
  'pushPreview',
  'serverRole',
  'username',
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('registration and login', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REGISTER_LIMIT_PER_IP: '1000', LOGIN_LIMIT_PER_IP: '1000', LOGIN_LIMIT_PER_ACCOUNT: '1000' });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('POST /api/auth/register', () => {
    it('answers 201 with a token, its expiry and the Me shape of the new user', async () => {
      const username = uniqueName('Reg');
      const before = Date.now();
      const res = await t
        .http()
        .post('/api/auth/register')
        .send({ username, email: `${username}@Example.test`, password: 'correct horse battery' });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(['expiresAt', 'token', 'user']);
      expect(Object.keys(res.body.user).sort()).toEqual(ME_KEYS);
      expect(res.body.user).toEqual({
        id: expect.stringMatching(UUID),
        username,
        displayName: username,
        email: `${username}@Example.test`,
        bio: '',
        birthdate: null,
        avatarUrl: null,
        coverUrl: null,
        online: false,
        lastSeenAt: null,
        friendship: 'self',
        dmPolicy: 'friends',
        dndUntil: null,
        emailNotifications: 'missed',
        birthdateVisibility: 'friends',
        pushPreview: true,
        // the first account of the server is its admin (admin-audit.spec.ts), whichever test of this file runs first
        serverRole: expect.stringMatching(/^(admin|user)$/),
        createdAt: expect.any(String),
      });
      expect(new Date(res.body.user.createdAt).toISOString()).toBe(res.body.user.createdAt);
      // expiresAt is the session TTL (30 days by default) from now, and the JWT expires with it
      const expiresAt = Date.parse(res.body.expiresAt);
      expect(new Date(expiresAt).toISOString()).toBe(res.body.expiresAt);
      expect(expiresAt - before).toBeGreaterThan(30 * 24 * 3600 * 1000 - 60_000);
      expect(expiresAt - before).toBeLessThan(30 * 24 * 3600 * 1000 + 60_000);
      const claims = decodeJwt(res.body.token);
      expect(claims.sub).toBe(res.body.user.id);
      expect(claims.sid).toMatch(UUID);
      expect(Math.abs(claims.exp * 1000 - expiresAt)).toBeLessThan(5000);
      // and the token opens a session at once
      const me = await t.http().get('/api/users/me').set(bearer(res.body.token));
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(res.body.user.id);
    });

    it('keeps a given display name and trims every string but the password', async () => {
      const username = uniqueName('trim');
      const res = await t
        .http()
        .post('/api/auth/register')
        .send({
          username: `  ${username} `,
          email: ` ${username}@example.test\t`,
          password: '  spaced password  ',
          displayName: '  Zoë Ünicode  ',
        });
      expect(res.status).toBe(201);
      expect(res.body.user).toMatchObject({ username, email: `${username}@example.test`, displayName: 'Zoë Ünicode' });
      // the password is taken as typed, spaces included
      const ok = await t.http().post('/api/auth/login').send({ login: username, password: '  spaced password  ' });
      expect(ok.status).toBe(200);
      const trimmed = await t.http().post('/api/auth/login').send({ login: username, password: 'spaced password' });
      expect(trimmed.status).toBe(401);
    });

    it('answers 409 CONFLICT for a username taken in any letter case', async () => {
      const first = await register(t, { username: uniqueName('Taken') });
      for (const username of [first.user.username, first.user.username.toUpperCase(), first.user.username.toLowerCase()]) {
        const res = await t
          .http()
          .post('/api/auth/register')
          .send({ username, email: `${uniqueName('other')}@example.test`, password: 'correct horse battery' });
        expectError(res, 409, 'CONFLICT');
        expect(res.body.message).toMatch(/username/i);
      }
    });

    it('answers 409 CONFLICT for an email taken in any letter case', async () => {
      const first = await register(t, { email: `${uniqueName('Mail')}@Example.TEST` });
      for (const email of [first.user.email, first.user.email.toUpperCase(), first.user.email.toLowerCase()]) {
        const res = await t
          .http()
          .post('/api/auth/register')
          .send({ username: uniqueName('other'), email, password: 'correct horse battery' });
        expectError(res, 409, 'CONFLICT');
        expect(res.body.message).toMatch(/email/i);
      }
    });

    it('names every taken field in details: the username, the email, or both', async () => {
      const first = await register(t);
      const attempt = (username: string, email: string) =>
        t.http().post('/api/auth/register').send({ username, email, password: 'correct horse battery' });
      const both = await attempt(first.user.username.toUpperCase(), first.user.email.toUpperCase());
      expectError(both, 409, 'CONFLICT');
      expect(both.body.details).toEqual([
        { field: 'username', message: 'is taken' },
        { field: 'email', message: 'is already registered' },
      ]);
      const name = await attempt(first.user.username, `${uniqueName('free')}@example.test`);
      expect(name.body.details).toEqual([{ field: 'username', message: 'is taken' }]);
      const mail = await attempt(uniqueName('free'), first.user.email);
      expect(mail.body.details).toEqual([{ field: 'email', message: 'is already registered' }]);
    });

    it('lets only one of three simultaneous registrations of the same name succeed (the unique index decides)', async () => {
      const username = uniqueName('race');
      const results = await Promise.all(
        [username, username.toUpperCase(), username.toLowerCase()].map((u, i) =>
          t
            .http()
            .post('/api/auth/register')
            .send({ username: u, email: `${username}-${i}@example.test`, password: 'correct horse battery' }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      for (const r of results.filter((r) => r.status === 409)) expectError(r, 409, 'CONFLICT');
    });
  });

  describe('POST /api/auth/login', () => {
    let alice: Awaited<ReturnType<typeof register>>;
    beforeAll(async () => {
      const username = uniqueName('Alice');
      alice = await register(t, { username, email: `${username}@Example.test`, password: 'alice password 1' });
    });

    it.each([
      ['the username', (u: { username: string }) => u.username],
      ['the username in upper case', (u: { username: string }) => u.username.toUpperCase()],
      ['the username in lower case', (u: { username: string }) => u.username.toLowerCase()],
      ['the email', (u: { email: string }) => u.email],
      ['the email in upper case', (u: { email: string }) => u.email.toUpperCase()],
      ['the email with spaces around', (u: { email: string }) => `  ${u.email.toLowerCase()} `],
    ])('logs in with %s', async (_label, pick) => {
      const res = await t
        .http()
        .post('/api/auth/login')
        .send({ login: pick(alice.user), password: 'alice password 1' });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['expiresAt', 'token', 'user']);
      expect(res.body.user).toMatchObject({
        id: alice.user.id,
        username: alice.user.username,
        email: alice.user.email,
        friendship: 'self',
      });
      expect(Object.keys(res.body.user).sort()).toEqual(ME_KEYS);
      // a new session: a different token from registration, and it works
      expect(res.body.token).not.toBe(alice.token);
      expect(decodeJwt(res.body.token).sid).not.toBe(decodeJwt(alice.token).sid);
      expect((await t.http().get('/api/users/me').set(bearer(res.body.token))).status).toBe(200);
    });

    it('answers one identical 401 for a wrong password, an unknown username and an unknown email', async () => {
      const wrongPassword = await t.http().post('/api/auth/login').send({ login: alice.user.username, password: 'not the password' });
      const wrongPasswordByEmail = await t.http().post('/api/auth/login').send({ login: alice.user.email, password: 'not the password' });
      const unknownUser = await t
        .http()
        .post('/api/auth/login')
        .send({ login: uniqueName('ghost'), password: 'alice password 1' });
      const unknownEmail = await t.http().post('/api/auth/login').send({ login: 'ghost@example.test', password: 'alice password 1' });
      expectError(wrongPassword, 401, 'UNAUTHENTICATED');
      for (const res of [wrongPasswordByEmail, unknownUser, unknownEmail]) {
        expect(res.status).toBe(401);
        expect(res.body).toEqual(wrongPassword.body);
      }
    });

    it('does not take a password that differs only in letter case', async () => {
      const res = await t.http().post('/api/auth/login').send({ login: alice.user.username, password: 'ALICE PASSWORD 1' });
      expectError(res, 401, 'UNAUTHENTICATED');
    });

    it('refuses operator objects and other non-strings as the login (400, not a lookup)', async () => {
      for (const body of [
        { login: { $gt: '' }, password: 'alice password 1' },
        { login: alice.user.username, password: { $ne: null } },
        { login: [alice.user.username], password: 'alice password 1' },
        { login: '', password: 'alice password 1' },
      ]) {
        const res = await t.http().post('/api/auth/login').send(body);
        expectError(res, 400, 'VALIDATION_FAILED');
      }
    });
  });
});
