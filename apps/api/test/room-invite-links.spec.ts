import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { InviteLink, Room } from '@chat/contracts';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import { createRoom, expectError, expectInvalid, expectStatus, join, startSocialApp } from './social-helpers.js';
import { sql } from './support/sql.js';

/** Contract v2 → Safety: room invite links (admin+ mint and revoke; anyone signed in previews and joins). */
describe('room invite links', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSocialApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (u: Registered) => bearer(u.token);
  const mint = async (by: Registered, roomId: string, body: Record<string, unknown> = {}) => {
    const res = await t.http().post(`/api/rooms/${roomId}/invite-links`).set(as(by)).send(body);
    expectStatus(res, 201);
    return res.body as InviteLink;
  };
  const useLink = (u: Registered, code: string) => t.http().post(`/api/room-invites/${code}/join`).set(as(u));
  const preview = (u: Registered, code: string) => t.http().get(`/api/room-invites/${code}`).set(as(u));
  const links = async (by: Registered, roomId: string) =>
    (await t.http().get(`/api/rooms/${roomId}/invite-links`).set(as(by))).body as InviteLink[];

  it('lets an admin mint a link with a long random code; a guest previews the room and joins a private room with it', async () => {
    const owner = await register(t);
    const room = await createRoom(t, owner, { name: 'Book club', description: 'we read', visibility: 'private' });
    const link = await mint(owner, room.id, { maxUses: 5, expiresInHours: 24 });
    expect(link).toMatchObject({ maxUses: 5, uses: 0, revokedAt: null, createdBy: { id: owner.user.id } });
    expect(link.code).toMatch(/^[A-Za-z0-9_-]{22,}$/); // ≥ 128 bits of base64url
    expect(link.url.endsWith(link.code)).toBe(true);
    const hours = (new Date(link.expiresAt!).getTime() - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    const other = await mint(owner, room.id);
    expect(other).toMatchObject({ maxUses: null, expiresAt: null });
    expect(other.code).not.toBe(link.code);

    const guest = await register(t);
    const seen = await preview(guest, link.code);
    expectStatus(seen, 200);
    expect(seen.body).toEqual({ room: { id: room.id, name: 'Book club', description: 'we read', avatarUrl: null, memberCount: 1 } });
    const joined = await useLink(guest, link.code);
    expectStatus(joined, 200);
    expect(joined.body as Room).toMatchObject({ id: room.id, myRole: 'member', memberCount: 2 });
    // a member already: no second use
    expectStatus(await useLink(guest, link.code), 200);
    expect((await links(owner, room.id)).find((l) => l.id === link.id)!.uses).toBe(1);
    expect((await links(owner, room.id)).map((l) => l.id)).toEqual([other.id, link.id]);
  });

  it('only admins and owners mint, list and revoke (403 to a member, 404 to a stranger of a private room)', async () => {
    const [owner, member, stranger] = [await register(t), await register(t), await register(t)];
    const room = await createRoom(t, owner, { visibility: 'public' });
    await join(t, member, room.id);
    const link = await mint(owner, room.id);
    expectError(await t.http().post(`/api/rooms/${room.id}/invite-links`).set(as(member)).send({}), 403, 'FORBIDDEN');
    expectError(await t.http().get(`/api/rooms/${room.id}/invite-links`).set(as(member)), 403, 'FORBIDDEN');
    expectError(await t.http().delete(`/api/rooms/${room.id}/invite-links/${link.id}`).set(as(member)), 403, 'FORBIDDEN');
    const hidden = await createRoom(t, owner, { visibility: 'private' });
    expectError(await t.http().post(`/api/rooms/${hidden.id}/invite-links`).set(as(stranger)).send({}), 404, 'NOT_FOUND');
    expectError(await t.http().delete(`/api/rooms/${hidden.id}/invite-links/${link.id}`).set(as(owner)), 404, 'NOT_FOUND');
  });

  it('refuses bad input (400): zero or fractional uses, hours out of range, unknown fields', async () => {
    const owner = await register(t);
    const room = await createRoom(t, owner, { visibility: 'public' });
    const bad = (body: Record<string, unknown>) => t.http().post(`/api/rooms/${room.id}/invite-links`).set(as(owner)).send(body);
    expectInvalid(await bad({ maxUses: 0 }), 'maxUses');
    expectInvalid(await bad({ maxUses: 1.5 }), 'maxUses');
    expectInvalid(await bad({ expiresInHours: 0 }), 'expiresInHours');
    expectInvalid(await bad({ expiresInHours: 24 * 366 }), 'expiresInHours');
    expectError(await bad({ code: 'mine' }), 400, 'VALIDATION_FAILED');
    expect(await links(owner, room.id)).toEqual([]);
  });

  it('a revoked, expired or used-up code answers 403; an unknown one 404; codes are case-sensitive', async () => {
    const [owner, a, b] = [await register(t), await register(t), await register(t)];
    const room = await createRoom(t, owner, { visibility: 'private' });
    const revoked = await mint(owner, room.id);
    expectStatus(await t.http().delete(`/api/rooms/${room.id}/invite-links/${revoked.id}`).set(as(owner)), 204);
    expect((await links(owner, room.id))[0]!.revokedAt).not.toBeNull();
    expectError(await preview(a, revoked.code), 403, 'FORBIDDEN');
    expectError(await useLink(a, revoked.code), 403, 'FORBIDDEN');

    const expired = await mint(owner, room.id, { expiresInHours: 1 });
    await sql(t.databaseUrl, `UPDATE room_invite_links SET expires_at = now() - interval '1 second' WHERE id = $1`, [expired.id]);
    expectError(await useLink(a, expired.code), 403, 'FORBIDDEN');

    const single = await mint(owner, room.id, { maxUses: 1 });
    expectStatus(await useLink(a, single.code), 200);
    expectError(await useLink(b, single.code), 403, 'FORBIDDEN');
    expectError(await preview(b, single.code), 403, 'FORBIDDEN');

    const open = await mint(owner, room.id);
    const swapped = [...open.code].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
    expectError(await useLink(b, swapped), 404, 'NOT_FOUND');
    expectError(await preview(b, 'no-such-code'), 404, 'NOT_FOUND');
    expectInvalid(await preview(b, 'bad%20code'), 'code');
    const members = (await t.http().get(`/api/rooms/${room.id}/members`).set(as(owner))).body as unknown[];
    expect(members).toHaveLength(2);
  });

  it('two people racing for the last use: exactly one joins, the other gets 403, and uses never pass the limit', async () => {
    for (let round = 0; round < 5; round++) {
      const owner = await register(t);
      const room = await createRoom(t, owner, { visibility: 'private' });
      const link = await mint(owner, room.id, { maxUses: 2 });
      expectStatus(await useLink(await register(t), link.code), 200); // one use left
      const [x, y] = [await register(t), await register(t)];
      const results = await Promise.all([useLink(x, link.code), useLink(y, link.code)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 403]);
      const [row] = await sql<{ uses: number }>(t.databaseUrl, `SELECT uses FROM room_invite_links WHERE id = $1`, [link.id]);
      expect(row!.uses).toBe(2);
      const [{ n }] = await sql<{ n: string }>(t.databaseUrl, `SELECT count(*) AS n FROM room_members WHERE room_id = $1`, [room.id]);
      expect(Number(n)).toBe(3);
    }
  });
});
