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

  /** `admin` may run the server (settings, invite links, users, audit); the first account of an empty server is one. */
  @Column({ name: 'server_role', type: 'varchar', length: 8, default: 'user' })
  serverRole!: 'admin' | 'user';

  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true })
  lastSeenAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
