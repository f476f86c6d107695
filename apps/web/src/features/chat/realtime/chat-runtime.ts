import type { FileMeta, Member, Message, Room, ServerToClientEvents } from '@chat/contracts';
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { isApiError } from '../../../lib/api-client';
import { meQueryOptions } from '../../../lib/auth';
import type { ChatSocket } from '../../../lib/socket';
import { joinedRoomsQueryOptions, roomMembersQueryOptions, roomQueryOptions } from '../../../lib/room-queries';
import { CATCH_UP_PAGE, getMessages, roomMessagesQueryKey } from '../api/get-messages';
import { excerpt, newClientId } from '../utils/composer-text';
import { showDesktopNotification } from '../utils/desktop-notifications';
import { lastContiguousSeq, lastSeqHeld, markDeleted, mergeMessages, type MessagePages } from '../utils/message-pages';
import { patchPresence, type PresencePatch } from '../utils/presence';
import {
  addMember,
  applyDeletedMessage,
  applyMemberCount,
  applyMemberRead,
  applyMyRead,
  applyNewMessage,
  applyRoomUpdate,
  applyUpdatedMessage,
  mergeRoomUpdate,
  removeMember,
  removeRoom,
} from '../utils/rooms-list';
import { Outbox } from './outbox';
import { TypingStore } from './typing-store';

/** Own typing: `true` at most this often while typing (the server expires it after 6 s). */
export const TYPING_EMIT_EVERY_MS = 2_000;
/** Read markers: at most one `room:read` per room this often (plus a trailing one). */
export const READ_EMIT_EVERY_MS = 1_000;
const ACK_TIMEOUT_MS = 10_000;

export type Navigate = (to: string, options?: { replace?: boolean; state?: unknown }) => void;

/** What the conversation on screen reports, so events know whether a message is being read as it arrives. */
export interface ViewState {
  roomId: string | null;
  atBottom: boolean;
}

export interface ChatRuntimeOptions {
  socket: ChatSocket;
  queryClient: QueryClient;
  navigate: Navigate;
  /** Whether the page is visible (a test may fake it). */
  pageVisible?: () => boolean;
}

type Update = (data: MessagePages) => MessagePages;

function isMessagesKey(key: QueryKey): key is ['rooms', string, 'messages'] {
  return key.length === 3 && key[0] === 'rooms' && key[2] === 'messages' && typeof key[1] === 'string';
}

function isMembersKey(key: QueryKey): boolean {
  return key.length === 3 && key[0] === 'rooms' && key[2] === 'members';
}

/**
 * The chat side of the socket for one session: its event handlers keep the react-query cache current (rooms list,
 * room, members, history), the outbox sends messages, and after every (re)connection the gap is filled from the
 * server. Components read the cache as usual; nothing here keeps a second copy of server data.
 */
export class ChatRuntime {
  readonly outbox: Outbox;
  readonly typing = new TypingStore();
  private readonly socket: ChatSocket;
  private readonly qc: QueryClient;
  private readonly navigate: Navigate;
  private readonly pageVisible: () => boolean;
  private view: ViewState = { roomId: null, atBottom: true };
  /** Updates made while a history fetch was running, re-applied to its answer (which did not see them). */
  private readonly pending = new Map<string, Update[]>();
  private readonly catchingUp = new Map<string, Promise<void>>();
  private readonly catchUpAgain = new Set<string>();
  private readonly readWanted = new Map<string, number>();
  private readonly readSent = new Map<string, number>();
  private readonly readTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly typingSentAt = new Map<string, number>();
  /**
   * Live state heard since the connection opened: the latest presence per user, read markers per room and member,
   * and your own read markers. A fetch that was on its way when an event arrived answers older state and would undo
   * the event; these are applied again to every answer (they only ever move state forward).
   */
  private readonly livePresence = new Map<string, PresencePatch>();
  private readonly liveReads = new Map<string, Map<string, number>>();
  private readonly myReads = new Map<string, number>();

  constructor({ socket, queryClient, navigate, pageVisible }: ChatRuntimeOptions) {
    this.socket = socket;
    this.qc = queryClient;
    this.navigate = navigate;
    this.pageVisible = pageVisible ?? (() => typeof document === 'undefined' || document.visibilityState === 'visible');
    this.outbox = new Outbox({
      transport: {
        connected: () => this.socket.connected,
        send: (payload, done) => {
          this.socket.timeout(ACK_TIMEOUT_MS).emit('message:send', payload, (err: Error | null, res) => {
            if (err) {
              done({ ok: false, code: this.socket.connected ? 'TIMEOUT' : 'DISCONNECTED', message: err.message });
            } else if (res.ok) {
              done({ ok: true, message: res.message });
            } else {
              done({ ok: false, code: res.error.code, message: res.error.message });
            }
          });
        },
      },
      onDelivered: (message) => this.receive(message, false),
    });
  }

