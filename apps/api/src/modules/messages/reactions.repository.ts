import { Injectable } from '@nestjs/common';
import type { Reaction } from '@chat/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { HotStatements, type PreparedQuery } from '../../database/prepared-query.js';
import { queryRows } from '../../database/sql.js';

/**
 * What a reaction change did: `unchanged` for a repeat of the state the user was already in; `refused` when the user
 * is not a member of the message's room (or there is no such message).
 */
export type ReactionChange =
  | { outcome: 'changed' | 'unchanged'; roomId: string; count: number }
  | { outcome: 'refused' }
  | { outcome: 'deleted' }
  | { outcome: 'full' };

/** Every query on `message_reactions`. */
@Injectable()
export class ReactionsRepository {
  private readonly query: PreparedQuery;

  constructor(
    private readonly dataSource: DataSource,
    hot: HotStatements,
  ) {
    this.query = hot.query;
  }

  /**
   * Adds or removes one user's reaction, in one round trip (`chat_set_reaction`, see its migration): only for a member
   * of the message's room (else `refused`, and the caller runs the full checks for the precise error). The message row
   * is locked first (`FOR NO KEY UPDATE`: reactions of one message change one at a time, while replies and saves may
   * still reference it), so the cap on distinct emoji holds under concurrent reactions and `count` is exact; a tombstone
   * waits for the lock too, so no reaction outlives it.
   */
  async set(messageId: string, userId: string, emoji: string, on: boolean, maxDistinct: number): Promise<ReactionChange> {
    const [row] = await this.query<{ outcome: ReactionChange['outcome'] | 'refused'; room_id: string | null; count: number }>(
      'reaction-set',
      `SELECT r_outcome AS outcome, r_room_id AS room_id, r_count AS count FROM chat_set_reaction($1, $2, $3, $4, $5)`,
      [messageId, userId, emoji, on, maxDistinct],
    );
    const { outcome, room_id: roomId, count } = row!;
    if (outcome === 'refused' || outcome === 'deleted' || outcome === 'full') return { outcome };
    return { outcome, roomId: roomId!, count };
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
