import type { NotifyLevel, RoomRole } from '@chat/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../../../database/transformers.js';

@Entity({ name: 'room_members' })
export class RoomMemberEntity {
  @PrimaryColumn({ name: 'room_id', type: 'uuid' })
  roomId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 8, default: 'member' })
  role!: RoomRole;

  @Column({ name: 'joined_at', type: 'timestamptz', default: () => 'now()' })
  joinedAt!: Date;

  /** Read marker: only moves forward. */
  @Column({ name: 'last_read_seq', type: 'bigint', default: 0, transformer: bigintToNumber })
  lastReadSeq!: number;

  /** The member's notification level; null: the default of the room's kind (`all` direct, `mentions` group). */
  @Column({ name: 'notify_level', type: 'varchar', length: 8, nullable: true })
  notifyLevel!: NotifyLevel | null;

  @Column({ name: 'muted_until', type: 'timestamptz', nullable: true })
  mutedUntil!: Date | null;
}
