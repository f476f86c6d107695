import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An index for every foreign key, so that deleting a row (a room, a message, a user) finds the rows that reference it
 * by an index instead of scanning whole tables while holding its lock. Nullable references get partial indexes
 * (`IS NOT NULL`): PostgreSQL's reference checks look for one value, which such an index serves, and the NULLs cost
 * nothing. Built CONCURRENTLY, outside a transaction, so a server with a long history keeps writing meanwhile.
 * `test/schema.spec.ts` fails when a new foreign key comes without its index.
 */
const INDEXES: Array<[name: string, table: string, column: string, nullable: boolean]> = [
  ['friend_requests_from_id_idx', 'friend_requests', 'from_id', false],
  ['friend_requests_to_id_idx', 'friend_requests', 'to_id', false],
  ['rooms_created_by_idx', 'rooms', 'created_by', true],
  ['rooms_avatar_file_id_idx', 'rooms', 'avatar_file_id', true],
  ['rooms_cover_file_id_idx', 'rooms', 'cover_file_id', true],
  ['room_invites_room_id_idx', 'room_invites', 'room_id', false],
  ['room_invites_from_id_idx', 'room_invites', 'from_id', false],
  ['room_invites_to_id_idx', 'room_invites', 'to_id', false],
  ['messages_reply_to_id_idx', 'messages', 'reply_to_id', true],
  ['notifications_actor_id_idx', 'notifications', 'actor_id', false],
  ['notifications_room_id_idx', 'notifications', 'room_id', true],
  ['notifications_message_id_idx', 'notifications', 'message_id', true],
  ['users_avatar_file_id_idx', 'users', 'avatar_file_id', true],
  ['users_cover_file_id_idx', 'users', 'cover_file_id', true],
];

export class ForeignKeyIndexes1764850000000 implements MigrationInterface {
  name = 'ForeignKeyIndexes1764850000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    for (const [name, table, column, nullable] of INDEXES) {
      // a build interrupted half-way leaves an invalid index: drop it so the next start builds it again
      await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
      await q.query(`CREATE INDEX CONCURRENTLY ${name} ON ${table} (${column})${nullable ? ` WHERE ${column} IS NOT NULL` : ''}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name] of [...INDEXES].reverse()) await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
  }
}
