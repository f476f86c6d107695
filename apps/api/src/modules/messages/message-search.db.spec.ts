import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import pg from 'pg';
import { createGroupRoom, createServiceTest, type ServiceTest } from '../../../test/service-harness.js';
import { MembersService } from '../rooms/members.service.js';
import type { UserEntity } from '../users/entities/user.entity.js';
import { MessageSearchRepository, searchStatement, windowsStatement } from './message-search.repository.js';
import { MessagesModule } from './messages.module.js';
import { SearchIndexJob } from './search-index.job.js';
import { parseSearchQuery } from './search-query.js';
import { SearchService } from './search.service.js';
import { mergeWindows, settleWindows } from './search-windows.js';

interface PlanNode {
  'Node Type': string;
  'Actual Loops'?: number;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

/** The search statement on a seeded table: it answers from the GIN indexes, never by reading every message. */
describe('message search statements on a real database', () => {
  let t: ServiceTest;
  let owner: UserEntity, reader: UserEntity;
  let readerRooms: string[];
  beforeAll(async () => {
    t = await createServiceTest([MessagesModule]);
    [owner, reader] = await Promise.all([t.createUser(), t.createUser()]);
    const rooms = [];
    for (let i = 0; i < 20; i++) rooms.push(await createGroupRoom(t, owner));
    readerRooms = rooms.slice(0, 2).map((r) => r.id);
    for (const id of readerRooms) await t.get(MembersService).join(id, reader.id);
    // 12,000 messages over 20 rooms; a few hold the words searched for
    await t.sql(
      `INSERT INTO messages (room_id, seq, sender_id, client_id, created_at, body)
       SELECT ($1::uuid[])[1 + i % 20], 1 + i / 20, $2, 'seed-' || i, now() - (12000 - i) * interval '1 second',
              'word' || (i % 997) || ' filler text ' || md5(i::text) || CASE WHEN i % 1500 = 0 THEN ' zebracorn' ELSE '' END
         FROM generate_series(0, 11999) AS i`,
      [rooms.map((r) => r.id), owner.id],
    );
    // as autovacuum leaves a table: statistics, and the GIN indexes' pending lists merged (their costs known)
    await t.sql(`VACUUM ANALYZE messages`);
    await t.sql(`ANALYZE room_members`);
  });
  afterAll(async () => {
    await t?.close();
  });

  const plan = async (q: string) => {
    const { text, params } = searchStatement({ userId: reader.id, terms: parseSearchQuery(q), limit: 51 });
    const [row] = await t.sql<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${text}`, params);
    return nodes(row!['QUERY PLAN'][0].Plan);
  };

  it('finds a whole word through the tsvector GIN index', async () => {
    const used = await plan('zebracorn');
    expect(used.map((n) => n['Index Name'])).toContain('messages_search_tsv_idx');
    expect(used.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'messages')).toEqual([]);
  });

  it('finds a 4-character part of a word through the trigram GIN index', async () => {
    const used = await plan('ebra');
    expect(used.map((n) => n['Index Name'])).toContain('messages_body_trgm_idx');
    expect(used.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'messages')).toEqual([]);
  });

  it('answers only the reader’s rooms, newest first', async () => {
    const page = await t.get(SearchService).search(reader.id, { q: 'zebracorn' }, 50);
    // i % 1500 = 0 lands in room i % 20 = 0, one of the reader's two rooms: 8 messages, all of room 0
    expect(page.results).toHaveLength(8);
    expect(new Set(page.results.map((r) => r.room.id))).toEqual(new Set([readerRooms[0]]));
    const seqs = page.results.map((r) => r.message.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(page.results[0]!.snippet).toContain('\u0002zebracorn\u0003');
  });

  it('reads deeper, or leaves the page to the indexes, when the rooms’ newest messages cannot prove it', async () => {
    // 8 hits spread over room 0's 600 messages: its newest 100 hold one, fewer than a page, and both rooms were cut
    const f = { userId: reader.id, terms: parseSearchQuery('zebracorn'), limit: 3 };
    const verdict = settleWindows(await t.get(MessageSearchRepository).windows(f, 100, null), 3, 45_000_000);
    expect(verdict).toEqual({ deepen: expect.arrayContaining(readerRooms), since: null });
    // the whole of both rooms: nothing cut, the page is proven
    const all = settleWindows(await t.get(MessageSearchRepository).windows(f, 1000, null), 3, 45_000_000);
    expect('page' in all && all.page.map((h) => h.id)).toEqual((await t.get(MessageSearchRepository).search(f)).map((r) => r.id));
  });
});

/**
 * A reader in 50 of 1,000 rooms searching a word in one message of ten: joined room by room, PostgreSQL read the
 * full-text index once per room (1.6 s at 1,000,000 messages); each message index must be read once per search.
 */
describe('message search across many rooms', () => {
  let t: ServiceTest;
  let reader: UserEntity;
  beforeAll(async () => {
    t = await createServiceTest([MessagesModule]);
    const [owner, r] = await Promise.all([t.createUser(), t.createUser()]);
    reader = r;
    const rooms = await t.sql<{ id: string }>(
      `INSERT INTO rooms (kind, name, visibility, created_by) SELECT 'group', 'room ' || g, 'public', $1 FROM generate_series(1, 1000) g RETURNING id`,
      [owner.id],
    );
    await t.sql(`INSERT INTO room_members (room_id, user_id, role) SELECT unnest($1::uuid[]), $2, 'member'`, [
      rooms.slice(0, 50).map((x) => x.id),
      reader.id,
    ]);
    await t.sql(
      `INSERT INTO messages (room_id, seq, sender_id, client_id, created_at, body)
       SELECT ($1::uuid[])[1 + i % 1000], 1 + i / 1000, $2, 'many-' || i, now() - (100000 - i) * interval '1 second',
              CASE WHEN i % 10 = 3 THEN 'the release ' ELSE 'a note ' END || 'deployment' || (i % 7) || ' ' || md5(i::text)
         FROM generate_series(0, 99999) AS i`,
      [rooms.map((x) => x.id), owner.id],
    );
    await t.sql(`VACUUM ANALYZE messages`);
    await t.sql(`ANALYZE room_members`);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('reads messages and each of their indexes once per search, not once per room', async () => {
    for (const q of ['release', 'ploy', 'deployment3']) {
      const { text, params } = searchStatement({ userId: reader.id, terms: parseSearchQuery(q), limit: 21 });
      const [row] = await t.sql<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, params);
      const reads = nodes(row!['QUERY PLAN'][0].Plan).filter(
        (n) => n['Relation Name'] === 'messages' || /^messages_/.test(n['Index Name'] ?? ''),
      );
      expect(reads.length).toBeGreaterThan(0);
      expect({ q, loops: reads.map((n) => n['Actual Loops']) }).toEqual({ q, loops: reads.map(() => 1) });
    }
  });

  it('answers a first page from each room’s newest messages, the same page the indexes give, without them', async () => {
    const repo = t.get(MessageSearchRepository);
    // a window of 50 of each room's 100 messages: every room is cut, and the page still lies above every cut
    for (const q of ['release', 'ploy', 'deployment3', 'release deployment5']) {
      const f = { userId: reader.id, terms: parseSearchQuery(q), limit: 21 };
      const verdict = settleWindows(await repo.windows(f, 50, null), 21, 45_000_000);
      expect({ q, ids: 'page' in verdict && verdict.page.map((h) => h.id) }).toEqual({ q, ids: (await repo.search(f)).map((r) => r.id) });
      const { text, params } = windowsStatement(f, 50, null);
      const [row] = await t.sql<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${text}`, params);
      const indexes = nodes(row!['QUERY PLAN'][0].Plan).map((n) => n['Index Name']);
      expect(indexes).toContain('messages_room_seq_key');
      expect(indexes).not.toContain('messages_search_tsv_idx');
      expect(indexes).not.toContain('messages_body_trgm_idx');
    }
    // a slack as long as the history: every cut room is in the way
    const f = { userId: reader.id, terms: parseSearchQuery('release'), limit: 21 };
    expect(settleWindows(await repo.windows(f, 50, null), 21, 200_000 * 1_000_000)).toEqual({
      deepen: expect.any(Array),
      since: expect.any(Number),
    });
  });

  it('a deeper look from a time on reports only the hits from that time, and the same edges', async () => {
    const repo = t.get(MessageSearchRepository);
    const f = { userId: reader.id, terms: parseSearchQuery('release'), limit: 21 };
    const all = await repo.windows(f, 50, null);
    const since = [...all.hits].sort((a, b) => b.at - a.at)[10]!.at;
    const later = await repo.windows(f, 50, null, since);
    expect(later.edges).toEqual(all.edges);
    expect(later.hits.map((h) => h.id).sort()).toEqual(
      all.hits
        .filter((h) => h.at >= since)
        .map((h) => h.id)
        .sort(),
    );
    expect(later.hits.length).toBeLessThan(all.hits.length);
  });

  /** `count` messages after seq `afterSeq` in the reader's first room, spread over the last 30 s, none of them a hit. */
  const chatter = async (afterSeq: number, count: number): Promise<string> => {
    const [room] = await t.sql<{ room_id: string }>(`SELECT room_id FROM room_members WHERE user_id = $1 LIMIT 1`, [reader.id]);
    await t.sql(
      `INSERT INTO messages (room_id, seq, sender_id, client_id, created_at, body)
       SELECT $1, $2::int + g, (SELECT sender_id FROM messages LIMIT 1), 'chatter-' || ($2::int + g),
              now() - ($3::int - g) * (30000.0 / $3::int) * interval '1 millisecond', 'chatter ' || g
         FROM generate_series(1, $3::int) g`,
      [room!.room_id, afterSeq, count],
    );
    return room!.room_id;
  };

  it('reads a busy room deeper when its newest messages are in the way, and answers what the indexes answer', async () => {
    // the room's newest 100 end long after the other rooms' hits
    const busy = await chatter(100, 300);
    const f = { userId: reader.id, terms: parseSearchQuery('release'), limit: 21 };
    const first = settleWindows(await t.get(MessageSearchRepository).windows(f, 100, null), 21, 45_000_000);
    expect(first).toEqual({ deepen: [busy], since: expect.any(Number) });
    const page = await t.get(SearchService).search(reader.id, { q: 'release' }, 20);
    const full = await t.get(MessageSearchRepository).search(f);
    expect(page.results.map((r) => r.message.id)).toEqual(full.slice(0, 20).map((r) => r.id));
    expect(page.nextCursor).not.toBeNull();
  });

  it('reads a lone busy room in the way up to 8,000 deep before it asks the indexes', async () => {
    // 3,000 more: 2,000 of the room's newest still end after the other rooms' hits
    const busy = await chatter(400, 3000);
    const repo = t.get(MessageSearchRepository);
    const f = { userId: reader.id, terms: parseSearchQuery('release'), limit: 21 };
    // the look of 2,000 alone would leave it in the way
    const at2000 = mergeWindows(await repo.windows(f, 50, null), await repo.windows(f, 2_000, [busy]), [busy]);
    expect(settleWindows(at2000, 21, 45_000_000)).toEqual({ deepen: [busy], since: expect.any(Number) });
    const indexes = jest.spyOn(repo, 'search');
    try {
      const page = await t.get(SearchService).search(reader.id, { q: 'release' }, 20);
      expect(indexes).not.toHaveBeenCalled();
      expect(page.results.map((r) => r.message.id)).toEqual((await repo.search(f)).slice(0, 20).map((r) => r.id));
    } finally {
      indexes.mockRestore();
    }
  });
});

