import type { RegistrationMode, RoomCreationPolicy } from '@chat/contracts';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The server's settings: one row (id 1), seeded at the first start from REGISTRATION and SERVER_NAME. */
@Entity({ name: 'server_settings' })
export class ServerSettingsEntity {
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id!: number;

  @Column({ type: 'varchar', length: 80 })
  name!: string;

  @Column({ type: 'varchar', length: 8 })
  registration!: RegistrationMode;

  @Column({ name: 'room_creation', type: 'varchar', length: 8, default: 'everyone' })
  roomCreation!: RoomCreationPolicy;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
