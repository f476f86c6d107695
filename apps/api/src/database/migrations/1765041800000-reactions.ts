import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Emoji reactions: one row per (message, user, emoji). They go with their message (cascade when a room's messages are
 * purged; the service deletes them when a message becomes a tombstone). The primary key leads with message_id, so it
 * serves the foreign key, the page aggregate (`message_id = ANY(...)`) and "who reacted" (message_id, emoji prefix
 * needs the third index column order: see `message_reactions_emoji_idx`).
 */
export class Reactions1765041800000 implements MigrationInterface {
  name = 'Reactions1765041800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE message_reactions (
        message_id uuid NOT NULL,
        user_id uuid NOT NULL,
        emoji varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT message_reactions_pkey PRIMARY KEY (message_id, user_id, emoji),
        CONSTRAINT message_reactions_message_id_fkey FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE,
        CONSTRAINT message_reactions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX message_reactions_emoji_idx ON message_reactions (message_id, emoji, created_at)`);
    await q.query(`CREATE INDEX message_reactions_user_id_idx ON message_reactions (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE message_reactions`);
  }
}
