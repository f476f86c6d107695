import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRow, queryRows } from '../../database/sql.js';
import { inMemberRoomsSql } from '../rooms/room-membership.sql.js';
import { containsPattern, type SearchTerm } from './search-query.js';
import { isoSql, messageColumns, type MessageRow } from './message.mapper.js';

/** Where a page of results starts: strictly older than this (created_at in microseconds since 1970, then id). */
export interface SearchCursor {
  micros: string;
  id: string;
}

export interface SearchFilters {
  userId: string;
  terms: SearchTerm[];
  roomId?: string;
  from?: string;
  hasFile?: boolean;
  before?: Date;
  after?: Date;
  cursor?: SearchCursor;
  limit: number;
}

/** A hit: the message row, its cursor and the words PostgreSQL's English configuration marked in its body. */
export type SearchRow = MessageRow & { cursor_micros: string; headline: string | null };

export type SavedRow = MessageRow & { saved_at: string };

const SIMPLE = `'public.chat_simple'::regconfig`;
const ENGLISH = `'public.chat_english'::regconfig`;

/** Adds a parameter and answers its placeholder. */
type Param = (v: unknown) => string;

/** The timestamptz of a parameter holding microseconds since 1970. */
const microsSql = (param: string) => `('epoch'::timestamptz + ${param}::bigint * interval '1 microsecond')`;

/**
 * What a hit must satisfy besides being in one of the reader's rooms: live, every term (a full-text match on the
 * generated `search_tsv`, or for terms with 3+ letters in a row also `body ILIKE '%term%'`), the filters and the
 * cursor. `onceTsquery` computes each term's query once per statement (a scalar subquery) for a row-by-row filter.
 */
function hitConditions(f: SearchFilters, p: Param, { onceTsquery = false } = {}): string[] {
  const where = [`m.deleted_at IS NULL`];
  for (const t of f.terms) {
    const text = p(t.text);
    const fn = t.phrase ? 'phraseto_tsquery' : 'plainto_tsquery';
    const tsquery = `${fn}(${SIMPLE}, ${text}) || ${fn}(${ENGLISH}, ${text})`;
    const fts = `m.search_tsv @@ (${onceTsquery ? `SELECT ${tsquery}` : tsquery})`;
    where.push(t.partial ? `(${fts} OR m.body ILIKE ${p(containsPattern(t.text))})` : fts);
  }
  if (f.roomId) where.push(`m.room_id = ${p(f.roomId)}`);
  if (f.from) where.push(`m.sender_id = ${p(f.from)}`);
  if (f.before) where.push(`m.created_at < ${p(f.before)}`);
  if (f.after) where.push(`m.created_at > ${p(f.after)}`);
  if (f.hasFile) where.push(`EXISTS (SELECT 1 FROM message_attachments a WHERE a.message_id = m.id)`);
  if (f.cursor) where.push(`(m.created_at, m.id) < (${microsSql(p(f.cursor.micros))}, ${p(f.cursor.id)}::uuid)`);
  return where;
}

/** The page's rows (an inner query `m` picking them) with their cursor and headline, newest first. */
function pageSelect(inner: string, f: SearchFilters, p: Param): string {
  const words = p(f.terms.map((t) => t.text).join(' '));
  return `SELECT ${messageColumns},
            (extract(epoch FROM m.created_at) * 1000000)::bigint::text AS cursor_micros,
            CASE WHEN numnode(h.q) > 0
              THEN ts_headline(${ENGLISH}, translate(m.body, E'\\u0002\\u0003', ''), h.q,
                               'StartSel="' || chr(2) || '", StopSel="' || chr(3) || '", HighlightAll=true')
            END AS headline
       FROM (${inner}) m
      CROSS JOIN (SELECT plainto_tsquery(${ENGLISH}, ${words}) AS q) h
      ORDER BY m.created_at DESC, m.id DESC`;
}

const pageColumns = `m.id, m.room_id, m.seq, m.sender_id, m.client_id, m.body, m.reply_to_id, m.created_at, m.edited_at,
                    m.deleted_at, m.pinned_at, m.mention_user_ids, m.mention_room, m.mention_here`;

/**
 * One page of hits, newest first (created_at, id), `limit` rows at most, over the whole history: the term conditions
 * on the GIN indexes (the planner ORs and ANDs the full-text and trigram bitmap index scans). The inner query picks
 * the page; only its rows get the headline (which words the English configuration matched, for the snippet).
 */
