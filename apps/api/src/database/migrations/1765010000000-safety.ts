import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Safety (Contract v2): blocks between users, room bans, room invite links, reports, and the `report_resolved` notification. */
export class Safety1765010000000 implements MigrationInterface {
  name = 'Safety1765010000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per (blocker, blocked): the primary key is the one-block-per-direction rule.
    await q.query(`
      CREATE TABLE user_blocks (
        blocker_id uuid NOT NULL,
        blocked_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT user_blocks_pkey PRIMARY KEY (blocker_id, blocked_id),
        CONSTRAINT user_blocks_not_self CHECK (blocker_id <> blocked_id),
        CONSTRAINT user_blocks_blocker_id_fkey FOREIGN KEY (blocker_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT user_blocks_blocked_id_fkey FOREIGN KEY (blocked_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX user_blocks_blocked_idx ON user_blocks (blocked_id)`);

    // One ban per room and user (re-banning updates it); a ban ends by itself at expires_at.
    await q.query(`
      CREATE TABLE room_bans (
        room_id uuid NOT NULL,
        user_id uuid NOT NULL,
        reason varchar(500) NOT NULL DEFAULT '',
        expires_at timestamptz,
        banned_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT room_bans_pkey PRIMARY KEY (room_id, user_id),
        CONSTRAINT room_bans_room_id_fkey FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
        CONSTRAINT room_bans_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT room_bans_banned_by_fkey FOREIGN KEY (banned_by) REFERENCES users (id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX room_bans_user_idx ON room_bans (user_id)`);
    await q.query(`CREATE INDEX room_bans_banned_by_idx ON room_bans (banned_by) WHERE banned_by IS NOT NULL`);

    // Codes are unique and case-sensitive; uses never pass max_uses (checked by the statement that counts a use, and here).
    await q.query(`
      CREATE TABLE room_invite_links (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        room_id uuid NOT NULL,
        code varchar(64) NOT NULL,
        max_uses integer,
        uses integer NOT NULL DEFAULT 0,
        expires_at timestamptz,
        created_by uuid,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT room_invite_links_pkey PRIMARY KEY (id),
        CONSTRAINT room_invite_links_code_key UNIQUE (code),
        CONSTRAINT room_invite_links_uses_check CHECK (uses >= 0 AND (max_uses IS NULL OR (max_uses > 0 AND uses <= max_uses))),
        CONSTRAINT room_invite_links_room_id_fkey FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
        CONSTRAINT room_invite_links_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX room_invite_links_room_idx ON room_invite_links (room_id, created_at DESC)`);
    await q.query(`CREATE INDEX room_invite_links_created_by_idx ON room_invite_links (created_by) WHERE created_by IS NOT NULL`);

    // A report names a message (and its room and sender) or a user. The target user is kept for a message report
    // too (its sender), so that the actions know whom to ban or deactivate.
    await q.query(`
      CREATE TABLE reports (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        reporter_id uuid NOT NULL,
        message_id uuid,
        room_id uuid,
        target_user_id uuid,
        reason varchar(16) NOT NULL,
        comment varchar(1000) NOT NULL DEFAULT '',
        status varchar(16) NOT NULL DEFAULT 'open',
        resolution varchar(24),
        resolved_by uuid,
        resolved_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT reports_pkey PRIMARY KEY (id),
        CONSTRAINT reports_reason_check CHECK (reason IN ('spam', 'abuse', 'illegal', 'other')),
        CONSTRAINT reports_status_check CHECK (status IN ('open', 'resolved')),
        CONSTRAINT reports_resolution_check CHECK (
          (status = 'open' AND resolution IS NULL)
          OR (status = 'resolved' AND resolution IN ('dismiss', 'delete_message', 'ban_from_room', 'deactivate_user'))),
        CONSTRAINT reports_reporter_id_fkey FOREIGN KEY (reporter_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT reports_message_id_fkey FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE SET NULL,
        CONSTRAINT reports_room_id_fkey FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE SET NULL,
        CONSTRAINT reports_target_user_id_fkey FOREIGN KEY (target_user_id) REFERENCES users (id) ON DELETE SET NULL,
        CONSTRAINT reports_resolved_by_fkey FOREIGN KEY (resolved_by) REFERENCES users (id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX reports_created_idx ON reports (status, created_at DESC)`);
    await q.query(`CREATE INDEX reports_room_idx ON reports (room_id, created_at DESC) WHERE room_id IS NOT NULL`);
    await q.query(`CREATE INDEX reports_reporter_idx ON reports (reporter_id)`);
    await q.query(`CREATE INDEX reports_message_idx ON reports (message_id) WHERE message_id IS NOT NULL`);
    await q.query(`CREATE INDEX reports_target_user_idx ON reports (target_user_id) WHERE target_user_id IS NOT NULL`);
    await q.query(`CREATE INDEX reports_resolved_by_idx ON reports (resolved_by) WHERE resolved_by IS NOT NULL`);

    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_type_check`);
    await q.query(`ALTER TABLE notifications ADD CONSTRAINT notifications_type_check
      CHECK (type IN ('friend_request', 'friend_accepted', 'room_invite', 'direct_message', 'mention', 'report_resolved'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifications WHERE type = 'report_resolved'`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_type_check`);
    await q.query(`ALTER TABLE notifications ADD CONSTRAINT notifications_type_check
      CHECK (type IN ('friend_request', 'friend_accepted', 'room_invite', 'direct_message', 'mention'))`);
    await q.query(`DROP TABLE reports`);
    await q.query(`DROP TABLE room_invite_links`);
    await q.query(`DROP TABLE room_bans`);
    await q.query(`DROP TABLE user_blocks`);
  }
}
