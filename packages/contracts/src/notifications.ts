import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsISO8601, IsString, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import type { NotifyLevel } from './models.js';

/** Notifications, levels, Web Push and e-mail digests (Contract v2 → Notifications). */
export const NOTIFY_LEVELS: readonly NotifyLevel[] = ['all', 'mentions', 'none'];

const iso = { message: 'must be an ISO-8601 time' };

/**
 * `PUT /rooms/:id/notifications`: the caller's level for the room, and an optional mute (`null` or absent: not muted;
 * a time already past is stored as not muted).
 */
export class RoomNotificationsDto {
  @IsIn(NOTIFY_LEVELS)
  level!: NotifyLevel;

  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsISO8601({ strict: true }, iso)
  mutedUntil?: string | null;
}

/** Socket `client:active`: the client has focus (`true`) or lost it (`false`). */
export class ClientActiveDto {
  @IsBoolean()
  active!: boolean;
}

/** Longest endpoint URL accepted for a push subscription. */
export const PUSH_ENDPOINT_MAX = 2048;

export class PushSubscriptionKeysDto {
  /** The subscription's P-256 public key, base64url (uncompressed point, 65 bytes). */
  @IsString()
  @MaxLength(128)
  p256dh!: string;

  /** The 16-byte authentication secret, base64url. */
  @IsString()
  @MaxLength(64)
  auth!: string;
}

/** A Web Push subscription, as the browser's `PushSubscription.toJSON()` gives it (without `expirationTime`). */
export class PushSubscriptionDto {
  @IsString()
  @MaxLength(PUSH_ENDPOINT_MAX)
  endpoint!: string;

  @IsDefined()
  @ValidateNested()
  // (not `@Type`: it reads decorator metadata, which the web app, sharing these classes, does not load)
  @Transform(({ value }: { value: unknown }) =>
    value !== null && typeof value === 'object' && !Array.isArray(value) ? plainToInstance(PushSubscriptionKeysDto, value) : value,
  )
  keys!: PushSubscriptionKeysDto;
}

/** `GET /push/subscriptions`: the caller's subscriptions (one per device and browser). */
export interface PushSubscriptionInfo {
  id: string;
  endpoint: string;
  createdAt: string;
}

/** The decrypted payload of every push. */
export interface PushPayload {
  type: 'direct_message' | 'mention';
  notificationId: string;
  roomId: string;
  messageId: string;
  title: string;
  /** At most 200 characters; "New message" when the user turned previews off. */
  body: string;
  /** The app's link to the message. */
  url: string;
  /**
   * Beyond the contract's fields: the sender's avatar (`<PUBLIC_URL>/api/files/<id>/content`, readable with the file
   * cookie), when they have one. Clients show their own icon without it.
   */
  icon?: string;
}

/** `GET /email/unsubscribe?token=` */
export class UnsubscribeQuery {
  @IsString()
  @MaxLength(512)
  token!: string;
}
