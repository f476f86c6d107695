import type { RequestStatus } from '@chat/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** At most one pending invite per room and invitee (index `room_invites_pending_key`). */
@Entity({ name: 'room_invites' })
export class RoomInviteEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'room_id', type: 'uuid' })
  roomId!: string;

  @Column({ name: 'from_id', type: 'uuid' })
  fromId!: string;

  @Column({ name: 'to_id', type: 'uuid' })
  toId!: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: RequestStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true })
  respondedAt!: Date | null;
}
