import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Friendships, rooms (group and direct), members, invites, messages and read markers. */
export class Social1763790100000 implements MigrationInterface {
  name = 'Social1763790100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE friend_requests (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        from_id uuid NOT NULL,
        to_id uuid NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending',
        created_at timestamptz NOT NULL DEFAULT now(),
        responded_at timestamptz,
        CONSTRAINT friend_requests_pkey PRIMARY KEY (id),
        CONSTRAINT friend_requests_from_id_fkey FOREIGN KEY (from_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT friend_requests_to_id_fkey FOREIGN KEY (to_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT friend_requests_not_self CHECK (from_id <> to_id),
        CONSTRAINT friend_requests_status_check CHECK (status IN ('pending', 'accepted', 'rejected', 'cancelled'))
      )`);
    // At most one pending request per pair, whichever direction.
    await q.query(
      `CREATE UNIQUE INDEX friend_requests_pending_pair_key ON friend_requests (LEAST(from_id, to_id), GREATEST(from_id, to_id)) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX friend_requests_to_pending_idx ON friend_requests (to_id, created_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX friend_requests_from_pending_idx ON friend_requests (from_id, created_at) WHERE status = 'pending'`);

    // One row per pair, the smaller id first: the primary key is the one-friendship-per-pair rule.
    await q.query(`
      CREATE TABLE friendships (
        user_a uuid NOT NULL,
        user_b uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT friendships_pkey PRIMARY KEY (user_a, user_b),
        CONSTRAINT friendships_ordered CHECK (user_a < user_b),
        CONSTRAINT friendships_user_a_fkey FOREIGN KEY (user_a) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT friendships_user_b_fkey FOREIGN KEY (user_b) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX friendships_user_b_idx ON friendships (user_b)`);

    await q.query(`
      CREATE TABLE rooms (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        kind varchar(8) NOT NULL,
        name varchar(80) NOT NULL DEFAULT '',
        description text NOT NULL DEFAULT '',
        visibility varchar(8) NOT NULL DEFAULT 'private',
        avatar_file_id uuid,
        cover_file_id uuid,
        created_by uuid,
        direct_key varchar(73),
        last_seq bigint NOT NULL DEFAULT 0,
        last_activity_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT rooms_pkey PRIMARY KEY (id),
        CONSTRAINT rooms_kind_check CHECK (kind IN ('group', 'direct')),
        CONSTRAINT rooms_visibility_check CHECK (visibility IN ('public', 'private')),
        CONSTRAINT rooms_direct_key_check CHECK ((kind = 'direct') = (direct_key IS NOT NULL)),
        CONSTRAINT rooms_direct_key_key UNIQUE (direct_key),
        CONSTRAINT rooms_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL
      )`);
    await q.query(
      `CREATE INDEX rooms_public_name_idx ON rooms (lower(name) text_pattern_ops) WHERE kind = 'group' AND visibility = 'public'`,
    );
    await q.query(
      `CREATE INDEX rooms_public_trgm_idx ON rooms USING gin (lower(name) gin_trgm_ops) WHERE kind = 'group' AND visibility = 'public'`,
    );

    await q.query(`
      CREATE TABLE room_members (
        room_id uuid NOT NULL,
        user_id uuid NOT NULL,
        role varchar(8) NOT NULL DEFAULT 'member',
        joined_at timestamptz NOT NULL DEFAULT now(),
        last_read_seq bigint NOT NULL DEFAULT 0,
        CONSTRAINT room_members_pkey PRIMARY KEY (room_id, user_id),
        CONSTRAINT room_members_role_check CHECK (role IN ('owner', 'admin', 'member')),
        CONSTRAINT room_members_room_id_fkey FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
        CONSTRAINT room_members_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX room_members_user_id_idx ON room_members (user_id)`);

    await q.query(`
      CREATE TABLE room_invites (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        room_id uuid NOT NULL,
        from_id uuid NOT NULL,
        to_id uuid NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending',
        created_at timestamptz NOT NULL DEFAULT now(),
        responded_at timestamptz,
        CONSTRAINT room_invites_pkey PRIMARY KEY (id),
        CONSTRAINT room_invites_status_check CHECK (status IN ('pending', 'accepted', 'rejected', 'cancelled')),
        CONSTRAINT room_invites_room_id_fkey FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
        CONSTRAINT room_invites_from_id_fkey FOREIGN KEY (from_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT room_invites_to_id_fkey FOREIGN KEY (to_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE UNIQUE INDEX room_invites_pending_key ON room_invites (room_id, to_id) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX room_invites_to_pending_idx ON room_invites (to_id, created_at) WHERE status = 'pending'`);

    await q.query(`
      CREATE TABLE messages (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        room_id uuid NOT NULL,
        seq bigint NOT NULL,
        sender_id uuid NOT NULL,
        client_id varchar(64) NOT NULL,
        body text NOT NULL,
        reply_to_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        edited_at timestamptz,
        deleted_at timestamptz,
        CONSTRAINT messages_pkey PRIMARY KEY (id),
        CONSTRAINT messages_room_seq_key UNIQUE (room_id, seq),
        CONSTRAINT messages_sender_client_key UNIQUE (sender_id, client_id),
        CONSTRAINT messages_seq_positive CHECK (seq > 0),
        CONSTRAINT messages_room_id_fkey FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
        CONSTRAINT messages_sender_id_fkey FOREIGN KEY (sender_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT messages_reply_to_id_fkey FOREIGN KEY (reply_to_id) REFERENCES messages (id) ON DELETE SET NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE messages`);
    await q.query(`DROP TABLE room_invites`);
    await q.query(`DROP TABLE room_members`);
    await q.query(`DROP TABLE rooms`);
    await q.query(`DROP TABLE friendships`);
    await q.query(`DROP TABLE friend_requests`);
  }
}
