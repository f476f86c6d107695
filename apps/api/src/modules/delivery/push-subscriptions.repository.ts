import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { queryRows } from '../../database/sql.js';
import { PushSubscriptionEntity } from './entities/push-subscription.entity.js';

/** Every query on `push_subscriptions`. */
@Injectable()
export class PushSubscriptionsRepository {
  constructor(@InjectRepository(PushSubscriptionEntity) private readonly subscriptions: Repository<PushSubscriptionEntity>) {}

  /**
   * Stores the subscription for the user; the same endpoint again (the browser renewed its keys, or another account
   * signed in on that browser) keeps its id and takes the new keys and owner.
   */
  async upsert(userId: string, endpoint: string, p256dh: string, auth: string): Promise<string> {
    const [row] = await queryRows<{ id: string }>(
      this.subscriptions.manager,
      `INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT push_subscriptions_endpoint_key
       DO UPDATE SET user_id = EXCLUDED.user_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth
       RETURNING id`,
      [userId, endpoint, p256dh, auth],
    );
    return row!.id;
  }

  listOf(userId: string): Promise<PushSubscriptionEntity[]> {
    return this.subscriptions.find({ where: { userId }, order: { createdAt: 'ASC' } });
  }

  /** Deletes one of the user's subscriptions; false when they have none with that id. */
  async deleteOwn(userId: string, id: string): Promise<boolean> {
    const result = await this.subscriptions.delete({ id, userId });
    return (result.affected ?? 0) > 0;
  }

  /** The push service says the subscription is gone (404/410): its pending pushes go with it. */
  async delete(id: string): Promise<void> {
    await this.subscriptions.delete({ id });
  }
}
