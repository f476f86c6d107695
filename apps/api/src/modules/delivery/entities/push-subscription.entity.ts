import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A browser's Web Push subscription; an endpoint is unique (`push_subscriptions_endpoint_key`) and belongs to one user. */
@Entity({ name: 'push_subscriptions' })
export class PushSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 2048 })
  endpoint!: string;

  @Column({ type: 'varchar', length: 128 })
  p256dh!: string;

  @Column({ type: 'varchar', length: 64 })
  auth!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
