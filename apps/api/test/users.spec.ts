import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UsersRepository } from '../src/modules/users/users.repository.js';
import { bearer, register, type Registered, startTestApp, type TestApp, uniqueName } from './harness.js';
import { expectError, expectInvalid } from './support/errors.js';
import { sql } from './support/sql.js';

const USER_KEYS = [
  'avatarUrl',
  'bio',
  'birthdate',
  'coverUrl',
  'createdAt',
  'displayName',
  'friendship',
  'id',
  'lastSeenAt',
  'online',
  'username',
];
const ME_KEYS = [
  ...USER_KEYS,
  'dmPolicy',
  'email',
  'serverRole',
  'dndUntil',
  'emailNotifications',
  'birthdateVisibility',
  'pushPreview',
].sort();

/** A fresh lower-case token for names, so searches of one test do not see users of another. */
const tag = () => `q${randomBytes(4).toString('hex')}`;

describe('users', () => {
  let t: TestApp;
  let me: Registered;
  beforeAll(async () => {
    t = await startTestApp({ REGISTER_LIMIT_PER_IP: '1000' });
    me = await register(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (path: string, token = me.token) => t.http().get(path).set(bearer(token));
  const patch = (body: object, token = me.token) => t.http().patch('/api/users/me').set(bearer(token)).send(body);

  describe('GET /api/users/me', () => {
    it('answers the caller’s own profile with email and dmPolicy', async () => {
      const res = await get('/api/users/me');
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(ME_KEYS);
      expect(res.body).toMatchObject({
        id: me.user.id,
        username: me.user.username,
        email: me.user.email,
        dmPolicy: 'friends',
        friendship: 'self',
      });
    });
  });

  describe('PATCH /api/users/me', () => {
    it('updates display name (trimmed), bio, birthdate and dmPolicy, and answers the new Me', async () => {
      const u = await register(t);
      const res = await patch(
        { displayName: '  New Name  ', bio: '  Hello 👋 world  ', birthdate: '2000-02-29', dmPolicy: 'everyone' },
        u.token,
      );
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(ME_KEYS);
      expect(res.body).toMatchObject({ displayName: 'New Name', bio: 'Hello 👋 world', birthdate: '2000-02-29', dmPolicy: 'everyone' });
      // stored: a later read sees the same, and others see the public part (the birthdate only friends, by default)
      const again = await get('/api/users/me', u.token);
      expect(again.body).toMatchObject({ displayName: 'New Name', bio: 'Hello 👋 world', birthdate: '2000-02-29', dmPolicy: 'everyone' });
      const seen = await get(`/api/users/${u.user.id}`);
      expect(seen.body).toMatchObject({ displayName: 'New Name', bio: 'Hello 👋 world', birthdate: null });
    });

    it('leaves fields that are not sent alone, clears the birthdate with null, and takes an empty body', async () => {
      const u = await register(t);
      await patch({ displayName: 'Keep Me', bio: 'keep', birthdate: '1990-12-31' }, u.token).expect(200);
      const res = await patch({ birthdate: null }, u.token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ displayName: 'Keep Me', bio: 'keep', birthdate: null, dmPolicy: 'friends' });
      expect((await patch({}, u.token)).body).toMatchObject({ displayName: 'Keep Me', bio: 'keep', birthdate: null });
      expect((await patch({ bio: '' }, u.token)).body.bio).toBe('');
    });

    it('counts bio and display name lengths in code points', async () => {
      const u = await register(t);
      expect((await patch({ bio: '🙂'.repeat(500), displayName: '🙂'.repeat(64) }, u.token)).status).toBe(200);
      expectInvalid(await patch({ bio: '🙂'.repeat(501) }, u.token), 'bio');
      expectInvalid(await patch({ displayName: '🙂'.repeat(65) }, u.token), 'displayName');
    });

    it.each([
      ['an impossible date', { birthdate: '2023-02-30' }, 'birthdate'],
      ['29 February of a common year', { birthdate: '2001-02-29' }, 'birthdate'],
      ['a month 13', { birthdate: '2000-13-01' }, 'birthdate'],
      ['a date without zero padding', { birthdate: '2000-1-1' }, 'birthdate'],
      ['a date with a time', { birthdate: '2000-01-01T00:00:00Z' }, 'birthdate'],
      ['a future date', { birthdate: `${new Date().getUTCFullYear() + 1}-01-01` }, 'birthdate'],
      ['a date before 1900', { birthdate: '1899-12-31' }, 'birthdate'],
      ['a number as birthdate', { birthdate: 20000101 }, 'birthdate'],
      ['an empty display name', { displayName: '   ' }, 'displayName'],
      ['a NUL in the bio', { bio: 'a\u0000b' }, 'bio'],
      ['a bio that is an object', { bio: { $set: 'x' } }, 'bio'],
      ['an unknown dmPolicy', { dmPolicy: 'nobody' }, 'dmPolicy'],
      ['a username change', { username: 'renamed' }, 'username'],
      ['an email change', { email: 'new@example.test' }, 'email'],
      ['an unknown field', { isAdmin: true }, 'isAdmin'],
      ['an avatar that is not a UUID', { avatarFileId: 'abc' }, 'avatarFileId'],
      ['an avatar that names no uploaded file', { avatarFileId: randomUUID() }, 'avatarFileId'],
      ['a cover that names no uploaded file', { coverFileId: randomUUID() }, 'coverFileId'],
    ])('refuses %s with 400 and changes nothing', async (_label, body, field) => {
      const u = await register(t);
      await patch({ displayName: 'Before', bio: 'before', birthdate: '1999-09-09' }, u.token).expect(200);
      expectInvalid(await patch({ ...body, dmPolicy: (body as { dmPolicy?: string }).dmPolicy ?? 'everyone' }, u.token), field);
      const after = await get('/api/users/me', u.token);
      expect(after.body).toMatchObject({
        displayName: 'Before',
        bio: 'before',
        birthdate: '1999-09-09',
        dmPolicy: 'friends',
        username: u.user.username,
      });
    });

    it('accepts a birthdate of today (the limit of the past)', async () => {
      const u = await register(t);
      const today = new Date().toISOString().slice(0, 10);
      expect((await patch({ birthdate: '1900-01-01' }, u.token)).body.birthdate).toBe('1900-01-01');
      // the API compares in UTC; right after midnight local time "today" is still valid in UTC
      expect((await patch({ birthdate: today }, u.token)).status).toBe(200);
    });

    it('clears pictures with null', async () => {
      const u = await register(t);
      const res = await patch({ avatarFileId: null, coverFileId: null }, u.token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ avatarUrl: null, coverUrl: null });
    });
  });

  describe('GET /api/users/:id', () => {
    it('answers another user’s public profile, without email or dmPolicy', async () => {
      const other = await register(t, { displayName: 'Someone Else' });
      const res = await get(`/api/users/${other.user.id}`);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(USER_KEYS);
      expect(res.body).toMatchObject({
        id: other.user.id,
        username: other.user.username,
        displayName: 'Someone Else',
        friendship: 'none',
        online: false,
      });
      expect(JSON.stringify(res.body)).not.toContain(other.user.email);
    });

    it('marks the caller’s own profile as self', async () => {
      const res = await get(`/api/users/${me.user.id}`);
      expect(res.status).toBe(200);
      expect(res.body.friendship).toBe('self');
      expect(res.body.email).toBeUndefined();
    });

    it('answers 404 NOT_FOUND for an unknown UUID and 400 for a malformed id', async () => {
      expectError(await get(`/api/users/${randomUUID()}`), 404, 'NOT_FOUND');
      for (const id of ['abc', '123', `${randomUUID()}0`, "' OR 1=1 --"]) {
        expectInvalid(await get(`/api/users/${encodeURIComponent(id)}`), 'id');
      }
    });
  });

  describe('GET /api/users?q=', () => {
    it('matches username and display name case-insensitively, prefix matches before substring matches', async () => {
      const q = tag();
      const exact = await register(t, { username: q });
      const userPrefix = await register(t, { username: `${q}_zz` });
      const namePrefix = await register(t, { username: uniqueName('np'), displayName: `${q.toUpperCase()} Smith` });
      const userInside = await register(t, { username: `aa_${q}` });
      const nameInside = await register(t, { username: uniqueName('ni'), displayName: `Dr ${q.toUpperCase()}` });
      await register(t, { username: uniqueName('unrelated') });

      const res = await get(`/api/users?q=${q.toUpperCase()}`);
      expect(res.status).toBe(200);
      const ids = res.body.map((u: { id: string }) => u.id);
      expect(ids).toHaveLength(5);
      expect(ids.slice(0, 3)).toEqual([exact.user.id, userPrefix.user.id, namePrefix.user.id]);
      expect(new Set(ids.slice(3))).toEqual(new Set([userInside.user.id, nameInside.user.id]));
      for (const u of res.body) {
        expect(Object.keys(u).sort()).toEqual(USER_KEYS);
        expect(u.email).toBeUndefined();
      }
    });

    it('trims q and answers [] for an empty query', async () => {
      const q = tag();
      const u = await register(t, { username: `${q}_trim` });
      expect((await get(`/api/users?q=${encodeURIComponent(`  ${q} `)}`)).body.map((x: { id: string }) => x.id)).toEqual([u.user.id]);
      expect((await get('/api/users?q=')).body).toEqual([]);
      expect((await get('/api/users?q=%20%20')).body).toEqual([]);
      expect((await get('/api/users')).body).toEqual([]);
    });

    it('takes % and _ in q literally', async () => {
      const q = tag();
      const underscore = await register(t, { username: `${q}_x` });
      await register(t, { username: `${q}ax` });
      const percent = await register(t, { username: uniqueName('pct'), displayName: `${q} 100% sure` });
      await register(t, { username: uniqueName('pct'), displayName: `${q} 1000 sure` });

      const u = await get(`/api/users?q=${encodeURIComponent(`${q}_x`)}`);
      expect(u.body.map((x: { id: string }) => x.id)).toEqual([underscore.user.id]);
      const p = await get(`/api/users?q=${encodeURIComponent('100%')}`);
      expect(p.body.map((x: { id: string }) => x.id)).toEqual([percent.user.id]);
      expect((await get(`/api/users?q=${encodeURIComponent('%')}`)).body.map((x: { id: string }) => x.id)).toEqual([percent.user.id]);
      expect((await get(`/api/users?q=${encodeURIComponent('\\')}`)).body).toEqual([]);
    });

    it('does not match a query that spans the username and the display name', async () => {
      const q = tag();
      await register(t, { username: `${q}end`, displayName: 'Start Of Name' });
      expect((await get(`/api/users?q=${encodeURIComponent(`end start`)}`)).body).toEqual([]);
      expect((await get(`/api/users?q=${encodeURIComponent(`${q}end start`)}`)).body).toEqual([]);
    });

    it('pages with limit: 50 by default, 1 to 100 accepted', async () => {
      const q = tag();
      await sql(
        t.databaseUrl,
        `INSERT INTO users (username, email, password_hash, display_name)
         SELECT $1 || '_' || lpad(i::text, 3, '0'), $1 || '_' || i || '@example.test', 'x', 'Bulk ' || i FROM generate_series(1, 120) i`,
        [q],
      );
      const byDefault = await get(`/api/users?q=${q}`);
      expect(byDefault.body).toHaveLength(50);
      expect((await get(`/api/users?q=${q}&limit=100`)).body).toHaveLength(100);
      expect((await get(`/api/users?q=${q}&limit=1`)).body).toHaveLength(1);
      // ordered by username within a rank, so pages are stable
      expect(byDefault.body[0].username).toBe(`${q}_001`);
      expect(byDefault.body[49].username).toBe(`${q}_050`);
    });

    it.each([['0'], ['101'], ['abc'], ['1.5'], ['-1'], [''], ['1e2'], ['0x10'], [' 5']])('answers limit=%s with 400', async (limit) => {
      expectInvalid(await get(`/api/users?q=a&limit=${limit}`), 'limit');
    });

    it('refuses a q over 64 characters or repeated', async () => {
      expectInvalid(await get(`/api/users?q=${'a'.repeat(65)}`), 'q');
      expectInvalid(await get('/api/users?q=a&q=b'), 'q');
    });

    it('lets the database answer the search from its indexes', async () => {
      const q = tag();
      await sql(
        t.databaseUrl,
        `INSERT INTO users (username, email, password_hash, display_name)
         SELECT 'ix' || left(md5(i::text), 24), 'ix' || i || '@example.test', 'x', 'Index ' || md5(i::text) FROM generate_series(1, 5000) i`,
      );
      await sql(t.databaseUrl, 'ANALYZE users');
      const [query, params] = t.app.get(UsersRepository).searchQuery(q, 50).getQueryAndParameters();
      const [row] = await sql<{ 'QUERY PLAN': unknown }>(t.databaseUrl, `EXPLAIN (FORMAT JSON) ${query}`, params);
      const plan = JSON.stringify(row!['QUERY PLAN']);
      expect(plan).not.toContain('"Seq Scan"');
      expect(plan).toContain('users_username_prefix_idx');
      expect(plan).toContain('users_display_name_prefix_idx');
      expect(plan).toContain('users_search_trgm_idx');
    });
  });

  it.each([
    ['GET', '/api/users/me'],
    ['PATCH', '/api/users/me'],
    ['PUT', '/api/users/me/password'],
    ['GET', '/api/users?q=a'],
    ['GET', `/api/users/${randomUUID()}`],
    ['POST', '/api/auth/logout'],
    ['GET', '/api/auth/sessions'],
    ['DELETE', `/api/auth/sessions/${randomUUID()}`],
  ])('%s %s without a token answers 401 UNAUTHENTICATED', async (method, path) => {
    const res = await t.http()[method.toLowerCase() as 'get' | 'patch' | 'put' | 'post' | 'delete'](path).send({});
    expectError(res, 401, 'UNAUTHENTICATED');
  });
});
