import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { type EmbeddedDatabase, freePort, startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { type ApiProcess, call, health, registerVia, type RemoteUser, sleep, spawnApi, stopApi } from './support/api-process.js';
import { reconnectingSocket, type SendOutcome, sendAll } from './support/drill-client.js';
import { sql } from './support/sql.js';

/**
 * Fault drill: PostgreSQL stops and starts again (same port, same data) while clients keep sending over REST and
 * Socket.IO, retrying every failure with the same clientId. The API process is never restarted.
 */
describe('drill: PostgreSQL restarted under traffic', () => {
  let dir: string;
  let port: number;
  let db: EmbeddedDatabase;
  let api: ApiProcess;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chat-drill-pg-'));
    chmodSync(dir, 0o755);
    port = await freePort();
    db = await startEmbeddedPostgres({ dir: join(dir, 'pg'), port, database: 'chat' });
    api = await spawnApi({
      DATABASE_URL: db.url,
      DATA_DIR: join(dir, 'data'),
      JWT_SECRET: randomBytes(32).toString('hex'),
      REGISTER_LIMIT_PER_IP: '1000',
      MESSAGE_RATE_PER_SECOND: '100000',
      MESSAGE_BURST: '100000',
      SOCKET_EVENTS_PER_SECOND: '100000',
      SOCKET_EVENT_BURST: '100000',
      MEMBERSHIP_CHANGES_PER_MINUTE: '100000',
    });
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await stopApi(api);
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('recovers without a restart; no partial rows; every clientId stored exactly once', async () => {
    const [alice, bob, carol] = [
      await registerVia(api.url, 'alice'),
      await registerVia(api.url, 'bob'),
      await registerVia(api.url, 'carol'),
    ];
    const room1 = (await call<{ id: string }>(api.url, 'POST', '/rooms', alice.token, { name: 'drill one', visibility: 'public' })).body.id;
    const room2 = (await call<{ id: string }>(api.url, 'POST', '/rooms', bob.token, { name: 'drill two', visibility: 'public' })).body.id;
    for (const [u, r] of [
      [bob, room1],
      [carol, room1],
      [alice, room2],
      [carol, room2],
    ] as Array<[RemoteUser, string]>) {
      expect((await call(api.url, 'POST', `/rooms/${r}/join`, u.token)).status).toBe(200);
    }
    const socketOf = async (u: RemoteUser) => {
      const s = reconnectingSocket(api.url, u.token);
      sockets.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once('connect', () => resolve());
        s.once('connect_error', reject);
      });
      return s;
    };
    const [aliceWs, bobWs] = [await socketOf(alice), await socketOf(bob)];

    // health, watched all along
    const healthSeen: number[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        healthSeen.push((await health(api.url)).status);
        await sleep(150);
      }
    })();

    const deadline = Date.now() + 40_000;
    const opts = { deadline, pauseMs: 25 };
    const rest = (u: RemoteUser) => ({ kind: 'rest' as const, url: () => api.url, token: u.token });
    const traffic: Array<Promise<SendOutcome[]>> = [
      sendAll({ kind: 'socket', socket: aliceWs }, room1, 'alice-ws', 40, opts),
      sendAll({ kind: 'socket', socket: bobWs }, room2, 'bob-ws', 40, opts),
      sendAll(rest(carol), room1, 'carol-rest', 40, opts),
      sendAll(rest(carol), room2, 'carol-rest2', 40, opts),
    ];

    // the outage, in the middle of the traffic
    await sleep(600);
    const pid = api.proc.pid;
    await db.stop();
    await sleep(1500);
    db = await startEmbeddedPostgres({ dir: join(dir, 'pg'), port, database: 'chat' });

    const outcomes = (await Promise.all(traffic)).flat();
    watching = false;
    await watcher;

    // the same process recovered by itself
    expect(api.proc.exitCode).toBeNull();
    expect(api.proc.pid).toBe(pid);
    expect(healthSeen).toContain(503);
    expect(healthSeen[healthSeen.length - 1]).toBe(200);
    expect(await health(api.url)).toEqual({ status: 200, body: { status: 'ok', db: 'up', queueDepth: 0 } });
    // every message was acknowledged in the end, and no attempt hung: each got an answer, an error at worst
    expect(outcomes.filter((o) => o.seq === null).map((o) => o.clientId)).toEqual([]);
    expect(outcomes.reduce((n, o) => n + o.unanswered, 0)).toBe(0);
    expect(outcomes.some((o) => o.attempts > 1)).toBe(true); // the outage was felt

    // no partial rows: seqs per room are 1..last_seq without gaps, and rooms.last_seq = max(seq)
    const rooms = await sql<{ id: string; last_seq: string; n: string; max: string | null; distinct_seqs: string }>(
      db.url,
      `SELECT r.id, r.last_seq, count(m.id) AS n, max(m.seq) AS max, count(DISTINCT m.seq) AS distinct_seqs
         FROM rooms r LEFT JOIN messages m ON m.room_id = r.id WHERE r.id = ANY($1) GROUP BY r.id`,
      [[room1, room2]],
    );
    for (const r of rooms) {
      expect({ room: r.id, n: Number(r.n), distinct: Number(r.distinct_seqs), max: Number(r.max) }).toEqual({
        room: r.id,
        n: Number(r.last_seq),
        distinct: Number(r.last_seq),
        max: Number(r.last_seq),
      });
    }
    // each clientId exactly once, where its ack said
    const rows = await sql<{ client_id: string; room_id: string; seq: string }>(db.url, 'SELECT client_id, room_id, seq FROM messages');
    expect(rows).toHaveLength(outcomes.length);
    const byClientId = new Map(rows.map((r) => [r.client_id, r]));
    for (const o of outcomes) expect(byClientId.get(o.clientId)).toEqual({ client_id: o.clientId, room_id: o.roomId, seq: String(o.seq) });

    // and it keeps working: a new send on the same socket and over REST
    const ack = (await aliceWs.timeout(5000).emitWithAck('message:send', { roomId: room1, clientId: 'after-drill', body: 'fine' })) as {
      ok: boolean;
    };
    expect(ack.ok).toBe(true);
    expect(
      (await call(api.url, 'POST', `/rooms/${room2}/messages`, carol.token, { clientId: 'after-drill-rest', body: 'fine' })).status,
    ).toBe(201);
  }, 60_000);
});
