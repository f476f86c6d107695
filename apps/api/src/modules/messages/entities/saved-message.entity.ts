import { Entity, PrimaryColumn, Column } from 'typeorm';

/** A message a user saved for later, private to them: one row per (user, message). */
@Entity({ name: 'saved_messages' })
export class SavedMessageEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @Column({ name: 'saved_at', type: 'timestamptz' })
  savedAt!: Date;
}
