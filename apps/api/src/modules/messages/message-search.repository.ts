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

/**
 * One page of hits, newest first (created_at, id), `limit` rows at most. Each term is a full-text match on the
 * generated `search_tsv` (GIN) or, for terms with 3+ letters in a row, `body ILIKE '%term%'` (pg_trgm GIN): the
 * planner ORs and ANDs the two bitmap index scans. The inner query picks the page; only its rows get the headline
 * (which words the English configuration matched, for the snippet).
 */
export function searchStatement(f: SearchFilters): { text: string; params: unknown[] } {
  const params: unknown[] = [f.userId];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = [inMemberRoomsSql('m.room_id', '$1'), `m.deleted_at IS NULL`];
  for (const t of f.terms) {
    const text = p(t.text);
    const fn = t.phrase ? 'phraseto_tsquery' : 'plainto_tsquery';
    const fts = `m.search_tsv @@ (${fn}(${SIMPLE}, ${text}) || ${fn}(${ENGLISH}, ${text}))`;
    where.push(t.partial ? `(${fts} OR m.body ILIKE ${p(containsPattern(t.text))})` : fts);
  }
  if (f.roomId) where.push(`m.room_id = ${p(f.roomId)}`);
  if (f.from) where.push(`m.sender_id = ${p(f.from)}`);
  if (f.before) where.push(`m.created_at < ${p(f.before)}`);
  if (f.after) where.push(`m.created_at > ${p(f.after)}`);
  if (f.hasFile) where.push(`EXISTS (SELECT 1 FROM message_attachments a WHERE a.message_id = m.id)`);
  if (f.cursor) {
    where.push(
      `(m.created_at, m.id) < ('epoch'::timestamptz + ${p(f.cursor.micros)}::bigint * interval '1 microsecond', ${p(f.cursor.id)}::uuid)`,
    );
  }
  const words = p(f.terms.map((t) => t.text).join(' '));
  const limit = p(f.limit);
  const text = `SELECT ${messageColumns},
            (extract(epoch FROM m.created_at) * 1000000)::bigint::text AS cursor_micros,
            CASE WHEN numnode(h.q) > 0
              THEN ts_headline(${ENGLISH}, translate(m.body, E'\\u0002\\u0003', ''), h.q,
                               'StartSel="' || chr(2) || '", StopSel="' || chr(3) || '", HighlightAll=true')
            END AS headline
       FROM (SELECT m.id, m.room_id, m.seq, m.sender_id, m.client_id, m.body, m.reply_to_id, m.created_at, m.edited_at,
                    m.deleted_at, m.pinned_at, m.mention_user_ids, m.mention_room, m.mention_here
               FROM messages m
              WHERE ${where.join('\n                  AND ')}
              ORDER BY m.created_at DESC, m.id DESC
              LIMIT ${limit}) m
      CROSS JOIN (SELECT plainto_tsquery(${ENGLISH}, ${words}) AS q) h
      ORDER BY m.created_at DESC, m.id DESC`;
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
