import type { ErrorCode } from './errors.js';
import type { FriendRequest, Message, Member, Notification, ReactionUpdate, Room, User } from './models.js';

export type Ack<T extends object = Record<string, never>> = ({ ok: true } & T) | { ok: false; error: { code: ErrorCode; message: string } };

export interface MessageSendPayload {
  roomId: string;
  clientId: string;
  body: string;
  attachmentIds?: string[];
  replyToId?: string;
}

export interface TypingPayload {
  roomId: string;
  typing: boolean;
}

export interface ReactionSetPayload {
  messageId: string;
  emoji: string;
  on: boolean;
}

export interface RoomReadPayload {
  roomId: string;
  seq: number;
}

/** Events a client sends; each takes an acknowledgement callback. */
export interface ClientToServerEvents {
  'message:send': (payload: MessageSendPayload, ack: (res: Ack<{ message: Message }>) => void) => void;
  typing: (payload: TypingPayload, ack: (res: Ack) => void) => void;
  'room:read': (payload: RoomReadPayload, ack: (res: Ack) => void) => void;
  /** The client has focus (`true`) or lost it; a user with no socket active in the last 60 s gets Web Pushes. */
  'client:active': (payload: { active: boolean }, ack: (res: Ack) => void) => void;
  'reaction:set': (payload: ReactionSetPayload, ack: (res: Ack) => void) => void;
}

/** Events the server sends. */
export interface ServerToClientEvents {
  'message:new': (message: Message) => void;
  'message:updated': (message: Message) => void;
  'message:deleted': (payload: { roomId: string; id: string; seq: number }) => void;
  'reaction:updated': (payload: ReactionUpdate) => void;
  typing: (payload: { roomId: string; userId: string; typing: boolean }) => void;
  presence: (payload: { userId: string; online: boolean; lastSeenAt: string | null }) => void;
  'room:read': (payload: { roomId: string; userId: string; seq: number }) => void;
  'room:updated': (room: Room) => void;
  'room:member-joined': (payload: { roomId: string; member: Member }) => void;
  'room:member-left': (payload: { roomId: string; userId: string }) => void;
  'room:removed': (payload: { roomId: string }) => void;
  'friend:request': (request: FriendRequest) => void;
  'friend:accepted': (user: User) => void;
  'friend:removed': (payload: { userId: string }) => void;
  'notification:new': (notification: Notification) => void;
  /** Notifications of the user that were marked read (by a read marker passing their message, or on another device). */
  'notification:read': (payload: { ids: string[]; readAt: string }) => void;
}
