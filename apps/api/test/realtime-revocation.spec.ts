import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Room } from '@chat/contracts';
import { RoomAccessService } from '../src/modules/rooms/room-access.service.js';
import { RealtimeService } from '../src/modules/realtime/realtime.service.js';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import { createRoom, expectStatus, startSocialApp } from './social-helpers.js';
import { closeAllSockets, connect, disconnectedWithin, type TestClient } from './socket-helpers.js';
import { decodeJwt, signJwt } from './support/jwt.js';
import { sql } from './support/sql.js';

/**
 * Revocations reach a socket by a channel message (leave the room, close the session's sockets). These tests lose that
 * message on purpose, as a Redis pub/sub message can be lost between processes, and check that the socket is
 * corrected at its next event from the user's revocation version; that a kick landing during the socket's first sync
 * of its rooms does not leave it in the room; and that a socket is closed when its login ends.
 */
describe('socket revocations that miss the socket', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSocialApp();
  });
  afterEach(() => {
    closeAllSockets();
    jest.restoreAllMocks();
  });
  afterAll(async () => {
    await t.close();
  });

  const join = async (u: Registered, room: Room) =>
    expectStatus(await t.http().post(`/api/rooms/${room.id}/join`).set(bearer(u.token)), 200);
  const post = async (u: Registered, room: Room, body: string) =>
    expectStatus(await t.http().post(`/api/rooms/${room.id}/messages`).set(bearer(u.token)).send({ clientId: randomUUID(), body }), 201);
  /** Posts in `gone`, then in `kept`; once the second arrives, the first would have arrived before it. */
  const expectOnlySecond = async (owner: Registered, client: TestClient, gone: Room, kept: Room) => {
    await post(owner, gone, 'not for you');
    await post(owner, kept, 'for you');
    await client.waitFor('message:new', (m) => m.roomId === kept.id);
    expect(client.received.filter((r) => r.event === 'message:new').map((r) => (r.payload as { body: string }).body)).toEqual([]);
  };

  /** A room the owner keeps and the member stays in, and one the member is kicked from. */
  const setUp = async () => {
    const owner = await register(t);
    const carol = await register(t);
    const gone = await createRoom(t, owner);
    const kept = await createRoom(t, owner);
    await join(carol, gone);
    await join(carol, kept);
    return { owner, carol, gone, kept };
  };

  it('drops a room at the socket’s next event when the kick’s channel message was lost', async () => {
    const { owner, carol, gone, kept } = await setUp();
    const client = await connect(t, carol.token);
    expect(await client.send('typing', { roomId: kept.id, typing: false })).toEqual({ ok: true });
    // the channel leave never reaches the socket
    jest.spyOn(t.app.get(RealtimeService), 'unsubscribe').mockImplementation(() => undefined);
    expectStatus(await t.http().delete(`/api/rooms/${gone.id}/members/${carol.user.id}`).set(bearer(owner.token)), 204);
    await client.waitFor('room:removed', (p) => p.roomId === gone.id);

    // the next event finds the version moved: the socket re-reads its rooms before acting
    const ack = await client.send('typing', { roomId: gone.id, typing: true });
    expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    client.clear();
    await expectOnlySecond(owner, client, gone, kept);
  });

  it('refuses the next event and closes the socket when the logout’s channel message was lost', async () => {
    const dave = await register(t);
    const room = await createRoom(t, dave);
    const client = await connect(t, dave.token);
    // an answered event: the socket's first check of its session and rooms is behind it
    expect(await client.send('typing', { roomId: room.id, typing: false })).toEqual({ ok: true });
    jest.spyOn(t.app.get(RealtimeService), 'disconnectSessions').mockImplementation(() => undefined);
    expectStatus(await t.http().post('/api/auth/logout').set(bearer(dave.token)), 204);
    expect(client.connected).toBe(true);

    const ack = await client.send('typing', { roomId: room.id, typing: true });
    expect(ack).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await disconnectedWithin(client)).toBe('io server disconnect');
  });

  it('does not put a socket back into a room it was kicked from while it was syncing its rooms after the handshake', async () => {
    const { owner, carol, gone, kept } = await setUp();
    // The handshake reads the rooms (call 1); once connected the socket reads them again (call 2): hold that read
    // until the kick has committed and its channel leave has reached the socket.
    const access = t.app.get(RoomAccessService);
    const roomIdsOf = access.roomIdsOf.bind(access);
    let calls = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const atHold = new Promise<void>((resolve) => (reached = resolve));
    jest.spyOn(access, 'roomIdsOf').mockImplementation(async (userId: string) => {
      const ids = await roomIdsOf(userId);
      if (userId === carol.user.id && ++calls === 2) {
        reached();
        await held;
      }
      return ids;
    });

    const client = await connect(t, carol.token);
    await atHold; // the sync read the rooms, the kicked one among them
    expectStatus(await t.http().delete(`/api/rooms/${gone.id}/members/${carol.user.id}`).set(bearer(owner.token)), 204);
    await client.waitFor('room:removed', (p) => p.roomId === gone.id);
    release(); // the sync now joins what it read

    // an event waits for the sync to end; then only the room the user is still in is delivered
    expect(await client.send('typing', { roomId: kept.id, typing: false })).toEqual({ ok: true });
    client.clear();
    await expectOnlySecond(owner, client, gone, kept);
  });
});

describe('sockets closed when their login ends', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSocialApp();
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t.close();
  });

  it('closes a socket when its token expires', async () => {
    const erin = await register(t);
    const { sub, sid } = decodeJwt(erin.token);
    const now = Math.floor(Date.now() / 1000);
    const shortLived = signJwt({ sub, sid, iat: now, exp: now + 2 }, t.config.jwtSecret);
    const client = await connect(t, shortLived);
    expect(await disconnectedWithin(client, 6000)).toBe('io server disconnect');
  });

  it('closes a socket when its session expires', async () => {
    const fay = await register(t);
    const { sid } = decodeJwt(fay.token);
    await sql(t.databaseUrl, `UPDATE sessions SET expires_at = now() + interval '2 seconds' WHERE id = $1`, [sid]);
    const client = await connect(t, fay.token);
    expect(await disconnectedWithin(client, 6000)).toBe('io server disconnect');
    // and the session is over for REST too
    expect((await t.http().get('/api/users/me').set(bearer(fay.token))).status).toBe(401);
  });
});
