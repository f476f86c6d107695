import type { NotificationType } from '@chat/contracts';
import { bigintToNullableNumber } from '../../../database/transformers.js';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'notifications' })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 24 })
  type!: NotificationType;

  @Column({ name: 'actor_id', type: 'uuid' })
  actorId!: string;

  @Column({ name: 'room_id', type: 'uuid', nullable: true })
  roomId!: string | null;

  @Column({ name: 'message_id', type: 'uuid', nullable: true })
  messageId!: string | null;

  /** The seq of `messageId` in its room: a read marker at or past it marks the notification read. */
  @Column({ name: 'message_seq', type: 'bigint', nullable: true, transformer: bigintToNullableNumber })
  messageSeq!: number | null;

  @Column({ type: 'varchar', length: 300 })
  text!: string;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
