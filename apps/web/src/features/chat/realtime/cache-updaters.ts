import type { Member, Message, Room } from '@chat/contracts';
import type { QueryClient } from '@tanstack/react-query';
import { meQueryOptions } from '../../../lib/auth';
import { isRoomMembersKey, isRoomMessagesKey, isRoomPinsKey, isRoomWindowKey } from '../../../lib/query-keys';
import { joinedRoomsQueryOptions, roomMembersQueryOptions, roomQueryOptions } from '../../../lib/room-queries';
import { roomMessagesQueryKey } from '../api/get-messages';
import { flattenPages, lastSeqHeld, markDeleted, mergeMessages, patchMessage, type MessagePages } from '../utils/message-pages';
import { deleteInWindow, replaceInWindow, type WindowPages } from '../utils/message-window';
import { patchPresence, type PresencePatch } from '../utils/presence';
import {
  addMember,
  applyDeletedMessage,
  applyMemberCount,
  applyMemberRead,
  applyMemberUnread,
  applyMyRead,
  applyMyUnread,
  applyNewMessage,
  applyRoomUpdate,
  applyUpdatedMessage,
  mergeRoomUpdate,
  removeMember,
  removeRoom,
} from '../utils/rooms-list';
import { unreadCountAfter } from '../utils/unread';

/**
 * Socket events into the react-query cache: the rooms list, each room, its members and its history. Each function
 * applies one event to what is cached (nothing when the query is not cached) and keeps no state of its own.
 */

export type HistoryUpdate = (data: MessagePages) => MessagePages;

/** The caller's id, once the profile is cached. */
export function cachedMeId(qc: QueryClient): string | undefined {
  return qc.getQueryData(meQueryOptions().queryKey)?.id;
}

export function cachedJoinedRoom(qc: QueryClient, roomId: string): Room | undefined {
  return qc.getQueryData(joinedRoomsQueryOptions().queryKey)?.find((r) => r.id === roomId);
}

/** The rooms whose history is cached. */
export function cachedHistoryRoomIds(qc: QueryClient): string[] {
  return qc
    .getQueryCache()
    .findAll({ predicate: (q) => isRoomMessagesKey(q.queryKey) && q.state.data !== undefined })
    .map((q) => q.queryKey[1] as string);
}

/**
 * A room's cached history, with the updates made while a fetch of it was running: its answer did not see them, so
 * `replay` applies them again to it.
 */
export class HistoryUpdates {
  private readonly pending = new Map<string, HistoryUpdate[]>();

  constructor(private readonly qc: QueryClient) {}

  apply(roomId: string, update: HistoryUpdate): void {
    const key = roomMessagesQueryKey(roomId);
    const query = this.qc.getQueryCache().find({ queryKey: key, exact: true });
    if (!query) return;
    if (query.state.data !== undefined) this.qc.setQueryData<MessagePages>(key, (d) => (d ? update(d) : d));
    if (query.state.fetchStatus === 'fetching') this.pending.set(roomId, [...(this.pending.get(roomId) ?? []), update]);
  }

  /** After a fetch of the room's history ended: the updates made while it ran, on its answer. */
  replay(roomId: string, fetchIdle: boolean): void {
    const updates = this.pending.get(roomId);
    if (!updates || !fetchIdle) return;
    this.pending.delete(roomId);
    // Merges are idempotent: applying them again to data that already had them changes nothing.
    queueMicrotask(() =>
      this.qc.setQueryData<MessagePages>(roomMessagesQueryKey(roomId), (d) => (d ? updates.reduce((acc, u) => u(acc), d) : d)),
    );
  }

  /** A message from the server into the history; true when its seq jumps past what is held (something was missed). */
  addMessage(message: Message): boolean {
    const before = this.qc.getQueryData<MessagePages>(roomMessagesQueryKey(message.roomId));
    this.apply(message.roomId, (d) => mergeMessages(d, [message]));
    // seq has no gaps: a jump means something was missed.
    return before !== undefined && message.seq > lastSeqHeld(before) + 1;
  }

  updateMessage(message: Message): void {
    this.apply(message.roomId, (d) => mergeMessages(d, [message]));
    this.applyToWindows(message.roomId, (d) => replaceInWindow(d, message));
  }

  /** A change of one held message (a reaction): idempotent, so replaying it on a fetch's answer is safe. */
  patchMessage(roomId: string, id: string, change: (message: Message) => Message): void {
    this.apply(roomId, (d) => patchMessage(d, id, change));
    this.applyToWindows(roomId, (d) => patchMessage(d, id, change));
  }

