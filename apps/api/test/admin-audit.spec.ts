import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditService } from '../src/modules/audit/audit.service.js';
import { bearer, register, type Registered, startTestApp, type TestApp } from './harness.js';
import { expectError, expectInvalid } from './support/errors.js';

describe('GET /admin/audit', () => {
  let t: TestApp;
  let admin: Registered;
  let member: Registered;
  beforeAll(async () => {
    t = await startTestApp({ REGISTER_LIMIT_PER_IP: '1000' });
    admin = await register(t); // the first account of the server
    member = await register(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const audit = (query = '', token = admin.token) => t.http().get(`/api/admin/audit${query}`).set(bearer(token));

  it('makes the first account of an empty server its admin, and the next ones users', async () => {
    expect(admin.user).toMatchObject({ serverRole: 'admin' });
    expect(member.user).toMatchObject({ serverRole: 'user' });
    const me = await t.http().get('/api/users/me').set(bearer(member.token));
    expect(me.body.serverRole).toBe('user');
  });

  it('answers 403 to a user who is not a server admin, and 401 without a session', async () => {
    expectError(await audit('', member.token), 403, 'FORBIDDEN');
    expectError(await t.http().get('/api/admin/audit'), 401, 'UNAUTHENTICATED');
  });

  it('lists what AuditService.record stored, newest first, paged with before= an entry id or a time', async () => {
    const service = t.app.get(AuditService);
    const target = randomUUID();
    for (let i = 1; i <= 3; i++) {
      await service.record({ actorId: admin.user.id, action: 'test.action', targetType: 'user', targetId: target, details: { n: i } });
    }
    const first = await audit('?limit=2');
    expect(first.status).toBe(200);
    const mine = (first.body as Array<{ targetId: string }>).filter((e) => e.targetId === target);
    expect(mine).toHaveLength(2);
    expect(first.body[0]).toMatchObject({
      actor: { id: admin.user.id, username: admin.user.username },
      action: 'test.action',
      targetType: 'user',
      targetId: target,
      details: { n: 3 },
    });
    expect(Object.keys(first.body[0]).sort()).toEqual(['action', 'actor', 'createdAt', 'details', 'id', 'targetId', 'targetType']);
    expect(first.body[1].details).toEqual({ n: 2 });

    const next = await audit(`?limit=2&before=${first.body[1].id}`);
    expect(next.status).toBe(200);
    expect(next.body.map((e: { details: unknown }) => e.details)).toEqual([{ n: 1 }]);

    const byTime = await audit(`?before=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(byTime.body).toHaveLength(3);
    expect((await audit(`?before=2000-01-01T00:00:00Z`)).body).toEqual([]);
  });

  it('refuses a bad page: limit out of range, before that is neither an entry nor a time', async () => {
    expectInvalid(await audit('?limit=0'), 'limit');
    expectInvalid(await audit('?limit=101'), 'limit');
    expectInvalid(await audit('?before=yesterday'), 'before');
    expectInvalid(await audit(`?before=${randomUUID()}`), 'before');
  });
});
