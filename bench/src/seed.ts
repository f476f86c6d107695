import { createHmac } from 'node:crypto';
import pg from 'pg';

/**
 * Direct SQL for data a REST loop would take minutes to make: a room of a million messages, rooms with history,
 * and many users with sessions. It writes the app's tables as its migrations define them (seq gap-free from 1,
 * rooms.last_seq updated) and mints tokens the way the API does (HS256 JWT, `{ sub, sid }`, JWT_SECRET).
 */
async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** `count` messages in one room, seq 1..count, from one sender, in one statement; client ids `<clientPrefix><seq>`. */
export async function seedHistory(url: string, roomId: string, senderId: string, count: number, clientPrefix = 'seed-'): Promise<void> {
  await withClient(url, async (c) => {
    // the rows are valid by construction: skip the per-row foreign-key triggers (seeding only)
    await c.query(`SET session_replication_role = replica`);
    await c.query(
      `INSERT INTO messages (room_id, seq, sender_id, client_id, body, created_at)
       SELECT $1, g, $2, $4 || g,
              'history message ' || g || ': the quick brown fox jumps over the lazy dog',
              now() - make_interval(secs => ($3::int - g) * 2)
         FROM generate_series(1, $3::int) g`,
      [roomId, senderId, count, clientPrefix],
    );
    await c.query(`UPDATE rooms SET last_seq = $2, last_activity_at = now() WHERE id = $1`, [roomId, count]);
    await c.query(`SET session_replication_role = DEFAULT`);
    // as a table that grew over months would be: vacuumed (hint bits, visibility map) and analysed; otherwise
    // autovacuum starts on the million new rows while the pages are being timed
    await c.query(`VACUUM (ANALYZE) messages`);
    // and with its pages on disk: the gigabyte of WAL the seeding wrote would otherwise be checkpointed (written and
    // flushed) during the next minutes' timed steps, which no server that grew over months does
    await c.query('CHECKPOINT');
  });
}

/**
 * Makes `otherId` a member of every room and gives each room `perRoom` messages from them; the reader has read
 * half of each room, so every room has unread messages and a last message.
 */
export async function seedRoomsList(url: string, roomIds: string[], readerId: string, otherId: string, perRoom: number): Promise<void> {
  await withClient(url, async (c) => {
    await c.query(`INSERT INTO room_members (room_id, user_id, role) SELECT unnest($1::uuid[]), $2, 'member' ON CONFLICT DO NOTHING`, [
      roomIds,
      otherId,
    ]);
    await c.query(`SET session_replication_role = replica`);
    await c.query(
      `INSERT INTO messages (room_id, seq, sender_id, client_id, body, created_at)
       SELECT r.id, g, $2, 'rl-' || r.id || '-' || g, 'room list message ' || g, now() - make_interval(secs => ($3::int - g) * 60)
         FROM unnest($1::uuid[]) AS r(id), generate_series(1, $3::int) g`,
      [roomIds, otherId, perRoom],
    );
    await c.query(`SET session_replication_role = DEFAULT`);
    await c.query(`UPDATE rooms SET last_seq = $2, last_activity_at = now() - random() * interval '1 day' WHERE id = ANY($1::uuid[])`, [
      roomIds,
      perRoom,
    ]);
    await c.query(`UPDATE room_members SET last_read_seq = $3 WHERE user_id = $2 AND room_id = ANY($1::uuid[])`, [
      roomIds,
      readerId,
      Math.floor(perRoom / 2),
    ]);
    await c.query(`ANALYZE messages`);
  });
}

/** Words of the seeded search corpus: `release` is a common word, `deployment`/`employee` share the part `ploy`. */
const SEARCH_WORDS = [
  'release',
  'deployment',
  'employee',
  'meeting',
  'lunch',
  'budget',
  'review',
  'weekend',
  'coffee',
  'ticket',
  'server',
  'design',
  'planning',
  'invoice',
  'holiday',
  'backup',
  'kitchen',
  'garden',
  'football',
  'concert',
  'library',
  'homework',
  'teacher',
  'project',
  'meetup',
  'airport',
  'weather',
  'picture',
  'recipe',
  'dinner',
  'market',
  'station',
  'hospital',
  'museum',
  'bicycle',
  'printer',
  'network',
  'database',
  'sandwich',
  'painting',
];

/**
 * `count` messages over `rooms` new public rooms (by SQL; `senderId` writes them all), and `userId` a member of the
 * first `userRooms` of them: the corpus of the search figures. Bodies are four words of `SEARCH_WORDS` in an order that
 * varies with the room and seq, so each word is in about one message in ten. Returns the rooms the user is in.
 */
