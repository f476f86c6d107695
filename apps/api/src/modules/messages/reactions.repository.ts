import { Injectable } from '@nestjs/common';
import type { Reaction } from '@chat/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRow, queryRows } from '../../database/sql.js';

/** What a reaction change did: `changed` false for a repeat of the state the user was already in. */
export type ReactionChange = { outcome: 'changed' | 'unchanged'; count: number } | { outcome: 'deleted' } | { outcome: 'full' };

/** Every query on `message_reactions`. */
@Injectable()
export class ReactionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Adds or removes one user's reaction. The message row is locked first (`FOR NO KEY UPDATE`: reactions of one message
   * change one at a time, while replies and saves may still reference it), so the cap on distinct emoji holds under
   * concurrent reactions and `count` is exact; a tombstone waits for the lock too, so no reaction outlives it.
   */
  set(messageId: string, userId: string, emoji: string, on: boolean, maxDistinct: number): Promise<ReactionChange> {
    return this.dataSource.transaction(async (em) => {
      const message = await queryRow<{ deleted: boolean }>(
        em,
        `SELECT deleted_at IS NOT NULL AS deleted FROM messages WHERE id = $1 FOR NO KEY UPDATE`,
        [messageId],
      );
      if (!message || message.deleted) return { outcome: 'deleted' };
      return on ? this.add(em, messageId, userId, emoji, maxDistinct) : this.remove(em, messageId, userId, emoji);
    });
  }

  private async add(em: EntityManager, messageId: string, userId: string, emoji: string, maxDistinct: number): Promise<ReactionChange> {
    const row = await queryRow<{ inserted: number; had: boolean; count: number }>(
      em,
      `WITH ins AS (
         INSERT INTO message_reactions (message_id, user_id, emoji)
         SELECT $1::uuid, $2::uuid, $3::varchar
          WHERE EXISTS (SELECT 1 FROM message_reactions WHERE message_id = $1 AND emoji = $3)
             OR (SELECT count(DISTINCT emoji) FROM message_reactions WHERE message_id = $1) < $4
         ON CONFLICT DO NOTHING RETURNING 1
       )
       SELECT (SELECT count(*) FROM ins)::int AS inserted,
              EXISTS (SELECT 1 FROM message_reactions WHERE message_id = $1 AND user_id = $2 AND emoji = $3) AS had,
              (SELECT count(*) FROM message_reactions WHERE message_id = $1 AND emoji = $3)::int AS count`,
      [messageId, userId, emoji, maxDistinct],
    );
    // the statement's snapshot does not see its own insert: `count` is the count before it
    if (row!.inserted > 0) return { outcome: 'changed', count: row!.count + 1 };
    return row!.had ? { outcome: 'unchanged', count: row!.count } : { outcome: 'full' };
  }

  private async remove(em: EntityManager, messageId: string, userId: string, emoji: string): Promise<ReactionChange> {
    const row = await queryRow<{ deleted: number; count: number }>(
      em,
      `WITH del AS (
         DELETE FROM message_reactions WHERE message_id = $1 AND user_id = $2 AND emoji = $3 RETURNING 1
       )
       SELECT (SELECT count(*) FROM del)::int AS deleted,
              (SELECT count(*) FROM message_reactions WHERE message_id = $1 AND emoji = $3)::int AS count`,
      [messageId, userId, emoji],
    );
    // as in `add`, the count was taken before the delete
    return row!.deleted > 0 ? { outcome: 'changed', count: row!.count - 1 } : { outcome: 'unchanged', count: row!.count };
  }

  /**
   * The reactions of a page of messages for one viewer, in one query: per message, each emoji with its count and
   * whether the viewer used it, in the order the emoji were first used.
   */
  async summaries(viewerId: string, messageIds: string[]): Promise<Map<string, Reaction[]>> {
    const out = new Map<string, Reaction[]>();
    if (messageIds.length === 0) return out;
    const rows = await queryRows<{ message_id: string; emoji: string; count: number; me: boolean }>(
      this.dataSource.manager,
      `SELECT message_id, emoji, count(*)::int AS count, bool_or(user_id = $2) AS me
         FROM message_reactions WHERE message_id = ANY($1::uuid[])
        GROUP BY message_id, emoji
        ORDER BY message_id, min(created_at), emoji`,
      [messageIds, viewerId],
    );
    for (const r of rows) {
      const list = out.get(r.message_id) ?? [];
      list.push({ emoji: r.emoji, count: r.count, me: r.me });
      out.set(r.message_id, list);
    }
    return out;
  }

  /** Who reacted to a message with an emoji, first first. */
  async userIds(messageId: string, emoji: string): Promise<string[]> {
    const rows = await queryRows<{ user_id: string }>(
      this.dataSource.manager,
      `SELECT user_id FROM message_reactions WHERE message_id = $1 AND emoji = $2 ORDER BY created_at, user_id`,
      [messageId, emoji],
    );
    return rows.map((r) => r.user_id);
  }

  /** A message's reactions go with it when it becomes a tombstone (in the caller's transaction). */
  async deleteForMessage(em: EntityManager, messageId: string): Promise<void> {
    await em.query(`DELETE FROM message_reactions WHERE message_id = $1`, [messageId]);
  }
}
