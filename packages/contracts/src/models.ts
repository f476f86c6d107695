/** Response shapes of the contract. Times are ISO-8601 UTC strings, ids UUIDs. */

export type FriendshipState = 'none' | 'friends' | 'outgoing' | 'incoming' | 'self';
export type DmPolicy = 'friends' | 'everyone';
export type RoomKind = 'group' | 'direct';
export type RoomVisibility = 'public' | 'private';
export type RoomRole = 'owner' | 'admin' | 'member';
export type RequestStatus = 'pending' | 'accepted' | 'rejected' | 'cancelled';
export type NotifyLevel = 'all' | 'mentions' | 'none';
export type EmailNotifications = 'never' | 'missed';
export type BirthdateVisibility = 'everyone' | 'friends' | 'nobody';
export type NotificationType = 'friend_request' | 'friend_accepted' | 'room_invite' | 'direct_message' | 'mention' | 'report_resolved';

export interface User {
  id: string;
  username: string;
  displayName: string;
  bio: string;
  birthdate: string | null;
  avatarUrl: string | null;
  coverUrl: string | null;
  online: boolean;
  lastSeenAt: string | null;
  friendship: FriendshipState;
  createdAt: string;
}

/** The caller's own profile (`GET /users/me`). */
export interface Me extends User {
  email: string;
  dmPolicy: DmPolicy;
  serverRole: 'admin' | 'user';
  /** Do not disturb until this time (no push, no e-mail); null when off. */
  dndUntil: string | null;
  emailNotifications: EmailNotifications;
  /** Who sees `birthdate` (others see `null`); the user always sees their own. */
  birthdateVisibility: BirthdateVisibility;
  /** `false`: pushes say "New message" without the text. */
  pushPreview: boolean;
}

export interface AuthResponse {
  token: string;
  expiresAt: string;
  user: Me;
}

export interface Session {
  id: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  current: boolean;
}

export interface FileMeta {
  id: string;
  name: string;
  size: number;
  contentType: string;
  url: string;
  width: number | null;
  height: number | null;
}

export interface Message {
  id: string;
  roomId: string;
  seq: number;
  clientId: string;
  sender: User;
  body: string;
  attachments: FileMeta[];
  replyToId: string | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  /** When an admin (or, in a direct room, either member) pinned it; null when not pinned. */
  pinnedAt: string | null;
  /**
   * Emoji reactions, one entry per distinct emoji in the order they were first used; `me` says whether the reader
   * reacted with it. In broadcasts (`message:new`, `message:updated`), whose payload is shared by every member, `me` is
   * false: clients keep their own `me` from history and `reaction:updated`.
   */
  reactions: Reaction[];
  /** Who the message mentions, resolved by the server at send and edit time (never inside code). */
  mentions: MessageMentions;
}

/** One emoji's reactions on a message. */
export interface Reaction {
  emoji: string;
  count: number;
  me: boolean;
}

/** `userIds`: members named by `@username`; `room`: `@room` (every member); `here`: `@here` (members online then). */
export interface MessageMentions {
  userIds: string[];
  room: boolean;
  here: boolean;
}

/** `GET /messages/:id/edits`: an earlier version of a message's body, and when it was replaced. */
export interface MessageEdit {
  body: string;
  editedAt: string;
}

/** Who may use `@room` and `@here` in a group room: every member, or only admins and owners (default). */
export type RoomMentionsPolicy = 'everyone' | 'admins';

/** `reaction:updated`: one change of one user's reaction; `count` is the emoji's count after it. */
export interface ReactionUpdate {
  roomId: string;
  messageId: string;
  emoji: string;
  userId: string;
  on: boolean;
  count: number;
}

export interface Room {
  id: string;
  kind: RoomKind;
  name: string;
  description: string;
  visibility: RoomVisibility;
  avatarUrl: string | null;
  coverUrl: string | null;
  createdBy: string;
  memberCount: number;
  lastSeq: number;
  lastMessage: Message | null;
  myRole: RoomRole | null;
  myReadSeq: number;
  unreadCount: number;
  /** The caller's notification level and mute for this room (defaults: `all` for direct rooms, `mentions` for groups). */
  notify: RoomNotify;
  /** Unread messages (not the caller's own, not deleted) that mention the caller, `@room` or `@here`. */
  mentionCount: number;
  /** Who may use `@room` and `@here` (`admins` by default). */
  roomMentions: RoomMentionsPolicy;
  createdAt: string;
  updatedAt: string;
}

/** `Room.notify`, and the answer of `PUT /rooms/:id/notifications`. */
export interface RoomNotify {
  level: NotifyLevel;
  mutedUntil: string | null;
}

export interface Member {
  user: User;
  role: RoomRole;
  joinedAt: string;
  lastReadSeq: number;
}

export interface FriendRequest {
  id: string;
  from: User;
  to: User;
  status: RequestStatus;
  createdAt: string;
}

export interface Invite {
  id: string;
  room: Room;
  from: User;
  to: User;
  status: RequestStatus;
  createdAt: string;
}

export interface Notification {
  id: string;
  type: NotificationType;
  actor: User;
  roomId: string | null;
  messageId: string | null;
  text: string;
  readAt: string | null;
  createdAt: string;
}

export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
}

/** `GET /rooms/:id/messages?around=<seq>`: the page centred on a message, ascending by seq. */
export interface AroundPage {
  messages: Message[];
  hasMoreBefore: boolean;
  hasMoreAfter: boolean;
}

/** A search hit's room, enough to label it (a direct room's `name` is the other member's display name). */
export interface SearchRoom {
  id: string;
  kind: RoomKind;
  name: string;
}

/** Marks the start and the end of a matched part in a search snippet (never HTML). */
export const SNIPPET_MATCH_START = '\u0002';
export const SNIPPET_MATCH_END = '\u0003';

export interface SearchResult {
  message: Message;
  room: SearchRoom;
  /** The body around the first match; matched parts wrapped in `\u0002`…`\u0003`. */
  snippet: string;
}

/** `GET /search/messages`: newest first; `nextCursor` fetches the next (older) page, null at the end. */
export interface SearchPage {
  results: SearchResult[];
  nextCursor: string | null;
}

/** `GET /saved`: a message the user saved, newest save first. */
export interface SavedMessage {
  message: Message;
  savedAt: string;
}

export interface Health {
  status: 'ok' | 'degraded';
  db: 'up' | 'down';
  /** Only when the server is configured with Redis (REDIS_URL). */
  redis?: 'up' | 'down';
  /** Sends on this API process waiting for the database (at most MESSAGE_QUEUE_MAX; past it sends answer 503). */
  queueDepth: number;
}
