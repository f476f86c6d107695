import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mentions resolved at send and edit time, stored on the message; the room setting for `@room`/`@here`. No index of
 * their own: a room's mention count filters the unread rows the unread count reads anyway (one grouped query, on the
 * (room_id, seq) index).
 */
export class Mentions1765041820000 implements MigrationInterface {
  name = 'Mentions1765041820000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE messages
        ADD COLUMN mention_user_ids uuid[] NOT NULL DEFAULT '{}',
        ADD COLUMN mention_room boolean NOT NULL DEFAULT false,
        ADD COLUMN mention_here boolean NOT NULL DEFAULT false`);
    await q.query(`
      ALTER TABLE rooms ADD COLUMN room_mentions varchar(8) NOT NULL DEFAULT 'admins'
        CONSTRAINT rooms_room_mentions_check CHECK (room_mentions IN ('everyone', 'admins'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rooms DROP COLUMN room_mentions`);
    await q.query(`ALTER TABLE messages DROP COLUMN mention_here, DROP COLUMN mention_room, DROP COLUMN mention_user_ids`);
  }
}
