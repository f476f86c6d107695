import type { ReportAction, ReportReason, ReportStatus } from '@chat/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A report about a message (`messageId`, its `roomId`, and its sender as `targetUserId`) or about a user
 * (`targetUserId` only). `resolution` is set exactly when `status` is `resolved` (check constraint).
 */
@Entity({ name: 'reports' })
export class ReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'reporter_id', type: 'uuid' })
  reporterId!: string;

  @Column({ name: 'message_id', type: 'uuid', nullable: true })
  messageId!: string | null;

  @Column({ name: 'room_id', type: 'uuid', nullable: true })
  roomId!: string | null;

  @Column({ name: 'target_user_id', type: 'uuid', nullable: true })
  targetUserId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  reason!: ReportReason;

  @Column({ type: 'varchar', length: 1000, default: '' })
  comment!: string;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status!: ReportStatus;

  @Column({ type: 'varchar', length: 24, nullable: true })
  resolution!: ReportAction | null;

  @Column({ name: 'resolved_by', type: 'uuid', nullable: true })
  resolvedBy!: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
