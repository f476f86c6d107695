import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { User } from '@chat/contracts';
import { bearer, register, type Registered, type TestApp } from './harness.js';
import { expectStatus, makeFriends, roomWith, startSocialApp } from './social-helpers.js';
import { PRESENCE_COALESCE_MS } from '../src/modules/realtime/presence.service.js';
import { closeAllSockets, connect, disconnectedWithin, QUIET_MS, sleep } from './socket-helpers.js';

/** Online while any socket of the user is connected; announced to friends and co-members, nobody else. */
describe('realtime: presence', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSocialApp();
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t.close();
  });

  const profile = async (viewer: Registered, user: Registered): Promise<User> => {
    const res = await t.http().get(`/api/users/${user.user.id}`).set(bearer(viewer.token));
    expect(res.status).toBe(200);
    return res.body as User;
  };
  const isoString = (s: string | null) => typeof s === 'string' && new Date(s).toISOString() === s;

  it('a friend sees the first socket come online, nothing for a second socket or closing one of two, and offline with lastSeenAt after the last', async () => {
    const [a, b] = [await register(t), await register(t)];
    await makeFriends(t, a, b);
    const bob = await connect(t, b.token);
    const ofA = (p: { userId: string }) => p.userId === a.user.id;
    expect(await profile(b, a)).toMatchObject({ online: false, lastSeenAt: null });

    const a1 = await connect(t, a.token);
    expect(await bob.waitFor('presence', ofA)).toEqual({ userId: a.user.id, online: true, lastSeenAt: null });
    expect(await profile(b, a)).toMatchObject({ online: true });
    const friends = await t.http().get('/api/friends').set(bearer(b.token));
    expect(friends.body).toEqual([expect.objectContaining({ id: a.user.id, online: true })]);

    const a2 = await connect(t, a.token);
    await bob.expectNo('presence', ofA);
    a1.close();
    await bob.expectNo('presence', ofA);
    expect(await profile(b, a)).toMatchObject({ online: true });

    a2.close();
    const offline = await bob.waitFor('presence', ofA);
    expect(offline).toEqual({ userId: a.user.id, online: false, lastSeenAt: expect.any(String) });
    expect(isoString(offline.lastSeenAt)).toBe(true);
    expect(Math.abs(Date.parse(offline.lastSeenAt!) - Date.now())).toBeLessThan(5000);
    expect(await profile(b, a)).toMatchObject({ online: false, lastSeenAt: offline.lastSeenAt });

    // coming back online carries the last time seen
    await connect(t, a.token);
    expect(await bob.waitFor('presence', ofA)).toEqual({ userId: a.user.id, online: true, lastSeenAt: offline.lastSeenAt });
    expect(await profile(b, a)).toMatchObject({ online: true });
  });

  it('co-members of a room are told too; a stranger (no friendship, no shared room) is told nothing', async () => {
    const [a, b, c] = [await register(t), await register(t), await register(t)];
    await roomWith(t, a, { members: [b] });
    await roomWith(t, c); // c has a room of their own, without a
    const [bob, carol] = await Promise.all([connect(t, b.token), connect(t, c.token)]);
    const ofA = (p: { userId: string }) => p.userId === a.user.id;

    const alice = await connect(t, a.token);
    expect(await bob.waitFor('presence', ofA)).toMatchObject({ online: true });
    alice.close();
    expect(await bob.waitFor('presence', ofA)).toMatchObject({ online: false, lastSeenAt: expect.any(String) });
    await carol.expectNo('presence');
    expect((await profile(c, a)).online).toBe(false);
  });

  it('tells a co-member once however many rooms they share, never the user’s own sockets, and follows leaving and joining', async () => {
    const [a, b, c, d] = [await register(t), await register(t), await register(t), await register(t)];
    const shared = await roomWith(t, a, { members: [b, c], visibility: 'public' });
    await roomWith(t, a, { members: [b] });
    const [bob, carol, dave] = await Promise.all([connect(t, b.token), connect(t, c.token), connect(t, d.token)]);
    const ofA = (p: { userId: string }) => p.userId === a.user.id;

    const alice = await connect(t, a.token);
    expect(await bob.waitFor('presence', ofA)).toMatchObject({ online: true });
    expect(await carol.waitFor('presence', ofA)).toMatchObject({ online: true });
    await alice.expectNo('presence', ofA);
    await dave.expectNo('presence', ofA);

    // carol leaves the only room she shares with alice; dave joins it
    expectStatus(await t.http().post(`/api/rooms/${shared.id}/leave`).set(bearer(c.token)), 204);
    expectStatus(await t.http().post(`/api/rooms/${shared.id}/join`).set(bearer(d.token)), 200);
    await sleep(PRESENCE_COALESCE_MS); // alice's next transition is announced at once, not at the end of a window
    alice.close();
    expect(await bob.waitFor('presence', (p) => ofA(p) && !p.online)).toMatchObject({ lastSeenAt: expect.any(String) });
    expect(await dave.waitFor('presence', (p) => ofA(p) && !p.online)).toMatchObject({ lastSeenAt: expect.any(String) });
    await carol.expectNo('presence', (p) => ofA(p) && !p.online);
    // two rooms in common, one event per change: no second online or offline left unconsumed
    await bob.expectNo('presence', ofA);
  });

  it('a user whose only socket is closed by logout goes offline for their friends', async () => {
    const [a, b] = [await register(t), await register(t)];
    await makeFriends(t, a, b);
    const bob = await connect(t, b.token);
    const alice = await connect(t, a.token);
    await bob.waitFor('presence', (p) => p.userId === a.user.id && p.online);
    await t.http().post('/api/auth/logout').set(bearer(a.token)).expect(204);
    await disconnectedWithin(alice);
    expect(await bob.waitFor('presence', (p) => p.userId === a.user.id)).toMatchObject({ online: false });
    expect((await profile(b, a)).online).toBe(false);
  });

  it('announces a user’s transitions in order: quick connect-and-close cycles alternate online/offline and end offline', async () => {
    const [a, b] = [await register(t), await register(t)];
    await makeFriends(t, a, b);
    const bob = await connect(t, b.token);
    for (let i = 0; i < 30; i++) (await connect(t, a.token)).close();
    await sleep(PRESENCE_COALESCE_MS + QUIET_MS + 100); // the last transition is announced when its window ends
    const presence = bob.received.filter((r) => r.event === 'presence').map((r) => r.payload as { userId: string; online: boolean });
    expect(presence.every((p) => p.userId === a.user.id)).toBe(true);
    // "+" online, "-" offline; a reconnect that overlaps the previous close may merge a pair, never reorder one
    expect(presence.map((p) => (p.online ? '+' : '-')).join('')).toMatch(/^(\+-)+$/);
  });

  it('coalesces a connect-and-close loop: at most one presence event per second for that user, and the last says offline', async () => {
    const [a, b] = [await register(t), await register(t)];
    await makeFriends(t, a, b);
    const bob = await connect(t, b.token);
    const started = Date.now();
    for (let i = 0; i < 40; i++) (await connect(t, a.token)).close();
    const seconds = (Date.now() - started) / 1000;
    await sleep(PRESENCE_COALESCE_MS + QUIET_MS + 100);
    const presence = bob.received.filter((r) => r.event === 'presence').map((r) => r.payload as { userId: string; online: boolean });
    expect(presence.length).toBeGreaterThanOrEqual(2);
    expect(presence.length).toBeLessThanOrEqual(Math.ceil(seconds) + 2);
    expect(presence.at(-1)).toMatchObject({ userId: a.user.id, online: false });
  });
});
