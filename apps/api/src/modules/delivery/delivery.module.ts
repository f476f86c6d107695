import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { MailService } from '../mail/mail.service.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { UsersModule } from '../users/users.module.js';
import { DeliveryJobsRepository } from './delivery-jobs.repository.js';
import { EmailController, PushController } from './delivery.controller.js';
import { DeliveryWorker } from './delivery.worker.js';
import { DigestItemsRepository } from './digest-items.repository.js';
import { DigestMailer } from './digest.mailer.js';
import { PushSubscriptionEntity } from './entities/push-subscription.entity.js';
import { PushSubscriptionsRepository } from './push-subscriptions.repository.js';
import { PushSender } from './push.sender.js';
import { PushService } from './push.service.js';
import { loadVapidKeys, VAPID_KEYS } from './vapid-keys.js';

/**
 * Reaching users outside the app: Web Push subscriptions and pushes, e-mail digests, and the durable queue both go
 * through (`delivery_jobs`, worked by every API process). Fed by the notifications module's `notification.created`.
 */
@Module({
  imports: [UsersModule, NotificationsModule, TypeOrmModule.forFeature([PushSubscriptionEntity])],
  controllers: [PushController, EmailController],
  providers: [
    { provide: VAPID_KEYS, useFactory: (config: AppConfig) => loadVapidKeys(config), inject: [APP_CONFIG] },
    PushSubscriptionsRepository,
    DeliveryJobsRepository,
    DigestItemsRepository,
    PushSender,
    PushService,
    DigestMailer,
    DeliveryWorker,
    MailService,
  ],
})
export class DeliveryModule {}
