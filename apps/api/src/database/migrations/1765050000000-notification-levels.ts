import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications v2: a member's level and mute per room (only overrides are stored: NULL means the room kind's default),
 * the user's do-not-disturb, e-mail and privacy settings, and the seq of a notification's message, so that a read
 * marker passing it marks it read without reading `messages`.
 */
export class NotificationLevels1765050000000 implements MigrationInterface {
  name = 'NotificationLevels1765050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE room_members
      ADD COLUMN notify_level varchar(8) NULL,
      ADD COLUMN muted_until timestamptz NULL,
      ADD CONSTRAINT room_members_notify_level_check CHECK (notify_level IN ('all', 'mentions', 'none'))`);
    await q.query(`ALTER TABLE users
      ADD COLUMN dnd_until timestamptz NULL,
      ADD COLUMN email_notifications varchar(8) NOT NULL DEFAULT 'missed',
      ADD COLUMN birthdate_visibility varchar(8) NOT NULL DEFAULT 'friends',
      ADD COLUMN push_preview boolean NOT NULL DEFAULT true,
      ADD CONSTRAINT users_email_notifications_check CHECK (email_notifications IN ('never', 'missed')),
      ADD CONSTRAINT users_birthdate_visibility_check CHECK (birthdate_visibility IN ('everyone', 'friends', 'nobody'))`);
    await q.query(`ALTER TABLE notifications ADD COLUMN message_seq bigint NULL`);
    await q.query(
      `CREATE INDEX notifications_user_room_unread_idx ON notifications (user_id, room_id, message_seq) WHERE read_at IS NULL AND message_seq IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notifications_user_room_unread_idx`);
    await q.query(`ALTER TABLE notifications DROP COLUMN message_seq`);
    await q.query(`ALTER TABLE users
      DROP CONSTRAINT users_birthdate_visibility_check, DROP CONSTRAINT users_email_notifications_check,
      DROP COLUMN push_preview, DROP COLUMN birthdate_visibility, DROP COLUMN email_notifications, DROP COLUMN dnd_until`);
    await q.query(`ALTER TABLE room_members
      DROP CONSTRAINT room_members_notify_level_check, DROP COLUMN muted_until, DROP COLUMN notify_level`);
  }
}
