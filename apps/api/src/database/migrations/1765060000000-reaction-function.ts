import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `chat_set_reaction`: a reaction change in one round trip (`ReactionsRepository.set`). It was six: the message, the
 * reader's access to its room, then a transaction of its own (begin, the message row locked, the change, commit), and
 * a reaction cost PostgreSQL about three times what a message does. In READ COMMITTED each statement of a volatile
 * PL/pgSQL function takes a new snapshot, so the change, run after the lock is granted, sees every reaction committed
 * before it, as the statement after `SELECT … FOR NO KEY UPDATE` did: the cap on distinct emoji holds and `count` is
 * exact under concurrent reactions. The function decides nothing the service does not: it answers `refused` when the
 * reader is not a member of the message's (live) room, and the service then runs the full checks for the precise error.
 */
export class ReactionFunction1765060000000 implements MigrationInterface {
  name = 'ReactionFunction1765060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION chat_set_reaction(p_message uuid, p_user uuid, p_emoji varchar, p_on boolean, p_max_distinct int)
        RETURNS TABLE (r_outcome text, r_room_id uuid, r_count int)
        LANGUAGE plpgsql VOLATILE AS $fn$
      DECLARE
        v_room uuid;
        v_deleted boolean;
        v_changed int;
        v_had boolean;
        v_count int;
      BEGIN
        SELECT m.room_id INTO v_room
          FROM messages m
          JOIN rooms r ON r.id = m.room_id AND r.deleted_at IS NULL
          JOIN room_members rm ON rm.room_id = m.room_id AND rm.user_id = p_user
         WHERE m.id = p_message;
        IF v_room IS NULL THEN
          RETURN QUERY SELECT 'refused'::text, NULL::uuid, 0;
          RETURN;
        END IF;
        -- reactions of one message change one at a time; a tombstone waits for the lock too
        SELECT m.deleted_at IS NOT NULL INTO v_deleted FROM messages m WHERE m.id = p_message FOR NO KEY UPDATE;
        IF v_deleted IS NULL OR v_deleted THEN
          RETURN QUERY SELECT 'deleted'::text, v_room, 0;
          RETURN;
        END IF;
        IF p_on THEN
          WITH ins AS (
            INSERT INTO message_reactions (message_id, user_id, emoji)
            SELECT p_message, p_user, p_emoji
             WHERE EXISTS (SELECT 1 FROM message_reactions x WHERE x.message_id = p_message AND x.emoji = p_emoji)
                OR (SELECT count(DISTINCT x.emoji) FROM message_reactions x WHERE x.message_id = p_message) < p_max_distinct
            ON CONFLICT DO NOTHING RETURNING 1
          )
          SELECT (SELECT count(*) FROM ins)::int,
                 EXISTS (SELECT 1 FROM message_reactions x WHERE x.message_id = p_message AND x.user_id = p_user AND x.emoji = p_emoji),
                 (SELECT count(*) FROM message_reactions x WHERE x.message_id = p_message AND x.emoji = p_emoji)::int
            INTO v_changed, v_had, v_count;
          -- the statement's snapshot does not see its own insert: the count is the one before it
          IF v_changed > 0 THEN
            RETURN QUERY SELECT 'changed'::text, v_room, v_count + 1;
          ELSIF v_had THEN
            RETURN QUERY SELECT 'unchanged'::text, v_room, v_count;
          ELSE
            RETURN QUERY SELECT 'full'::text, v_room, v_count;
          END IF;
        ELSE
          WITH del AS (
            DELETE FROM message_reactions x WHERE x.message_id = p_message AND x.user_id = p_user AND x.emoji = p_emoji RETURNING 1
          )
          SELECT (SELECT count(*) FROM del)::int,
                 (SELECT count(*) FROM message_reactions x WHERE x.message_id = p_message AND x.emoji = p_emoji)::int
            INTO v_changed, v_count;
          -- as above, the count was taken before the delete
          IF v_changed > 0 THEN
            RETURN QUERY SELECT 'changed'::text, v_room, v_count - 1;
          ELSE
            RETURN QUERY SELECT 'unchanged'::text, v_room, v_count;
          END IF;
        END IF;
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION chat_set_reaction(uuid, uuid, varchar, boolean, int)`);
  }
}
