import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Server roles on users (the first account of an existing server becomes its admin) and the audit log of admin and
 * moderator actions.
 */
export class ServerRolesAudit1765000000000 implements MigrationInterface {
  name = 'ServerRolesAudit1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN server_role varchar(8) NOT NULL DEFAULT 'user'`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_server_role_check CHECK (server_role IN ('admin', 'user'))`);
    // A server that already has accounts gets its first one as admin, as a new server would have.
    await q.query(`UPDATE users SET server_role = 'admin' WHERE id = (SELECT id FROM users ORDER BY created_at, id LIMIT 1)`);
    await q.query(`CREATE INDEX users_admins_idx ON users (id) WHERE server_role = 'admin'`);

    await q.query(`
      CREATE TABLE audit_entries (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        actor_id uuid NOT NULL,
        action varchar(64) NOT NULL,
        target_type varchar(32) NOT NULL,
        target_id varchar(64) NOT NULL,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT audit_entries_pkey PRIMARY KEY (id),
        CONSTRAINT audit_entries_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES users (id)
      )`);
    await q.query(`CREATE INDEX audit_entries_created_idx ON audit_entries (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_entries_actor_id_idx ON audit_entries (actor_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_entries`);
    await q.query(`DROP INDEX users_admins_idx`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_server_role_check`);
    await q.query(`ALTER TABLE users DROP COLUMN server_role`);
  }
}
