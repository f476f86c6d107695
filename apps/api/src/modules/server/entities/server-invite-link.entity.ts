import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A link that lets someone register while registration is `invite`. Uses are counted by one atomic UPDATE. */
@Entity({ name: 'server_invite_links' })
export class ServerInviteLinkEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Random, 192 bits, base64url; unique through `server_invite_links_code_key`. */
  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ name: 'max_uses', type: 'integer', nullable: true })
  maxUses!: number | null;

  @Column({ type: 'integer', default: 0 })
  uses!: number;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