export async function seedSearch(
  url: string,
  opts: { count: number; rooms: number; userRooms: number; userId: string; senderId: string; prefix: string },
): Promise<string[]> {
  return withClient(url, async (c) => {
    const rooms = await c.query<{ id: string }>(
      `INSERT INTO rooms (kind, name, visibility, created_by)
       SELECT 'group', $1 || ' search ' || g, 'public', NULL FROM generate_series(1, $2::int) g RETURNING id`,
      [opts.prefix, opts.rooms],
    );
    const roomIds = rooms.rows.map((r) => r.id);
    const mine = roomIds.slice(0, opts.userRooms);
    await c.query(`INSERT INTO room_members (room_id, user_id, role) SELECT unnest($1::uuid[]), $2, 'member'`, [mine, opts.userId]);
    const perRoom = Math.ceil(opts.count / opts.rooms);
    await c.query(`SET session_replication_role = replica`);
    await c.query(
      `INSERT INTO messages (room_id, seq, sender_id, client_id, body, created_at)
       SELECT r.id, g, $2, $5 || r.n || '-' || g,
              w[1 + (r.n * 7 + g) % 40] || ' ' || w[1 + (r.n + g * 3) % 40] || ' at the ' || w[1 + (g * 11 + r.n * 5) % 40] ||
                ' before the ' || w[1 + (g * 17 + r.n) % 40],
              now() - make_interval(secs => ($3::int - g) * 60 + r.n)
         FROM (SELECT id, row_number() OVER () AS n FROM unnest($1::uuid[]) AS id) r,
              generate_series(1, $3::int) g, (SELECT $4::text[] AS w) words`,
      [roomIds, opts.senderId, perRoom, SEARCH_WORDS, `${opts.prefix}-s-`],
    );
    await c.query(`SET session_replication_role = DEFAULT`);
    await c.query(`UPDATE rooms SET last_seq = $2, last_activity_at = now() WHERE id = ANY($1::uuid[])`, [roomIds, perRoom]);
    await c.query(`VACUUM (ANALYZE) messages`);
    await c.query('CHECKPOINT'); // as after seedHistory
    return mine;
  });
}

export interface SeededUser {
  id: string;
  username: string;
  token: string;
  roomId: string;
}

function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/** An HS256 JWT `{ sub, sid, iat, exp }`, as @nestjs/jwt signs the API's tokens. */
export function mintToken(secret: string, sub: string, sid: string, ttlSeconds = 86_400): string {
  const now = Math.floor(Date.now() / 1000);
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify({ sub, sid, iat: now, exp: now + ttlSeconds }));
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

/**
 * `count` users (with the password hash of `templateUserId`), in public rooms of `roomSize`, each with a live
 * session and a token for it: what `count` registrations would leave, without `count` argon2 hashes.
 */
export async function seedUsers(
  url: string,
  secret: string,
  prefix: string,
  count: number,
  roomSize: number,
  templateUserId: string,
): Promise<SeededUser[]> {
  return withClient(url, async (c) => {
    const users = await c.query<{ id: string; username: string }>(
      `INSERT INTO users (username, email, password_hash, display_name)
       SELECT $1 || g, $1 || g || '@bench.test', (SELECT password_hash FROM users WHERE id = $3), $1 || g
         FROM generate_series(1, $2::int) g
       RETURNING id, username`,
      [prefix, count, templateUserId],
    );
    const rows = users.rows.sort((a, b) => Number(a.username.slice(prefix.length)) - Number(b.username.slice(prefix.length)));
    const roomCount = Math.ceil(rows.length / roomSize);
    const rooms = await c.query<{ id: string }>(
      `INSERT INTO rooms (kind, name, visibility, created_by)
       SELECT 'group', $1 || ' room ' || g, 'public', NULL FROM generate_series(1, $2::int) g RETURNING id`,
      [prefix, roomCount],
    );
    const roomOf = rows.map((_, i) => rooms.rows[Math.floor(i / roomSize)]!.id);
    await c.query(
      `INSERT INTO room_members (room_id, user_id, role)
       SELECT r, u, CASE WHEN o = 1 THEN 'owner' ELSE 'member' END
         FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS t(r, u, o)`,
      [roomOf, rows.map((r) => r.id), rows.map((_, i) => (i % roomSize === 0 ? 1 : 0))],
    );
    const sessions = await c.query<{ id: string; user_id: string }>(
      `INSERT INTO sessions (user_id, user_agent, ip, expires_at, last_used_at)
       SELECT u, 'bench', '127.0.0.1', now() + interval '1 day', now() FROM unnest($1::uuid[]) AS t(u)
       RETURNING id, user_id`,
      [rows.map((r) => r.id)],
    );
    const sid = new Map(sessions.rows.map((s) => [s.user_id, s.id]));
    return rows.map((r, i) => ({ id: r.id, username: r.username, token: mintToken(secret, r.id, sid.get(r.id)!), roomId: roomOf[i]! }));
  });
}

/**
 * The messages table as it was before search (`--search-indexes off`): the generated `search_tsv` becomes a plain
 * column that inserts leave empty, and its GIN index and the trigram index on `body` become empty partial indexes of
 * the same names (`WHERE false`), so the API's queries and its job merging their pending lists still find them.
 */
export async function dropSearchIndexes(url: string): Promise<void> {
  await withClient(url, async (c) => {
    await c.query('BEGIN');
    await c.query('ALTER TABLE messages ALTER COLUMN search_tsv DROP EXPRESSION');
    await c.query('DROP INDEX messages_search_tsv_idx');
    await c.query('CREATE INDEX messages_search_tsv_idx ON messages USING gin (search_tsv) WHERE false');
    await c.query('DROP INDEX messages_body_trgm_idx');
    await c.query('CREATE INDEX messages_body_trgm_idx ON messages USING gin (body gin_trgm_ops) WHERE false');
    await c.query('COMMIT');
  });
}
