import type { DataSourceOptions } from 'typeorm';
import { SessionEntity } from '../modules/auth/entities/session.entity.js';
import { PasswordResetEntity } from '../modules/auth/entities/password-reset.entity.js';
import { FileEntity } from '../modules/files/entities/file.entity.js';
import { MessageAttachmentEntity } from '../modules/files/entities/message-attachment.entity.js';
import { FriendRequestEntity } from '../modules/friendships/entities/friend-request.entity.js';
import { FriendshipEntity } from '../modules/friendships/entities/friendship.entity.js';
import { NotificationEntity } from '../modules/notifications/entities/notification.entity.js';
import { MessageEntity } from '../modules/messages/entities/message.entity.js';
import { RoomInviteEntity } from '../modules/rooms/entities/room-invite.entity.js';
import { RoomMemberEntity } from '../modules/rooms/entities/room-member.entity.js';
import { RoomEntity } from '../modules/rooms/entities/room.entity.js';
import { UserEntity } from '../modules/users/entities/user.entity.js';
import { migrations } from './migrations/index.js';

export const entities = [
  UserEntity,
  SessionEntity,
  PasswordResetEntity,
  FriendRequestEntity,
  FriendshipEntity,
  RoomEntity,
  RoomMemberEntity,
  RoomInviteEntity,
  MessageEntity,
  NotificationEntity,
  FileEntity,
  MessageAttachmentEntity,
];

/** Options shared by the app, the migration CLI and the tests. The schema comes from migrations only. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: 20, connectionTimeoutMillis: 5000 },
  };
}
