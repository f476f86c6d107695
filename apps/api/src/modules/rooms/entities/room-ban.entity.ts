import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One ban per room and user (the primary key); it ends by itself at `expiresAt` (never when null). */
@Entity({ name: 'room_bans' })
export class RoomBanEntity {
  @PrimaryColumn({ name: 'room_id', type: 'uuid' })
  roomId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  reason!: string;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'banned_by', type: 'uuid', nullable: true })
  bannedBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
