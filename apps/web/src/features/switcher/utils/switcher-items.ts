import type { Room, User } from '@chat/contracts';
import { matchSorter, rankings, type RankedItem } from 'match-sorter';

/** One row of the quick switcher: a room or direct conversation to open, or a person whose profile to open. */
export interface SwitcherItem {
  key: string;
  kind: 'room' | 'direct' | 'person';
  label: string;
  /** A second line (a username, a description). */
  detail: string;
  /** A person's username (a DM's peer), searched by its start. */
  username?: string;
  /** A room's description, searched last and only by the start of its words. */
  description?: string;
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
        username: peer?.username,
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
        description: room.description,
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
      username: user.username,
      to: `/users/${user.id}`,
      unread: 0,
      user,
    });
  }
  return items;
}

const KIND_ORDER: Record<SwitcherItem['kind'], number> = { room: 0, direct: 0, person: 1 };

/** Better match first; at the same quality conversations before people, then the resting order. */
function byRank(ranked: Array<RankedItem<SwitcherItem>>): Array<RankedItem<SwitcherItem>> {
  return [...ranked].sort((a, b) => b.rank - a.rank || KIND_ORDER[a.item.kind] - KIND_ORDER[b.item.kind] || a.index - b.index);
}

/** A description is searched only for a term this long: two letters start too many words. */
const DESCRIPTION_MIN_QUERY = 3;

/**
 * The items matching `query`, best first, with match-sorter (case and accents ignored: "zoe" finds "Zoë"):
 * - names: the whole name, its start, the start of a word, anywhere inside, or the initials ("dt": "Design team");
 *   letters merely in order ("sec" in "Sebastian Cole") are too weak and are cut;
 * - usernames by their start;
 * - then, after every name match, rooms whose description has a word starting with the query (3 letters or more),
 *   so a description never pushes an unrelated room ahead of the rooms named so.
 * At most `limit`.
 */
export function rankItems(items: readonly SwitcherItem[], query: string, limit = 8): SwitcherItem[] {
  const q = query.trim();
  if (!q) return items.slice(0, limit);
  const named = matchSorter(items, q, {
    keys: [
      { key: (i) => i.label, threshold: rankings.ACRONYM },
      { key: (i) => i.username ?? '', threshold: rankings.STARTS_WITH },
    ],
    sorter: byRank,
  });
  if (named.length >= limit || q.length < DESCRIPTION_MIN_QUERY) return named.slice(0, limit);
  const taken = new Set(named);
  const described = matchSorter(
    items.filter((i) => !taken.has(i) && i.description),
    q,
    { keys: [{ key: (i) => i.description ?? '', threshold: rankings.WORD_STARTS_WITH }], sorter: byRank },
  );
  return [...named, ...described].slice(0, limit);
}
