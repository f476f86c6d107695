import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, IsNull, type Repository } from 'typeorm';
import type { MessageMentions } from '@chat/contracts';
import type { PostedIn } from '../../common/events/domain-events.js';
import { HotStatements, type PreparedQuery } from '../../database/prepared-query.js';
import { queryRow, queryRows } from '../../database/sql.js';
import { groupPosterSql, isMemberSql } from '../rooms/room-membership.sql.js';
import { MessageEntity } from './entities/message.entity.js';
import { fromRow, isoSql, messageColumns, type MessageRow, type PresentableMessage } from './message.mapper.js';

/**
 * A message queued for the group-commit writer. `checked` false: the statement itself checks that the sender may
 * post (a member of a group room, `groupPosterSql`) and that the reply target is a message of the room, and skips the
 * message otherwise. True: the caller already checked (`RoomAccessService.requirePoster`).
 */
export interface NewMessage {
  roomId: string;
  senderId: string;
  clientId: string;
  body: string;
  replyToId: string | null;
  mentions: MessageMentions;
  checked: boolean;
}

/** A message the write statement stored, with its room as the statement read it (no second query). */
export interface Written {
  message: PresentableMessage;
  room: PostedIn;
}

/** Writes a batch of messages in one statement; answers what it stored, by `writeKey(sender, clientId)`. */
export type BatchWrite = (messages: NewMessage[]) => Promise<Map<string, Written>>;

export const writeKey = (senderId: string, clientId: string) => `${senderId}\u0000${clientId}`;

type WrittenRow = MessageRow & { room_kind: 'group' | 'direct'; room_name: string; room_direct_key: string | null };

/**
 * The group-commit statement (see MessageWriter): in one statement, each room's counter is bumped once by its number
 * of new messages (rooms locked in id order, so concurrent writers on other processes cannot deadlock), the messages
 * take consecutive seqs in arrival order, and a clientId already stored is skipped. Unchecked messages are kept only
 * when `posterSql` holds for `i.room_id` and `i.sender_id` and the reply target is in the room.
 */
export function batchWrite(query: PreparedQuery, posterSql: (room: string, user: string) => string = groupPosterSql): BatchWrite {
  const text = `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::int[], $7::bool[],
                            $8::text[], $9::bool[], $10::bool[])
         AS t(room_id, sender_id, client_id, body, reply_to_id, ord, checked, mention_user_ids, mention_room, mention_here)
     ),
     fresh AS (
       SELECT i.* FROM input i
        WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.sender_id = i.sender_id AND m.client_id = i.client_id)
          AND (i.checked OR ((${posterSql('i.room_id', 'i.sender_id')})
            AND (i.reply_to_id IS NULL
                 OR EXISTS (SELECT 1 FROM messages p WHERE p.id = i.reply_to_id AND p.room_id = i.room_id))))
     ),
     counts AS (SELECT room_id, count(*)::bigint AS n FROM fresh GROUP BY room_id),
     locked AS (
       SELECT r.id FROM rooms r WHERE r.id = ANY(ARRAY(SELECT room_id FROM counts)) AND r.deleted_at IS NULL ORDER BY r.id FOR UPDATE
     ),
     bumped AS (
       UPDATE rooms r SET last_seq = r.last_seq + c.n, last_activity_at = now()
         FROM counts c WHERE r.id = c.room_id AND r.id = ANY(ARRAY(SELECT id FROM locked))
       RETURNING r.id, r.last_seq, c.n, r.kind, r.name, r.direct_key
     ),
     numbered AS (
       SELECT f.*, b.last_seq - b.n + row_number() OVER (PARTITION BY f.room_id ORDER BY f.ord) AS seq
         FROM fresh f JOIN bumped b ON b.id = f.room_id
     ),
     inserted AS (
       INSERT INTO messages (room_id, seq, sender_id, client_id, body, reply_to_id, mention_user_ids, mention_room, mention_here)
       SELECT room_id, seq, sender_id, client_id, body, reply_to_id, mention_user_ids::uuid[], mention_room, mention_here
         FROM numbered ORDER BY room_id, seq
       RETURNING id, room_id, seq, sender_id, client_id, body, reply_to_id, created_at, mention_user_ids, mention_room, mention_here
     )
     SELECT s.id, s.room_id, s.seq, s.sender_id, s.client_id, s.body, s.reply_to_id, ${isoSql('s.created_at')} AS created_at,
            s.mention_user_ids::text[] AS mention_user_ids, s.mention_room, s.mention_here,
            NULL AS edited_at, NULL AS deleted_at, NULL AS pinned_at, NULL AS attached, NULL AS reacted,
            b.kind AS room_kind, b.name AS room_name, b.direct_key AS room_direct_key
       FROM inserted s JOIN bumped b ON b.id = s.room_id`;
  return async (messages) => {
    const rows = await query<WrittenRow>('messages-write', text, [
      messages.map((m) => m.roomId),
      messages.map((m) => m.senderId),
      messages.map((m) => m.clientId),
      messages.map((m) => m.body),
      messages.map((m) => m.replyToId),
      messages.map((_m, i) => i),
      messages.map((m) => m.checked),
      // an array of arrays would be flattened by unnest: each message's ids travel as one array literal
      messages.map((m) => `{${m.mentions.userIds.join(',')}}`),
      messages.map((m) => m.mentions.room),
      messages.map((m) => m.mentions.here),
    ]);
    const out = new Map<string, Written>();
    for (const r of rows) {
      out.set(writeKey(r.sender_id, r.client_id), {
        message: fromRow(r),
        room: { kind: r.room_kind, name: r.room_name, directKey: r.room_direct_key },
      });
    }
    return out;
  };
}

