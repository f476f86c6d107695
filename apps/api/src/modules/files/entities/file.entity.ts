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
}
