import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One user's reaction with one emoji on one message (primary key: message, user, emoji). */
@Entity({ name: 'message_reactions' })
export class MessageReactionEntity {
  @PrimaryColumn({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** Fully qualified (see `reactionEmoji`). */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  emoji!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