/** A page of history: ascending (catch-up, after `after`) or descending (before `before`). */
const historySql = (order: 'ASC' | 'DESC') => `SELECT ${messageColumns}
    FROM messages m
   WHERE m.room_id = $1 AND m.seq < $3 AND m.seq > $4 AND ${isMemberSql('$1', '$2')}
   ORDER BY m.seq ${order} LIMIT $5`;
const HISTORY_FORWARD = historySql('ASC');
const HISTORY_BACK = historySql('DESC');

/** Last message of each (room, seq), one index lookup per room (LIMIT 1 keeps PostgreSQL from hashing the table). */
const LAST_MESSAGES = `SELECT ${messageColumns}
   FROM unnest($1::uuid[], $2::bigint[]) AS k(room_id, seq)
   CROSS JOIN LATERAL (SELECT * FROM messages x WHERE x.room_id = k.room_id AND x.seq = k.seq LIMIT 1) m`;

/**
 * Every query on `messages`. Ordinary work goes through TypeORM; the hot paths (the write statement, history pages,
 * last messages) are named prepared statements, planned once per connection.
 */
@Injectable()
export class MessagesRepository {
  private readonly query: PreparedQuery;
  /** The group-commit statement, for MessageWriter. */
  readonly writeBatch: BatchWrite;

