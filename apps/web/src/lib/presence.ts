import type { User } from '@chat/contracts';
import { formatRelative } from './dates';

/** "Online", "Last seen 5 minutes ago" or "Offline", for a person shown in a list. */
export function presenceLabel(user: Pick<User, 'online' | 'lastSeenAt' | 'friendship'>, now: number = Date.now()): string {
  if (user.friendship === 'self' || user.online) return 'Online';
  return user.lastSeenAt ? `Last seen ${formatRelative(user.lastSeenAt, now)}` : 'Offline';
}
