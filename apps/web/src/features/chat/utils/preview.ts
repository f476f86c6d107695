import type { Room } from '@chat/contracts';
import { excerpt } from './composer-text';

/**
 * The last-message line of a conversation in the list: "You: …" for your own, "Ada: …" in a group, the bare text
 * from the other person of a direct room.
 */
export function previewText(room: Pick<Room, 'kind' | 'lastMessage'>, meId: string | undefined): string {
  const m = room.lastMessage;
  if (!m) return 'No messages yet';
  const text = m.deletedAt ? 'Message deleted' : m.body ? excerpt(m.body, 80) : 'Sent an attachment';
  if (m.sender.id === meId) return `You: ${text}`;
  if (room.kind === 'group') return `${m.sender.displayName}: ${text}`;
  return text;
}

/** "3", or "99+" past that. */
export function unreadBadge(count: number): string {
  return count > 99 ? '99+' : String(count);
}

/** Case- and accent-insensitive match of a conversation name against the list filter. */
export function matchesFilter(name: string, filter: string): boolean {
  const fold = (s: string) =>
    s
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .toLocaleLowerCase();
  const term = fold(filter.trim());
  return term === '' || fold(name).includes(term);
}