  deleteMessage(roomId: string, id: string, at: string): void {
    this.apply(roomId, (d) => markDeleted(d, id, at));
    this.applyToWindows(roomId, (d) => deleteInWindow(d, id, at));
  }

  /** The windows of history around a message (jumps to it) that are cached: edits and deletions reach them too. */
  private applyToWindows(roomId: string, update: (data: WindowPages) => WindowPages): void {
    this.qc.setQueriesData<WindowPages>({ predicate: (q) => isRoomWindowKey(q.queryKey, roomId) }, (d) => (d ? update(d) : d));
  }
}

/** A new message: the rooms list (order, last message, unread count) and the room's own entry. */
export function addMessageToRooms(qc: QueryClient, message: Message, { meId, readingNow }: { meId: string; readingNow: boolean }): void {
  const joinedKey = joinedRoomsQueryOptions().queryKey;
  const rooms = qc.getQueryData(joinedKey);
  if (rooms) {
    const next = applyNewMessage(rooms, message, { meId, readingNow });
    if (next) qc.setQueryData(joinedKey, next);
    else void qc.invalidateQueries({ queryKey: joinedKey });
  }
  qc.setQueryData(roomQueryOptions(message.roomId).queryKey, (room) =>
    room && message.seq > room.lastSeq ? { ...room, lastSeq: message.seq, lastMessage: message } : room,
  );
}

export function updateMessageInRooms(qc: QueryClient, message: Message): void {
  qc.setQueryData(joinedRoomsQueryOptions().queryKey, (rooms) => (rooms ? applyUpdatedMessage(rooms, message) : rooms));
}

export function deleteMessageInRooms(qc: QueryClient, { roomId, id, seq }: { roomId: string; id: string; seq: number }, at: string): void {
  const joinedKey = joinedRoomsQueryOptions().queryKey;
  const room = cachedJoinedRoom(qc, roomId);
  qc.setQueryData(joinedKey, (rooms) => (rooms ? applyDeletedMessage(rooms, { roomId, id }, at) : rooms));
  // A deleted unread message no longer counts: the server has the exact number.
  if (room && room.unreadCount > 0 && seq > room.myReadSeq) void qc.invalidateQueries({ queryKey: joinedKey });
}

/** A person's presence wherever it is cached (the histories carry none). */
export function patchPresenceEverywhere(qc: QueryClient, userId: string, patch: PresencePatch): void {
  qc.setQueriesData({ predicate: (q) => !isRoomMessagesKey(q.queryKey) }, (data: unknown) => {
    const next = patchPresence(data, userId, patch);
    return next === data ? undefined : next;
  });
}

export function setMemberRead(qc: QueryClient, roomId: string, userId: string, seq: number): void {
  qc.setQueryData(roomMembersQueryOptions(roomId).queryKey, (members) => (members ? applyMemberRead(members, userId, seq) : members));
}

/** A member's marker, announced lower than the one held: they marked the room unread. Answers whether it moved back. */
export function setMemberReadBack(qc: QueryClient, roomId: string, userId: string, seq: number): boolean {
  const key = roomMembersQueryOptions(roomId).queryKey;
  const current = qc.getQueryData(key)?.find((m) => m.user.id === userId)?.lastReadSeq;
  if (current === undefined || seq >= current) return false;
  qc.setQueryData(key, (members) => (members ? applyMemberUnread(members, userId, seq) : members));
  return true;
}

/** Your own read marker: the unread count drops. One the server told of that the list cannot apply: it is refetched. */
export function setMyRead(qc: QueryClient, roomId: string, seq: number, fromServer = false): void {
  const joinedKey = joinedRoomsQueryOptions().queryKey;
  const rooms = qc.getQueryData(joinedKey);
  if (rooms) {
    const next = applyMyRead(rooms, roomId, seq);
    if (next) qc.setQueryData(joinedKey, next);
    else if (fromServer) void qc.invalidateQueries({ queryKey: joinedKey });
  }
  qc.setQueryData(roomQueryOptions(roomId).queryKey, (room) =>
    room && seq > room.myReadSeq ? { ...room, myReadSeq: seq, unreadCount: seq >= room.lastSeq ? 0 : room.unreadCount } : room,
  );
}

/**
 * Your own read marker went back to `marker` (mark as unread): the unread count is counted from the history held when
 * it reaches back that far, and asked of the server otherwise.
 */
