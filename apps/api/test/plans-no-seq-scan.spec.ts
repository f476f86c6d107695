import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, register, startTestApp, type Registered, type TestApp } from './harness.js';
import { createRoom, expectStatus, join, joinedRooms } from './social-helpers.js';
import { closeAllSockets, connect, sentMessage } from './socket-helpers.js';
import { sql } from './support/sql.js';

/**
 * Issue 15: on a server with history, the hot statements stay index paths whatever the plan PostgreSQL picks. A named
 * prepared statement switches to a generic plan after five executions on a connection, and a generic plan over
 * `ANY($1)` arrays or `unnest` input can choose a sequential scan; so this database runs every statement with a generic
 * plan (`plan_cache_mode = force_generic_plan`, the worst case of the switch), on tables big enough that a scan is never
 * cheap, and the ordinary requests (register, create and join rooms, connect sockets, list rooms, send, read history),
 * reacting, each repeated past the threshold, must not scan `messages` or `room_members` once. PostgreSQL counts the scans in
 * `pg_stat_user_tables`; a backend reports its counts when it ends, so the app is closed before they are read.
 */
const SEEDED_ROOMS = 400;
const MEMBERS_PER_ROOM = 25;
const MESSAGES_PER_ROOM = 250;
/** And one room that holds most of the history, as a busy community room does: the skew that misleads generic plans. */
const BIG_ROOM_MESSAGES = 300_000;
const REPEAT = 8;

interface ScanCounts {
  seq: Record<'messages' | 'room_members', number>;
  /** Index scans of `messages`: they show that the app's backends have reported. */
  messagesIdx: number;
}

async function scans(databaseUrl: string): Promise<ScanCounts> {
  const rows = await sql<{ relname: 'messages' | 'room_members'; seq_scan: string; idx_scan: string }>(
    databaseUrl,
    `SELECT relname, seq_scan, idx_scan FROM pg_stat_user_tables WHERE relname IN ('messages', 'room_members')`,
  );
  const of = (name: string) => rows.find((r) => r.relname === name)!;
  return {
    seq: { messages: Number(of('messages').seq_scan), room_members: Number(of('room_members').seq_scan) },
    messagesIdx: Number(of('messages').idx_scan),
  };
}

/**
 * Sequential scans of both tables since `before`, once the app (closed by the caller) has reported: its backends report
 * their counts as they end, so this waits until the index scans of `messages` have moved.
 */
async function scansSince(databaseUrl: string, before: ScanCounts): Promise<ScanCounts['seq']> {
  let after = await scans(databaseUrl);
  for (let i = 0; i < 50 && after.messagesIdx === before.messagesIdx; i++) {
    await new Promise((r) => setTimeout(r, 100));
    after = await scans(databaseUrl);
  }
  expect(after.messagesIdx).toBeGreaterThan(before.messagesIdx);
  await new Promise((r) => setTimeout(r, 500));
  after = await scans(databaseUrl);
  return {
    messages: after.seq.messages - before.seq.messages,
    room_members: after.seq.room_members - before.seq.room_members,
  };
}

/** What months of use leave: rooms of members with history, as the migrations define the rows. */
async function seed(databaseUrl: string): Promise<{ roomIds: string[] }> {
  const users = SEEDED_ROOMS * MEMBERS_PER_ROOM;
  await sql(
    databaseUrl,
    `INSERT INTO users (username, email, password_hash, display_name)
     SELECT 'seed' || g, 'seed' || g || '@example.test', 'not-a-hash', 'Seed ' || g FROM generate_series(1, $1::int) g`,
    [users],
  );
  const rooms = await sql<{ id: string }>(
    databaseUrl,
    `INSERT INTO rooms (kind, name, visibility, created_by)
     SELECT 'group', 'seeded room ' || g, 'public', NULL FROM generate_series(1, $1::int) g RETURNING id`,
    [SEEDED_ROOMS],
  );
  const roomIds = rooms.map((r) => r.id);
  await sql(
    databaseUrl,
    `INSERT INTO room_members (room_id, user_id, role, last_read_seq)
     SELECT r.id, u.id, CASE WHEN u.n % $1::int = 1 THEN 'owner' ELSE 'member' END, $2::int / 2
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM rooms) r
       JOIN (SELECT id, row_number() OVER (ORDER BY username) AS n FROM users WHERE username LIKE 'seed%') u
         ON (u.n - 1) / $1::int + 1 = r.n`,
    [MEMBERS_PER_ROOM, MESSAGES_PER_ROOM],
  );
  await sql(
    databaseUrl,
    `INSERT INTO messages (room_id, seq, sender_id, client_id, body, created_at)
     SELECT m.room_id, g, m.user_id, 'seed-' || m.room_id || '-' || g, 'seeded message ' || g,
            now() - make_interval(secs => ($1::int - g) * 30)
       FROM (SELECT DISTINCT ON (room_id) room_id, user_id FROM room_members ORDER BY room_id, user_id) m,
            generate_series(1, $1::int) g`,
    [MESSAGES_PER_ROOM],
  );
  await sql(
    databaseUrl,
    `INSERT INTO messages (room_id, seq, sender_id, client_id, body, created_at)
     SELECT $1::uuid, $2::int + g, (SELECT user_id FROM room_members WHERE room_id = $1 LIMIT 1), 'big-' || g,
            'a busy room ' || g, now() - make_interval(secs => ($3::int - g))
       FROM generate_series(1, $3::int) g`,
    [roomIds[SEEDED_ROOMS - 1], MESSAGES_PER_ROOM, BIG_ROOM_MESSAGES],
  );
  await sql(databaseUrl, `UPDATE rooms SET last_seq = $1::int, last_activity_at = now()`, [MESSAGES_PER_ROOM]);
  await sql(databaseUrl, `UPDATE rooms SET last_seq = $2::int WHERE id = $1`, [
    roomIds[SEEDED_ROOMS - 1],
    MESSAGES_PER_ROOM + BIG_ROOM_MESSAGES,
  ]);
  await sql(databaseUrl, `VACUUM (ANALYZE)`);
  const name = new URL(databaseUrl).pathname.slice(1);
  await sql(databaseUrl, `ALTER DATABASE ${name} SET plan_cache_mode = force_generic_plan`);
  return { roomIds };
}

