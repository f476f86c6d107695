import type { User } from '@chat/contracts';

export type PresencePatch = Pick<User, 'online' | 'lastSeenAt'>;

function isUserLike(value: Record<string, unknown>, userId: string): boolean {
  return value.id === userId && typeof value.username === 'string' && typeof value.online === 'boolean';
}

/**
 * Copies of `data` (any cached answer: a user, users, members, requests, invites, notifications) with this user's
 * presence replaced wherever they appear, sharing every unchanged branch. Returns `data` itself when the user is
 * not in it or already shows that presence.
 */
export function patchPresence<T>(data: T, userId: string, patch: PresencePatch, depth = 0): T {
  if (depth > 5 || data === null || typeof data !== 'object') return data;
  if (Array.isArray(data)) {
    let changed = false;
    const next = data.map((item: unknown) => {
      const patched = patchPresence(item, userId, patch, depth + 1);
      if (patched !== item) changed = true;
      return patched;
    });
    return (changed ? next : data) as T;
  }
  const record = data as Record<string, unknown>;
  if (isUserLike(record, userId)) {
    if (record.online === patch.online && record.lastSeenAt === patch.lastSeenAt) return data;
    return { ...record, online: patch.online, lastSeenAt: patch.lastSeenAt } as T;
  }
  let next: Record<string, unknown> | null = null;
  for (const [key, value] of Object.entries(record)) {
    if (value === null || typeof value !== 'object') continue;
    const patched = patchPresence(value, userId, patch, depth + 1);
    if (patched !== value) {
      next ??= { ...record };
      next[key] = patched;
    }
  }
  return (next ?? data) as T;
}