export function searchStatement(f: SearchFilters): { text: string; params: unknown[] } {
  const params: unknown[] = [f.userId];
  const p: Param = (v) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = [inMemberRoomsSql('m.room_id', '$1'), ...hitConditions(f, p)];
  const limit = p(f.limit);
  const inner = `SELECT ${pageColumns}
               FROM messages m
              WHERE ${where.join('\n                AND ')}
              ORDER BY m.created_at DESC, m.id DESC
              LIMIT ${limit}`;
  return { text: pageSelect(inner, f, p), params };
}

/** A hit among a room's newest messages: its room, id and created_at in microseconds since 1970. */
export interface WindowHit {
  roomId: string;
  id: string;
  at: number;
}

/** What `windowsStatement` reads: hits, and the oldest created_at (µs) of each room whose window was full. */
export interface Windows {
  hits: WindowHit[];
  edges: Map<string, number>;
}

/**
 * The newest `window` messages of each of the reader's rooms (all of them, or `roomIds`), read backwards on the room's
 * seq index, cheap whatever the table's size: the hits among them (every condition of the search), and for each room
 * whose window was full (older messages exist) its edge, the oldest created_at read. No GIN index: a common word, whose
 * posting lists run to tens of thousands of rows, costs no more than a rare one (see `settleWindows` for when these
 * answer a page). With `sinceMicros` (a deeper look, once the page's last hit so far is known), a message older than
 * it is no hit and its words are not checked: it could not enter the page.
 */
export function windowsStatement(
  f: SearchFilters,
  window: number,
  roomIds: string[] | null,
  sinceMicros: number | null = null,
): { text: string; params: unknown[] } {
  const params: unknown[] = [f.userId];
  const p: Param = (v) => {
    params.push(v);
    return `$${params.length}`;
  };
  // the cheap test first: a message older than `sinceMicros` is no hit, whatever its words
  const since = sinceMicros === null ? [] : [`m.created_at >= ${microsSql(p(sinceMicros))}`];
  const hit = [...since, ...hitConditions(f, p, { onceTsquery: true })].join(' AND ');
  const scope = roomIds ?? (f.roomId ? [f.roomId] : null);
  const only = scope ? ` AND rm.room_id = ANY(${p(scope)}::uuid[])` : '';
  const size = p(window);
  const text = `WITH win AS MATERIALIZED (
      SELECT r.room_id, w.id, (extract(epoch FROM w.created_at) * 1000000)::bigint AS at, w.hit
        FROM (SELECT rm.room_id FROM room_members rm WHERE rm.user_id = $1${only}) r
       CROSS JOIN LATERAL (
             SELECT m.id, m.created_at, (${hit}) AS hit
               FROM messages m WHERE m.room_id = r.room_id ORDER BY m.seq DESC LIMIT ${size}) w)
    SELECT room_id, id, at::text AS at FROM win WHERE hit
    UNION ALL
    SELECT room_id, NULL, min(at)::text FROM win GROUP BY room_id HAVING count(*) >= ${size}`;
  return { text, params };
}

/**
 * The SQL of finding messages: full-text and trigram search, pins, saved messages. Every statement reads only rooms
 * the user is a member of now (`inMemberRoomsSql`) and never a deleted message.
 */
@Injectable()
export class MessageSearchRepository {
  /** Whether pg_trgm counts non-ASCII letters as word characters (not in a C locale); asked once. */
  private unicodeTrigrams: Promise<boolean> | undefined;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Merges the pending lists of the two search indexes into the indexes, unless another process is merging (then
   * answers null); answers how many pending pages it merged. GIN's `fastupdate` appends each new message's entries to a
   * pending list, and the insert that takes the list past `gin_pending_list_limit` (4 MB, some 2,000 messages) merges
   * it inline: on a table of a million messages, a statement of the message writer stalled 100 ms or more, and every
   * send queued behind it. Merged every second in the background instead, the inserts stay appends.
   */
  async mergePendingEntries(): Promise<number | null> {
    // one statement: the lock is the statement's own transaction's, and CASE runs the merge only when it was granted
    const [row] = await queryRows<{ pages: string | null }>(
      this.dataSource.manager,
      `SELECT CASE WHEN pg_try_advisory_xact_lock(hashtextextended('search-index-merge', 0))
                   THEN gin_clean_pending_list('messages_search_tsv_idx'::regclass)
                        + gin_clean_pending_list('messages_body_trgm_idx'::regclass)
              END AS pages`,
    );
    return row?.pages == null ? null : Number(row.pages);
  }

