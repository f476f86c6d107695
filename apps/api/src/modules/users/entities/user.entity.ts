import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Unique case-insensitively through the `users_username_lower_key` index. */
  @Column({ type: 'varchar', length: 32 })
  username!: string;

  /** Unique case-insensitively through the `users_email_lower_key` index. */
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255, select: false })
  passwordHash!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 256 })
  displayName!: string;

  @Column({ type: 'text', default: '' })
  bio!: string;

  @Column({ type: 'date', nullable: true })
  birthdate!: string | null;

  @Column({ name: 'avatar_file_id', type: 'uuid', nullable: true })
  avatarFileId!: string | null;

  @Column({ name: 'cover_file_id', type: 'uuid', nullable: true })
  coverFileId!: string | null;

  @Column({ name: 'dm_policy', type: 'varchar', length: 16, default: 'friends' })
  dmPolicy!: 'friends' | 'everyone';

  /** Do not disturb until then: no push and no e-mail for what arrives meanwhile. */
  @Column({ name: 'dnd_until', type: 'timestamptz', nullable: true })
  dndUntil!: Date | null;

  @Column({ name: 'email_notifications', type: 'varchar', length: 8, default: 'missed' })
  emailNotifications!: 'never' | 'missed';

  @Column({ name: 'birthdate_visibility', type: 'varchar', length: 8, default: 'friends' })
  birthdateVisibility!: 'everyone' | 'friends' | 'nobody';

  @Column({ name: 'push_preview', type: 'boolean', default: true })
  pushPreview!: boolean;

  /** `admin` may run the server (settings, invite links, users, audit); the first account of an empty server is one. */
  @Column({ name: 'server_role', type: 'varchar', length: 8, default: 'user' })
  serverRole!: 'admin' | 'user';

  /** Set by an admin: no login, no session, hidden from search; their messages stay. */
  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt!: Date | null;

  /** Set when the user deleted their account: username and email freed, profile shown as "Deleted user". */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true })
  lastSeenAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
