import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintToNumber } from '../../../database/transformers.js';

/** An uploaded file. Its bytes live in the storage under `storageKey`, a name the server made up. */
@Entity({ name: 'files' })
export class FileEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId!: string;

  /** Unique (`files_storage_key_key`); never derived from anything the client sent. */
  @Column({ name: 'storage_key', type: 'varchar', length: 128 })
  storageKey!: string;

  /** The client's name for the file, sanitised, for display and downloads only. */
  @Column({ name: 'original_name', type: 'varchar', length: 255 })
  originalName!: string;

  /** Detected from the bytes (magic numbers), never taken from the client. */
  @Column({ name: 'content_type', type: 'varchar', length: 127 })
  contentType!: string;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  size!: number;

  @Column({ type: 'integer', nullable: true })
  width!: number | null;

  @Column({ type: 'integer', nullable: true })
  height!: number | null;

  @Column({ name: 'has_thumbnail', type: 'boolean', default: false })
  hasThumbnail!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Last attached to a message; null: never was. An upload never attached nor a picture is an orphan. */
  @Column({ name: 'attached_at', type: 'timestamptz', nullable: true })
  attachedAt!: Date | null;

  /** Last detached from a message (that message was deleted): its bytes go after the grace period. */
  @Column({ name: 'detached_at', type: 'timestamptz', nullable: true })
  detachedAt!: Date | null;

  /** First used as a user's or a room's picture: such a file is never removed as unused. */
  @Column({ name: 'picture_at', type: 'timestamptz', nullable: true })
  pictureAt!: Date | null;
}
