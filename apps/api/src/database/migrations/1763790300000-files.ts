import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Uploaded files, the files attached to messages, and the picture columns of users and rooms made references. */
export class Files1763790300000 implements MigrationInterface {
  name = 'Files1763790300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE files (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL,
        storage_key varchar(128) NOT NULL,
        original_name varchar(255) NOT NULL,
        content_type varchar(127) NOT NULL,
        size bigint NOT NULL,
        width integer,
        height integer,
        has_thumbnail boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT files_pkey PRIMARY KEY (id),
        CONSTRAINT files_storage_key_key UNIQUE (storage_key),
        CONSTRAINT files_size_check CHECK (size > 0),
        CONSTRAINT files_dimensions_check CHECK ((width IS NULL) = (height IS NULL) AND (width IS NULL OR (width > 0 AND height > 0))),
        CONSTRAINT files_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    // the quota sums a user's files
    await q.query(`CREATE INDEX files_owner_id_idx ON files (owner_id)`);

    // A file is attached to one message at most (message_attachments_file_id_key): deleting that message ends the file's audience.
    await q.query(`
      CREATE TABLE message_attachments (
        message_id uuid NOT NULL,
        file_id uuid NOT NULL,
        position smallint NOT NULL,
        CONSTRAINT message_attachments_pkey PRIMARY KEY (message_id, file_id),
        CONSTRAINT message_attachments_file_id_key UNIQUE (file_id),
        CONSTRAINT message_attachments_position_key UNIQUE (message_id, position),
        CONSTRAINT message_attachments_position_check CHECK (position >= 0),
        CONSTRAINT message_attachments_message_id_fkey FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE,
        CONSTRAINT message_attachments_file_id_fkey FOREIGN KEY (file_id) REFERENCES files (id) ON DELETE CASCADE
      )`);

    for (const table of ['users', 'rooms']) {
      for (const column of ['avatar_file_id', 'cover_file_id']) {
        await q.query(
          `ALTER TABLE ${table} ADD CONSTRAINT ${table}_${column}_fkey FOREIGN KEY (${column}) REFERENCES files (id) ON DELETE SET NULL`,
        );
        // "whose picture is this file?" (download authorisation, and the foreign key's ON DELETE)
        await q.query(`CREATE INDEX ${table}_${column}_idx ON ${table} (${column}) WHERE ${column} IS NOT NULL`);
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['users', 'rooms']) {
      for (const column of ['avatar_file_id', 'cover_file_id']) {
        await q.query(`DROP INDEX ${table}_${column}_idx`);
        await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_${column}_fkey`);
      }
    }
    await q.query(`DROP TABLE message_attachments`);
    await q.query(`DROP TABLE files`);
  }
}