  /** True when only ASCII letters and digits make trigrams, so a term needs 3 of those to use the trigram index. */
  async asciiTrigramsOnly(): Promise<boolean> {
    this.unicodeTrigrams ??= queryRow<{ n: number }>(this.dataSource.manager, `SELECT cardinality(show_trgm('ééé')) AS n`, [])
      .then((r) => (r?.n ?? 0) > 0)
      .catch((err: unknown) => {
        this.unicodeTrigrams = undefined;
        throw err;
      });
    return !(await this.unicodeTrigrams);
  }

  /** One page of hits (see `searchStatement`). */
  search(f: SearchFilters): Promise<SearchRow[]> {
    const { text, params } = searchStatement(f);
    return queryRows<SearchRow>(this.dataSource.manager, text, params);
  }

  /**
   * The hits among each room's newest messages, and the edges of the rooms cut (see `windowsStatement`); with
   * `sinceMicros`, only the hits from that time on.
   */
  async windows(f: SearchFilters, window: number, roomIds: string[] | null, sinceMicros: number | null = null): Promise<Windows> {
    const { text, params } = windowsStatement(f, window, roomIds, sinceMicros);
    const rows = await queryRows<{ room_id: string; id: string | null; at: string }>(this.dataSource.manager, text, params);
    const hits: WindowHit[] = [];
    const edges = new Map<string, number>();
    for (const r of rows) {
      if (r.id === null) edges.set(r.room_id, Number(r.at));
      else hits.push({ roomId: r.room_id, id: r.id, at: Number(r.at) });
    }
    return { hits, edges };
  }

  /** The page of these live messages, newest first, with their cursors and headlines (as `search` answers them). */
  page(f: SearchFilters, ids: string[]): Promise<SearchRow[]> {
    const params: unknown[] = [ids];
    const p: Param = (v) => {
      params.push(v);
      return `$${params.length}`;
    };
    const inner = `SELECT ${pageColumns} FROM messages m WHERE m.id = ANY($1::uuid[]) AND m.deleted_at IS NULL`;
    return queryRows<SearchRow>(this.dataSource.manager, pageSelect(inner, f, p), params);
  }

  /** Pinned live messages of a room, newest pin first. */
  pins(roomId: string, limit: number): Promise<MessageRow[]> {
    return queryRows<MessageRow>(
      this.dataSource.manager,
      `SELECT ${messageColumns} FROM messages m
        WHERE m.room_id = $1 AND m.pinned_at IS NOT NULL AND m.deleted_at IS NULL
        ORDER BY m.pinned_at DESC, m.id DESC LIMIT $2`,
      [roomId, limit],
    );
  }

  /** Pins or unpins a live message; false when it already was in that state (or is deleted). */
  async setPinned(messageId: string, pinned: boolean): Promise<boolean> {
    const row = await queryRow<{ id: string }>(
      this.dataSource.manager,
      pinned
        ? `UPDATE messages SET pinned_at = now() WHERE id = $1 AND pinned_at IS NULL AND deleted_at IS NULL RETURNING id`
        : `UPDATE messages SET pinned_at = NULL WHERE id = $1 AND pinned_at IS NOT NULL RETURNING id`,
      [messageId],
    );
    return row !== null;
  }

  /** Saves a message for a user (a repeat changes nothing, not even `saved_at`). */
  async save(userId: string, messageId: string): Promise<void> {
    await this.dataSource.manager.query(
      `INSERT INTO saved_messages (user_id, message_id) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT saved_messages_pkey DO NOTHING`,
      [userId, messageId],
    );
  }

  /** Forgets a saved message; false when it was not saved. */
  async unsave(userId: string, messageId: string): Promise<boolean> {
    const row = await queryRow<{ message_id: string }>(
      this.dataSource.manager,
      `DELETE FROM saved_messages WHERE user_id = $1 AND message_id = $2 RETURNING message_id`,
      [userId, messageId],
    );
    return row !== null;
  }

  /** The user's saved live messages in rooms they are still a member of, newest save first, saved before `before`. */
  saved(userId: string, before: Date | undefined, limit: number): Promise<SavedRow[]> {
    return queryRows<SavedRow>(
      this.dataSource.manager,
      `SELECT ${messageColumns}, ${isoSql('s.saved_at')} AS saved_at
         FROM saved_messages s JOIN messages m ON m.id = s.message_id
        WHERE s.user_id = $1 AND ($2::timestamptz IS NULL OR s.saved_at < $2) AND m.deleted_at IS NULL
          AND ${inMemberRoomsSql('m.room_id', '$1')}
        ORDER BY s.saved_at DESC, s.message_id DESC LIMIT $3`,
      [userId, before ?? null, limit],
    );
  }
}
