import type { QueryClient } from '@tanstack/react-query';
import type { ChatSocket } from '../../../lib/socket';
import { cachedMeId, setMemberRead, setMyRead } from './cache-updaters';
import type { LiveState } from './live-state';

/** Read markers: at most one `room:read` per room this often (plus a trailing one). */
export const READ_EMIT_EVERY_MS = 1_000;

export interface ReadMarkersOptions {
  socket: ChatSocket;
  queryClient: QueryClient;
  live: LiveState;
}

/**
 * Read markers, yours and the other members': yours drop the unread count at once and reach the server throttled
 * (again after a reconnection when one was still to send); the `room:read` events move the members' markers, and
 * yours from another tab.
 */
export class ReadMarkers {
  private readonly socket: ChatSocket;
  private readonly qc: QueryClient;
  private readonly live: LiveState;
  private readonly wanted = new Map<string, number>();
  private readonly sent = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor({ socket, queryClient, live }: ReadMarkersOptions) {
    this.socket = socket;
    this.qc = queryClient;
    this.live = live;
  }

  /** Everything up to `seq` was seen: the unread count drops now, the server hears it (throttled). */
  mark(roomId: string, seq: number): void {
    if (seq <= 0) return;
    this.live.heardMyRead(roomId, seq);
    setMyRead(this.qc, roomId, seq);
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

  /** A `room:read` event: a member's marker, or yours from another tab. */
  heard(roomId: string, userId: string, seq: number): void {
    if (userId === cachedMeId(this.qc)) {
      this.live.heardMyRead(roomId, seq);
      setMyRead(this.qc, roomId, seq, true);
      return;
    }
    this.live.heardRead(roomId, userId, seq);
    setMemberRead(this.qc, roomId, userId, seq);
  }

  /** After a (re)connection: what could not be sent while offline. */
  resend(): void {
    for (const roomId of this.wanted.keys()) this.send(roomId);
  }

  /** You are no longer a member: nothing more to tell. */
  forget(roomId: string): void {
    this.wanted.delete(roomId);
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private send(roomId: string): void {
    const seq = this.wanted.get(roomId) ?? 0;
    if (!this.socket.connected || seq <= (this.sent.get(roomId) ?? 0)) return;
    this.sent.set(roomId, seq);
    this.wanted.delete(roomId);
    this.socket.emit('room:read', { roomId, seq }, () => undefined);
  }
}
