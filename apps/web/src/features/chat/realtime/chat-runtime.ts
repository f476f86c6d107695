import type { FileMeta, Member, Message, MessageSendPayload, ReactionUpdate, ServerToClientEvents } from '@chat/contracts';
import type { QueryClient } from '@tanstack/react-query';
import { ApiError, isApiError } from '../../../lib/api-client';
import { isRoomMessagesKey } from '../../../lib/query-keys';
import { roomRemovedNotice, takeRoomExit } from '../../../lib/room-exits';
import { roomQueryOptions } from '../../../lib/room-queries';
import type { ChatSocket } from '../../../lib/socket';
import { cachedPinnedMessage, patchPinnedMessage, removeFromPins, updatePins } from '../api/pins';
import { patchSavedMessage, removeSavedMessage, updateSavedMessage } from '../api/saved';
import { applyOwnReaction, applyReactionUpdate, keepMyReactions } from '../utils/reactions';
import { roomMessagesQueryKey } from '../api/get-messages';
import { excerpt, newClientId } from '../utils/composer-text';
import { findMessage } from '../utils/message-pages';
import { showDesktopNotification } from '../../../lib/desktop-notifications';
import { meQueryOptions } from '../../../lib/auth';
import { shouldAlert } from '../../../lib/notify-rules';
import type { PresencePatch } from '../utils/presence';
import {
  addMessageToRooms,
  addRoomMember,
  cachedJoinedRoom,
  cachedMeId,
  deleteMessageInRooms,
  dropRoomQueriesSoon,
  HistoryUpdates,
  patchPresenceEverywhere,
  refreshAfterConnect,
  refreshJoinedRoom,
  removeRoomFromList,
  removeRoomMember,
  updateMessageInRooms,
  updateRoom,
} from './cache-updaters';
import { CatchUp } from './catch-up';
import { LiveState } from './live-state';
import { Outbox } from './outbox';
import { ReadMarkers, type ReadPause } from './read-markers';
import { TypingStore } from './typing-store';

/** Own typing: `true` at most this often while typing (the server expires it after 6 s). */
export const TYPING_EMIT_EVERY_MS = 2_000;
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
  /** Shows a short notice (a toast): "You were removed from Reading room". */
  notify?: (text: string) => void;
  /** `POST /rooms/:id/messages`: carries messages while the socket is down but the browser is online. */
  postMessage?: (payload: MessageSendPayload) => Promise<Message>;
  /** Whether the browser has a network (`navigator.onLine`; a test may fake it). */
  online?: () => boolean;
  /** `POST /rooms/:id/unread`: moves your read marker back so that `seq` is the first unread message. */
  postUnread?: (roomId: string, seq: number) => Promise<void>;
  /** Your read marker moved forward in a room (here, in another tab, on another device): its notifications can go. */
  onReadMoved?: (roomId: string, seq: number) => void;
}

/**
 * The chat side of the socket for one session: its event handlers keep the react-query cache current (rooms list,
 * room, members, history: `cache-updaters`, with the live state re-applied to fresh answers: `live-state`), read
 * markers go both ways (`read-markers`), the outbox sends messages, and after every (re)connection the gap is filled
 * from the server (`catch-up`). Components read the cache as usual; nothing here keeps a second copy of server data.
 */
export class ChatRuntime {
  readonly outbox: Outbox;
  readonly typing = new TypingStore();
  private readonly socket: ChatSocket;
  private readonly qc: QueryClient;
  private readonly navigate: Navigate;
  private readonly pageVisible: () => boolean;
  private readonly notify: (text: string) => void;
  private view: ViewState = { roomId: null, atBottom: true };
  private readonly history: HistoryUpdates;
  private readonly live = new LiveState();
  private readonly reads: ReadMarkers;
  private readonly catchUp: CatchUp;
  private readonly typingSentAt = new Map<string, number>();
  private readonly postUnread: (roomId: string, seq: number) => Promise<void>;