  /** Registers the handlers; returns their removal. */
  start(): () => void {
    const handlers: { [E in keyof ServerToClientEvents]: ServerToClientEvents[E] } = {
      'message:new': (message) => this.receive(message, true),
      'message:updated': (message) => this.onUpdated(message),
      'message:deleted': (payload) => this.onDeleted(payload),
      typing: ({ roomId, userId, typing }) => this.typing.set(roomId, userId, typing),
      presence: ({ userId, online, lastSeenAt }) => this.onPresence(userId, { online, lastSeenAt }),
      'room:read': ({ roomId, userId, seq }) => this.onRead(roomId, userId, seq),
      'room:updated': (room) => this.onRoomUpdated(room),
      'room:member-joined': ({ roomId, member }) => this.onMemberJoined(roomId, member),
      'room:member-left': ({ roomId, userId }) => this.onMemberLeft(roomId, userId),
      'room:removed': ({ roomId }) => this.forgetRoom(roomId),
      // Friends and notifications belong to other features; the app wires those.
      'friend:request': () => undefined,
      'friend:accepted': () => undefined,
      'friend:removed': () => undefined,
      'notification:new': () => undefined,
    };
    const socket = this.socket as unknown as {
      on(event: string, fn: (...args: never[]) => void): void;
      off(event: string, fn: (...args: never[]) => void): void;
    };
    for (const [event, fn] of Object.entries(handlers)) socket.on(event, fn);
    const onConnect = () => this.onConnect();
    const onDisconnect = () => this.onDisconnect();
    this.socket.on('connect', onConnect);
    this.socket.on('disconnect', onDisconnect);
    if (this.socket.connected) this.onConnect();
    const unsubscribeCache = this.qc.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated') return;
      const key = event.query.queryKey;
      if (!isMessagesKey(key)) {
        // A fetch answered (not a cache write of ours): it may predate events heard while it was on its way.
        if (event.action.type === 'success' && !event.action.manual) queueMicrotask(() => this.reapplyLiveState(key));
        return;
      }
      const roomId = key[1];
      const updates = this.pending.get(roomId);
      if (!updates || event.query.state.fetchStatus !== 'idle') return;
      this.pending.delete(roomId);
      // Merges are idempotent: applying them again to data that already had them changes nothing.
      queueMicrotask(() =>
        this.qc.setQueryData<MessagePages>(roomMessagesQueryKey(roomId), (d) => (d ? updates.reduce((acc, u) => u(acc), d) : d)),
      );
    });
    return () => {
      for (const [event, fn] of Object.entries(handlers)) socket.off(event, fn);
      this.socket.off('connect', onConnect);
      this.socket.off('disconnect', onDisconnect);
      unsubscribeCache();
      for (const timer of this.readTimers.values()) clearTimeout(timer);
      this.readTimers.clear();
      this.typing.reset();
    };
  }

  // ---- what the conversation view calls ----

  setView(view: ViewState): void {
    this.view = view;
  }

  /** Queues a message (sent at once when connected) with a fresh clientId; it shows as pending until acked. */
  send(roomId: string, body: string, replyToId: string | null, attachments: readonly FileMeta[] = []): void {
    this.setTyping(roomId, false);
    this.outbox.add({ clientId: newClientId(), roomId, body: body.trim(), replyToId, attachments, createdAt: new Date().toISOString() });
  }

  /** Own typing state: `true` throttled, `false` only after a `true`. */
  setTyping(roomId: string, typing: boolean): void {
    if (!this.socket.connected) return;
    const last = this.typingSentAt.get(roomId);
    const now = Date.now();
    if (typing) {
      if (last !== undefined && now - last < TYPING_EMIT_EVERY_MS) return;
      this.typingSentAt.set(roomId, now);
    } else {
      if (last === undefined) return;
      this.typingSentAt.delete(roomId);
    }
    this.socket.emit('typing', { roomId, typing }, () => undefined);
  }

  /** Everything up to `seq` was seen: the unread count drops now, the server hears it (throttled). */
  markRead(roomId: string, seq: number): void {
    if (seq <= 0) return;
    this.myReads.set(roomId, Math.max(seq, this.myReads.get(roomId) ?? 0));
    this.setMyRead(roomId, seq);
    if (seq <= Math.max(this.readSent.get(roomId) ?? 0, this.readWanted.get(roomId) ?? 0)) return;
    this.readWanted.set(roomId, seq);
    if (this.readTimers.has(roomId)) return;
    this.sendRead(roomId);
    this.readTimers.set(
      roomId,
      setTimeout(() => {
        this.readTimers.delete(roomId);
        this.sendRead(roomId);
      }, READ_EMIT_EVERY_MS),
    );
  }

  /**
   * Fetches what the server has after the last seq held without a hole (`?after=`, page after page) and merges it. Runs once at a
   * time per room; a request during a run runs it again after.
   */
  catchUp(roomId: string): Promise<void> {
    const running = this.catchingUp.get(roomId);
    if (running) {
      this.catchUpAgain.add(roomId);
      return running;
    }
    const key = roomMessagesQueryKey(roomId);
    const run = (async () => {
      try {
        do {
          this.catchUpAgain.delete(roomId);
          for (;;) {
            const data = this.qc.getQueryData<MessagePages>(key);
            if (!data) return;
            const page = await getMessages(roomId, { after: lastContiguousSeq(data), limit: CATCH_UP_PAGE });
            this.updateMessages(roomId, (d) => mergeMessages(d, page.messages));
            if (!page.hasMore || page.messages.length === 0) break;
          }
        } while (this.catchUpAgain.has(roomId));
      } catch (err) {
        if (isApiError(err) && err.code === 'NOT_FOUND') this.forgetRoom(roomId);
        // Anything else (offline again): the next connection catches up.
      } finally {
        this.catchingUp.delete(roomId);
      }
    })();
    this.catchingUp.set(roomId, run);
    return run;
  }

  /** Catches up every room whose history is cached. */
  catchUpAll(): Promise<void> {
    const rooms = this.qc
      .getQueryCache()
      .findAll({ predicate: (q) => isMessagesKey(q.queryKey) && q.state.data !== undefined })
      .map((q) => q.queryKey[1] as string);
    return Promise.all(rooms.map((id) => this.catchUp(id))).then(() => undefined);
  }

  // ---- socket events ----

  private me(): string | undefined {
    return this.qc.getQueryData(meQueryOptions().queryKey)?.id;
  }

  private readingNow(roomId: string): boolean {
    return this.view.roomId === roomId && this.view.atBottom && this.pageVisible();
  }

  private onConnect(): void {
    // Whatever was fetched before this socket was subscribed may have missed events (also on the first connection:
    // a presence change between the page's request and the handshake): order, unread counts, presence, read markers,
    // and the history of every cached room.
    void this.qc.invalidateQueries({ queryKey: joinedRoomsQueryOptions().queryKey });
    void this.qc.invalidateQueries({ predicate: (q) => isMembersKey(q.queryKey) });
    void this.catchUpAll();
    this.outbox.flush();
    for (const roomId of this.readWanted.keys()) this.sendRead(roomId);
  }

  private onDisconnect(): void {
    // What was heard no longer stands for the present: the next connection fetches afresh.
    this.livePresence.clear();
    this.liveReads.clear();
    this.myReads.clear();
    this.outbox.connectionLost();
    this.typing.reset();
    this.typingSentAt.clear();
  }

  /** A message from the server (live event or ack): history, room list, desktop notice. */
  private receive(message: Message, live: boolean): void {
    const roomId = message.roomId;
    const me = this.me();
    this.typing.set(roomId, message.sender.id, false);
    const before = this.qc.getQueryData<MessagePages>(roomMessagesQueryKey(roomId));
    this.updateMessages(roomId, (d) => mergeMessages(d, [message]));
    // seq has no gaps: a jump means something was missed.
    if (before && message.seq > lastSeqHeld(before) + 1) void this.catchUp(roomId);

    const joinedKey = joinedRoomsQueryOptions().queryKey;
    const rooms = this.qc.getQueryData(joinedKey);
    const readingNow = this.readingNow(roomId);
    if (rooms) {
      const next = applyNewMessage(rooms, message, { meId: me ?? '', readingNow });
      if (next) this.qc.setQueryData(joinedKey, next);
      else void this.qc.invalidateQueries({ queryKey: joinedKey });
    }
    this.qc.setQueryData(roomQueryOptions(roomId).queryKey, (room) =>
      room && message.seq > room.lastSeq ? { ...room, lastSeq: message.seq, lastMessage: message } : room,
    );
    if (live && me && message.sender.id !== me && !(this.view.roomId === roomId && this.pageVisible())) {
      const room = rooms?.find((r) => r.id === roomId);
      showDesktopNotification({
        title: room && room.kind === 'group' ? `${message.sender.displayName} in ${room.name}` : message.sender.displayName,
        body: message.body ? excerpt(message.body, 140) : 'Sent an attachment',
        tag: roomId,
        onClick: () => this.navigate(`/rooms/${roomId}`),
      });
    }
  }

  private onUpdated(message: Message): void {
    this.updateMessages(message.roomId, (d) => mergeMessages(d, [message]));
    const joinedKey = joinedRoomsQueryOptions().queryKey;
    this.qc.setQueryData(joinedKey, (rooms) => (rooms ? applyUpdatedMessage(rooms, message) : rooms));
  }

  private onDeleted({ roomId, id, seq }: { roomId: string; id: string; seq: number }): void {
    const at = new Date().toISOString();
    this.updateMessages(roomId, (d) => markDeleted(d, id, at));
    const joinedKey = joinedRoomsQueryOptions().queryKey;
    const room = this.qc.getQueryData(joinedKey)?.find((r) => r.id === roomId);
    this.qc.setQueryData(joinedKey, (rooms) => (rooms ? applyDeletedMessage(rooms, { roomId, id }, at) : rooms));
    // A deleted unread message no longer counts: the server has the exact number.
    if (room && room.unreadCount > 0 && seq > room.myReadSeq) void this.qc.invalidateQueries({ queryKey: joinedKey });
  }

  private onPresence(userId: string, patch: PresencePatch): void {
    this.livePresence.set(userId, patch);
    this.qc.setQueriesData({ predicate: (q) => !isMessagesKey(q.queryKey) }, (data: unknown) => {
      const next = patchPresence(data, userId, patch);
      return next === data ? undefined : next;
    });
  }

  private onRead(roomId: string, userId: string, seq: number): void {
    if (userId === this.me()) {
      this.myReads.set(roomId, Math.max(seq, this.myReads.get(roomId) ?? 0));
      this.setMyRead(roomId, seq, true);
      return;
    }
    const reads = this.liveReads.get(roomId) ?? new Map<string, number>();
    reads.set(userId, Math.max(seq, reads.get(userId) ?? 0));
    this.liveReads.set(roomId, reads);
    this.qc.setQueryData(roomMembersQueryOptions(roomId).queryKey, (members) =>
      members ? applyMemberRead(members, userId, seq) : members,
    );
  }

  private onRoomUpdated(room: Room): void {
    const joinedKey = joinedRoomsQueryOptions().queryKey;
    const rooms = this.qc.getQueryData(joinedKey);
    if (rooms) {
      const next = applyRoomUpdate(rooms, room);
      if (next) this.qc.setQueryData(joinedKey, next);
      else void this.qc.invalidateQueries({ queryKey: joinedKey });
    }
    this.qc.setQueryData(roomQueryOptions(room.id).queryKey, (current) => (current ? mergeRoomUpdate(current, room) : current));
  }

  private onMemberJoined(roomId: string, member: Member): void {
    if (member.user.id === this.me()) {
      // Joined here or in another tab (or invited and accepted): the room is new to this list. Or your role changed
      // (the event also means "member updated"): the room's own answer carries it.
      void this.qc.invalidateQueries({ queryKey: joinedRoomsQueryOptions().queryKey });
      void this.qc.invalidateQueries({ queryKey: roomQueryOptions(roomId).queryKey, exact: true });
      void this.catchUp(roomId);
      return;
    }
    const membersKey = roomMembersQueryOptions(roomId).queryKey;
    const known = this.qc.getQueryData(membersKey)?.some((m) => m.user.id === member.user.id) ?? false;
    this.qc.setQueryData(membersKey, (members) => (members ? addMember(members, member) : members));
    if (!known) this.changeMemberCount(roomId, 1);
  }

  private onMemberLeft(roomId: string, userId: string): void {
    if (userId === this.me()) {
      this.forgetRoom(roomId);
      return;
    }
    const membersKey = roomMembersQueryOptions(roomId).queryKey;
    const members = this.qc.getQueryData(membersKey);
    if (members && !members.some((m) => m.user.id === userId)) return;
    this.qc.setQueryData(membersKey, (list) => (list ? removeMember(list, userId) : list));
    this.changeMemberCount(roomId, -1);
  }

  private changeMemberCount(roomId: string, delta: number): void {
    this.qc.setQueryData(joinedRoomsQueryOptions().queryKey, (rooms) => (rooms ? applyMemberCount(rooms, roomId, delta) : rooms));
    this.qc.setQueryData(roomQueryOptions(roomId).queryKey, (room) =>
      room ? { ...room, memberCount: Math.max(0, room.memberCount + delta) } : room,
    );
  }

  /** Removed, left, or the room was deleted: out of the list, and away from it if it is on screen. */
  private forgetRoom(roomId: string): void {
    const joinedKey = joinedRoomsQueryOptions().queryKey;
    const name =
      this.qc.getQueryData(joinedKey)?.find((r) => r.id === roomId)?.name ?? this.qc.getQueryData(roomQueryOptions(roomId).queryKey)?.name;
    this.qc.setQueryData(joinedKey, (rooms) => (rooms ? removeRoom(rooms, roomId) : rooms));
    this.outbox.dropRoom(roomId);
    this.readWanted.delete(roomId);
    if (this.view.roomId === roomId) {
      this.view = { roomId: null, atBottom: true };
      this.navigate('/', {
        replace: true,
        state: { notice: name ? `You are no longer a member of “${name}”.` : 'You are no longer a member of that conversation.' },
      });
    }
    // After the conversation has unmounted, so nothing refetches what is now out of reach.
    setTimeout(() => this.qc.removeQueries({ queryKey: roomQueryOptions(roomId).queryKey }), 500);
  }

  // ---- cache helpers ----

  /** Applies the live state heard so far to a fresh answer (each step changes nothing when it is already there). */
  private reapplyLiveState(key: QueryKey): void {
    if (this.livePresence.size > 0) {
      this.qc.setQueryData(key, (data: unknown) => {
        let next = data;
        for (const [userId, patch] of this.livePresence) next = patchPresence(next, userId, patch);
        return next === data ? undefined : next;
      });
    }
    if (isMembersKey(key)) {
      const reads = this.liveReads.get(key[1] as string);
      if (!reads) return;
      this.qc.setQueryData<Member[]>(key, (members) => {
        if (!members) return undefined;
        let next = members;
        for (const [userId, seq] of reads) next = applyMemberRead(next, userId, seq);
        return next === members ? undefined : next;
      });
    } else if (key.length === 2 && key[0] === 'rooms' && key[1] === 'joined' && this.myReads.size > 0) {
      this.qc.setQueryData<Room[]>(key, (rooms) => {
        if (!rooms) return undefined;
        let next = rooms;
        for (const [roomId, seq] of this.myReads) next = applyMyRead(next, roomId, seq) ?? next;
        return next === rooms ? undefined : next;
      });
    }
  }

  /** Applies an update to a room's cached history, and again to the answer of a fetch running meanwhile. */
  private updateMessages(roomId: string, update: Update): void {
    const key = roomMessagesQueryKey(roomId);
    const query = this.qc.getQueryCache().find({ queryKey: key, exact: true });
    if (!query) return;
    if (query.state.data !== undefined) this.qc.setQueryData<MessagePages>(key, (d) => (d ? update(d) : d));
    if (query.state.fetchStatus === 'fetching') this.pending.set(roomId, [...(this.pending.get(roomId) ?? []), update]);
  }

  private setMyRead(roomId: string, seq: number, fromServer = false): void {
    const joinedKey = joinedRoomsQueryOptions().queryKey;
    const rooms = this.qc.getQueryData(joinedKey);
    if (rooms) {
      const next = applyMyRead(rooms, roomId, seq);
      if (next) this.qc.setQueryData(joinedKey, next);
      else if (fromServer) void this.qc.invalidateQueries({ queryKey: joinedKey });
    }
    this.qc.setQueryData(roomQueryOptions(roomId).queryKey, (room) =>
      room && seq > room.myReadSeq ? { ...room, myReadSeq: seq, unreadCount: seq >= room.lastSeq ? 0 : room.unreadCount } : room,
    );
  }

  private sendRead(roomId: string): void {
    const seq = this.readWanted.get(roomId) ?? 0;
    if (!this.socket.connected || seq <= (this.readSent.get(roomId) ?? 0)) return;
    this.readSent.set(roomId, seq);
    this.readWanted.delete(roomId);
    this.socket.emit('room:read', { roomId, seq }, () => undefined);
  }
}
