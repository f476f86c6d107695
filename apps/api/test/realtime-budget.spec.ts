import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { bearer, register, type TestApp, startTestApp } from './harness.js';
import { roomWith, say } from './social-helpers.js';
import { closeAllSockets, connect, disconnectedWithin, QUIET_MS, sleep } from './socket-helpers.js';
import { foregroundQueries } from './support/queries.js';

/** Every socket has one event budget over all its events, checked before any work; typing and read markers cost no query when they cannot change anything. */
describe('realtime: the per-socket event budget and the throttles before the database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REGISTER_LIMIT_PER_IP: '1000', SOCKET_EVENTS_PER_SECOND: '2', SOCKET_EVENT_BURST: '10' });
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t.close();
  });

  /** Queries the API sent to PostgreSQL while `work` ran (the session checks of REST calls left out). */
  const queriesDuring = async (work: () => Promise<void>): Promise<string[]> => {
    const spy = jest.spyOn(t.app.get(DataSource).logger, 'logQuery');
    try {
      await work();
      return foregroundQueries(spy);
    } finally {
      spy.mockRestore();
    }
  };

  it('acks events past the budget RATE_LIMITED, any event alike, and keeps serving other users', async () => {
    const [a, b] = [await register(t), await register(t)];
    const room = await roomWith(t, a, { members: [b] });
    const flooder = await connect(t, a.token);
    const acks = [];
    for (let i = 0; i < 10; i++) acks.push(await flooder.send('typing', { roomId: room.id, typing: i % 2 === 0 }));
    expect(acks.every((ack) => ack.ok)).toBe(true);
    const over = await flooder.raw('no-such-event', {});
    expect(over).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(await flooder.send('room:read', { roomId: room.id, seq: 0 })).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    // another user's REST and socket are unaffected
    expect((await t.http().get('/api/rooms').set(bearer(b.token))).status).toBe(200);
    const other = await connect(t, b.token);
    expect(await other.send('typing', { roomId: room.id, typing: true })).toEqual({ ok: true });
    // the budget refills
    await sleep(1100);
    expect(await flooder.send('typing', { roomId: room.id, typing: false })).toEqual({ ok: true });
  });

  it('closes a socket that goes on a whole burst past its budget', async () => {
    const a = await register(t);
    const flooder = await connect(t, a.token);
    const closed = disconnectedWithin(flooder, 3000);
    for (let i = 0; i < 25; i++) flooder.raw('no-such-event', {}).catch(() => undefined);
    expect(await closed).toBe('io server disconnect');
  });

  it('costs no database query for typing in a room the socket is subscribed to', async () => {
    const [a, b] = [await register(t), await register(t)];
    const room = await roomWith(t, a, { members: [b] });
    const typist = await connect(t, a.token);
    await sleep(QUIET_MS); // the connection's own work (resync, presence) is done
    const typing = () =>
      queriesDuring(async () => {
        for (const on of [true, false, true]) expect(await typist.send('typing', { roomId: room.id, typing: on })).toEqual({ ok: true });
      });
    // the fewer of two windows: the socket an earlier test closed goes offline a second later (its last_seen_at stamp,
    // its presence to friends), which a loaded machine can push into one window; a query typing made lands in both
    const [first, second] = [await typing(), await typing()];
    const queries = first.length <= second.length ? first : second;
    expect(queries.filter((q) => !/^UPDATE "users" SET "last_seen_at"/.test(q))).toEqual([]);
  });

  it('writes and announces a read marker only when it moves: repeats cost no query and no broadcast', async () => {
    const [a, b] = [await register(t), await register(t)];
    const room = await roomWith(t, a, { members: [b] });
    for (let i = 0; i < 3; i++) await say(t, b, room.id, `m${i}`);
    const reader = await connect(t, a.token);
    const watcher = await connect(t, b.token);
    expect(await reader.send('room:read', { roomId: room.id, seq: 3 })).toEqual({ ok: true });
    expect(await watcher.waitFor('room:read')).toEqual({ roomId: room.id, userId: a.user.id, seq: 3 });
    await sleep(1100); // a fresh budget; the connections' own work (resync, presence) is done
    const queries = await queriesDuring(async () => {
      for (const seq of [3, 2, 3, 1]) expect(await reader.send('room:read', { roomId: room.id, seq })).toEqual({ ok: true });
    });
    expect(queries).toEqual([]);
    await watcher.expectNo('room:read'); // the one broadcast was consumed above: nothing since
  });
});
