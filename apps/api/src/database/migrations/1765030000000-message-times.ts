import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A BRIN index on `messages.created_at`, for counting a day's messages (`GET /admin/overview`) without reading the
 * whole table. Messages are appended in time order, so block ranges follow time: the index is a few pages for millions
 * of rows and costs next to nothing on insert (unlike a B-tree on the send path).
 */
export class MessageTimes1765030000000 implements MigrationInterface {
  name = 'MessageTimes1765030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX messages_created_at_brin ON messages USING brin (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX messages_created_at_brin`);
  }
}
