import type { RequestStatus } from '@chat/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** At most one pending request per pair (index `friend_requests_pending_pair_key`). */
@Entity({ name: 'friend_requests' })
export class FriendRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

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
