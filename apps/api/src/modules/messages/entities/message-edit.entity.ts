import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An earlier version of a message's body (`GET /messages/:id/edits`), kept by each edit. */
@Entity({ name: 'message_edits' })
export class MessageEditEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @Column({ type: 'text' })
  body!: string;

  /** When this body was replaced. */
  @Column({ name: 'edited_at', type: 'timestamptz' })
  editedAt!: Date;
}
