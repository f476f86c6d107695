import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, register, type Registered, type TestApp } from './harness.js';
import { startFilesApp, uploadFile } from './file-helpers.js';
import { createRoom, makeFriends, say } from './social-helpers.js';
import { expectError } from './support/errors.js';
import { sql } from './support/sql.js';

/** GET /admin/overview: the server at a glance, for its admins. */
describe('admin overview', () => {
  let t: TestApp;
  let admin: Registered;
  let user: Registered;
  beforeAll(async () => {
    t = await startFilesApp({ REGISTER_LIMIT_PER_IP: '1000', STORAGE_LIMIT_BYTES: '1000000' });
    admin = await register(t);
    user = await register(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const overview = (who: Registered) => t.http().get('/api/admin/overview').set(bearer(who.token));

  it('admins only: 401 without a session, 403 for a user', async () => {
    expectError(await t.http().get('/api/admin/overview'), 401, 'UNAUTHENTICATED');
    expectError(await overview(user), 403, 'FORBIDDEN');
  });

  it('counts accounts by state, rooms by kind, messages since midnight UTC and the bytes stored', async () => {
    const before = (await overview(admin)).body;
    expect(Object.keys(before).sort()).toEqual(['messages', 'rooms', 'since', 'storage', 'users']);
    expect(before.users).toEqual({ total: 2, active: 2, admins: 1, deactivated: 0 });
    expect(before.storage).toEqual({ usedBytes: 0, limitBytes: 1000000 });
    const midnight = new Date();
    midnight.setUTCHours(0, 0, 0, 0);
    expect(before.since).toBe(midnight.toISOString());

    const third = await register(t);
    await t.http().patch(`/api/admin/users/${third.user.id}`).set(bearer(admin.token)).send({ deactivated: true }).expect(200);
    const room = await createRoom(t, user);
    await makeFriends(t, user, admin);
    await t.http().post('/api/dms').set(bearer(user.token)).send({ userId: admin.user.id }).expect(201);
    await say(t, user, room.id, 'one');
    await say(t, user, room.id, 'two');
    const old = await say(t, user, room.id, 'from yesterday');
    await sql(t.databaseUrl, `UPDATE messages SET created_at = now() - interval '2 days' WHERE id = $1`, [old.id]);
    await uploadFile(t, user, Buffer.alloc(1234, 1));

    const after = (await overview(admin)).body;
    expect(after.users).toEqual({ total: 3, active: 2, admins: 1, deactivated: 1 });
    expect(after.rooms.groups).toBe(before.rooms.groups + 1);
    expect(after.rooms.direct).toBe(before.rooms.direct + 1);
    expect(after.messages.today).toBe(before.messages.today + 2);
    expect(after.messages.total).toBeGreaterThanOrEqual(0);
    expect(after.storage).toEqual({ usedBytes: 1234, limitBytes: 1000000 });
  });
});
