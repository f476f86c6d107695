import type { QueryKey } from '@tanstack/react-query';

/**
 * Every react-query key of the app, in one tree. The query-options functions (lib/*-queries.ts, lib/auth.ts and each
 * feature's api/) build their keys here; the rest of the code takes a key from those functions (`xQueryOptions(…)
 * .queryKey`) or, to reach a whole branch, from a prefix below. A prefix refreshes everything under it:
 * - `rooms.detail(id)` a room together with its members, its history and its pins;
 * - `rooms.discover()` every discover search;
 * - `friends.all()` the friends and both lists of pending requests;
 * - `users.all()` every profile and search result (they carry the friendship state), the switcher's too, and my blocks;
 * - `notifications.all()` the newest notifications and the unread ones;
 * - `admin.all()` everything the administration screens loaded (dropped when the caller stops being an admin);
 * - `saved.all()` the saved messages page and the ids the message menus read;
 * - `messageSearch.all()` every message search.
 */
export const queryKeys = {
  me: () => ['me'] as const,
  sessions: () => ['sessions'] as const,
  /** `GET /server`: the server's name and sign-up mode, before and after login. */
  server: () => ['server'] as const,
  admin: {
    all: () => ['admin'] as const,
    overview: () => ['admin', 'overview'] as const,
    settings: () => ['admin', 'settings'] as const,
    users: () => ['admin', 'users'] as const,
    usersPage: (q: string, offset: number) => ['admin', 'users', q, offset] as const,
    inviteLinks: () => ['admin', 'invite-links'] as const,
    audit: () => ['admin', 'audit'] as const,
  },
  rooms: {
    joined: () => ['rooms', 'joined'] as const,
    discover: () => ['rooms', 'discover'] as const,
    discoverSearch: (term: string) => ['rooms', 'discover', term] as const,
    detail: (roomId: string) => ['rooms', roomId] as const,
    members: (roomId: string) => ['rooms', roomId, 'members'] as const,
    messages: (roomId: string) => ['rooms', roomId, 'messages'] as const,
    bans: (roomId: string) => ['rooms', roomId, 'bans'] as const,
    inviteLinks: (roomId: string) => ['rooms', roomId, 'invite-links'] as const,
    pins: (roomId: string) => ['rooms', roomId, 'pins'] as const,
    /** The history around one message (a jump to it), beside the live history: never a key of `isRoomMessagesKey`. */
    messageWindow: (roomId: string, seq: number) => ['rooms', roomId, 'messages', 'around', seq] as const,
  },
  roomInvite: (code: string) => ['room-invites', code] as const,
  reports: {
    all: () => ['reports'] as const,
    list: (status: 'open' | 'resolved') => ['reports', status] as const,
  },
  saved: {
    all: () => ['saved'] as const,
    list: () => ['saved', 'list'] as const,
    ids: () => ['saved', 'ids'] as const,
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
    /** The people I blocked: under `users`, so a change of friendship refreshes it too. */
    blocks: () => ['users', 'blocks'] as const,
    /** The message search's "From" picker. */
    senderSearch: (term: string) => ['users', 'search', 'sender', term] as const,
  },
  /** Emojibase's shortcodes (`:thumbsup:`), for the composer's `:` autocomplete: loaded once, never stale. */
  emojiShortcodes: () => ['emoji', 'shortcodes'] as const,
  /** One message's side data: who reacted with an emoji, its earlier versions. */
  message: {
    reactors: (messageId: string, emoji: string) => ['message', messageId, 'reactions', emoji] as const,
    edits: (messageId: string) => ['message', messageId, 'edits'] as const,
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

/** A key of `queryKeys.rooms.pins(roomId)`'s shape. */
export function isRoomPinsKey(key: QueryKey): boolean {
  return key.length === 3 && key[0] === 'rooms' && key[2] === 'pins';
}

/** `queryKeys.rooms.joined()`. */
export function isJoinedRoomsKey(key: QueryKey): boolean {
  return key.length === 2 && key[0] === 'rooms' && key[1] === 'joined';
}

/** A key of `queryKeys.rooms.messageWindow(roomId, seq)`'s shape. */
export function isRoomWindowKey(key: QueryKey, roomId: string): boolean {
  return key.length === 5 && key[0] === 'rooms' && key[1] === roomId && key[2] === 'messages' && key[3] === 'around';
}