/** New messages' search entries are merged by the background job, not by a send that fills the pending list. */
describe('the search-index job', () => {
  let t: ServiceTest;
  beforeAll(async () => {
    t = await createServiceTest([MessagesModule]);
    await t.sql(`CREATE EXTENSION IF NOT EXISTS pgstattuple`);
  });
  afterAll(async () => {
    await t?.close();
  });

  const pending = async () => {
    const [row] = await t.sql<{ n: number }>(
      `SELECT ((SELECT pending_tuples FROM pgstatginindex('messages_search_tsv_idx'))
             + (SELECT pending_tuples FROM pgstatginindex('messages_body_trgm_idx')))::int AS n`,
    );
    return row!.n;
  };

  it('merges the pending entries of both indexes, and skips while another process merges', async () => {
    const owner = await t.createUser();
    const room = await createGroupRoom(t, owner);
    await t.sql(
      `INSERT INTO messages (room_id, seq, sender_id, client_id, body)
       SELECT $1, g, $2, 'job-' || g, 'pending entry ' || g || ' ' || md5(g::text) FROM generate_series(1, 200) g`,
      [room.id, owner.id],
    );
    expect(await pending()).toBeGreaterThan(0);

    // another process holds the merge: this one leaves the entries to it
    const other = new pg.Client({ connectionString: t.databaseUrl });
    await other.connect();
    try {
      await other.query(`BEGIN`);
      await other.query(`SELECT pg_advisory_xact_lock(hashtextextended('search-index-merge', 0))`);
      expect(await t.get(MessageSearchRepository).mergePendingEntries()).toBeNull();
      expect(await pending()).toBeGreaterThan(0);
    } finally {
      await other.query(`ROLLBACK`);
      await other.end();
    }

    await t.get(SearchIndexJob).run();
    expect(await pending()).toBe(0);
    // and the merged entries are found
    const hits = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM messages WHERE room_id = $1 AND search_tsv @@ to_tsquery('simple', 'pending') AND body ILIKE '%ending entr%'`,
      [room.id],
    );
    expect(hits[0]!.n).toBe(200);
  });
});
