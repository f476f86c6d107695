import { Inject, Injectable } from '@nestjs/common';
import type { Notification } from '@chat/contracts';
import { AppException } from '../../common/app-exception.js';
import { type DomainEventMap, OnDomainEvent } from '../../common/events/domain-events.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { MailService } from '../mail/mail.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { UsersService } from '../users/users.service.js';
import { DeliveryJobsRepository } from './delivery-jobs.repository.js';
import { type DigestItem, DigestItemsRepository } from './digest-items.repository.js';
import { unsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * E-mail digests: with `emailNotifications: "missed"`, a direct message or mention still unread
 * `EMAIL_NOTIFY_DELAY_MINUTES` after it arrived is mailed, with the others of the user that are due, in one mail per
 * window (one digest job per user waits in the queue at a time). Muted rooms and do-not-disturb keep theirs out of
 * mail. Each mail has HTML and text parts, a signed one-click unsubscribe link, and `List-Unsubscribe` headers.
 */
@Injectable()
export class DigestMailer {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
    private readonly items: DigestItemsRepository,
    private readonly jobs: DeliveryJobsRepository,
    private readonly mail: MailService,
  ) {}

  private get delayMs(): number {
    return this.config.emailNotifyDelayMinutes * 60_000;
  }

  @OnDomainEvent('notification.created')
  async onNotification({ userId, notification: n, message }: DomainEventMap['notification.created']): Promise<void> {
    if (!message || message.roomMuted || (n.type !== 'direct_message' && n.type !== 'mention')) return;
    const user = await this.users.get(userId);
    if (user.emailNotifications !== 'missed' || (user.dndUntil && user.dndUntil.getTime() > Date.now())) return;
    await this.items.add(userId, n.id, message.seq);
    await this.jobs.enqueueDigest(userId, new Date(Date.now() + this.delayMs));
  }

  /** Mails the user's due digest (if any of it is still unread); answers when the next one is due, or null. */
  async send(userId: string): Promise<Date | null> {
    const user = await this.users.findByIds([userId]).then((found) => found[0]);
    if (!user || user.deletedAt || user.deactivatedAt || user.emailNotifications !== 'missed') {
      await this.items.clear(userId);
      return null;
    }
    const due = await this.items.takeDue(userId, new Date(Date.now() - this.delayMs));
    const unread = await this.notifications.unreadAmong(
      userId,
      due.map((d) => d.notificationId),
    );
    if (unread.length > 0) await this.mail.send(this.compose(user.email, userId, unread, due));
    const oldest = await this.items.oldest(userId);
    return oldest ? new Date(oldest.getTime() + this.delayMs) : null;
  }

  /** `GET|POST /email/unsubscribe?token=`: the link's user gets no more digests. */
  async unsubscribe(token: string): Promise<void> {
    const userId = verifyUnsubscribeToken(this.config.jwtSecret, token);
    if (!userId) throw AppException.validation('token', 'is not a valid unsubscribe link');
    await this.users.updateMe(userId, { emailNotifications: 'never' });
    await this.items.clear(userId);
  }

  private compose(to: string, userId: string, unread: Notification[], due: DigestItem[]) {
    const base = this.config.publicUrl;
    const seqOf = new Map(due.map((d) => [d.notificationId, d.messageSeq]));
    const unsubscribe = `${base}/api/email/unsubscribe?token=${encodeURIComponent(unsubscribeToken(this.config.jwtSecret, userId))}`;
    const lines = unread.map((n) => ({
      from: n.actor.displayName,
      text: n.text,
      link: `${base}/rooms/${n.roomId}?seq=${seqOf.get(n.id) ?? ''}`,
    }));
    const subject = lines.length === 1 ? `New message from ${lines[0]!.from}` : `${lines.length} new messages`;
    const text = [
      'You have messages you have not read yet:',
      '',
      ...lines.flatMap((l) => [l.text, l.link, '']),
      `Stop these e-mails: ${unsubscribe}`,
    ].join('\n');
    const html = [
      '<!doctype html><html><body>',
      '<p>You have messages you have not read yet:</p><ul>',
      ...lines.map((l) => `<li>${escapeHtml(l.text)} (<a href="${escapeHtml(l.link)}">open</a>)</li>`),
      `</ul><p><a href="${escapeHtml(unsubscribe)}">Stop these e-mails</a></p>`,
      '</body></html>',
    ].join('\n');
    return {
      to,
      subject,
      text,
      html,
      headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    };
  }
}
