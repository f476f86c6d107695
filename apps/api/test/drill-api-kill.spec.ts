import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { freePort } from '../src/database/embedded-postgres.js';
import { createTestDatabase } from './harness.js';
import { type ApiProcess, call, registerVia, type RemoteUser, sleep, spawnApi, stopApi, until } from './support/api-process.js';
import { catchUp, type PagedMessage, reconnectingSocket, type SendOutcome, sendAll } from './support/drill-client.js';
import { sql } from './support/sql.js';

/**
 * Fault drill: the API process is killed with SIGKILL under traffic and a new one is started on the same port, data
 * folder and database. Clients (socket.io-client with reconnection and backoff) reconnect by themselves, catch up
 * with `GET /rooms/:id/messages?after=<last seq held>`, and senders retry what was not acknowledged with the same
 * clientId.
 */

/** A member's view of the rooms it is in: live events and catch-up pages merged by seq, as a client keeps them. */
class MemberView {
  readonly bySeq = new Map<string, Map<number, PagedMessage[]>>();
  reconnects = 0;
  catchUps: Array<Promise<void>> = [];

  constructor(
    readonly socket: Socket,
    private readonly url: string,
    private readonly token: string,
    private readonly roomIds: string[],
  ) {
    for (const r of roomIds) this.bySeq.set(r, new Map());
    socket.on('message:new', (m: PagedMessage) => this.add(m));
    let first = !socket.connected;
    socket.on('connect', () => {
      if (first) {
        first = false;
        return;
      }
      this.reconnects += 1;
      this.catchUps.push(this.catchUp());
    });
  }

  private add(m: PagedMessage): void {
    const room = this.bySeq.get(m.roomId);
    if (!room) return;
    room.set(m.seq, [...(room.get(m.seq) ?? []), m]);
  }

  /** The last seq held without a gap before it. */
  lastHeld(roomId: string): number {
    const room = this.bySeq.get(roomId)!;
    let seq = 0;
    while (room.has(seq + 1)) seq += 1;
    return seq;
  }

  async catchUp(): Promise<void> {
    for (const r of this.roomIds) for (const m of await catchUp(this.url, this.token, r, this.lastHeld(r), 20)) this.add(m);
  }
}

describe('drill: the API killed with -9 and restarted', () => {
  const sockets: Socket[] = [];
  const apis: ApiProcess[] = [];
  let dataDir: string;
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const a of apis) await stopApi(a, 'SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('clients reconnect with backoff and catch up: every acked message present exactly once, in order', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'chat-drill-kill-'));
    const port = await freePort();
    const env = {
      DATABASE_URL: await createTestDatabase(),
      DATA_DIR: dataDir,
      JWT_SECRET: randomBytes(32).toString('hex'),
      REGISTER_LIMIT_PER_IP: '1000',
      MESSAGE_RATE_PER_SECOND: '100000',
      MESSAGE_BURST: '100000',
      SOCKET_EVENTS_PER_SECOND: '100000',
      SOCKET_EVENT_BURST: '100000',
      MEMBERSHIP_CHANGES_PER_MINUTE: '100000',
    };
    let api = await spawnApi(env, { port });
    apis.push(api);
    const [alice, bob, carol] = [
      await registerVia(api.url, 'alice'),
      await registerVia(api.url, 'bob'),
      await registerVia(api.url, 'carol'),
    ];
    const room1 = (await call<{ id: string }>(api.url, 'POST', '/rooms', alice.token, { name: 'kill one', visibility: 'public' })).body.id;
    const room2 = (await call<{ id: string }>(api.url, 'POST', '/rooms', bob.token, { name: 'kill two', visibility: 'public' })).body.id;
    for (const [u, r] of [
      [bob, room1],
      [carol, room1],
      [alice, room2],
    ] as Array<[RemoteUser, string]>) {
      expect((await call(api.url, 'POST', `/rooms/${r}/join`, u.token)).status).toBe(200);
    }
    const viewOf = async (u: RemoteUser, rooms: string[]) => {
      const s = reconnectingSocket(api.url, u.token);
      sockets.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once('connect', () => resolve());
        s.once('connect_error', reject);
      });
      return new MemberView(s, api.url, u.token, rooms);
    };
    const views = {
      alice: await viewOf(alice, [room1, room2]),
      bob: await viewOf(bob, [room1, room2]),
      carol: await viewOf(carol, [room1]),
    };

    const opts = { deadline: Date.now() + 40_000, pauseMs: 15 };
    const traffic: Array<Promise<SendOutcome[]>> = [
      sendAll({ kind: 'socket', socket: views.alice.socket }, room1, 'alice', 60, opts),
      sendAll({ kind: 'socket', socket: views.bob.socket }, room2, 'bob', 60, opts),
      sendAll({ kind: 'rest', url: () => api.url, token: carol.token }, room1, 'carol', 60, opts),
    ];

    await sleep(700);
    const killed = await stopApi(api, 'SIGKILL');
    expect(killed?.signal).toBe('SIGKILL');
    await until(() => Object.values(views).every((v) => !v.socket.connected), 'every client to notice', 5000);
    await sleep(300);
    api = await spawnApi(env, { port });
    apis.push(api);

    const outcomes = (await Promise.all(traffic)).flat();
    await until(() => Object.values(views).every((v) => v.socket.connected && v.reconnects >= 1), 'every client to reconnect', 15_000);
    for (const v of Object.values(views)) {
      await Promise.all(v.catchUps);
      await v.catchUp(); // what arrived after the reconnect's catch-up, if a live event was missed
    }

    // every send was acknowledged in the end (retried with its clientId)
    expect(outcomes.filter((o) => o.seq === null).map((o) => o.clientId)).toEqual([]);
    expect(outcomes.some((o) => o.attempts > 1)).toBe(true);
    // stored exactly once each, at the seq its ack gave, and a sender's messages in the order it sent them
    const rows = await sql<{ client_id: string; room_id: string; seq: string }>(
      env.DATABASE_URL,
      'SELECT client_id, room_id, seq FROM messages',
    );
    expect(rows).toHaveLength(outcomes.length);
    const stored = new Map(rows.map((r) => [r.client_id, r]));
    for (const o of outcomes) expect(stored.get(o.clientId)).toEqual({ client_id: o.clientId, room_id: o.roomId, seq: String(o.seq) });
    for (const prefix of ['alice', 'bob', 'carol']) {
      const seqs = outcomes.filter((o) => o.clientId.startsWith(`${prefix}-`)).map((o) => o.seq!);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }

    // each member holds every message of its rooms exactly once, seqs 1..last without a gap, one message per seq
    for (const [name, view] of Object.entries(views)) {
      for (const [roomId, bySeq] of view.bySeq) {
        const last = rows.filter((r) => r.room_id === roomId).length;
        expect({ name, roomId, seqs: [...bySeq.keys()].sort((x, y) => x - y) }).toEqual({
          name,
          roomId,
          seqs: Array.from({ length: last }, (_, i) => i + 1),
        });
        for (const [seq, copies] of bySeq) {
          expect({ seq, ids: [...new Set(copies.map((c) => c.id))].length }).toEqual({ seq, ids: 1 });
        }
        const clientIds = [...bySeq.values()].map((copies) => copies[0]!.clientId);
        expect(new Set(clientIds).size).toBe(clientIds.length);
      }
    }
  }, 60_000);
});