describe('hot statements on a table with history, under generic plans', () => {
  let databaseUrl: string;
  let roomIds: string[];

  // seeding and vacuuming the tables takes a while on a busy machine
  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    ({ roomIds } = await seed(databaseUrl));
  }, 120_000);

  afterAll(() => closeAllSockets());

  it('the database really runs generic plans and the tables are big', async () => {
    const [mode] = await sql<{ plan_cache_mode: string }>(databaseUrl, 'SHOW plan_cache_mode');
    expect(mode!.plan_cache_mode).toBe('force_generic_plan');
    const [counts] = await sql<{ messages: string; members: string }>(
      databaseUrl,
      `SELECT (SELECT count(*) FROM messages) AS messages, (SELECT count(*) FROM room_members) AS members`,
    );
    expect(Number(counts!.messages)).toBe(SEEDED_ROOMS * MESSAGES_PER_ROOM + BIG_ROOM_MESSAGES);
    expect(Number(counts!.members)).toBe(SEEDED_ROOMS * MEMBERS_PER_ROOM);
  });

  it('registering, joining, connecting, listing rooms, sending, reacting and reading history scan neither messages nor room_members', async () => {
    const before = await scans(databaseUrl);
    let t: TestApp | undefined;
    try {
      t = await startTestApp({}, { databaseUrl });
      const app = t;
      const people: Registered[] = [];
      for (let i = 0; i < REPEAT; i++) people.push(await register(app));
      const own = await createRoom(app, people[0]!);
      const big = roomIds[SEEDED_ROOMS - 1]!;
      for (let i = 0; i < REPEAT; i++) {
        await join(app, people[i]!, roomIds[i]!);
        if (i > 0) await join(app, people[i]!, own.id);
        await join(app, people[i]!, big);
      }
      const sockets = [];
      for (const p of people) sockets.push(await connect(app, p.token));
      for (const p of people) expect((await joinedRooms(app, p)).length).toBeGreaterThan(0);
      for (let i = 0; i < REPEAT; i++) {
        const ack = await sockets[i]!.send('message:send', { roomId: roomIds[i]!, clientId: randomUUID(), body: `hello ${i}` });
        expect(sentMessage(ack as never).seq).toBe(MESSAGES_PER_ROOM + 1);
        await sockets[i]!.send('message:send', { roomId: own.id, clientId: randomUUID(), body: `in our room ${i}` });
        await sockets[i]!.send('message:send', { roomId: big, clientId: randomUUID(), body: `in the busy room ${i}` });
        await sockets[i]!.send('room:read', { roomId: roomIds[i]!, seq: MESSAGES_PER_ROOM + 1 });
      }
      // reactions (one statement on the hot pool, a function whose statements are planned generically too), on and off
      const [busyMessage] = await sql<{ id: string }>(databaseUrl, `SELECT id FROM messages WHERE room_id = $1 AND seq = 100`, [big]);
      for (let i = 0; i < REPEAT; i++) {
        for (const on of [true, false, true]) {
          const path = `/api/messages/${busyMessage!.id}/reactions/${encodeURIComponent('👍')}`;
          const req = on ? app.http().put(path) : app.http().delete(path);
          expectStatus(await req.set('Authorization', `Bearer ${people[i]!.token}`), 204);
        }
      }
      for (let i = 0; i < REPEAT; i++) {
        const res = await app.http().get(`/api/rooms/${roomIds[i]}/messages?limit=50`).set('Authorization', `Bearer ${people[i]!.token}`);
        expectStatus(res, 200);
        const deep = await app
          .http()
          .get(`/api/rooms/${roomIds[i]}/messages?before=${MESSAGES_PER_ROOM / 2}&limit=50`)
          .set('Authorization', `Bearer ${people[i]!.token}`);
        expectStatus(deep, 200);
        const busy = await app.http().get(`/api/rooms/${big}/messages?limit=50`).set('Authorization', `Bearer ${people[i]!.token}`);
        expectStatus(busy, 200);
      }
      closeAllSockets();
    } finally {
      await t?.close();
    }
    expect(await scansSince(databaseUrl, before)).toEqual({ messages: 0, room_members: 0 });
  });
});

