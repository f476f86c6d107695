import type { QueryClient } from '@tanstack/react-query';
import type { ChatSocket } from '../../../lib/socket';
import { cachedJoinedRoom, cachedMeId, setMemberRead, setMemberReadBack, setMyRead, setMyUnread } from './cache-updaters';
import type { LiveState } from './live-state';

/** Read markers: at most one `room:read` per room this often (plus a trailing one). */
export const READ_EMIT_EVERY_MS = 1_000;

export interface ReadMarkersOptions {
  socket: ChatSocket;
  queryClient: QueryClient;
  live: LiveState;
  /** Whether the room is the conversation on screen: a marker moved back there pauses reading it. */
  onScreen?: (roomId: string) => boolean;
  /** Your marker moved forward to `seq` (read here, in another tab or on another device). */
  onMyRead?: (roomId: string, seq: number) => void;
}

/** A conversation on screen that was marked unread: it is not marked read again until the person acts in it. */
export interface ReadPause {
  /** The read marker it went back to: the "New messages" line goes after it. */
  marker: number;
}

/**
 * Read markers, yours and the other members': yours drop the unread count at once and reach the server throttled
 * (again after a reconnection when one was still to send); the `room:read` events move the members' markers, and
 * yours from another tab.
 *
 * Mark as unread moves yours back. The server announces it with the same `room:read` event, so a marker of yours
 * below the last one the server announced (or, before any, below the one it answered with the rooms) is a move back,
 * from this tab or another device. While the request is on its way, and afterwards while that conversation stays on
 * screen (a `ReadPause`, until `resume`), nothing marks it read again.
 */
export class ReadMarkers {
  private readonly socket: ChatSocket;
  private readonly qc: QueryClient;
  private readonly live: LiveState;
  private readonly onScreen: (roomId: string) => boolean;
  private readonly onMyRead: (roomId: string, seq: number) => void;
  private readonly wanted = new Map<string, number>();
  private readonly sent = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Your marker as the server last announced it, per room, since the connection opened. */
  private readonly announced = new Map<string, number>();
  /** Rooms this tab marked read since the connection opened: the rooms' answer no longer tells the server's marker. */
  private readonly marked = new Set<string>();
  /** Rooms with a mark-as-unread request on its way. */
  private readonly held = new Set<string>();
  private readonly paused = new Map<string, ReadPause>();
  private readonly listeners = new Set<() => void>();

  constructor({ socket, queryClient, live, onScreen, onMyRead }: ReadMarkersOptions) {
    this.socket = socket;
    this.qc = queryClient;
    this.live = live;
    this.onScreen = onScreen ?? (() => false);
    this.onMyRead = onMyRead ?? (() => undefined);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The room's pause, while it shows unread on purpose (a stable object for `useSyncExternalStore`). */
  pause(roomId: string): ReadPause | undefined {
    return this.paused.get(roomId);
  }

  /** Whether marking the room read waits (a mark-as-unread on its way, or paused). */
  isPaused(roomId: string): boolean {
    return this.held.has(roomId) || this.paused.has(roomId);
  }

  /** Everything up to `seq` was seen: the unread count drops now, the server hears it (throttled). */
  mark(roomId: string, seq: number): void {
    if (seq <= 0 || this.isPaused(roomId)) return;
    this.marked.add(roomId);
    this.live.heardMyRead(roomId, seq);
    setMyRead(this.qc, roomId, seq);
    this.onMyRead(roomId, seq);
    if (seq <= Math.max(this.sent.get(roomId) ?? 0, this.wanted.get(roomId) ?? 0)) return;
    this.wanted.set(roomId, seq);
    if (this.timers.has(roomId)) return;
    this.send(roomId);
    this.timers.set(
      roomId,
      setTimeout(() => {
        this.timers.delete(roomId);
        this.send(roomId);
      }, READ_EMIT_EVERY_MS),
    );
  }

  /** A mark-as-unread request is on its way: nothing is marked read meanwhile, and what waited to be sent is dropped. */
  hold(roomId: string): void {
    this.held.add(roomId);
    this.wanted.delete(roomId);
  }

  /** The request failed: marking read goes on. */
  release(roomId: string): void {
    this.held.delete(roomId);
  }

  /**
   * Your marker went back to `marker` (mark as unread, here or on another device): the unread count and badge follow
   * at once, later reads are sent again from there, and the conversation on screen pauses reading.
   */
  movedBack(roomId: string, marker: number): void {
    this.held.delete(roomId);
    this.wanted.delete(roomId);
    this.sent.set(roomId, marker);
    this.announced.set(roomId, marker);
    this.live.setMyRead(roomId, marker);
    setMyUnread(this.qc, roomId, marker);
    if (this.onScreen(roomId)) {
      this.paused.set(roomId, { marker });
      this.changed();
    }
  }

  /** The person acts in the conversation again (sends, or leaves it): reading marks it read again. */
  resume(roomId: string): void {
    if (this.paused.delete(roomId)) this.changed();
  }

  /** A `room:read` event: a member's marker, or yours (from this tab, another one, or a mark as unread). */
  heard(roomId: string, userId: string, seq: number): void {
    if (userId === cachedMeId(this.qc)) {
      // Before any announcement, the rooms' answer is the server's marker, unless this tab moved it since.
      const known = this.announced.get(roomId) ?? (this.marked.has(roomId) ? undefined : cachedJoinedRoom(this.qc, roomId)?.myReadSeq);
      if (known !== undefined && seq < known) {
        this.movedBack(roomId, seq);
        return;
      }
      // What this tab already applied (the echo of its own mark as unread): nothing moves.
      if (this.announced.get(roomId) === seq) return;
      this.announced.set(roomId, seq);
      this.live.heardMyRead(roomId, seq);
      setMyRead(this.qc, roomId, seq, true);
      this.onMyRead(roomId, seq);
      return;
    }
    // Another member's markers reach us in the server's order: one lower than held was marked unread.
    if (setMemberReadBack(this.qc, roomId, userId, seq)) {
      this.live.setRead(roomId, userId, seq);
      return;
    }
    this.live.heardRead(roomId, userId, seq);
    setMemberRead(this.qc, roomId, userId, seq);
  }

  /** Announcements may be missed while disconnected: the next connection starts from the rooms' fresh answer. */
  connectionLost(): void {
    this.announced.clear();
    this.marked.clear();
    // Marks still to send keep the cached markers ahead of the server's.
    for (const roomId of this.wanted.keys()) this.marked.add(roomId);
  }

  /** After a (re)connection: what could not be sent while offline. */
  resend(): void {
    for (const roomId of this.wanted.keys()) this.send(roomId);
  }

  /** You are no longer a member: nothing more to tell. */
  forget(roomId: string): void {
    this.wanted.delete(roomId);
    this.announced.delete(roomId);
    this.held.delete(roomId);
    this.resume(roomId);
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  private send(roomId: string): void {
    const seq = this.wanted.get(roomId) ?? 0;
    if (!this.socket.connected || seq <= (this.sent.get(roomId) ?? 0)) return;
    this.sent.set(roomId, seq);
    this.wanted.delete(roomId);
    this.socket.emit('room:read', { roomId, seq }, () => undefined);
  }
}
