import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createGroupRoom, createServiceTest, type ServiceTest } from '../../../test/service-harness.js';
import { MembersService } from '../rooms/members.service.js';
import type { UserEntity } from '../users/entities/user.entity.js';
import { searchStatement } from './message-search.repository.js';
import { MessagesModule } from './messages.module.js';
import { parseSearchQuery } from './search-query.js';
import { SearchService } from './search.service.js';

interface PlanNode {
  'Node Type': string;
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
});
