import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A file attached to a message, at a position. Unique (file_id): a file is attached to one message at most, so
 * deleting that message (which removes its rows) ends the file's audience.
 */
@Entity({ name: 'message_attachments' })
export class MessageAttachmentEntity {
  @PrimaryColumn({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @PrimaryColumn({ name: 'file_id', type: 'uuid' })
  fileId!: string;

  @Column({ type: 'smallint' })
  position!: number;
}
