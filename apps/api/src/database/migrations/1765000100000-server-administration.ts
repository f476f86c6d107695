import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Server administration: the settings row (seeded at start from REGISTRATION and SERVER_NAME), server invite links,
 * deactivated and deleted accounts.
 */
export class ServerAdministration1765000100000 implements MigrationInterface {
  name = 'ServerAdministration1765000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE server_settings (
        id smallint NOT NULL DEFAULT 1,
        name varchar(80) NOT NULL,
        registration varchar(8) NOT NULL,
        room_creation varchar(8) NOT NULL DEFAULT 'everyone',
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT server_settings_pkey PRIMARY KEY (id),
        CONSTRAINT server_settings_single_row_check CHECK (id = 1),
        CONSTRAINT server_settings_registration_check CHECK (registration IN ('open', 'invite', 'closed')),
        CONSTRAINT server_settings_room_creation_check CHECK (room_creation IN ('everyone', 'admins'))
      )`);

    await q.query(`
      CREATE TABLE server_invite_links (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code varchar(64) NOT NULL,
        max_uses integer,
        uses integer NOT NULL DEFAULT 0,
        expires_at timestamptz,
        created_by uuid NOT NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT server_invite_links_pkey PRIMARY KEY (id),
        CONSTRAINT server_invite_links_code_key UNIQUE (code),
        CONSTRAINT server_invite_links_uses_check CHECK (uses >= 0 AND (max_uses IS NULL OR (max_uses >= 1 AND uses <= max_uses))),
        CONSTRAINT server_invite_links_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
      )`);
    await q.query(`CREATE INDEX server_invite_links_created_by_idx ON server_invite_links (created_by)`);
    await q.query(`CREATE INDEX server_invite_links_created_at_idx ON server_invite_links (created_at DESC)`);

    await q.query(`ALTER TABLE users ADD COLUMN deactivated_at timestamptz`);
    await q.query(`ALTER TABLE users ADD COLUMN deleted_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN deleted_at`);
    await q.query(`ALTER TABLE users DROP COLUMN deactivated_at`);
    await q.query(`DROP TABLE server_invite_links`);
    await q.query(`DROP TABLE server_settings`);
  }
}
