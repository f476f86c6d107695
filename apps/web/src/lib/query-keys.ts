import type { QueryKey } from '@tanstack/react-query';

/**
 * Every react-query key of the app, in one tree. The query-options functions (lib/*-queries.ts, lib/auth.ts and each
 * feature's api/) build their keys here; the rest of the code takes a key from those functions (`xQueryOptions(…)
 * .queryKey`) or, to reach a whole branch, from a prefix below. A prefix refreshes everything under it:
 * - `rooms.detail(id)` a room together with its members and its history;
 * - `rooms.discover()` every discover search;
 * - `friends.all()` the friends and both lists of pending requests;
 * - `users.all()` every profile and search result (they carry the friendship state), the switcher's too;
 * - `notifications.all()` the newest notifications and the unread ones;
 * - `messageSearch.all()` every message search.
 */
export const queryKeys = {
  me: () => ['me'] as const,
  sessions: () => ['sessions'] as const,
  rooms: {
    joined: () => ['rooms', 'joined'] as const,
    discover: () => ['rooms', 'discover'] as const,
    discoverSearch: (term: string) => ['rooms', 'discover', term] as const,
    detail: (roomId: string) => ['rooms', roomId] as const,
    members: (roomId: string) => ['rooms', roomId, 'members'] as const,
    messages: (roomId: string) => ['rooms', roomId, 'messages'] as const,
    /** The history around one message (a jump to it), beside the live history: never a key of `isRoomMessagesKey`. */
    messageWindow: (roomId: string, seq: number) => ['rooms', roomId, 'messages', 'around', seq] as const,
  },
  friends: {
    all: () => ['friends'] as const,
    requests: (direction: 'incoming' | 'outgoing') => ['friends', 'requests', direction] as const,
  },
  invites: () => ['invites'] as const,
  notifications: {
    all: () => ['notifications'] as const,
    unread: () => ['notifications', 'unread'] as const,
  },
  users: {
    all: () => ['users'] as const,
    detail: (userId: string) => ['users', 'detail', userId] as const,
    search: (term: string) => ['users', 'search', term] as const,
    switcherSearch: (term: string) => ['users', 'search', 'switcher', term] as const,
    /** The message search's "From" picker. */
    senderSearch: (term: string) => ['users', 'search', 'sender', term] as const,
  },
  /** Message search results (never kept fresh by the socket: a new search fetches again). */
  messageSearch: {
    all: () => ['message-search'] as const,
    results: (params: Record<string, string>) => ['message-search', params] as const,
  },
};

/** A key of `queryKeys.rooms.messages(roomId)`'s shape. */
export function isRoomMessagesKey(key: QueryKey): key is ReturnType<typeof queryKeys.rooms.messages> {
  return key.length === 3 && key[0] === 'rooms' && key[2] === 'messages' && typeof key[1] === 'string';
}

/** A key of `queryKeys.rooms.members(roomId)`'s shape. */
export function isRoomMembersKey(key: QueryKey): key is ReturnType<typeof queryKeys.rooms.members> {
  return key.length === 3 && key[0] === 'rooms' && key[2] === 'members';
}

/** `queryKeys.rooms.joined()`. */
export function isJoinedRoomsKey(key: QueryKey): boolean {
  return key.length === 2 && key[0] === 'rooms' && key[1] === 'joined';
}

/** A key of `queryKeys.rooms.messageWindow(roomId, seq)`'s shape. */
export function isRoomWindowKey(key: QueryKey, roomId: string): boolean {
  return key.length === 5 && key[0] === 'rooms' && key[1] === roomId && key[2] === 'messages' && key[3] === 'around';
}