/**
 * A new server: its first requests plan the hot statements while the tables are empty, and a connection keeps a
 * generic plan until the table's statistics change. When the tables grow faster than autovacuum analyzes them (a
 * community moving in, an import), a plan chosen for an empty table (a scan, a hash of the whole table) must not run
 * on a big one. Autovacuum is off for these tables here: the worst case, where nothing re-plans.
 */
describe('hot statements planned on empty tables, run after the tables grew', () => {
  const GROWN_ROOMS = 200;
  const GROWN_MEMBERS = 25;
  const GROWN_MESSAGES = 100_000;

  /** Everyday requests of `people`, each in `roomIds[i]` and all in `shared`: join, connect, list, send, read. */
  async function everyday(app: TestApp, people: Registered[], roomIds: string[], shared: string): Promise<void> {
    for (let i = 0; i < people.length; i++) {
      await join(app, people[i]!, roomIds[i]!);
      await join(app, people[i]!, shared);
    }
    const sockets = [];
    for (const p of people) sockets.push(await connect(app, p.token));
    for (const p of people) expect((await joinedRooms(app, p)).length).toBeGreaterThan(0);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < people.length; i++) {
        const ack = await sockets[i]!.send('message:send', { roomId: roomIds[i]!, clientId: randomUUID(), body: `hello ${round} ${i}` });
        const { seq } = sentMessage(ack as never);
        await sockets[i]!.send('message:send', { roomId: shared, clientId: randomUUID(), body: `in our room ${round} ${i}` });
        await sockets[i]!.send('room:read', { roomId: roomIds[i]!, seq });
        const page = await app.http().get(`/api/rooms/${roomIds[i]}/messages?limit=50`).set('Authorization', `Bearer ${people[i]!.token}`);
        expectStatus(page, 200);
      }
    }
    for (const s of sockets) s.close();
  }

  it('send, join, connect, list rooms and read history scan neither messages nor room_members', async () => {
    const databaseUrl = await createTestDatabase();
    for (const table of ['messages', 'room_members', 'rooms', 'users']) {
      await sql(databaseUrl, `ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
    }
    const t = await startTestApp({ REGISTER_LIMIT_PER_IP: '100' }, { databaseUrl });
    try {
      // the first users of an empty server: every hot statement is prepared (and planned) on every connection
      const early: Registered[] = [];
      for (let i = 0; i < REPEAT; i++) early.push(await register(t));
      const firstRooms: string[] = [];
      for (let i = 0; i < REPEAT; i++) firstRooms.push((await createRoom(t, early[i]!)).id);
      const shared = (await createRoom(t, early[0]!)).id;
      await everyday(t, early.slice(1), firstRooms.slice(0, -1), shared);
      // then the server fills up in one go, without an ANALYZE: people, rooms of members, history
      await sql(
        databaseUrl,
        `WITH u AS (INSERT INTO users (username, email, password_hash, display_name)
                    SELECT 'grown' || g, 'grown' || g || '@example.test', 'not-a-hash', 'Grown ' || g
                      FROM generate_series(1, $1::int * $2::int) g RETURNING id),
              n AS (SELECT id, (row_number() OVER (ORDER BY id) - 1) % $1::int AS k FROM u),
              r AS (INSERT INTO rooms (kind, name, visibility, created_by, last_seq)
                    SELECT 'group', 'grown ' || g, 'public', NULL, $3::int FROM generate_series(1, $1::int) g RETURNING id),
              rn AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM r),
              m AS (INSERT INTO room_members (room_id, user_id, role)
                    SELECT rn.id, n.id, 'member' FROM rn JOIN n ON n.k = rn.k RETURNING room_id, user_id)
         INSERT INTO messages (room_id, seq, sender_id, client_id, body)
         SELECT s.room_id, g, s.user_id, 'grown-' || s.room_id || '-' || g, 'grown ' || g
           FROM (SELECT DISTINCT ON (room_id) room_id, user_id FROM m ORDER BY room_id, user_id) s, generate_series(1, $3::int) g`,
        [GROWN_ROOMS, GROWN_MEMBERS, GROWN_MESSAGES / GROWN_ROOMS],
      );
      // idle backends report what they counted within a second or two: count from here
      await new Promise((r) => setTimeout(r, 2_000));
      const before = await scans(databaseUrl);
      const later: Registered[] = [];
      for (let i = 0; i < REPEAT; i++) later.push(await register(t));
      await everyday(t, later, firstRooms, shared);
      closeAllSockets();
      await t.close();
      expect(await scansSince(databaseUrl, before)).toEqual({ messages: 0, room_members: 0 });
    } finally {
      closeAllSockets();
      await t.close().catch(() => undefined);
    }
  }, 120_000);
});
