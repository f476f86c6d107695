import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, register, type Registered, startTestApp, type TestApp } from './harness.js';
import { closeAllSockets, connect, disconnectedWithin, refusedHandshake, type TestClient, QUIET_MS, sleep } from './socket-helpers.js';
import { decodeJwt, signJwt } from './support/jwt.js';

/** The handshake is authenticated like REST, refuses foreign origins, and revoked sessions lose their sockets. */
describe('realtime: handshake and session lifetime', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REGISTER_LIMIT_PER_IP: '1000', LOGIN_LIMIT_PER_IP: '1000', LOGIN_LIMIT_PER_ACCOUNT: '1000' });
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t.close();
  });

  const login = async (u: Registered): Promise<string> => {
    const res = await t.http().post('/api/auth/login').send({ login: u.user.username, password: u.password });
    expect(res.status).toBe(200);
    return res.body.token as string;
  };

  /** Still connected after a quiet window, and still served: an acked request on the same socket succeeds. */
  const expectAlive = async (client: TestClient) => {
    await sleep(QUIET_MS);
    expect(client.connected).toBe(true);
    const ack = await client.send('typing', { roomId: '00000000-0000-4000-8000-000000000000', typing: true });
    expect(ack).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  };

  it('accepts a valid token', async () => {
    const u = await register(t);
    const client = await connect(t, u.token);
    expect(client.connected).toBe(true);
  });

  it('fails the handshake with connect_error UNAUTHENTICATED when the token is missing, empty, garbage or not a string', async () => {
    expect(await refusedHandshake(t, undefined)).toBe('UNAUTHENTICATED');
    expect(await refusedHandshake(t, '')).toBe('UNAUTHENTICATED');
    expect(await refusedHandshake(t, 'not-a-jwt')).toBe('UNAUTHENTICATED');
    expect(await refusedHandshake(t, 12345)).toBe('UNAUTHENTICATED');
    expect(await refusedHandshake(t, 'x'.repeat(5000))).toBe('UNAUTHENTICATED');
  });

  it('fails the handshake for forged tokens: wrong secret, alg none, a made-up session', async () => {
    const u = await register(t);
    const claims = decodeJwt(u.token);
    expect(await refusedHandshake(t, signJwt(claims, 'another secret that is long enough to pass'))).toBe('UNAUTHENTICATED');
    expect(await refusedHandshake(t, signJwt(claims, t.config.jwtSecret, { alg: 'none', typ: 'JWT' }))).toBe('UNAUTHENTICATED');
    const madeUp = { ...claims, sid: '00000000-0000-4000-8000-000000000001' };
    expect(await refusedHandshake(t, signJwt(madeUp, t.config.jwtSecret))).toBe('UNAUTHENTICATED');
    const otherUser = await register(t);
    const swapped = { ...claims, sub: otherUser.user.id };
    expect(await refusedHandshake(t, signJwt(swapped, t.config.jwtSecret))).toBe('UNAUTHENTICATED');
  });

  it('fails the handshake for a revoked (logged out) or expired session', async () => {
    const u = await register(t);
    const token = await login(u);
    await t.http().post('/api/auth/logout').set(bearer(token)).expect(204);
    expect(await refusedHandshake(t, token)).toBe('UNAUTHENTICATED');
    const claims = decodeJwt(u.token);
    const expired = signJwt({ ...claims, iat: claims.iat - 7200, exp: Math.floor(Date.now() / 1000) - 60 }, t.config.jwtSecret);
    expect(await refusedHandshake(t, expired)).toBe('UNAUTHENTICATED');
    // the session that was not logged out still connects
    await connect(t, u.token);
  });

  it('refuses a handshake whose Origin is not in the allowlist; an allowed Origin or none at all connects', async () => {
    const u = await register(t);
    // refusedHandshake fails the test if this connects
    await expect(refusedHandshake(t, u.token, { origin: 'http://evil.test' })).resolves.toEqual(expect.any(String));
    const allowed = t.config.webOrigins[0]!;
    expect((await connect(t, u.token, { origin: allowed })).connected).toBe(true);
    expect((await connect(t, u.token)).connected).toBe(true);
  });

  it('logout disconnects that session’s sockets within a second; other sessions stay connected', async () => {
    const u = await register(t);
    const other = await login(u);
    const [a1, a2, b] = await Promise.all([connect(t, u.token), connect(t, u.token), connect(t, other)]);
    await t.http().post('/api/auth/logout').set(bearer(u.token)).expect(204);
    expect(await disconnectedWithin(a1)).toBe('io server disconnect');
    expect(await disconnectedWithin(a2)).toBe('io server disconnect');
    await expectAlive(b);
  });

  it('DELETE /auth/sessions/:id disconnects the revoked session’s sockets; the caller’s stay', async () => {
    const u = await register(t);
    const phone = await login(u);
    const [laptopSocket, phoneSocket] = await Promise.all([connect(t, u.token), connect(t, phone)]);
    await t
      .http()
      .delete(`/api/auth/sessions/${decodeJwt(phone).sid}`)
      .set(bearer(u.token))
      .expect(204);
    expect(await disconnectedWithin(phoneSocket)).toBe('io server disconnect');
    await expectAlive(laptopSocket);
    expect(await refusedHandshake(t, phone)).toBe('UNAUTHENTICATED');
  });

  it('a password change disconnects the other sessions’ sockets, not the current one’s, nor another user’s', async () => {
    const u = await register(t, { password: 'old password 1' });
    const other = await login(u);
    const stranger = await register(t);
    const [current, otherSocket, strangerSocket] = await Promise.all([connect(t, u.token), connect(t, other), connect(t, stranger.token)]);
    await t
      .http()
      .put('/api/users/me/password')
      .set(bearer(u.token))
      .send({ currentPassword: 'old password 1', newPassword: 'new password 2' })
      .expect(204);
    expect(await disconnectedWithin(otherSocket)).toBe('io server disconnect');
    await expectAlive(current);
    await expectAlive(strangerSocket);
  });
});
