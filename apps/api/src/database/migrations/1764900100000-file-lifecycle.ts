import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a file was last attached to a message, last detached from one (its message deleted), and first used as a
 * picture: what the removal of unused files goes by. Existing files get their marks from what holds them now.
 */
export class FileLifecycle1764900100000 implements MigrationInterface {
  name = 'FileLifecycle1764900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE files
        ADD COLUMN attached_at timestamptz,
        ADD COLUMN detached_at timestamptz,
        ADD COLUMN picture_at timestamptz`);
    await q.query(
      `UPDATE files f SET attached_at = f.created_at WHERE EXISTS (SELECT 1 FROM message_attachments a WHERE a.file_id = f.id)`,
    );
    await q.query(`
      UPDATE files f SET picture_at = f.created_at
       WHERE EXISTS (SELECT 1 FROM users u WHERE u.avatar_file_id = f.id OR u.cover_file_id = f.id)
          OR EXISTS (SELECT 1 FROM rooms r WHERE r.avatar_file_id = f.id OR r.cover_file_id = f.id)`);
    // the uploads that were never attached nor a picture: the sweep reads them oldest first
    await q.query(`CREATE INDEX files_unused_created_at_idx ON files (created_at) WHERE attached_at IS NULL AND picture_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS files_unused_created_at_idx`);
    await q.query(`ALTER TABLE files DROP COLUMN picture_at, DROP COLUMN detached_at, DROP COLUMN attached_at`);
  }
}