  constructor(
    @InjectRepository(MessageEntity) private readonly messages: Repository<MessageEntity>,
    private readonly dataSource: DataSource,
    hot: HotStatements,
  ) {
    this.query = hot.query;
    this.writeBatch = batchWrite(this.query);
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * A page of the room's history, only when `userId` is a member (the membership check is inside the statement): up to
   * `limit` rows strictly between `after` and `before`, ascending when `forward`, else descending.
   */
  historyPage(
    roomId: string,
    userId: string,
    q: { before?: number; after?: number; limit: number },
    forward: boolean,
  ): Promise<MessageRow[]> {
    return this.query<MessageRow>(forward ? 'history-forward' : 'history-back', forward ? HISTORY_FORWARD : HISTORY_BACK, [
      roomId,
      userId,
      q.before ?? Number.MAX_SAFE_INTEGER,
      q.after ?? -1,
      q.limit,
    ]);
  }

  lastMessages(keys: Array<{ roomId: string; seq: number }>): Promise<MessageRow[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.query<MessageRow>('last-messages', LAST_MESSAGES, [keys.map((k) => k.roomId), keys.map((k) => k.seq)]);
  }

  /**
   * Others' live messages after the user's read marker, for each room, in one query. Counted room by room (a lateral
   * subquery: an index range scan of `(room_id, seq)` after the marker), never as a join: with one room holding most of
   * the history, PostgreSQL estimated thousands of rows per room and hashed the whole `messages` table for each call
   * (4 s a call at 1,000,000 messages, making every join and room creation wait).
   */
  async unreadCounts(userId: string, roomIds: string[]): Promise<Map<string, { unread: number; mentions: number }>> {
    if (roomIds.length === 0) return new Map();
    const rows = await queryRows<{ room_id: string; n: number; mentions: number }>(
      this.dataSource.manager,
      `SELECT m.room_id, c.n, c.mentions FROM room_members m
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS n,
                 count(*) FILTER (WHERE msg.mention_room OR msg.mention_here OR m.user_id = ANY(msg.mention_user_ids))::int AS mentions
            FROM messages msg
           WHERE msg.room_id = m.room_id AND msg.seq > m.last_read_seq AND msg.sender_id <> m.user_id AND msg.deleted_at IS NULL
        ) c
        WHERE m.user_id = $1 AND m.room_id = ANY($2) AND c.n > 0`,
      [userId, roomIds],
    );
    return new Map(rows.map((r) => [r.room_id, { unread: r.n, mentions: r.mentions }]));
  }

  findById(id: string): Promise<MessageEntity | null> {
    return this.messages.findOneBy({ id });
  }

  findByIds(ids: string[]): Promise<MessageEntity[]> {
    return this.messages.findBy({ id: In(ids) });
  }

  findByClientId(senderId: string, clientId: string): Promise<MessageEntity | null> {
    return this.messages.findOneBy({ senderId, clientId });
  }

  isInRoom(messageId: string, roomId: string): Promise<boolean> {
    return this.messages.exists({ where: { id: messageId, roomId } });
  }

  /** Rooms of those of the messages that are not deleted. */
  async liveRoomIds(messageIds: string[]): Promise<string[]> {
    if (messageIds.length === 0) return [];
    const rows = await this.messages.find({ where: { id: In(messageIds), deletedAt: IsNull() }, select: { roomId: true } });
    return [...new Set(rows.map((r) => r.roomId))];
  }

  /** Messages sent since `since` (the BRIN index on created_at), and the table's row estimate. */
  async counts(since: Date): Promise<{ since: number; total: number }> {
    const row = await queryRow<{ since: string; total: string }>(
      this.dataSource.manager,
      `SELECT (SELECT count(*) FROM messages WHERE created_at >= $1)::text AS since,
              (SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = 'messages'::regclass)::text AS total`,
      [since],
    );
    return { since: Number(row?.since ?? 0), total: Number(row?.total ?? 0) };
  }

  /** Takes the room's next seq, in the caller's transaction; null when the room is gone or being deleted. */
  async nextSeq(em: EntityManager, roomId: string): Promise<number | null> {
    const row = await queryRow<{ last_seq: string }>(
      em,
      `UPDATE rooms SET last_seq = last_seq + 1, last_activity_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING last_seq`,
      [roomId],
    );
    return row ? Number(row.last_seq) : null;
  }

  insert(
    em: EntityManager,
    values: Pick<
      MessageEntity,
      'roomId' | 'seq' | 'senderId' | 'clientId' | 'body' | 'replyToId' | 'mentionUserIds' | 'mentionRoom' | 'mentionHere'
    >,
  ): Promise<MessageEntity> {
    return em.save(em.create(MessageEntity, values));
  }

  /**
   * Sets a live message's body and keeps the body it replaces (`message_edits`), in one statement; false when the
   * message is gone or deleted.
   */
  async edit(id: string, body: string, mentions: MessageMentions): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      this.dataSource.manager,
      `WITH old AS (SELECT id, body FROM messages WHERE id = $1 AND deleted_at IS NULL FOR UPDATE),
            kept AS (INSERT INTO message_edits (message_id, body, edited_at) SELECT id, body, now() FROM old)
       UPDATE messages m SET body = $2, edited_at = now(), mention_user_ids = $3::uuid[], mention_room = $4, mention_here = $5
         FROM old WHERE m.id = old.id RETURNING m.id`,
      [id, body, mentions.userIds, mentions.room, mentions.here],
    );
    return rows.length > 0;
  }

  /** The earlier bodies of a message, oldest first, with the time each was replaced. */
  edits(id: string): Promise<Array<{ body: string; edited_at: string }>> {
    return queryRows(
      this.dataSource.manager,
      `SELECT body, ${isoSql('edited_at')} AS edited_at FROM message_edits WHERE message_id = $1 ORDER BY edited_at, id`,
      [id],
    );
  }

  /** A message's edit history goes with it when it becomes a tombstone (in the caller's transaction). */
  async deleteEdits(em: EntityManager, id: string): Promise<void> {
    await em.query(`DELETE FROM message_edits WHERE message_id = $1`, [id]);
  }

  /**
   * Deletes up to `limit` messages of a room (newest first, so replies go before what they answer), with their
   * attachments and notifications by cascade: one short statement on the (room_id, seq) index. Two purges of the same
   * room (two processes, or the background sweep and an operator's) take turns under a per-room advisory lock: side by
   * side, one's `reply_to_id` cascade updates rows the other holds, and PostgreSQL aborts one as a deadlock. Answers
   * how many went.
   */
  deleteRoomBatch(roomId: string, limit: number): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`room-purge:${roomId}`]);
      const rows = await queryRows<{ id: string }>(
        em,
        `DELETE FROM messages WHERE id IN (
           SELECT id FROM messages WHERE room_id = $1 ORDER BY seq DESC LIMIT $2
         ) RETURNING id`,
        [roomId, limit],
      );
      return rows.length;
    });
  }

  /** Turns a message into a tombstone (id and seq kept, unpinned), in the caller's transaction. */
  async markDeleted(em: EntityManager, id: string): Promise<void> {
    await em.update(MessageEntity, { id }, { body: '', deletedAt: new Date(), pinnedAt: null });
  }
}
