import { Inject, Injectable } from '@nestjs/common';
import type { PushPayload, PushSubscriptionDto, PushSubscriptionInfo } from '@chat/contracts';
import { AppException } from '../../common/app-exception.js';
import { type DomainEventMap, OnDomainEvent } from '../../common/events/domain-events.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { ActivityStore } from '../users/activity.store.js';
import { UsersService } from '../users/users.service.js';
import { DeliveryJobsRepository } from './delivery-jobs.repository.js';
import { DeliveryWorker } from './delivery.worker.js';
import { endpointProblem, keyProblem } from './push-endpoint.js';
import { PushSubscriptionsRepository } from './push-subscriptions.repository.js';
import { VAPID_KEYS, type VapidKeys } from './vapid-keys.js';

/** Longest push `body`, in characters (code points). */
export const PUSH_BODY_MAX = 200;

function clip(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}

/**
 * Web Push: the server's public key, the caller's subscriptions, and one push per subscription for each stored
 * direct-message or mention notification of a user who is not active on a socket (60 s), not in DND and did not mute
 * the room. Pushes are queued (`delivery_jobs`) after the notification was stored, so a send costs its sender nothing;
 * the worker delivers them.
 */
@Injectable()
export class PushService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(VAPID_KEYS) private readonly vapid: VapidKeys,
    private readonly subscriptions: PushSubscriptionsRepository,
    private readonly jobs: DeliveryJobsRepository,
    private readonly users: UsersService,
    private readonly activity: ActivityStore,
    private readonly worker: DeliveryWorker,
  ) {}

  publicKey(): { key: string } {
    return { key: this.vapid.publicKey };
  }

  async subscribe(userId: string, dto: PushSubscriptionDto): Promise<{ id: string }> {
    const problems = [
      ['endpoint', endpointProblem(dto.endpoint, this.config.push.endpointHosts)],
      ['keys.p256dh', keyProblem(dto.keys.p256dh, 65, true)],
      ['keys.auth', keyProblem(dto.keys.auth, 16)],
    ].filter((p): p is [string, string] => p[1] !== null);
    if (problems.length > 0) {
      throw new AppException(
        'VALIDATION_FAILED',
        `${problems[0]![0]} ${problems[0]![1]}`,
        problems.map(([field, message]) => ({ field, message })),
      );
    }
    return { id: await this.subscriptions.upsert(userId, dto.endpoint, dto.keys.p256dh, dto.keys.auth) };
  }

  async list(userId: string): Promise<PushSubscriptionInfo[]> {
    const rows = await this.subscriptions.listOf(userId);
    return rows.map((s) => ({ id: s.id, endpoint: s.endpoint, createdAt: s.createdAt.toISOString() }));
  }

  async remove(userId: string, id: string): Promise<void> {
    if (!(await this.subscriptions.deleteOwn(userId, id))) throw AppException.notFound('Push subscription');
  }

  /** A stored DM or mention notification: queued for every subscription of its user, unless they should not be disturbed. */
  @OnDomainEvent('notification.created')
  async onNotification({ userId, notification: n, message }: DomainEventMap['notification.created']): Promise<void> {
    if (!message || message.roomMuted || !n.roomId || !n.messageId) return;
    if (n.type !== 'direct_message' && n.type !== 'mention') return;
    if (await this.activity.isActive(userId)) return;
    const user = await this.users.get(userId);
    if (user.dndUntil && user.dndUntil.getTime() > Date.now()) return;
    const payload: PushPayload = {
      type: n.type,
      notificationId: n.id,
      roomId: n.roomId,
      messageId: n.messageId,
      title: clip(message.title, 100),
      body: user.pushPreview ? clip(message.body, PUSH_BODY_MAX) : 'New message',
      url: `${this.config.publicUrl}/rooms/${n.roomId}?seq=${message.seq}`,
      // Beyond the contract's fields: the sender's picture, read with the recipient's file cookie (no bearer needed).
      ...(message.senderAvatarUrl ? { icon: `${this.config.publicUrl}${message.senderAvatarUrl}` } : {}),
    };
    if ((await this.jobs.enqueuePushes(userId, n.id, payload)) > 0) this.worker.wake();
  }
}
