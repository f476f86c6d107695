import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintToNumber } from '../../../database/transformers.js';

/** Unique (room_id, seq) and (sender_id, client_id): gap-free ordering and idempotent sends live in the database. */
@Entity({ name: 'messages' })
export class MessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'room_id', type: 'uuid' })
  roomId!: string;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  seq!: number;

  @Column({ name: 'sender_id', type: 'uuid' })
  senderId!: string;

  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'reply_to_id', type: 'uuid', nullable: true })
  replyToId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'edited_at', type: 'timestamptz', nullable: true })
  editedAt!: Date | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  /** Pinned to the room (`GET /rooms/:id/pins`); null when not pinned. */
  @Column({ name: 'pinned_at', type: 'timestamptz', nullable: true })
  pinnedAt!: Date | null;

  /** Members named by `@username`, resolved at send and edit time. */
  @Column({ name: 'mention_user_ids', type: 'uuid', array: true, default: () => "'{}'" })
  mentionUserIds!: string[];

  /** `@room` / `@here`, when the sender may use them (the room's `roomMentions`). */
  @Column({ name: 'mention_room', type: 'boolean', default: false })
  mentionRoom!: boolean;

  @Column({ name: 'mention_here', type: 'boolean', default: false })
  mentionHere!: boolean;
}
