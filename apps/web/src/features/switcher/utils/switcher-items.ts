import type { Room, User } from '@chat/contracts';

/** One row of the quick switcher: a room or direct conversation to open, or a person whose profile to open. */
export interface SwitcherItem {
  key: string;
  kind: 'room' | 'direct' | 'person';
  label: string;
  /** A second line (a username, a description); also searched. */
  detail: string;
  to: string;
  unread: number;
  /** For the avatar: the room itself, or the person. */
  user?: User;
  room?: Room;
}

/**
 * The candidates, in their resting order: joined rooms and DMs as the list sorts them (latest activity first), then
 * friends, then people the server found for the term. A person already reachable through a DM is not repeated.
 */
export function buildItems(
  rooms: readonly Room[],
  peers: ReadonlyMap<string, User>,
  friends: readonly User[],
  found: readonly User[],
  meId: string | undefined,
): SwitcherItem[] {
  const items: SwitcherItem[] = [];
  const seen = new Set<string>();
  for (const room of rooms) {
    if (room.kind === 'direct') {
      const peer = peers.get(room.id);
      if (peer) seen.add(peer.id);
      items.push({
        key: `room:${room.id}`,
        kind: 'direct',
        label: peer?.displayName ?? (room.name || 'Direct message'),
        detail: peer ? `@${peer.username}` : '',
        to: `/rooms/${room.id}`,
        unread: room.unreadCount,
        user: peer,
        room,
      });
    } else {
      items.push({
        key: `room:${room.id}`,
        kind: 'room',
        label: room.name,
        detail: room.description,
        to: `/rooms/${room.id}`,
        unread: room.unreadCount,
        room,
      });
    }
  }
  for (const user of [...friends, ...found]) {
    if (user.id === meId || seen.has(user.id)) continue;
    seen.add(user.id);
    items.push({
      key: `user:${user.id}`,
      kind: 'person',
      label: user.displayName,
      detail: `@${user.username}`,
      to: `/users/${user.id}`,
      unread: 0,
      user,
    });
  }
  return items;
}

/** Lower case, without accents, so "zoe" finds "Zoë". */
export function normalize(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

/**
 * How well `text` matches `query` (both normalized), lower is better, `null` for no match: the whole text, its start,
 * the start of a word, anywhere, then the query's letters in order ("dt" finds "design team").
 */
export function matchScore(text: string, query: string): number | null {
  if (!query) return 0;
  if (!text) return null;
  if (text === query) return 0;
  if (text.startsWith(query)) return 1;
  const at = text.indexOf(query);
  if (at > 0 && /[\s@#_\-.]/u.test(text[at - 1]!)) return 2;
  if (at > 0) return 3;
  let i = 0;
  for (const ch of text) if (ch === query[i]) i++;
  return i === query.length ? 4 : null;
}

const KIND_ORDER: Record<SwitcherItem['kind'], number> = { room: 0, direct: 0, person: 1 };

/**
 * The items matching `query`, best first: by match quality of the label (the detail counts a little less), then
 * conversations before people, then the resting order. At most `limit`.
 */
export function rankItems(items: readonly SwitcherItem[], query: string, limit = 8): SwitcherItem[] {
  const q = normalize(query.trim());
  if (!q) return items.slice(0, limit);
  const scored: Array<{ item: SwitcherItem; score: number; index: number }> = [];
  items.forEach((item, index) => {
    const label = matchScore(normalize(item.label), q);
    const detail = matchScore(normalize(item.detail), q);
    const best = Math.min(label ?? Infinity, detail === null ? Infinity : detail + 0.5);
    if (best !== Infinity) scored.push({ item, score: best, index });
  });
  scored.sort((a, b) => a.score - b.score || KIND_ORDER[a.item.kind] - KIND_ORDER[b.item.kind] || a.index - b.index);
  return scored.slice(0, limit).map((s) => s.item);
}
