import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rooms are deleted in two steps: `deleted_at` is set (the room is gone for everyone at once: its members and invites
 * go in the same short transaction, and every read of `rooms` skips it), then a background job deletes its messages
 * in small batches and finally the row itself. The partial index finds the deletions still pending after a restart.
 */
export class RoomDeletion1764900000000 implements MigrationInterface {
  name = 'RoomDeletion1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rooms ADD COLUMN deleted_at timestamptz`);
    await q.query(`CREATE INDEX rooms_pending_deletion_idx ON rooms (deleted_at) WHERE deleted_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // a deletion still pending is finished the old way (one cascading DELETE) before the column goes
    await q.query(`DELETE FROM rooms WHERE deleted_at IS NOT NULL`);
    await q.query(`DROP INDEX rooms_pending_deletion_idx`);
    await q.query(`ALTER TABLE rooms DROP COLUMN deleted_at`);
  }
}
