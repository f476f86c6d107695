import type { RoomKind, RoomMentionsPolicy, RoomVisibility } from '@chat/contracts';
import { bigintToNumber } from '../../../database/transformers.js';
import { Column, CreateDateColumn, DeleteDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'rooms' })
export class RoomEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 8 })
  kind!: RoomKind;

  @Column({ type: 'varchar', length: 80, default: '' })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'varchar', length: 8, default: 'private' })
  visibility!: RoomVisibility;

  /** Who may use `@room` and `@here`: every member, or admins and owners only. */
  @Column({ name: 'room_mentions', type: 'varchar', length: 8, default: 'admins' })
  roomMentions!: RoomMentionsPolicy;

  @Column({ name: 'avatar_file_id', type: 'uuid', nullable: true })
  avatarFileId!: string | null;

  @Column({ name: 'cover_file_id', type: 'uuid', nullable: true })
  coverFileId!: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  /** `<smaller user id>:<larger user id>` for a direct room, unique: one direct room per pair. */
  @Column({ name: 'direct_key', type: 'varchar', length: 73, nullable: true })
  directKey!: string | null;

  /** Highest seq given out in this room; incremented in the message's own transaction. */
  @Column({ name: 'last_seq', type: 'bigint', default: 0, transformer: bigintToNumber })
  lastSeq!: number;

  @Column({ name: 'last_activity_at', type: 'timestamptz', default: () => 'now()' })
  lastActivityAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /**
   * Set when the room is deleted: from then on it is gone for everyone (TypeORM's finds skip it; raw SQL on `rooms`
   * says `deleted_at IS NULL`), while `RoomPurgeService` deletes its messages in batches and then the row.
   */
  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
