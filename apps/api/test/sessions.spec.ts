import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, register, type Registered, startTestApp, type TestApp } from './harness.js';
import { expectError, expectInvalid } from './support/errors.js';
import { decodeJwt, signJwt } from './support/jwt.js';
import { sql } from './support/sql.js';

/** Tokens name a session row (`sid`); the row decides on every request. */
describe('sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REGISTER_LIMIT_PER_IP: '1000', LOGIN_LIMIT_PER_IP: '1000', LOGIN_LIMIT_PER_ACCOUNT: '1000' });
  });
  afterAll(async () => {
    await t.close();
  });

  const me = (token: string) => t.http().get('/api/users/me').set(bearer(token));
  const login = async (u: Registered, userAgent: string) => {
    const res = await t.http().post('/api/auth/login').set('User-Agent', userAgent).send({ login: u.user.username, password: u.password });
    expect(res.status).toBe(200);
    return res.body.token as string;
  };
  const now = () => Math.floor(Date.now() / 1000);

  it('logout answers 204 and the token answers 401 at once, on every route', async () => {
    const u = await register(t);
    const other = await login(u, 'other-device');
    const res = await t.http().post('/api/auth/logout').set(bearer(u.token));
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expectError(await me(u.token), 401, 'UNAUTHENTICATED');
    expectError(await t.http().get('/api/auth/sessions').set(bearer(u.token)), 401, 'UNAUTHENTICATED');
    expectError(await t.http().post('/api/auth/logout').set(bearer(u.token)), 401, 'UNAUTHENTICATED');
    // only that session ended
    expect((await me(other)).status).toBe(200);
  });

  it('GET /auth/sessions lists the caller’s live devices, marking the current one', async () => {
    const u = await register(t);
    const laptop = await login(u, 'Laptop/1.0');
    const phone = await login(u, 'Phone/2.0');
    const gone = await login(u, 'Gone/3.0');
    await t.http().post('/api/auth/logout').set(bearer(gone)).expect(204);
    const stranger = await register(t);

    const res = await t.http().get('/api/auth/sessions').set(bearer(phone));
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(3);
    const ids = new Set(res.body.map((s: { id: string }) => s.id));
    expect(ids).toEqual(new Set([decodeJwt(u.token).sid, decodeJwt(laptop).sid, decodeJwt(phone).sid]));
    expect(ids.has(decodeJwt(stranger.token).sid)).toBe(false);
    for (const s of res.body) {
      expect(Object.keys(s).sort()).toEqual(['createdAt', 'current', 'expiresAt', 'id', 'ip', 'lastUsedAt', 'userAgent']);
      expect(s.current).toBe(s.id === decodeJwt(phone).sid);
    }
    expect(res.body.find((s: { current: boolean }) => s.current).userAgent).toBe('Phone/2.0');
    expect(res.body.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
  });

  it('DELETE /auth/sessions/:id revokes another device: its token answers 401 at once, the caller stays in', async () => {
    const u = await register(t);
    const phone = await login(u, 'Phone');
    expect((await me(phone)).status).toBe(200);
    const res = await t
      .http()
      .delete(`/api/auth/sessions/${decodeJwt(phone).sid}`)
      .set(bearer(u.token));
    expect(res.status).toBe(204);
    expectError(await me(phone), 401, 'UNAUTHENTICATED');
    expect((await me(u.token)).status).toBe(200);
    const list = await t.http().get('/api/auth/sessions').set(bearer(u.token));
    expect(list.body.map((s: { id: string }) => s.id)).toEqual([decodeJwt(u.token).sid]);
    // a second revoke of the same session finds nothing live
    expectError(
      await t
        .http()
        .delete(`/api/auth/sessions/${decodeJwt(phone).sid}`)
        .set(bearer(u.token)),
      404,
      'NOT_FOUND',
    );
  });

  it('DELETE /auth/sessions/:id answers 404 for someone else’s session and leaves it alone', async () => {
    const u = await register(t);
    const victim = await register(t);
    const res = await t
      .http()
      .delete(`/api/auth/sessions/${decodeJwt(victim.token).sid}`)
      .set(bearer(u.token));
    expectError(res, 404, 'NOT_FOUND');
    expect((await me(victim.token)).status).toBe(200);
    expectError(await t.http().delete(`/api/auth/sessions/${randomUUID()}`).set(bearer(u.token)), 404, 'NOT_FOUND');
  });

  it('DELETE /auth/sessions/:id answers 400 for an id that is not a UUID', async () => {
    const u = await register(t);
    for (const id of ['abc', '1', `${randomUUID()}x`, "1' OR '1'='1"]) {
      expectInvalid(
        await t
          .http()
          .delete(`/api/auth/sessions/${encodeURIComponent(id)}`)
          .set(bearer(u.token)),
        'id',
      );
    }
  });

  describe('tokens that must not open a session (401 UNAUTHENTICATED)', () => {
    let u: Registered;
    let claims: ReturnType<typeof decodeJwt>;
    beforeAll(async () => {
      u = await register(t);
      claims = decodeJwt(u.token);
    });

    it('accepts the genuine token (the control for the cases below)', async () => {
      expect((await me(u.token)).status).toBe(200);
      expect((await me(signJwt({ sub: claims.sub, sid: claims.sid, iat: now(), exp: now() + 60 }, t.config.jwtSecret))).status).toBe(200);
    });

    it.each([
      ['no Authorization header', () => undefined],
      ['an empty bearer', () => 'Bearer '],
      ['a Basic scheme', () => `Basic ${Buffer.from('a:b').toString('base64')}`],
      ['garbage', () => 'Bearer not.a.jwt'],
    ])('refuses %s', async (_label, header) => {
      const h = header();
      const req = t.http().get('/api/users/me');
      expectError(await (h === undefined ? req : req.set('Authorization', h)), 401, 'UNAUTHENTICATED');
    });

    it('refuses a token signed with another secret', async () => {
      const forged = signJwt({ sub: claims.sub, sid: claims.sid, iat: now(), exp: now() + 3600 }, 'x'.repeat(64));
      expectError(await me(forged), 401, 'UNAUTHENTICATED');
    });

    it('refuses an unsigned token (alg: none)', async () => {
      const none = signJwt({ sub: claims.sub, sid: claims.sid, iat: now(), exp: now() + 3600 }, '', { alg: 'none', typ: 'JWT' });
      expectError(await me(none), 401, 'UNAUTHENTICATED');
    });

    it('refuses a token signed with the right secret but another algorithm (HS512)', async () => {
      const hs512 = signJwt({ sub: claims.sub, sid: claims.sid, iat: now(), exp: now() + 3600 }, t.config.jwtSecret, {
        alg: 'HS512',
        typ: 'JWT',
      });
      expectError(await me(hs512), 401, 'UNAUTHENTICATED');
    });

    it('refuses an expired token even though its session is live', async () => {
      const expired = signJwt({ sub: claims.sub, sid: claims.sid, iat: now() - 7200, exp: now() - 60 }, t.config.jwtSecret);
      expectError(await me(expired), 401, 'UNAUTHENTICATED');
    });

    it('refuses a well-signed token without sid, with an unknown sid, a sid that is not a UUID, or another user’s sid', async () => {
      const other = await register(t);
      const exp = now() + 3600;
      for (const payload of [
        { sub: claims.sub, exp },
        { sub: claims.sub, sid: randomUUID(), exp },
        { sub: claims.sub, sid: 'not-a-uuid', exp },
        { sub: claims.sub, sid: 42, exp },
        { sub: claims.sub, sid: decodeJwt(other.token).sid, exp },
        { sub: 'not-a-uuid', sid: claims.sid, exp },
        { sid: claims.sid, exp },
      ]) {
        expectError(await me(signJwt(payload, t.config.jwtSecret)), 401, 'UNAUTHENTICATED');
      }
    });

    it('refuses a valid token whose session row expired or was revoked', async () => {
      const a = await login(u, 'a');
      const b = await login(u, 'b');
      expect((await me(a)).status).toBe(200);
      expect((await me(b)).status).toBe(200);
      await sql(t.databaseUrl, `UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [decodeJwt(a).sid]);
      await sql(t.databaseUrl, `UPDATE sessions SET revoked_at = now() WHERE id = $1`, [decodeJwt(b).sid]);
      expectError(await me(a), 401, 'UNAUTHENTICATED');
      expectError(await me(b), 401, 'UNAUTHENTICATED');
      // an expired session is no longer listed as a device
      const list = await t.http().get('/api/auth/sessions').set(bearer(u.token));
      const ids = list.body.map((s: { id: string }) => s.id);
      expect(ids).not.toContain(decodeJwt(a).sid);
      expect(ids).not.toContain(decodeJwt(b).sid);
    });

    it('refuses every token of a deleted user', async () => {
      const gone = await register(t);
      await sql(t.databaseUrl, 'DELETE FROM users WHERE id = $1', [gone.user.id]);
      expectError(await me(gone.token), 401, 'UNAUTHENTICATED');
    });
  });
});
