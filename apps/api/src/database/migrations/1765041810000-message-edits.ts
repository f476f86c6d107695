import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Edit history: each edit keeps the body it replaced, with the time it was replaced. The rows go with their message
 * (cascade when a room's messages are purged; the service deletes them when a message becomes a tombstone).
 */
export class MessageEdits1765041810000 implements MigrationInterface {
  name = 'MessageEdits1765041810000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE message_edits (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        message_id uuid NOT NULL,
        body text NOT NULL,
        edited_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT message_edits_pkey PRIMARY KEY (id),
        CONSTRAINT message_edits_message_id_fkey FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX message_edits_message_idx ON message_edits (message_id, edited_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE message_edits`);
  }
}