export function setMyUnread(qc: QueryClient, roomId: string, marker: number): void {
  const joinedKey = joinedRoomsQueryOptions().queryKey;
  const roomKey = roomQueryOptions(roomId).queryKey;
  const lastSeq = Math.max(cachedJoinedRoom(qc, roomId)?.lastSeq ?? 0, qc.getQueryData(roomKey)?.lastSeq ?? 0);
  const held = flattenPages(qc.getQueryData<MessagePages>(roomMessagesQueryKey(roomId)));
  const count = unreadCountAfter(held, marker, cachedMeId(qc) ?? '', lastSeq);
  qc.setQueryData(joinedKey, (rooms) => (rooms ? applyMyUnread(rooms, roomId, marker, count) : rooms));
  qc.setQueryData(roomKey, (room) => (room ? { ...room, myReadSeq: marker, unreadCount: count ?? room.unreadCount } : room));
  if (count === null) void qc.invalidateQueries({ queryKey: joinedKey });
}

export function updateRoom(qc: QueryClient, room: Room): void {
  const joinedKey = joinedRoomsQueryOptions().queryKey;
  const rooms = qc.getQueryData(joinedKey);
  if (rooms) {
    const next = applyRoomUpdate(rooms, room);
    if (next) qc.setQueryData(joinedKey, next);
    else void qc.invalidateQueries({ queryKey: joinedKey });
  }
  qc.setQueryData(roomQueryOptions(room.id).queryKey, (current) => (current ? mergeRoomUpdate(current, room) : current));
}

/**
 * You joined (here or in another tab, or accepted an invite): the room is new to the list. Or your role changed (the
 * event also means "member updated"): the room's own answer carries it.
 */
export function refreshJoinedRoom(qc: QueryClient, roomId: string): void {
  void qc.invalidateQueries({ queryKey: joinedRoomsQueryOptions().queryKey });
  void qc.invalidateQueries({ queryKey: roomQueryOptions(roomId).queryKey, exact: true });
}

/** Someone else joined; the member count moves when they were not listed yet. */
export function addRoomMember(qc: QueryClient, roomId: string, member: Member): void {
  const membersKey = roomMembersQueryOptions(roomId).queryKey;
  const known = qc.getQueryData(membersKey)?.some((m) => m.user.id === member.user.id) ?? false;
  qc.setQueryData(membersKey, (members) => (members ? addMember(members, member) : members));
  if (!known) changeMemberCount(qc, roomId, 1);
}

/** Someone else left; nothing when the cached members already lack them. */
export function removeRoomMember(qc: QueryClient, roomId: string, userId: string): void {
  const membersKey = roomMembersQueryOptions(roomId).queryKey;
  const members = qc.getQueryData(membersKey);
  if (members && !members.some((m) => m.user.id === userId)) return;
  qc.setQueryData(membersKey, (list) => (list ? removeMember(list, userId) : list));
  changeMemberCount(qc, roomId, -1);
}

function changeMemberCount(qc: QueryClient, roomId: string, delta: number): void {
  qc.setQueryData(joinedRoomsQueryOptions().queryKey, (rooms) => (rooms ? applyMemberCount(rooms, roomId, delta) : rooms));
  qc.setQueryData(roomQueryOptions(roomId).queryKey, (room) =>
    room ? { ...room, memberCount: Math.max(0, room.memberCount + delta) } : room,
  );
}

/** Out of the rooms list; returns the room's name while it was still known. */
export function removeRoomFromList(qc: QueryClient, roomId: string): string | undefined {
  const joinedKey = joinedRoomsQueryOptions().queryKey;
  const name = cachedJoinedRoom(qc, roomId)?.name ?? qc.getQueryData(roomQueryOptions(roomId).queryKey)?.name;
  qc.setQueryData(joinedKey, (rooms) => (rooms ? removeRoom(rooms, roomId) : rooms));
  return name;
}

/** Forgets a room's cache (the room, its members, its history), once its conversation has unmounted. */
export function dropRoomQueriesSoon(qc: QueryClient, roomId: string): void {
  // After the conversation has unmounted, so nothing refetches what is now out of reach.
  setTimeout(() => qc.removeQueries({ queryKey: roomQueryOptions(roomId).queryKey }), 500);
}

/**
 * Whatever was fetched before this socket was subscribed may have missed events (also on the first connection: a
 * presence change between the page's request and the handshake): order, unread counts, presence and read markers
 * are fetched again, and the pins of the rooms that show them.
 */
export function refreshAfterConnect(qc: QueryClient): void {
  void qc.invalidateQueries({ queryKey: joinedRoomsQueryOptions().queryKey });
  void qc.invalidateQueries({ predicate: (q) => isRoomMembersKey(q.queryKey) || isRoomPinsKey(q.queryKey) });
}