  constructor({ socket, queryClient, navigate, pageVisible, notify, postMessage, online, postUnread, onReadMoved }: ChatRuntimeOptions) {
    this.notify = notify ?? (() => undefined);
    this.socket = socket;
    this.qc = queryClient;
    this.navigate = navigate;
    this.pageVisible = pageVisible ?? (() => typeof document === 'undefined' || document.visibilityState === 'visible');
    this.history = new HistoryUpdates(queryClient);
    this.postUnread = postUnread ?? (() => Promise.reject(new Error('Marking as unread is not available')));
    this.reads = new ReadMarkers({
      socket,
      queryClient,
      live: this.live,
      onScreen: (roomId) => this.view.roomId === roomId,
      onMyRead: onReadMoved,
    });
    this.catchUp = new CatchUp({ queryClient, history: this.history, onRoomGone: (roomId) => this.forgetRoom(roomId) });
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
        sendRest: postMessage
          ? (payload, done) => {
              postMessage(payload).then(
                (message) => done({ ok: true, message }),
                (error: unknown) =>
                  done(
                    isApiError(error)
                      ? { ok: false, code: error.code, message: error.message, retryAfterSeconds: error.retryAfterSeconds }
                      : { ok: false, code: 'BAD_RESPONSE', message: String(error) },
                  ),
              );
            }
          : undefined,
        online: online ?? (() => typeof navigator === 'undefined' || navigator.onLine),
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
      'reaction:updated': (update) => this.onReaction(update),
      typing: ({ roomId, userId, typing }) => this.typing.set(roomId, userId, typing),
      presence: ({ userId, online, lastSeenAt }) => this.onPresence(userId, { online, lastSeenAt }),
      'room:read': ({ roomId, userId, seq }) => this.reads.heard(roomId, userId, seq),
      'room:updated': (room) => updateRoom(this.qc, room),
      'room:member-joined': ({ roomId, member }) => this.onMemberJoined(roomId, member),
      'room:member-left': ({ roomId, userId }) => this.onMemberLeft(roomId, userId),
      'room:removed': ({ roomId }) => this.onRemoved(roomId),
      // Friends and notifications belong to other features; the app wires those.
      'friend:request': () => undefined,
      'friend:accepted': () => undefined,
      'friend:removed': () => undefined,
      'notification:new': () => undefined,
      'notification:read': () => undefined,
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
    // Back online with the socket still down: the REST route can carry what waits.
    const onOnline = () => this.outbox.flush();
    if (typeof window !== 'undefined') window.addEventListener('online', onOnline);
    const unsubscribeCache = this.qc.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated') return;
      const key = event.query.queryKey;
      if (isRoomMessagesKey(key)) {
        this.history.replay(key[1], event.query.state.fetchStatus === 'idle');
      } else if (event.action.type === 'success' && !event.action.manual) {
        // A fetch answered (not a cache write of ours): it may predate events heard while it was on its way.
        queueMicrotask(() => this.live.reapply(this.qc, key));
      }
    });
    return () => {
      for (const [event, fn] of Object.entries(handlers)) socket.off(event, fn);
      this.socket.off('connect', onConnect);
      this.socket.off('disconnect', onDisconnect);
      unsubscribeCache();
      if (typeof window !== 'undefined') window.removeEventListener('online', onOnline);
      this.reads.stop();
      this.typing.reset();
    };
  }

  // ---- what the conversation view calls ----

  setView(view: ViewState): void {
    // Leaving a conversation that was marked unread: reading it again marks it read again.
    if (this.view.roomId !== null && this.view.roomId !== view.roomId) this.reads.resume(this.view.roomId);
    this.view = view;
  }

  /** Subscribes to pauses of reading (`readPause`). */
  readonly subscribeReadPauses = (listener: () => void): (() => void) => this.reads.subscribe(listener);

  /**
   * The conversation on screen was marked unread (here or on another device): it shows the "New messages" line after
   * `marker` and is not marked read again until the person sends a message in it or leaves it.
   */
  readPause(roomId: string): ReadPause | undefined {
    return this.reads.pause(roomId);
  }

  /**
   * Mark as unread from `seq`: nothing is marked read while the request is on its way, then the unread count, the
   * badge and the "New messages" line follow at once. Rejects (with the API's error) when the server refused.
   */
  async markUnread(roomId: string, seq: number): Promise<void> {
    this.reads.hold(roomId);
    try {
      await this.postUnread(roomId, seq);
    } catch (error) {
      this.reads.release(roomId);
      throw error;
    }
    // The server moves the marker only back: one already before this message stays where it is.
    const current = cachedJoinedRoom(this.qc, roomId)?.myReadSeq ?? this.qc.getQueryData(roomQueryOptions(roomId).queryKey)?.myReadSeq;
    this.reads.movedBack(roomId, Math.min(seq - 1, current ?? seq - 1));
  }

  /** Queues a message (sent at once when connected) with a fresh clientId; it shows as pending until acked. */
  send(roomId: string, body: string, replyToId: string | null, attachments: readonly FileMeta[] = []): void {
    this.setTyping(roomId, false);
    // Writing in a conversation marked unread is reading it.
    this.reads.resume(roomId);
    this.outbox.add({ clientId: newClientId(), roomId, body: body.trim(), replyToId, attachments, createdAt: new Date().toISOString() });
  }

  /**
   * Adds (`on`) or removes your reaction: shown at once, sent with `reaction:set`; the server's `reaction:updated`
   * then brings the exact count. Rejects with the server's refusal (and the chip goes back) when it refuses.
   */
  react(message: Pick<Message, 'id' | 'roomId'>, emoji: string, on: boolean): Promise<void> {
    this.patchMessage(message.roomId, message.id, (m) => applyOwnReaction(m, emoji, on));
    const sent = new Promise<void>((resolve, reject) => {
      if (!this.socket.connected) {
        reject(new ApiError(0, 'NETWORK_ERROR', 'You are offline: try again when the connection is back.'));
        return;
      }
      this.socket.timeout(ACK_TIMEOUT_MS).emit('reaction:set', { messageId: message.id, emoji, on }, (err: Error | null, res) => {
        if (err) reject(new ApiError(0, 'NETWORK_ERROR', 'The server did not answer in time: try again.'));
        else if (res.ok) resolve();
        else reject(new ApiError(0, res.error.code, res.error.message));
      });
    });
    return sent.catch((error: unknown) => {
      this.patchMessage(message.roomId, message.id, (m) => applyOwnReaction(m, emoji, !on));
      throw error;
    });
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
    this.reads.mark(roomId, seq);
  }

  // ---- socket events ----

  private readingNow(roomId: string): boolean {
    return this.view.roomId === roomId && this.view.atBottom && this.pageVisible() && !this.reads.isPaused(roomId);
  }

  private onConnect(): void {
    // Fetched before this socket was subscribed: may have missed events. The history of every cached room too.
    refreshAfterConnect(this.qc);
    void this.catchUp.all();
    this.outbox.connected();
    this.reads.resend();
  }

  private onDisconnect(): void {
    this.live.clear();
    this.reads.connectionLost();
    this.outbox.connectionLost();
    this.typing.reset();
    this.typingSentAt.clear();
  }

  /** A message from the server (live event or ack): history, room list, desktop notice. */
  private receive(message: Message, live: boolean): void {
    const roomId = message.roomId;
    const me = cachedMeId(this.qc);
    this.typing.set(roomId, message.sender.id, false);
    if (this.history.addMessage(message)) void this.catchUp.room(roomId);
    addMessageToRooms(this.qc, message, { meId: me ?? '', readingNow: this.readingNow(roomId) });
    if (live && me && !(this.view.roomId === roomId && this.pageVisible())) this.alert(message, me);
  }

  /** The desktop alert of an open tab, by the same levels, mutes and do-not-disturb as pushes. */
  private alert(message: Message, meId: string): void {
    const roomId = message.roomId;
    const room = cachedJoinedRoom(this.qc, roomId) ?? this.qc.getQueryData(roomQueryOptions(roomId).queryKey);
    const dndUntil = this.qc.getQueryData(meQueryOptions().queryKey)?.dndUntil ?? null;
    if (!room || !shouldAlert(message, { meId, room, dndUntil, now: Date.now() })) return;
    showDesktopNotification({
      title: room.kind === 'group' ? `${message.sender.displayName} in ${room.name}` : message.sender.displayName,
      body: message.body ? excerpt(message.body, 140) : 'Sent an attachment',
      tag: roomId,
      onClick: () => this.navigate(`/rooms/${roomId}`),
    });
  }

  private onUpdated(broadcast: Message): void {
    // One payload for every member: its `me` is always false; yours is in the copy held.
    const held =
      findMessage(this.qc.getQueryData(roomMessagesQueryKey(broadcast.roomId)), broadcast.id) ??
      cachedPinnedMessage(this.qc, broadcast.roomId, broadcast.id);
    const message = keepMyReactions(broadcast, held);
    this.history.updateMessage(message);
    updateMessageInRooms(this.qc, message);
    updatePins(this.qc, message);
    updateSavedMessage(this.qc, message);
  }

  private onReaction(update: ReactionUpdate): void {
    const meId = cachedMeId(this.qc);
    this.patchMessage(update.roomId, update.messageId, (m) => applyReactionUpdate(m, update, meId));
  }

  /** One message's change wherever it is held: the history, jumps into it, pins, saved messages. */
  private patchMessage(roomId: string, id: string, change: (message: Message) => Message): void {
    this.history.patchMessage(roomId, id, change);
    patchPinnedMessage(this.qc, roomId, id, change);
    patchSavedMessage(this.qc, id, change);
  }

  private onDeleted(payload: { roomId: string; id: string; seq: number }): void {
    const at = new Date().toISOString();
    this.history.deleteMessage(payload.roomId, payload.id, at);
    deleteMessageInRooms(this.qc, payload, at);
    removeFromPins(this.qc, payload.roomId, payload.id);
    removeSavedMessage(this.qc, payload.id);
  }

  private onPresence(userId: string, patch: PresencePatch): void {
    this.live.heardPresence(userId, patch);
    patchPresenceEverywhere(this.qc, userId, patch);
  }

  private onMemberJoined(roomId: string, member: Member): void {
    if (member.user.id === cachedMeId(this.qc)) {
      refreshJoinedRoom(this.qc, roomId);
      void this.catchUp.room(roomId);
      return;
    }
    addRoomMember(this.qc, roomId, member);
  }

  private onMemberLeft(roomId: string, userId: string): void {
    if (userId === cachedMeId(this.qc)) {
      this.forgetRoom(roomId);
      return;
    }
    removeRoomMember(this.qc, roomId, userId);
  }

  /**
   * Kicked, or the room was deleted (the event does not say which): a toast says so wherever the person is, unless
   * this tab left or deleted the room itself.
   */
  private onRemoved(roomId: string): void {
    const name = cachedJoinedRoom(this.qc, roomId)?.name ?? this.qc.getQueryData(roomQueryOptions(roomId).queryKey)?.name ?? null;
    const notice = roomRemovedNotice(name, takeRoomExit(roomId));
    this.forgetRoom(roomId, notice === null);
    if (notice) this.notify(notice);
  }

  /** Removed, left, or the room was deleted: out of the list, and away from it if it is on screen. */
  private forgetRoom(roomId: string, noticeOnHome = true): void {
    const name = removeRoomFromList(this.qc, roomId);
    this.outbox.dropRoom(roomId);
    this.reads.forget(roomId);
    if (this.view.roomId === roomId) {
      this.view = { roomId: null, atBottom: true };
      this.navigate('/', {
        replace: true,
        state: noticeOnHome
          ? { notice: name ? `You are no longer a member of “${name}”.` : 'You are no longer a member of that conversation.' }
          : undefined,
      });
    }
    dropRoomQueriesSoon(this.qc, roomId);
  }
}
