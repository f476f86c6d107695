import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, register, type Registered, startTestApp, type TestApp, uniqueName } from './harness.js';
import { expectError, expectInvalid } from './support/errors.js';
import { sql } from './support/sql.js';

const LINK_KEYS = ['code', 'createdAt', 'createdBy', 'expiresAt', 'id', 'maxUses', 'revokedAt', 'url', 'uses'];

/** GET /server, the settings, sign-up modes, server invite links and room creation (Contract v2 → Server). */
describe('server settings, sign-up and invite links', () => {
  let t: TestApp;
  let admin: Registered;
  let user: Registered;
  beforeAll(async () => {
    t = await startTestApp({ REGISTER_LIMIT_PER_IP: '1000', SERVER_NAME: 'Test Town', PUBLIC_URL: 'https://chat.example.test' });
    admin = await register(t);
    user = await register(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (who: Registered) => ({
    get: (path: string) => t.http().get(`/api${path}`).set(bearer(who.token)),
    patch: (path: string, body: object) => t.http().patch(`/api${path}`).set(bearer(who.token)).send(body),
    post: (path: string, body: object = {}) => t.http().post(`/api${path}`).set(bearer(who.token)).send(body),
    del: (path: string) => t.http().delete(`/api${path}`).set(bearer(who.token)),
  });
  const setRegistration = async (registration: 'open' | 'invite' | 'closed') => {
    const res = await as(admin).patch('/admin/settings', { registration });
    expect(res.status).toBe(200);
  };
  const signUp = (body: Record<string, unknown> = {}) => {
    const username = uniqueName('new');
    return t
      .http()
      .post('/api/auth/register')
      .send({ username, email: `${username}@example.test`, password: 'correct horse battery', ...body });
  };
  const userCount = async () => Number((await sql<{ n: string }>(t.databaseUrl, 'SELECT count(*) AS n FROM users'))[0]!.n);
  const mintLink = async (body: object = {}) => {
    const res = await as(admin).post('/admin/invite-links', body);
    expect(res.status).toBe(201);
    return res.body as { id: string; code: string; uses: number; maxUses: number | null };
  };

  it('GET /server answers the name and registration mode to anyone, seeded from SERVER_NAME and REGISTRATION', async () => {
    const res = await t.http().get('/api/server');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ name: 'Test Town', registration: 'open' });
  });

  it('GET/PATCH /admin/settings: admins only (403), validated (400), changed live and audited', async () => {
    expectError(await as(user).get('/admin/settings'), 403, 'FORBIDDEN');
    expectError(await as(user).patch('/admin/settings', { registration: 'closed' }), 403, 'FORBIDDEN');
    expect((await as(admin).get('/admin/settings')).body).toEqual({ name: 'Test Town', registration: 'open', roomCreation: 'everyone' });

    expectInvalid(await as(admin).patch('/admin/settings', { registration: 'sometimes' }), 'registration');
    expectInvalid(await as(admin).patch('/admin/settings', { roomCreation: 'nobody' }), 'roomCreation');
    expectInvalid(await as(admin).patch('/admin/settings', { name: '' }), 'name');
    expectInvalid(await as(admin).patch('/admin/settings', { name: 'x'.repeat(81) }), 'name');
    expectInvalid(await as(admin).patch('/admin/settings', { name: 'evil\u202Eexe' }), 'name');
    expectError(await as(admin).patch('/admin/settings', { theme: 'dark' }), 400, 'VALIDATION_FAILED');

    const res = await as(admin).patch('/admin/settings', { name: '  Renamed  ' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ name: 'Renamed', registration: 'open', roomCreation: 'everyone' });
    expect((await t.http().get('/api/server')).body).toEqual({ name: 'Renamed', registration: 'open' });

    const audit = await as(admin).get('/admin/audit?limit=1');
    expect(audit.body[0]).toMatchObject({
      actor: { id: admin.user.id },
      action: 'settings.updated',
      targetType: 'server',
      details: { name: { from: 'Test Town', to: 'Renamed' } },
    });
  });

  it('with registration "closed" nobody registers: 403 FORBIDDEN, no account created', async () => {
    await setRegistration('closed');
    try {
      expect((await t.http().get('/api/server')).body.registration).toBe('closed');
      const before = await userCount();
      expectError(await signUp(), 403, 'FORBIDDEN');
      const link = await mintLink();
      expectError(await signUp({ inviteCode: link.code }), 403, 'FORBIDDEN');
      expect(await userCount()).toBe(before);
    } finally {
      await setRegistration('open');
    }
  });

  it('with registration "invite" a valid code is needed (403 without one or with a bad one); each use is counted', async () => {
    await setRegistration('invite');
    try {
      const link = await mintLink({ maxUses: 5 });
      const before = await userCount();
      expectError(await signUp(), 403, 'FORBIDDEN');
      expectError(await signUp({ inviteCode: 'not-a-code' }), 403, 'FORBIDDEN');
      expectError(
        await signUp({ inviteCode: link.code.toLowerCase() === link.code ? link.code.toUpperCase() : link.code.toLowerCase() }),
        403,
        'FORBIDDEN',
      );
      expect(await userCount()).toBe(before);

      const ok = await signUp({ inviteCode: link.code });
      expect(ok.status).toBe(201);
      expect(ok.body.user.serverRole).toBe('user');
      const listed = (await as(admin).get('/admin/invite-links')).body.find((l: { id: string }) => l.id === link.id);
      expect(listed.uses).toBe(1);
    } finally {
      await setRegistration('open');
    }
  });

  it('a registration refused for a taken username gives its invite use back (409, nothing spent)', async () => {
    await setRegistration('invite');
    try {
      const link = await mintLink({ maxUses: 1 });
      const taken = await signUp({ username: user.user.username, inviteCode: link.code });
      expectError(taken, 409, 'CONFLICT');
      const ok = await signUp({ inviteCode: link.code });
      expect(ok.status).toBe(201);
      expectError(await signUp({ inviteCode: link.code }), 403, 'FORBIDDEN');
    } finally {
      await setRegistration('open');
    }
  });

  it('two people racing for the last use of a link: exactly one registers', async () => {
    await setRegistration('invite');
    try {
      for (let round = 0; round < 3; round++) {
        const link = await mintLink({ maxUses: 1 });
        const before = await userCount();
        const answers = await Promise.all([
          signUp({ inviteCode: link.code }),
          signUp({ inviteCode: link.code }),
          signUp({ inviteCode: link.code }),
        ]);
        expect(answers.map((r) => r.status).sort()).toEqual([201, 403, 403]);
        expect(await userCount()).toBe(before + 1);
        const listed = (await as(admin).get('/admin/invite-links')).body.find((l: { id: string }) => l.id === link.id);
        expect(listed.uses).toBe(1);
      }
    } finally {
      await setRegistration('open');
    }
  });

  it('an expired or revoked code answers 403', async () => {
    await setRegistration('invite');
    try {
      const expired = await mintLink({ expiresInHours: 1 });
      await sql(t.databaseUrl, `UPDATE server_invite_links SET expires_at = now() - interval '1 second' WHERE id = $1`, [expired.id]);
      expectError(await signUp({ inviteCode: expired.code }), 403, 'FORBIDDEN');

      const revoked = await mintLink();
      expect((await as(admin).del(`/admin/invite-links/${revoked.id}`)).status).toBe(204);
      expect((await as(admin).del(`/admin/invite-links/${revoked.id}`)).status).toBe(204);
      expectError(await signUp({ inviteCode: revoked.code }), 403, 'FORBIDDEN');
      const listed = (await as(admin).get('/admin/invite-links')).body.find((l: { id: string }) => l.id === revoked.id);
      expect(listed.revokedAt).toEqual(expect.any(String));
      const actions = (await as(admin).get('/admin/audit')).body
        .filter((e: { targetId: string }) => e.targetId === revoked.id)
        .map((e: { action: string }) => e.action);
      expect(actions).toEqual(['invite_link.revoked', 'invite_link.created']);
    } finally {
      await setRegistration('open');
    }
  });

  it('POST /admin/invite-links: the InviteLink shape, a random code of at least 128 bits, admins only, validated', async () => {
    const res = await as(admin).post('/admin/invite-links', { maxUses: 3, expiresInHours: 48 });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(LINK_KEYS);
    expect(res.body).toMatchObject({ maxUses: 3, uses: 0, revokedAt: null, createdBy: { id: admin.user.id } });
    expect(res.body.code).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(res.body.url).toBe(`https://chat.example.test/invite/${res.body.code}`);
    const hours = (Date.parse(res.body.expiresAt) - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(47);
    expect(hours).toBeLessThanOrEqual(48);
    const unlimited = await as(admin).post('/admin/invite-links', {});
    expect(unlimited.body).toMatchObject({ maxUses: null, expiresAt: null });
    expect(unlimited.body.code).not.toBe(res.body.code);

    expectError(await as(user).post('/admin/invite-links', {}), 403, 'FORBIDDEN');
    expectError(await as(user).get('/admin/invite-links'), 403, 'FORBIDDEN');
    expectError(await as(user).del(`/admin/invite-links/${res.body.id}`), 403, 'FORBIDDEN');
    expectInvalid(await as(admin).post('/admin/invite-links', { maxUses: 0 }), 'maxUses');
    expectInvalid(await as(admin).post('/admin/invite-links', { maxUses: 1.5 }), 'maxUses');
    expectInvalid(await as(admin).post('/admin/invite-links', { expiresInHours: -1 }), 'expiresInHours');
    expectInvalid(await as(admin).post('/admin/invite-links', { expiresInHours: '2' }), 'expiresInHours');
    expectError(await as(admin).del(`/admin/invite-links/${randomUUID()}`), 404, 'NOT_FOUND');
    expectInvalid(await as(admin).del('/admin/invite-links/nope'), 'id');

    const list = await as(admin).get('/admin/invite-links');
    expect(list.status).toBe(200);
    expect(list.body[0].id).toBe(unlimited.body.id);
  });

  it('roomCreation "admins": only server admins create rooms (403 for the others)', async () => {
    expect((await as(admin).patch('/admin/settings', { roomCreation: 'admins' })).status).toBe(200);
    try {
      expectError(await as(user).post('/rooms', { name: 'not mine' }), 403, 'FORBIDDEN');
      expect((await as(admin).post('/rooms', { name: 'the admins’ room' })).status).toBe(201);
    } finally {
      await as(admin).patch('/admin/settings', { roomCreation: 'everyone' });
    }
    expect((await as(user).post('/rooms', { name: 'mine again' })).status).toBe(201);
  });
});

describe('the environment gives only the first defaults', () => {
  it('REGISTRATION=closed seeds a closed server, whose very first account may still register and is its admin', async () => {
    const t = await startTestApp({ REGISTRATION: 'closed' });
    try {
      expect((await t.http().get('/api/server')).body).toEqual({ name: 'Chat', registration: 'closed' });
      const first = await register(t);
      expect(first.user).toMatchObject({ serverRole: 'admin' });
      const username = uniqueName();
      const second = await t
        .http()
        .post('/api/auth/register')
        .send({ username, email: `${username}@example.test`, password: 'correct horse battery' });
      expectError(second, 403, 'FORBIDDEN');
    } finally {
      await t.close();
    }
  });
});
