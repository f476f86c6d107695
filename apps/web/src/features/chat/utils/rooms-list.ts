import type { Member, Message, Room } from '@chat/contracts';
import { mentionsMe } from '../../../lib/notify-rules';

/**
 * Pure updates of the joined-rooms list (`GET /rooms`, most recent activity first) for the realtime events. Each
 * returns the list itself when the event changes nothing, and `null` when the room is not in the list (the caller
 * then fetches the list again: a DM someone else just opened, a room joined in another tab).
 */

export interface NewMessageContext {
  meId: string;
  /** The room is on screen, scrolled to the latest message, in a visible tab: it is read at once. */
  readingNow: boolean;
}

/**
 * A new message: last message and seq, one more unread (not for your own or while reading), one more unread mention
 * when it names you, moved to the top.
 */
export function applyNewMessage(rooms: Room[], message: Message, { meId, readingNow }: NewMessageContext): Room[] | null {
  const index = rooms.findIndex((r) => r.id === message.roomId);
  if (index === -1) return null;
  const room = rooms[index]!;
  if (message.seq <= room.lastSeq && room.lastMessage && room.lastMessage.seq >= message.seq) {
    // Already counted (an ack and its broadcast, or a catch-up overlapping a live event).
    return applyUpdatedMessage(rooms, message);
  }
  const mine = message.sender.id === meId;
  const counts = !(mine || readingNow || message.seq <= room.myReadSeq);
  const updated: Room = {
    ...room,
    lastSeq: Math.max(room.lastSeq, message.seq),
    lastMessage: message,
    unreadCount: counts ? room.unreadCount + 1 : room.unreadCount,
    mentionCount: counts && mentionsMe(message, meId) ? room.mentionCount + 1 : room.mentionCount,
  };
  return [updated, ...rooms.slice(0, index), ...rooms.slice(index + 1)];
}

/** An edit: the preview follows when it was the last message. */
export function applyUpdatedMessage(rooms: Room[], message: Message): Room[] {
  const index = rooms.findIndex((r) => r.id === message.roomId && r.lastMessage?.id === message.id);
  if (index === -1) return rooms;
  return rooms.map((r, i) => (i === index ? { ...r, lastMessage: message } : r));
}

/** A deletion: the preview becomes a tombstone when it was the last message. */
export function applyDeletedMessage(rooms: Room[], payload: { roomId: string; id: string }, deletedAt: string): Room[] {
  const index = rooms.findIndex((r) => r.id === payload.roomId && r.lastMessage?.id === payload.id);
  if (index === -1) return rooms;
  return rooms.map((r, i) =>
    i === index && r.lastMessage ? { ...r, lastMessage: { ...r.lastMessage, body: '', attachments: [], deletedAt } } : r,
  );
}

/**
 * Your own read marker moved (this tab or another): nothing is unread up to `seq`. When it does not reach the last
 * message the exact count is unknown here and `null` asks for a refetch.
 */
export function applyMyRead(rooms: Room[], roomId: string, seq: number): Room[] | null {
  const index = rooms.findIndex((r) => r.id === roomId);
  if (index === -1) return rooms;
  const room = rooms[index]!;
  if (seq <= room.myReadSeq && room.unreadCount === 0 && room.mentionCount === 0) return rooms;
  if (seq < room.lastSeq) return null;
  return rooms.map((r, i) => (i === index ? { ...r, myReadSeq: Math.max(r.myReadSeq, seq), unreadCount: 0, mentionCount: 0 } : r));
}

/**
 * Your own read marker moved back (mark as unread, here or on another device) to `marker`, with `unreadCount` the
 * count when it is known here (`null`: keep the shown one until the server's answer).
 */
export function applyMyUnread(rooms: Room[], roomId: string, marker: number, unreadCount: number | null): Room[] {
  const index = rooms.findIndex((r) => r.id === roomId);
  if (index === -1) return rooms;
  const room = rooms[index]!;
  const count = unreadCount ?? room.unreadCount;
  if (room.myReadSeq === marker && room.unreadCount === count) return rooms;
  return rooms.map((r, i) => (i === index ? { ...r, myReadSeq: marker, unreadCount: count } : r));
}

/**
 * `room:updated` carries the room as anyone sees it (`myRole: null`, `myReadSeq: 0`, `unreadCount: 0`, the default
 * `notify`): keep the caller's own fields and the fresher of the two activity fields.
 */
export function mergeRoomUpdate(current: Room, update: Room): Room {
  const newer = update.lastSeq >= current.lastSeq;
  return {
    ...update,
    myRole: current.myRole,
    myReadSeq: current.myReadSeq,
    unreadCount: current.unreadCount,
    mentionCount: current.mentionCount,
    notify: current.notify,
    lastSeq: Math.max(current.lastSeq, update.lastSeq),
    lastMessage: newer ? (update.lastMessage ?? current.lastMessage) : current.lastMessage,
  };
}

export function applyRoomUpdate(rooms: Room[], update: Room): Room[] | null {
  const index = rooms.findIndex((r) => r.id === update.id);
  if (index === -1) return null;
  return rooms.map((r, i) => (i === index ? mergeRoomUpdate(r, update) : r));
}

/** `PUT /rooms/:id/notifications` answered: the room's level and mute. */
export function applyRoomNotify(rooms: Room[], roomId: string, notify: Room['notify']): Room[] {
  return rooms.some((r) => r.id === roomId) ? rooms.map((r) => (r.id === roomId ? { ...r, notify } : r)) : rooms;
}

export function removeRoom(rooms: Room[], roomId: string): Room[] {
  return rooms.some((r) => r.id === roomId) ? rooms.filter((r) => r.id !== roomId) : rooms;
}

/** Someone joined or left: the member count moves. */
export function applyMemberCount(rooms: Room[], roomId: string, delta: number): Room[] {
  const index = rooms.findIndex((r) => r.id === roomId);
  if (index === -1) return rooms;
  return rooms.map((r, i) => (i === index ? { ...r, memberCount: Math.max(0, r.memberCount + delta) } : r));
}

/** Members list (`GET /rooms/:id/members`) updates. */
export function addMember(members: Member[], member: Member): Member[] {
  const i = members.findIndex((m) => m.user.id === member.user.id);
  if (i === -1) return [...members, member];
  return members.map((m, j) => (j === i ? member : m));
}

export function removeMember(members: Member[], userId: string): Member[] {
  return members.some((m) => m.user.id === userId) ? members.filter((m) => m.user.id !== userId) : members;
}

/** A member's read marker only moves forward. */
export function applyMemberRead(members: Member[], userId: string, seq: number): Member[] {
  const i = members.findIndex((m) => m.user.id === userId);
  if (i === -1 || members[i]!.lastReadSeq >= seq) return members;
  return members.map((m, j) => (j === i ? { ...m, lastReadSeq: seq } : m));
}

/** A member marked the room unread: their marker goes back (read receipts follow). */
export function applyMemberUnread(members: Member[], userId: string, seq: number): Member[] {
  const i = members.findIndex((m) => m.user.id === userId);
  if (i === -1 || members[i]!.lastReadSeq <= seq) return members;
  return members.map((m, j) => (j === i ? { ...m, lastReadSeq: seq } : m));
}

/** The other person of a direct room, from its members. */
export function directPeer(members: Member[] | undefined, meId: string | undefined): Member['user'] | undefined {
  return members?.find((m) => m.user.id !== meId)?.user;
}
